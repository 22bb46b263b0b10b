"""What a production layout costs, measured in one run:

- callback ingestion straight to gunicorn, through nginx (TLS, deploy/nginx/lyrics.conf),
  and through PgBouncer (deploy/pgbouncer/pgbouncer.ini, transaction pooling), with
  direct ingestion without prepared statements to tell PgBouncer's cost from theirs;
- callback-to-processed latency at 200 callbacks/s with Redis and with RabbitMQ.

    python -m bench deploy [-- --seconds 10 --rate 200 --latency-seconds 15]
"""

import argparse
import json
import subprocess
import sys
import tempfile
import uuid
from contextlib import ExitStack
from pathlib import Path

import httpx

from bench import processing
from bench.callbacks import PORT, URL, wrk
from bench.common import (
    BENCH_DB,
    RESULTS,
    ROOT,
    bench_env,
    ensure_apt,
    percentile,
    print_table,
    process,
    reset_broker,
    reset_database,
    truncate_tables,
)
from tests.deploy.proxies import Nginx, PgBouncer

RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672"
GUNICORN = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "project/gunicorn.conf.py"]


def ingest(label, url, seconds, **env):
    """wrk at 32 and 8 connections against a gunicorn started with ``env``."""
    env = bench_env(GUNICORN_BIND=f"127.0.0.1:{PORT}", GUNICORN_ACCESSLOG="", **env)
    with process(
        [*GUNICORN, "project.wsgi:application"], env=env, log_name="deploy-web.log", port=PORT
    ):
        truncate_tables()
        wrk(8, 2, f"warm-{label}", url=url)
        results = {}
        for connections in (32, 8):
            truncate_tables()
            print(f"deploy: {label}, wrk {connections} connections, {seconds} s", flush=True)
            results[connections] = wrk(connections, seconds, f"{label}-{connections}", url=url)
    return results


def ingestion_cases(seconds):
    https_url = None
    with ExitStack() as stack:
        place = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        (place / "nginx").mkdir()
        nginx = stack.enter_context(_started(Nginx(place / "nginx", [PORT], ROOT / "static")))
        bouncer = stack.enter_context(_started(PgBouncer()))
        https_url = f"https://127.0.0.1:{nginx.https_port}/callbacks/suno/lyrics/?token=bench-token"
        proxied = {"TRUSTED_PROXY_COUNT": 1, "TRUST_X_FORWARDED_PROTO": "true"}
        no_prepare = {"DB_PREPARED_STATEMENTS": "false", "DB_SERVER_SIDE_CURSORS": "false"}
        return {
            "direct": ingest("direct", URL, seconds),
            "nginx (TLS)": ingest("nginx", https_url, seconds, **proxied),
            "direct, no prepared statements": ingest("noprep", URL, seconds, **no_prepare),
            "PgBouncer": ingest(
                "pgbouncer",
                URL,
                seconds,
                DATABASE_URL=bouncer.database_url(f"postgres:///{BENCH_DB}"),
                **no_prepare,
            ),
        }


class _started:
    def __init__(self, server):
        self.server = server

    def __enter__(self):
        return self.server.start()

    def __exit__(self, *exc):
        self.server.stop()


def latency_with(broker_url, rate, seconds):
    """Callback-to-processed seconds at ``rate``/s with this broker (web + 2 workers)."""
    processing.BROKER_URL = broker_url
    client = httpx.Client(timeout=10)
    web = worker = None
    try:
        web = processing.spawn("deploy-web", [*GUNICORN, "project.wsgi:application"])
        processing.wait_for(lambda: processing._up(client), 30, "gunicorn")
        worker = processing.start_worker(2)
        prefix = f"deploy-{uuid.uuid4().hex[:8]}"
        _, achieved, latency = processing.paced_latency(client, prefix, rate, seconds)
    finally:
        processing.stop(worker)
        processing.stop(web)
    return achieved, latency


def rabbitmqctl(*args):
    subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=60)


def broker_cases(rate, seconds):
    import os

    import django

    os.environ.update(processing.env())
    django.setup()
    vhost = "lyrics-bench"
    subprocess.run(["rabbitmqctl", "delete_vhost", vhost], capture_output=True, timeout=60)
    rabbitmqctl("add_vhost", vhost)
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    redis = processing.spawn(
        "redis", ["redis-server", "--port", str(processing.REDIS_PORT), "--save", ""]
    )
    try:
        return {
            "Redis": latency_with(f"redis://127.0.0.1:{processing.REDIS_PORT}/0", rate, seconds),
            "RabbitMQ": latency_with(f"{RABBITMQ_URL}/{vhost}", rate, seconds),
        }
    finally:
        processing.stop(redis)
        rabbitmqctl("delete_vhost", vhost)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run")
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--latency-seconds", type=float, default=15)
    args = parser.parse_args(argv)
    for binary, package in (("wrk", "wrk"), ("nginx", "nginx"), ("pgbouncer", "pgbouncer")):
        ensure_apt(binary, package)
    print(f"deploy: preparing database {BENCH_DB}", flush=True)
    reset_database()

    cases = ingestion_cases(args.seconds)
    direct = cases["direct"]
    rows = [
        (
            name,
            f"{stats[32]['rps']:.0f}",
            f"{stats[32]['rps'] / direct[32]['rps']:.2f}",
            f"{stats[8]['p50_ms']:.1f}",
            f"{stats[8]['p99_ms']:.1f}",
            str(stats[32]["errors"] + stats[8]["errors"]),
        )
        for name, stats in cases.items()
    ]
    print_table(
        "Ingestion by layout (ratio = req/s at 32 connections over direct, same run)",
        ["layout", "req/s @32", "ratio", "p50 ms @8", "p99 ms @8", "errors"],
        rows,
    )

    reset_database()
    brokers = broker_cases(args.rate, args.latency_seconds)
    print_table(
        f"Callback-to-processed at {args.rate:.0f}/s, 2 worker processes, by broker",
        ["broker", "achieved /s", "processed", "p50 ms", "p95 ms"],
        [
            (
                name,
                f"{achieved:.0f}",
                str(len(latency)),
                f"{percentile(latency, 50) * 1e3:.0f}",
                f"{percentile(latency, 95) * 1e3:.0f}",
            )
            for name, (achieved, latency) in brokers.items()
        ],
    )
    reset_broker()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "deploy.json").write_text(
        json.dumps(
            {
                "ingestion": cases,
                "brokers": {
                    name: {"achieved": a, "latency_s": sorted(lat)}
                    for name, (a, lat) in brokers.items()
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
