"""Fixtures for the provider tests: the fake provider and the app over real HTTP.

Ports come from PROVIDER_TEST_PORTS (default 8600-8699) so that several test
runs on one machine never collide.
"""

import itertools
import os
import socket

import pytest
from pytest_django.live_server_helper import LiveServer

from lyricsapp.provider.fake.server import FakeConfig, FakeSuno
from lyricsapp.provider.ratelimit import provider_rate_limiter
from tests.brokers import wait_until

_low, _, _high = os.environ.get("PROVIDER_TEST_PORTS", "8600-8699").partition("-")
PORTS = range(int(_low), int(_high) + 1)
# Go round the range rather than reuse the port just closed.
_next = itertools.cycle(PORTS)


def free_port():
    """A port of the range nothing listens on; bind it at once."""
    for _ in PORTS:
        port = next(_next)
        with socket.socket() as probe:
            # Connections the test servers closed leave the port in TIME_WAIT for a
            # minute; a server may bind it again (they set SO_REUSEADDR), so the
            # probe does too and only skips ports something listens on.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise RuntimeError(f"no free port in {PORTS}")


@pytest.fixture(scope="session")
def app_server(django_db_setup, django_db_blocker):
    """The app under test on a real port, like pytest-django's live_server."""
    server = LiveServer(f"127.0.0.1:{free_port()}")
    server._live_server_modified_settings.enable()
    yield server
    server._live_server_modified_settings.disable()
    server.stop()


@pytest.fixture
def fake_suno():
    """A fresh fake provider: quick callbacks, no random failures."""
    fake = FakeSuno(FakeConfig(delay=(0.1, 0.2), camel_rate=0.5, seed=7), port=free_port())
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def provider(settings, fake_suno):
    """Settings pointing at the fake, quick retries, and a fresh shared rate limit."""
    settings.SUNO_API_BASE_URL = fake_suno.url
    settings.SUNO_API_KEY = "test-key"
    settings.SUNO_HTTP_RETRIES = 0
    settings.SUNO_RATE_LIMIT = "1000 per 1 second"
    provider_rate_limiter().reset()
    return fake_suno


def wait_for(condition, timeout=10.0, interval=0.05):
    return wait_until(condition, timeout, interval)
