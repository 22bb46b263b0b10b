"""Real gunicorn web nodes and a real nginx in front of them, for the deploy tests.

Each runs in its own process group on the test database, with its logs in a
file the test can read; nothing is left running when a fixture ends.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.brokers import ROOT, wait_until, worker_database_url
from tests.testenv import TEST_BROKER_URL

NGINX_CONF = ROOT / "deploy" / "nginx" / "lyrics.conf"
# Ports of these tests' servers; each picks a free one.
PORTS = range(8300, 8400)


def free_port():
    for port in PORTS:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


def accepts(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class Process:
    """A command in its own session; stop() ends the whole group."""

    def __init__(self, command, log_path, env=None):
        self.command = command
        self.log_path = Path(log_path)
        self.env = env
        self.process = None

    def start(self):
        self.log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def log_text(self):
        return self.log_path.read_text(errors="replace")

    def kill(self):
        """SIGKILL, no goodbye: a node that dies."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self.log.close()
        self.process = None

    def stop(self):
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
        self.log.close()
        self.process = None


def app_env(**extra):
    """A production-like environment on the test database and the tests' broker."""
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", TEST_BROKER_URL),
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DEBUG": "false",
        "SECRET_KEY": "deploy-test-secret",
        "SUNO_CALLBACK_TOKEN": "test-token",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,lyrics.example.com",
    }
    env.pop("CELERY_BROKER_WRITE_URL", None)
    env.update({key: str(value) for key, value in extra.items()})
    return env


class Gunicorn(Process):
    """One web node: the project's own gunicorn.conf.py on a port of its own."""

    def __init__(self, log_dir, port=None, **env):
        self.port = port or free_port()
        self.access_log = Path(log_dir) / f"gunicorn-{self.port}.access.log"
        env = app_env(
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_ACCESSLOG=self.access_log,
            **env,
        )
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "project/gunicorn.conf.py",
            "project.wsgi:application",
        ]
        super().__init__(command, Path(log_dir) / f"gunicorn-{self.port}.log", env)

    def start(self):
        super().start()
        wait_until(
            lambda: accepts(self.port) or self.process.poll() is not None,
            30,
            message=f"gunicorn on {self.port}",
        )
        assert self.process.poll() is None, self.log_text()[-3000:]
        return self


def self_signed_certificate(directory):
    """A throwaway certificate for lyrics.example.com (the TLS placeholders)."""
    cert, key = Path(directory) / "fullchain.pem", Path(directory) / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=lyrics.example.com", "-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
    )
    return cert, key


class Nginx(Process):
    """Debian's nginx running deploy/nginx/lyrics.conf as shipped, with only the
    machine-specific values replaced: ports, upstream nodes, paths, certificate."""

    def __init__(self, directory, upstream_ports, static_root):
        directory = Path(directory)
        self.directory = directory
        self.http_port, self.https_port = free_port(), None
        self.https_port = next(p for p in PORTS if p != self.http_port and _bindable(p))
        self.access_log = directory / "nginx.access.log"
        self.error_log = directory / "nginx.error.log"
        cert, key = self_signed_certificate(directory)
        servers = "\n".join(
            f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in upstream_ports
        )
        site = NGINX_CONF.read_text()
        replacements = {
            "    server 127.0.0.1:8000 max_fails=1 fail_timeout=10s;": servers,
            "listen 80;": f"listen 127.0.0.1:{self.http_port};",
            "listen [::]:80;": "",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{self.https_port} ssl http2;",
            "listen [::]:443 ssl http2;": "",
            "/var/log/nginx/lyrics.access.log": str(self.access_log),
            "/var/log/nginx/lyrics.error.log warn;": f"{self.error_log} warn;",
            "/var/log/nginx/lyrics.error.log crit;": f"{self.error_log} crit;",
            "/etc/ssl/lyrics/fullchain.pem": str(cert),
            "/etc/ssl/lyrics/privkey.pem": str(key),
            "/srv/lyrics/app/staticfiles/": f"{static_root}/",
        }
        for old, new in replacements.items():
            assert old in site, f"{old!r} is no longer in {NGINX_CONF}"
            site = site.replace(old, new)
        (directory / "lyrics.conf").write_text(site)
        # As root, nginx's workers would run as nobody and could not reach the
        # test's private temporary folder.
        user = "user root;" if os.geteuid() == 0 else ""
        (directory / "nginx.conf").write_text(_MAIN_CONF.format(directory=directory, user=user))
        command = ["nginx", "-p", str(directory), "-c", str(directory / "nginx.conf")]
        super().__init__(command, directory / "nginx.out", None)

    def start(self):
        super().start()
        wait_until(
            lambda: accepts(self.https_port) or self.process.poll() is not None,
            15,
            message="nginx listening",
        )
        assert self.process.poll() is None, self.log_text() + self.error_log.read_text()
        return self


def _bindable(port):
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


# What Debian's /etc/nginx/nginx.conf provides around the site file.
_MAIN_CONF = """
daemon off;
{user}
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/nginx.main-error.log warn;
events {{ worker_connections 2048; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {directory}/body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include {directory}/lyrics.conf;
}}
"""


def wait_gone(process, timeout=10):
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
