"""nginx and PgBouncer from deploy/, run for real by the deploy tests and the
benchmark, and a command that runs something with its database behind
PgBouncer (`make test-pgbouncer`):

    python -m tests.deploy.proxies through-pgbouncer -- pytest tests/callbacks

No Django here: the benchmark imports this outside the app.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent.parent
NGINX_CONF = ROOT / "deploy" / "nginx" / "lyrics.conf"
PGBOUNCER_INI = ROOT / "deploy" / "pgbouncer" / "pgbouncer.ini"
# Ports of these servers; each picks a free one.
PORTS = range(8300, 8400)


def wait_until(condition, timeout, interval=0.05, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"{message} not met within {timeout} s")


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

    stop_signal = signal.SIGTERM

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
        os.killpg(self.process.pid, self.stop_signal)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
        self.log.close()
        self.process = None


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


class PgBouncer(Process):
    """Debian's PgBouncer running deploy/pgbouncer/pgbouncer.ini as shipped
    (transaction pooling), with this machine's port and paths, and trust
    authentication like the local PostgreSQL it fronts."""

    def __init__(self):
        # A folder of its own: PgBouncer runs as postgres when we are root,
        # and must reach its files.
        directory = Path(tempfile.mkdtemp(prefix="lyrics-pgbouncer-"))
        self.directory = directory
        self.port = free_port()
        user = os.environ.get("USER") or _user_name()
        settings = {
            "listen_port": str(self.port),
            "unix_socket_dir": "",
            "auth_type": "trust",
            "auth_file": str(directory / "userlist.txt"),
            "logfile": str(directory / "pgbouncer.log"),
            "pidfile": "",
        }
        lines = []
        for line in PGBOUNCER_INI.read_text().splitlines():
            key = line.split("=", 1)[0].strip()
            lines.append(f"{key} = {settings.pop(key)}" if key in settings else line)
        assert not settings, f"{sorted(settings)} no longer in {PGBOUNCER_INI}"
        assert "pool_mode = transaction" in lines
        (directory / "pgbouncer.ini").write_text("\n".join(lines) + "\n")
        (directory / "userlist.txt").write_text(f'"{user}" ""\n')
        command = ["pgbouncer", str(directory / "pgbouncer.ini")]
        if os.geteuid() == 0:  # PgBouncer refuses to run as root
            directory.chmod(0o755)
            shutil.chown(directory, "postgres")
            for path in directory.iterdir():
                path.chmod(0o644)
            command = ["runuser", "-u", "postgres", "--", *command]
        super().__init__(command, directory / "pgbouncer.out")

    def start(self):
        super().start()
        wait_until(lambda: accepts(self.port) or self.process.poll() is not None, 15)
        assert self.process.poll() is None, self.log_text()
        return self

    def stop(self):
        super().stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def database_url(self, database_url):
        """The same database, reached through this PgBouncer."""
        parts = urlsplit(database_url)
        user = parts.username or os.environ.get("USER") or _user_name()
        return urlunsplit(parts._replace(netloc=f"{user}@127.0.0.1:{self.port}"))


def _user_name():
    import pwd

    return pwd.getpwuid(os.geteuid()).pw_name


def through_pgbouncer(command):
    """Run ``command`` with DATABASE_URL behind a private PgBouncer; its exit code."""
    database_url = os.environ.get("DATABASE_URL", "postgres:///lyricsapp")
    bouncer = PgBouncer().start()
    env = {
        **os.environ,
        "DATABASE_URL": bouncer.database_url(database_url),
        "DB_PREPARED_STATEMENTS": "false",
        "DB_SERVER_SIDE_CURSORS": "false",
    }
    try:
        status = subprocess.run(command, env=env, cwd=ROOT).returncode
    finally:
        bouncer.stop()
    # PgBouncer held server connections to the test database, so the test
    # run could not drop it; drop it now, past PgBouncer.
    name = urlsplit(database_url).path.lstrip("/") or "lyricsapp"
    subprocess.run(["dropdb", "--if-exists", "--force", "-h", "127.0.0.1", f"test_{name}"])
    return status


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:2] != ["through-pgbouncer", "--"] or len(arguments) < 3:
        sys.exit("usage: python -m tests.deploy.proxies through-pgbouncer -- COMMAND...")
    sys.exit(through_pgbouncer(arguments[2:]))
