import pytest
import redis

from tests.brokers import (
    Beat,
    RabbitBroker,
    RedisServer,
    Worker,
    free_port,
    publishing_to,
    reset_publishing,
)
from tests.i18n.helpers import compile_catalogues
from tests.testenv import TEST_BROKER_URL


@pytest.fixture(scope="session", autouse=True)
def _empty_test_broker():
    """Drop messages earlier runs published and no worker consumed (only from
    the tests' own Redis database, never from a broker named in the environment)."""
    from django.conf import settings

    if settings.CELERY_BROKER_URL == TEST_BROKER_URL:
        redis.Redis.from_url(TEST_BROKER_URL).flushdb()


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """A plain `pytest` from a clean clone finds the .mo files make would compile."""
    compile_catalogues()


@pytest.fixture(autouse=True)
def _fresh_quotas():
    """Each test starts with unused submit quotas and no counted wrong API tokens
    (user ids repeat between runs, and the windows outlive a test)."""
    from django.conf import settings

    client = redis.Redis.from_url(settings.REDIS_URL)
    for scope in ("submit-per-user", "api-token-failures"):
        keys = list(client.scan_iter(match=f"LIMITS:LIMITER/{scope}/*"))
        if keys:
            client.delete(*keys)
    client.close()


@pytest.fixture(autouse=True)
def _fresh_publishing():
    """Each test starts with a closed publish breaker and no pooled connections."""
    reset_publishing()
    yield
    reset_publishing()


@pytest.fixture
def redis_server():
    """A private redis-server the test may stop or freeze; this process publishes to it."""
    server = RedisServer(free_port()).start()
    try:
        with publishing_to(server.url):
            yield server
    finally:
        server.stop()


@pytest.fixture
def broker():
    """A broker of the workers' own to stop and start: a private redis-server, or
    a virtual host on RabbitMQ when CELERY_BROKER_URL names one (amqp://)."""
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("amqp"):
        server = RabbitBroker(settings.CELERY_BROKER_URL).start()
    else:
        server = RedisServer(free_port()).start()
    try:
        with publishing_to(server.url):
            yield server
    finally:
        server.delete()


@pytest.fixture
def celery_processes(django_db_setup, broker, tmp_path):
    """Start real Celery workers and beat on the private broker; all stopped afterwards."""
    started = []

    def start(kind, **env):
        process = kind(broker.url, tmp_path / f"{kind.__name__}{len(started)}.log", **env)
        started.append(process)
        return process.start()

    yield start
    for process in started:
        process.stop()


@pytest.fixture
def start_worker(celery_processes):
    return lambda **env: celery_processes(Worker, **env)


@pytest.fixture
def start_beat(celery_processes):
    return lambda **env: celery_processes(Beat, **env)


# Shared fixtures defined in their own modules.
from tests.database_helpers import black_hole_port, closed_port  # noqa: E402, F401
from tests.provider_fixtures import app_server, fake_suno, provider  # noqa: E402, F401
