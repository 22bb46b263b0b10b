"""The callback publishes the follow-up work, and never waits long on the broker."""

import json
import time

import pytest
import redis

from callbacks.models import Delivery
from lyricsapp.enqueue import breaker
from lyricsapp.models import Task
from tests.brokers import free_port, publishing_to


def queued_task_ids(server):
    client = redis.Redis.from_url(server.url)
    return [json.loads(body)["headers"]["argsrepr"] for body in client.lrange("celery", 0, -1)]


@pytest.mark.django_db(transaction=True)
def test_it_publishes_the_follow_up_task_once_per_stored_result(post_callback, redis_server):
    assert post_callback("task-a").json() == {"status": "received", "task_id": "task-a"}
    assert post_callback("task-a").json() == {"status": "duplicate", "task_id": "task-a"}
    assert post_callback("task-a", text="changed").json()["status"] == "duplicate"

    assert queued_task_ids(redis_server) == ["('task-a',)"]
    assert Delivery.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_it_answers_and_stores_when_the_broker_refuses_connections(post_callback):
    with publishing_to(f"redis://127.0.0.1:{free_port()}/0"):
        started = time.monotonic()
        responses = [post_callback(f"down-{n}") for n in range(20)]
        elapsed = time.monotonic() - started

    assert [r.status_code for r in responses] == [200] * 20
    assert {r.json()["status"] for r in responses} == {"received"}
    assert Task.objects.filter(processed_at__isnull=True).count() == 20
    assert elapsed < 2


@pytest.mark.django_db(transaction=True)
def test_it_answers_fast_when_the_broker_hangs(post_callback, redis_server, settings):
    settings.LYRICS_PUBLISH_PAUSE_SECONDS = 30
    with redis_server.frozen():
        started = time.monotonic()
        first = post_callback("hang-0")
        first_took = time.monotonic() - started
        started = time.monotonic()
        rest = [post_callback(f"hang-{n}") for n in range(1, 21)]
        rest_took = time.monotonic() - started

    assert first.status_code == 200
    assert first.json() == {"status": "received", "task_id": "hang-0"}
    # One socket timeout for the first, then the breaker skips the publish.
    assert first_took < 1.5
    assert [r.status_code for r in rest] == [200] * 20
    assert rest_took < 1
    assert breaker.is_open
    assert Task.objects.count() == 21
    # Nothing was published: all of it is left to the sweeper.
    assert queued_task_ids(redis_server) == []


@pytest.mark.django_db(transaction=True)
def test_it_publishes_again_once_the_broker_is_back(post_callback, redis_server, settings):
    settings.LYRICS_PUBLISH_PAUSE_SECONDS = 0.2
    with redis_server.frozen():
        post_callback("while-down")
    assert breaker.is_open
    time.sleep(0.3)

    post_callback("after")

    assert not breaker.is_open
    assert queued_task_ids(redis_server) == ["('after',)"]
