"""deploy/nginx/lyrics.conf in front of a real gunicorn (issue: a tested reverse proxy)."""

import contextlib
import http.client
import json
import socket
import ssl
import statistics
import threading
import time

import pytest

from callbacks.models import Delivery
from lyricsapp.models import Task
from tests.callback_helpers import TOKEN, URL, callback_body, encode
from tests.deploy.conftest import servers

pytestmark = [pytest.mark.deploy, pytest.mark.django_db(transaction=True)]

CALLBACK_PATH = f"{URL}?token={TOKEN}"
CLIENT_ADDRESS = "127.0.0.2"


def tls_context():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def connect(proxy, *, tls=True):
    if tls:
        return http.client.HTTPSConnection(
            "127.0.0.1",
            proxy.https_port,
            context=tls_context(),
            timeout=10,
            source_address=(CLIENT_ADDRESS, 0),
        )
    return http.client.HTTPConnection("127.0.0.1", proxy.http_port, timeout=10)


def request(proxy, method, path, body=None, headers=None, *, tls=True, connection=None):
    """One request; on a connection of its own unless one is given (kept open)."""
    own = connection is None
    connection = connection or connect(proxy, tls=tls)
    headers = {"Content-Type": "application/json", **(headers or {})}
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        if own:
            connection.close()


def post_callback(proxy, task_id, path=CALLBACK_PATH, **kwargs):
    return request(proxy, "POST", path, encode(callback_body(task_id)), **kwargs)


@pytest.fixture(scope="module")
def proxy(django_db_setup, django_db_blocker, tmp_path_factory):
    """One web node behind nginx for the whole module (starting them takes seconds)."""
    with servers(tmp_path_factory.mktemp("proxy")) as (start_node, start_nginx):
        yield start_nginx(start_node())


def test_it_stores_a_callback_with_the_clients_address(proxy):
    # The client's own X-Forwarded-For is not believed: nginx appends the
    # address it saw, and the app takes that one (TRUSTED_PROXY_COUNT=1).
    status, _, body = post_callback(proxy, "via-proxy", headers={"X-Forwarded-For": "6.6.6.6"})
    assert status == 200
    assert json.loads(body) == {"status": "received", "task_id": "via-proxy"}
    assert Task.objects.get().task_id == "via-proxy"
    assert Delivery.objects.get().remote_addr == CLIENT_ADDRESS


def test_it_redirects_plain_http_to_https_without_the_query(proxy):
    status, headers, _ = post_callback(proxy, "plain", tls=False)
    assert status == 301
    assert headers["Location"] == "https://127.0.0.1/callbacks/suno/lyrics/"
    assert not Delivery.objects.exists()


def test_it_refuses_an_oversized_body_before_the_app(proxy):
    status, headers, _ = request(proxy, "POST", CALLBACK_PATH, b"x" * (1048576 + 1))
    assert status == 413
    assert "json" not in headers.get("Content-Type", "")  # nginx's page, not the app's
    assert not Delivery.objects.exists()


def test_it_accepts_a_body_of_the_largest_size(proxy):
    body = encode(callback_body("largest"))
    body = body[:-1] + b" " * (1048576 - len(body)) + b"}"
    status, _, _ = request(proxy, "POST", CALLBACK_PATH, body)
    assert status == 200
    assert Delivery.objects.get().body_size == 1048576


def test_it_keeps_the_token_out_of_its_logs(proxy):
    assert post_callback(proxy, "logged")[0] == 200
    wrong = "/callbacks/suno/lyrics/?token=wrong-guess-123"
    assert post_callback(proxy, "guessed", path=wrong)[0] == 401
    assert post_callback(proxy, "plain", tls=False)[0] == 301
    assert request(proxy, "POST", CALLBACK_PATH, b"x" * 2_000_000)[0] == 413
    time.sleep(0.2)  # nginx writes its access log line after the answer
    log = proxy.access_log.read_text() + proxy.error_log.read_text()
    assert "POST /callbacks/suno/lyrics/ HTTP/1.1" in log
    assert TOKEN not in log
    assert "wrong-guess-123" not in log


def test_it_serves_static_files_itself(proxy):
    status, headers, body = request(proxy, "GET", "/static/css/app.css")
    assert status == 200
    assert headers["Content-Type"] == "text/css"
    assert b"{" in body
    assert "Expires" in headers


class SlowClients:
    """Connections that send a request's headers a few bytes at a time (slowloris)."""

    def __init__(self, port, count):
        self.port, self.count = port, count
        self.sockets, self.stopped = [], threading.Event()

    def __enter__(self):
        context = tls_context()
        for _ in range(self.count):
            raw = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            sock = context.wrap_socket(raw)
            sock.sendall(f"POST {CALLBACK_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
            self.sockets.append(sock)
        self.thread = threading.Thread(target=self._dribble, daemon=True)
        self.thread.start()
        return self

    def _dribble(self):
        while not self.stopped.wait(1):
            for sock in self.sockets:
                # nginx drops a dribbling client after client_header_timeout.
                with contextlib.suppress(OSError):
                    sock.sendall(b"X-Slow: 1\r\n")

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()
        for sock in self.sockets:
            sock.close()


def callback_seconds(proxy, prefix, count):
    """Time callbacks on one kept-alive connection, as the provider would send them."""
    connection, timings = connect(proxy), []
    try:
        for number in range(count):
            started = time.perf_counter()
            status, _, _ = post_callback(proxy, f"{prefix}-{number}", connection=connection)
            timings.append(time.perf_counter() - started)
            assert status == 200
    finally:
        connection.close()
    return timings


def test_it_is_not_slowed_by_two_hundred_slow_clients(proxy):
    # Straight to gunicorn, two such clients froze every request for 75 s.
    callback_seconds(proxy, "warm", 5)
    before = callback_seconds(proxy, "before", 30)
    with SlowClients(proxy.https_port, 200):
        during = callback_seconds(proxy, "during", 30)
    assert statistics.median(during) - statistics.median(before) < 0.1, (before, during)
    assert max(during) < max(before) + 0.1, (before, during)
    assert Task.objects.count() == 65
