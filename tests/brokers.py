"""Real brokers and workers for the tests: a private redis-server, a Celery worker."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from kombu import pools

from lyricsapp.processing.publish import breaker
from project.celery import app

ROOT = Path(__file__).resolve().parent.parent
# Ports of this project's test brokers; each test session picks a free one.
TEST_PORTS = range(6390, 6400)


def free_port():
    for port in TEST_PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port in {TEST_PORTS}")


def wait_until(condition, timeout, interval=0.05, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"{message} not met within {timeout} s")


class RedisServer:
    """A throw-away redis-server on a port of our own, to stop, freeze and restart."""

    def __init__(self, port):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.ping, 10, message=f"redis-server on port {self.port}")
        return self

    def ping(self):
        with socket.socket() as sock:
            sock.settimeout(0.5)
            try:
                sock.connect(("127.0.0.1", self.port))
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
            except OSError:
                return False

    def stop(self):
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    @contextmanager
    def frozen(self):
        """SIGSTOP: the port still accepts connections, nothing ever answers."""
        self.process.send_signal(signal.SIGSTOP)
        try:
            yield
        finally:
            self.process.send_signal(signal.SIGCONT)


def reset_publishing():
    """Forget pooled broker connections and the publish breaker."""
    pools.reset()  # closes and forgets every pooled connection and producer
    app._pool = None
    app.amqp._producer_pool = None
    breaker.reset()


@contextmanager
def publishing_to(url):
    """Make this process publish to ``url`` (CELERY_BROKER_URL wins over broker_url)."""
    old = app.conf.get("broker_write_url")
    app.conf["broker_write_url"] = url
    reset_publishing()
    try:
        yield
    finally:
        app.conf["broker_write_url"] = old
        reset_publishing()


def worker_database_url():
    """DATABASE_URL naming the test database pytest-django created."""
    s = connection.settings_dict
    auth = s["USER"] or ""
    if auth and s["PASSWORD"]:
        auth += f":{s['PASSWORD']}"
    host = s["HOST"] or ""
    if host.startswith("/"):  # a socket directory
        return f"postgres://{auth + '@' if auth else ''}/{s['NAME']}?host={host}"
    port = f":{s['PORT']}" if s["PORT"] else ""
    return f"postgres://{auth + '@' if auth else ''}{host}{port}/{s['NAME']}"


class CeleryProcess:
    """A ``celery -A project ...`` command in its own process group, on the test database."""

    ready_marker = b""

    def __init__(self, broker_url, log_path, **env):
        self.broker_url = broker_url
        self.log_path = Path(log_path)
        self.env = {key: str(value) for key, value in env.items()}
        self.process = None

    def command(self):
        raise NotImplementedError

    def start(self):
        env = {
            **os.environ,
            "DATABASE_URL": worker_database_url(),
            "CELERY_BROKER_URL": self.broker_url,
            "DJANGO_SETTINGS_MODULE": "project.settings",
            "SECRET_KEY": "worker-test-secret",
            "SUNO_CALLBACK_TOKEN": "test-token",
            # Fewer language models: a pool process starts in about a second.
            "LYRICS_LANGUAGES": "en,zh,ja,ko,es,fr",
            **self.env,
        }
        env.pop("CELERY_BROKER_WRITE_URL", None)
        self.log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "project", *self.command()],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(
            lambda: self.ready_marker in self.log_path.read_bytes() or self.process.poll(),
            30,
            interval=0.1,
            message=f"celery {self.command()[0]} ready",
        )
        assert self.process.poll() is None, self.log_text()[-3000:]
        return self

    def log_text(self):
        return self.log_path.read_text(errors="replace")

    def kill(self):
        """SIGKILL the whole process group (a worker's pool children too), no goodbye."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self.log.close()
        self.process = None

    def stop(self):
        if self.process is None:
            return
        # Cold shutdown: the test is over, nothing is waiting for the work.
        os.killpg(self.process.pid, signal.SIGQUIT)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
        self.log.close()
        self.process = None


class Worker(CeleryProcess):
    # Logged by the pool process once it can take tasks (after "ready.").
    ready_marker = b"language models loaded"

    def command(self):
        return [
            "worker",
            "--loglevel=INFO",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"test{os.getpid()}.{time.monotonic_ns()}@%h",
        ]


class Beat(CeleryProcess):
    ready_marker = b"beat: Starting..."

    def command(self):
        return ["beat", "--loglevel=INFO", f"--schedule={self.log_path.with_suffix('.db')}"]
