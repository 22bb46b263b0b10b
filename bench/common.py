"""Shared pieces of the benchmarks: a scratch database, servers, tables."""

import contextlib
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BENCH_DB = os.environ.get("BENCH_DATABASE", "lyricsapp_bench")
BENCH_BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/15")
PYTHON = sys.executable


def bench_env(**extra):
    """Environment for the app under test: production-like, its own database."""
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY="bench-secret-key",
        SUNO_CALLBACK_TOKEN="bench-token",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"postgres:///{BENCH_DB}",
        # A Redis database of its own, emptied by reset_broker().
        CELERY_BROKER_URL=BENCH_BROKER,
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def run(cmd, **kwargs):
    kwargs.setdefault("check", True)
    return subprocess.run(cmd, cwd=ROOT, **kwargs)


def ensure_apt(binary, package):
    if shutil.which(binary):
        return
    print(f"installing {package} (apt)", flush=True)
    run(["apt-get", "install", "-y", "-qq", package], stdout=subprocess.DEVNULL)


def reset_database():
    """A fresh, migrated scratch database, so runs are comparable."""
    run(["dropdb", "--if-exists", "--force", BENCH_DB])
    run(["createdb", BENCH_DB])
    run([PYTHON, "manage.py", "migrate", "-v0"], env=bench_env())


def reset_broker():
    """Drop the messages a benchmark published and nobody consumed."""
    run(["redis-cli", "-u", BENCH_BROKER, "FLUSHDB"], stdout=subprocess.DEVNULL)


def psql(sql):
    return run(
        ["psql", "-X", "-q", "-At", "-d", BENCH_DB, "-c", sql], capture_output=True, text=True
    ).stdout.strip()


def truncate_tables():
    psql("TRUNCATE lyricsapp_lyric, lyricsapp_task, callbacks_delivery RESTART IDENTITY CASCADE")
    psql("VACUUM ANALYZE")
    # Every measured run starts without the previous run's dirty pages to write.
    psql("CHECKPOINT")


def wait_for_port(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_in_use(port):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listening on port {port} after {timeout} s")


def port_in_use(port):
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
        return True
    return False


@contextlib.contextmanager
def process(cmd, *, env, log_name, port=None):
    if port and port_in_use(port):
        # A server left over from an interrupted run would answer instead.
        raise RuntimeError(f"port {port} is already in use: stop what listens there first")
    RESULTS.mkdir(parents=True, exist_ok=True)
    log = open(RESULTS / log_name, "wb")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        if port:
            wait_for_port(port)
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def percentile(values, pct):
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(values):
    return statistics.median(values) if values else float("nan")


def print_table(title, headers, rows):
    widths = [
        max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h))
        for i, h in enumerate(headers)
    ]
    print(f"\n{title}")
    print("  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    sys.stdout.flush()


def django_in_process(url_variable, database_suffix):
    """Django set up in this process on its own scratch database, created and migrated."""
    os.environ["DATABASE_URL"] = os.environ.get(
        url_variable, f"postgres:///{BENCH_DB}_{database_suffix}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("ensure_database", verbosity=0)
    call_command("migrate", verbosity=0)


def time_ms(fn, repeat):
    """Median and p95 in ms of ``repeat`` calls of ``fn``, after one to warm the caches."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def get_ok(client, url, expect=200):
    """A callable making one test-client GET of ``url`` and checking its status."""

    def run():
        response = client.get(url)
        assert response.status_code == expect, (url, response.status_code)

    return run
