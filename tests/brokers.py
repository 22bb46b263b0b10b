"""Real brokers and workers for the tests: a private redis-server, a Celery worker."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import redis
from django.db import connection
from kombu import pools

from lyricsapp.processing.publish import breaker, events_dispatcher, publisher
from project.celery import app
from tests.deploy.proxies import Process

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
    message = message() if callable(message) else message
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

    def drained(self):
        """No message waiting and none held unacknowledged."""
        client = redis.Redis.from_url(self.url)
        return client.llen("celery") == 0 and client.hlen("unacked") == 0

    def delete(self):
        self.stop()

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


class RabbitBroker:
    """A virtual host of its own on the machine's RabbitMQ, which the tests stop
    and start (``rabbitmqctl stop_app``): selected by CELERY_BROKER_URL=amqp://..."""

    def __init__(self, base_url):
        self.vhost = f"lyrics-test-{os.getpid()}-{time.monotonic_ns()}"
        self.url = urlunsplit(urlsplit(base_url)._replace(path=f"/{self.vhost}"))
        self.created = self.stopped = False

    def start(self):
        if self.stopped:
            rabbitmqctl("start_app")
            self.stopped = False
        if not self.created:
            rabbitmqctl("add_vhost", self.vhost)
            user = urlsplit(self.url).username or "guest"
            rabbitmqctl("set_permissions", "-p", self.vhost, user, ".*", ".*", ".*")
            self.created = True
        return self

    def stop(self):
        """The whole broker stops accepting connections, as a crashed one would."""
        rabbitmqctl("stop_app")
        self.stopped = True

    def drained(self):
        """No message waiting and none held unacknowledged."""
        lines = rabbitmqctl("list_queues", "-p", self.vhost, "-q", "name", "messages")
        counts = [line.split("\t") for line in lines.splitlines()[1:] if "\t" in line]
        return all(int(count) == 0 for _, count in counts)

    def delete(self):
        if self.stopped:
            self.start()
        if self.created:
            rabbitmqctl("delete_vhost", self.vhost)


def rabbitmqctl(*args):
    result = subprocess.run(
        ["rabbitmqctl", *args], capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout


def reset_publishing():
    """Forget pooled broker connections and the publish breaker."""
    pools.reset()  # closes and forgets every pooled connection and producer
    app._pool = None
    app.amqp._producer_pool = None
    breaker.reset()
    publisher.forget_held()
    events_dispatcher.forget_held()


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


class CeleryProcess(Process):
    """A ``celery -A project ...`` command in its own process group, on the test database."""

    ready_marker = b""
    # Cold shutdown: the test is over, nothing is waiting for the work.
    stop_signal = signal.SIGQUIT

    def __init__(self, broker_url, log_path, **env):
        self.broker_url = broker_url
        super().__init__(None, log_path)
        self.extra_env = {key: str(value) for key, value in env.items()}

    def arguments(self):
        raise NotImplementedError

    def start(self):
        self.command = [sys.executable, "-m", "celery", "-A", "project", *self.arguments()]
        self.env = {
            **os.environ,
            "DATABASE_URL": worker_database_url(),
            "CELERY_BROKER_URL": self.broker_url,
            "DJANGO_SETTINGS_MODULE": "project.settings",
            "SECRET_KEY": "worker-test-secret",
            "SUNO_CALLBACK_TOKEN": "test-token",
            # Fewer language models: a pool process starts in about a second.
            "LYRICS_LANGUAGES": "en,zh,ja,ko,es,fr",
            **self.extra_env,
        }
        self.env.pop("CELERY_BROKER_WRITE_URL", None)
        super().start()
        wait_until(
            lambda: self.ready_marker in self.log_path.read_bytes() or self.process.poll(),
            30,
            interval=0.1,
            message=f"celery {self.arguments()[0]} ready",
        )
        assert self.process.poll() is None, self.log_text()[-3000:]
        return self


class Worker(CeleryProcess):
    # Logged by the pool process once it can take tasks (after "ready.").
    ready_marker = b"language models loaded"
    # Both queues: a deployment runs a worker for each (Procfile).
    queues = "celery,events"

    def arguments(self):
        return [
            "worker",
            "--loglevel=INFO",
            f"--queues={self.queues}",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"test{os.getpid()}.{time.monotonic_ns()}@%h",
        ]


class ProcessingWorker(Worker):
    """The deployment's first worker (Procfile "worker"): everything but events."""

    queues = "celery"


class EventsWorker(Worker):
    """The deployment's events worker (Procfile "events"): threads, no language models."""

    queues = "events"
    ready_marker = b"ready."

    def arguments(self):
        return [*super().arguments(), "--pool=threads", "--concurrency=4"]


class Beat(CeleryProcess):
    ready_marker = b"beat: Starting..."

    def arguments(self):
        return ["beat", "--loglevel=INFO", f"--schedule={self.log_path.with_suffix('.db')}"]
