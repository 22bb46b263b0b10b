"""A real HTTP receiver of outbound events that verifies each signature with
the standardwebhooks library, as a subscriber would."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


class Receiver:
    def __init__(self, *, fail_first=0, hang=False):
        self.secret = None
        self.fail_first = fail_first
        self.hang = hang
        self.lock = threading.Lock()
        self.attempts = []  # (monotonic time, webhook-id, status answered)
        self.events = []  # verified payloads, in arrival order
        self.arrivals = {}  # webhook-id -> monotonic time of the verified 200
        self.stopping = threading.Event()
        # A port the system picks: never taken, whatever ran before.
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.receiver = self
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks/lyrics"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def answer(self, body, headers):
        """The status to answer, and the payload when it was verified."""
        with self.lock:
            if self.fail_first > 0:
                self.fail_first -= 1
                return 503, None
        try:
            payload = Webhook(self.secret).verify(body, headers)
        except WebhookVerificationError:
            return 401, None
        return 200, payload


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        receiver = self.server.receiver
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if receiver.hang:
            receiver.stopping.wait(60)
            return
        headers = {key.lower(): value for key, value in self.headers.items()}
        status, payload = receiver.answer(body, headers)
        with receiver.lock:
            receiver.attempts.append((time.monotonic(), headers.get("webhook-id"), status))
            if payload is not None:
                receiver.events.append(payload)
                receiver.arrivals.setdefault(headers["webhook-id"], time.monotonic())
        answer = json.dumps({"status": status}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
