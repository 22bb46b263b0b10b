"""The app under gunicorn, as `make run` starts it, on the test database.

For what only the real server shows: its access and error logs, and
request bodies sent with ``Transfer-Encoding: chunked``.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from tests.brokers import wait_until
from tests.provider_fixtures import free_port

ROOT = Path(__file__).resolve().parent.parent


def database_url():
    db = settings.DATABASES["default"]
    host = db.get("HOST") or ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    user = db.get("USER") or ""
    auth = f"{user}@" if user and host else ""
    return f"postgres://{auth}{host}{port}/{db['NAME']}"


class Gunicorn:
    def __init__(self, log_path, **env):
        self.port = free_port()
        self.log_path = log_path
        self.env = {
            **os.environ,
            "DEBUG": "false",
            "DATABASE_URL": database_url(),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_THREADS": "4",
            "GUNICORN_ACCESSLOG": "-",
            "CONN_MAX_AGE": "0",
            **env,
        }
        self.process = None

    def start(self):
        self.log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop)
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", "project/gunicorn.conf.py", "project.wsgi:application"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_until(self._listening, 20, message=f"gunicorn on port {self.port}")
        return self

    def _listening(self):
        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn exited: {self.output()}")
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.log.close()

    def output(self):
        return Path(self.log_path).read_text(errors="replace")

    def raw_request(self, data, timeout=10):
        """Send bytes as they are; the whole answer as bytes."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            sock.sendall(data)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)
