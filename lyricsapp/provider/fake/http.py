"""The fake provider's HTTP endpoints, in the provider's shapes."""

import json
import logging
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from lyricsapp.provider.fake.records import SUBMIT_MESSAGES

logger = logging.getLogger(__name__)


class Handler(BaseHTTPRequestHandler):
    server_version = "fake-suno/1"

    def log_message(self, format, *args):
        logger.debug("fake suno: " + format, *args)

    @property
    def fake(self):
        """The FakeSuno serving this request."""
        return self.server.fake

    def do_POST(self):
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if url.path != "/api/v1/lyrics":
            return self._answer(404)
        code = self._gate()
        if code:
            return self._answer(code)
        try:
            body = json.loads(raw)
        except ValueError:
            return self._answer(400)
        self._answer(*self.fake.submit(body))

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path != "/api/v1/lyrics/record-info":
            return self._answer(404)
        code = self._gate()
        if code:
            return self._answer(code)
        task_id = (parse_qs(url.query).get("taskId") or [""])[0]
        self._answer(*self.fake.record(task_id))

    def _gate(self):
        supplied = self.headers.get("Authorization", "")
        expected = self.fake.config.api_key
        if not supplied.startswith("Bearer ") or not supplied[7:].strip():
            return 401
        if expected and supplied[7:] != expected:
            return 401
        if self.fake.rate_limited():
            return 430
        return None

    def _answer(self, code, data=None):
        msg = "success" if code == 200 else SUBMIT_MESSAGES.get(code, "Error")
        payload = json.dumps({"code": code, "msg": msg, "data": data}).encode()
        # Like the provider, errors come with HTTP 200 and the code in the
        # body; server errors also say so in the HTTP status.
        http_status = code if code >= 500 else 200
        with self.fake.lock:
            self.fake.requests.append(
                (time.monotonic(), self.command, urlsplit(self.path).path, code)
            )
        self.send_response(http_status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
