"""An unreachable PostgreSQL, for the tests of what happens while it is down."""

import socket
import threading
from contextlib import contextmanager

import pytest
from django.db import connection

PORTS = range(8200, 8300)


def bound_socket():
    """A TCP socket bound to a free port of this suite's range."""
    for port in PORTS:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            sock.close()
            continue
        return sock
    raise RuntimeError("no free port in 8200-8299")


@pytest.fixture
def closed_port():
    """A port nothing listens on: connecting is refused at once."""
    sock = bound_socket()
    port = sock.getsockname()[1]
    sock.close()
    return port


@pytest.fixture
def black_hole_port():
    """A server that accepts connections and never says a word."""
    server = bound_socket()
    server.listen(64)
    server.settimeout(0.2)
    held = []
    stop = threading.Event()

    def accept_forever():
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept_forever, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(timeout=5)
    for sock in held:
        sock.close()
    server.close()


@contextmanager
def database_at(port):
    """Point the default connection at 127.0.0.1:port; put it back afterwards."""
    settings_dict = connection.settings_dict
    saved = dict(settings_dict)
    connection.close()
    settings_dict.update(HOST="127.0.0.1", PORT=str(port))
    try:
        yield
    finally:
        connection.close()
        settings_dict.clear()
        settings_dict.update(saved)
