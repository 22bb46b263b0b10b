"""Follow-up work: callback-to-processed latency at a sustained rate, and
processed tasks per second per worker process.

Starts its own redis-server, gunicorn and Celery workers on the database named
by DATABASE_URL (migrated), sends callbacks at a fixed rate and reads the
processed_at of each task. Baselines from the same run: the HTTP round trip of
the callback alone, and the processing service called in a loop in-process.

    python -m bench.processing [--rate 200] [--seconds 20] [--workers 2] [--drain 1000]
"""

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from bench.common import BENCH_DB, reset_database

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-token"  # noqa: S105 (sent to our own throw-away server)
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "6391"))
WEB_PORT = int(os.environ.get("BENCH_WEB_PORT", "8391"))
LOG_DIR = ROOT / "bench" / "results"
# The broker of the run: a private redis-server unless bench/deploy.py sets
# a RabbitMQ one.
BROKER_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"

CJK = "[Verse]\n月光洒满了窗台\n我在想你的模样\n风轻轻吹过\n\n[Chorus x2]\n星夜狂想 星夜狂想\n带我飞翔\n"
LATIN = (
    "[Verse 1]\nWalking down the empty street\nNeon lights beneath my feet\n\n"
    "[Chorus]\nWe're the moonlight, we're the fire\nRock-n-roll and burning higher\n"
)


def body(task_id, n):
    texts = (CJK * 3, LATIN * 3) if n % 2 else (LATIN * 3, CJK * 3)
    return json.dumps(
        {
            "code": 200,
            "msg": "All generated successfully.",
            "data": {
                "callbackType": "complete",
                "task_id": task_id,
                "data": [
                    {"error_message": "", "status": "complete", "text": t, "title": f"Song {i}"}
                    for i, t in enumerate(texts)
                ],
            },
        }
    ).encode()


def env():
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DEBUG": "false",
        # The benchmarks' scratch database, fresh and migrated for this run.
        "DATABASE_URL": f"postgres:///{BENCH_DB}",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-secret"),
        "SUNO_CALLBACK_TOKEN": TOKEN,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CELERY_BROKER_URL": BROKER_URL,
        "GUNICORN_BIND": f"127.0.0.1:{WEB_PORT}",
        "GUNICORN_ACCESSLOG": "",
        # Nothing should be swept during the measurement.
        "LYRICS_SWEEP_GRACE_SECONDS": "3600",
    }


def spawn(name, args):
    LOG_DIR.mkdir(exist_ok=True)
    log = open(LOG_DIR / f"processing-{name}.log", "wb")  # noqa: SIM115 (lives with the process)
    return subprocess.Popen(
        args, cwd=ROOT, env=env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process):
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {what}")


def start_events_worker(threads=4):
    """The events' own worker, as the Procfile's "events" runs it."""
    log = LOG_DIR / "processing-events.log"
    process = spawn(
        "events",
        [sys.executable, "-m", "celery", "-A", "project", "worker", "--loglevel=INFO",
         "--queues=events", "--pool=threads", f"--concurrency={threads}", "--without-gossip",
         "--without-mingle", "--without-heartbeat", "-n", f"events.{uuid.uuid4().hex[:6]}@%h"],
    )  # fmt: skip
    wait_for(lambda: b"ready." in log.read_bytes(), 60, "events worker")
    return process


def start_worker(concurrency):
    log = LOG_DIR / f"processing-worker{concurrency}.log"
    process = spawn(
        f"worker{concurrency}",
        ["nice", "-n", "10", sys.executable, "-m", "celery", "-A", "project", "worker",
         "--loglevel=INFO", "--queues=celery", f"--concurrency={concurrency}", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "-n", f"bench{concurrency}.{uuid.uuid4().hex[:6]}@%h"],
    )  # fmt: skip
    wait_for(
        lambda: log.read_bytes().count(b"language models loaded") >= concurrency, 120, "worker"
    )
    return process


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def send_paced(client, prefix, rate, seconds):
    """POST rate callbacks per second for seconds; returns {task_id: (sent_at, took)}."""
    count = int(rate * seconds)
    sent = {}
    lock = threading.Lock()
    start = time.time() + 0.2

    def one(n):
        task_id = f"{prefix}-{n}"
        delay = start + n / rate - time.time()
        if delay > 0:
            time.sleep(delay)
        began = time.time()
        response = client.post(
            f"http://127.0.0.1:{WEB_PORT}/callbacks/suno/lyrics/?token={TOKEN}",
            content=body(task_id, n),
            headers={"Content-Type": "application/json"},
        )
        took = time.time() - began
        assert response.status_code == 200, response.text
        with lock:
            sent[task_id] = (began, took)

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(one, range(count)))
    achieved = count / (max(b for b, _ in sent.values()) - min(b for b, _ in sent.values()))
    return sent, achieved


def paced_latency(client, prefix, rate, seconds):
    """Send at ``rate``/s; (sent, achieved rate, callback-to-processed seconds each)."""
    sent, achieved = send_paced(client, prefix, rate, seconds)
    done = processed_times(prefix, len(sent))
    return sent, achieved, [done[t] - began for t, (began, _) in sent.items() if t in done]


def processed_times(prefix, expected, timeout=120):
    from lyricsapp.models import Task

    def fetch():
        return dict(
            Task.objects.filter(
                task_id__startswith=f"{prefix}-", processed_at__isnull=False
            ).values_list("task_id", "processed_at")
        )

    deadline = time.monotonic() + timeout
    rows = fetch()
    while len(rows) < expected and time.monotonic() < deadline:
        time.sleep(0.5)
        rows = fetch()
    return {task_id: at.timestamp() for task_id, at in rows.items()}


def service_baseline(prefix, count, batch=1):
    """The processing service alone, in this process: its ceiling per process.

    The results are put back as a callback leaves them (unprocessed, lyrics
    not yet searchable), then processed ``batch`` to a transaction.
    """
    from lyricsapp.models import Lyric, Task
    from lyricsapp.processing import language
    from lyricsapp.processing.services import tasks_process

    language.preload()
    ids = list(
        Task.objects.filter(task_id__startswith=f"{prefix}-").values_list("task_id", flat=True)
    )[:count]
    Task.objects.filter(task_id__in=ids).update(processed_at=None)
    Lyric.objects.filter(task__task_id__in=ids).update(searchable=False)
    started = time.perf_counter()
    for start in range(0, len(ids), batch):
        tasks_process(task_ids=ids[start : start + batch])
    return len(ids) / (time.perf_counter() - started)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2, help="worker pool processes")
    parser.add_argument("--drain", type=int, default=1000, help="tasks for the throughput run")
    args = parser.parse_args(argv)

    print(f"processing: preparing database {BENCH_DB}", flush=True)
    reset_database()
    os.environ.update(env())
    import django

    django.setup()
    from lyricsapp.processing.services import BACKLOG_FILL

    logging.getLogger("httpx").setLevel(logging.WARNING)
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    redis = spawn("redis", ["redis-server", "--port", str(REDIS_PORT), "--save", ""])
    web = worker = None
    try:
        web = spawn("web", [str(Path(sys.executable).parent / "gunicorn"), "-c",
                            "project/gunicorn.conf.py", "project.wsgi:application"])  # fmt: skip
        client = httpx.Client(timeout=10)
        wait_for(lambda: _up(client), 30, "gunicorn")
        worker = start_worker(args.workers)

        # 1. Latency at a sustained rate.
        sent, achieved, latency = paced_latency(client, f"{prefix}-lat", args.rate, args.seconds)
        round_trip = [took for _, took in sent.values()]
        stop(worker)

        # 2. Throughput of one worker process draining a queue filled while it was away.
        drain_sent, _ = send_paced(client, f"{prefix}-drain", 400, args.drain / 400)
        worker = start_worker(1)
        drained = processed_times(f"{prefix}-drain", len(drain_sent), timeout=600)
        stamps = sorted(drained.values())
        per_process = (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0
        stop(worker)
        worker = None
        baseline = service_baseline(f"{prefix}-drain", min(300, len(drain_sent)))
        batched = service_baseline(
            f"{prefix}-drain", min(320, len(drain_sent)), batch=BACKLOG_FILL + 1
        )
    finally:
        stop(worker)
        stop(web)
        stop(redis)

    print()
    print(f"Follow-up processing, {args.workers} worker processes, target rate {args.rate:.0f}/s")
    print(f"{'measure':<52} {'value':>12}")
    rows = [
        ("callbacks sent / achieved rate (/s)", f"{len(sent)} / {achieved:.0f}"),
        ("processed within the wait", f"{len(latency)}/{len(sent)}"),
        ("baseline: callback HTTP round trip p50 (ms)", f"{percentile(round_trip, .5) * 1e3:.1f}"),
        ("baseline: callback HTTP round trip p95 (ms)", f"{percentile(round_trip, .95) * 1e3:.1f}"),
        ("callback-to-processed p50 (ms)", f"{percentile(latency, .5) * 1e3:.0f}"),
        ("callback-to-processed p95 (ms)  [target <= 2000]", f"{percentile(latency, .95) * 1e3:.0f}"),
        ("processed tasks/s, one worker process", f"{per_process:.0f}"),
        ("baseline: service alone in-process (tasks/s)", f"{baseline:.0f}"),
        (f"baseline: the same, {BACKLOG_FILL + 1} a transaction (tasks/s)", f"{batched:.0f}"),
        # The worker fills its batches from the backlog while draining, so
        # the batched service is its ceiling.
        (f"worker process / the same, {BACKLOG_FILL + 1} a transaction",
         f"{per_process / batched:.2f}"),
    ]  # fmt: skip
    for name, value in rows:
        print(f"{name:<52} {value:>12}")


def _up(client):
    try:
        return client.get(f"http://127.0.0.1:{WEB_PORT}/healthz").status_code == 200
    except httpx.HTTPError:
        return False


if __name__ == "__main__":
    main()
