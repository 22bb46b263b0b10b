"""Outbound events: callback-to-receiver latency at a sustained rate.

Starts its own redis-server, gunicorn and a Celery worker on the benchmarks'
scratch database, registers one endpoint (task.completed) pointing at a
receiver in this process that verifies every signature, sends callbacks at a
fixed rate and measures from the start of each callback's request to the
receiver's 200 for its event. Baseline from the same run: the callback's own
HTTP round trip.

    python -m bench.events [--rate 100] [--seconds 20] [--workers 2]
"""

import argparse
import json
import logging
import os
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
from standardwebhooks.webhooks import Webhook

from bench import processing
from bench.common import BENCH_DB, reset_database


class Receiver:
    def __init__(self):
        self.secret = None
        self.arrivals = {}
        self.rejected = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    payload = Webhook(receiver.secret).verify(body, dict(self.headers))
                except Exception:
                    receiver.rejected += 1
                    payload = None
                if payload is not None:
                    receiver.arrivals.setdefault(payload["data"]["task_id"], time.time())
                self.send_response(200 if payload is not None else 401)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/events"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def wait_arrivals(receiver, expected, timeout=120):
    deadline = time.monotonic() + timeout
    while len(receiver.arrivals) < expected and time.monotonic() < deadline:
        time.sleep(0.2)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2, help="worker pool processes")
    args = parser.parse_args(argv)

    print(f"events: preparing database {BENCH_DB}", flush=True)
    reset_database()
    os.environ.update(processing.env(), EVENTS_ALLOW_PRIVATE="true")
    import django

    django.setup()
    from lyricsapp.events.models import WebhookEndpoint

    logging.getLogger("httpx").setLevel(logging.WARNING)
    receiver = Receiver()
    endpoint = WebhookEndpoint.objects.create(url=receiver.url, events=["task.completed"])
    receiver.secret = endpoint.secret
    prefix = f"ev-{uuid.uuid4().hex[:8]}"
    redis = processing.spawn("redis", ["redis-server", "--port", str(processing.REDIS_PORT), "--save", ""])  # fmt: skip
    web = worker = events_worker = None
    try:
        web = processing.spawn("web", [str(processing.Path(processing.sys.executable).parent / "gunicorn"), "-c", "project/gunicorn.conf.py", "project.wsgi:application"])  # fmt: skip
        client = httpx.Client(timeout=10)
        processing.wait_for(lambda: processing._up(client), 30, "gunicorn")
        worker = processing.start_worker(args.workers)
        events_worker = processing.start_events_worker()
        sent, achieved = processing.send_paced(client, prefix, args.rate, args.seconds)
        wait_arrivals(receiver, len(sent))
    finally:
        processing.stop(events_worker)
        processing.stop(worker)
        processing.stop(web)
        processing.stop(redis)
        receiver.close()

    latency = [
        receiver.arrivals[t] - began for t, (began, _) in sent.items() if t in receiver.arrivals
    ]
    round_trip = [took for _, took in sent.values()]
    pct = processing.percentile
    print()
    print(
        f"Outbound events, 1 endpoint, {args.workers} worker processes, target rate {args.rate:.0f}/s"
    )
    print(f"{'measure':<56} {'value':>12}")
    rows = [
        ("callbacks sent / achieved rate (/s)", f"{len(sent)} / {achieved:.0f}"),
        ("events received and verified", f"{len(latency)}/{len(sent)}"),
        ("signatures refused by the receiver", f"{receiver.rejected}"),
        ("baseline: callback HTTP round trip p50 (ms)", f"{pct(round_trip, .5) * 1e3:.1f}"),
        ("baseline: callback HTTP round trip p95 (ms)", f"{pct(round_trip, .95) * 1e3:.1f}"),
        ("callback-to-receiver p50 (ms)", f"{pct(latency, .5) * 1e3:.0f}" if latency else "-"),
        ("callback-to-receiver p95 (ms)  [target <= 2000]", f"{pct(latency, .95) * 1e3:.0f}" if latency else "-"),
    ]  # fmt: skip
    for name, value in rows:
        print(f"{name:<56} {value:>12}")
    results = {"sent": len(sent), "received": len(latency), "achieved_rate": achieved}
    if latency:
        results.update(p50_ms=pct(latency, 0.5) * 1e3, p95_ms=pct(latency, 0.95) * 1e3)
    processing.LOG_DIR.mkdir(exist_ok=True)
    (processing.LOG_DIR / "events.json").write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
