"""The callback publishes the follow-up work, and never waits long on the broker."""

import base64
import json
import threading
import time

import pytest
import redis

from callbacks.models import Delivery
from lyricsapp.models import Task
from lyricsapp.processing.publish import BatchPublisher, breaker, publisher
from lyricsapp.processing.tasks import process_lyrics_batch
from tests.brokers import free_port, publishing_to, wait_until
from tests.callback_helpers import callback_body, post_callback


def queued_task_ids(server):
    """Task ids in the messages waiting on the broker, once this process published."""
    assert publisher.flush()
    client = redis.Redis.from_url(server.url)
    ids = []
    for raw in reversed(client.lrange("celery", 0, -1)):  # LPUSH: newest first
        message = json.loads(raw)
        assert message["headers"]["task"] == "lyricsapp.tasks.process_lyrics_batch"
        (task_ids,), _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        ids.extend(task_ids)
    return ids


@pytest.mark.django_db(transaction=True)
def test_it_publishes_the_follow_up_task_once_per_stored_result(client, redis_server):
    assert post_callback(client, callback_body("task-a")).json() == {
        "status": "received",
        "task_id": "task-a",
    }
    assert post_callback(client, callback_body("task-a")).json() == {
        "status": "duplicate",
        "task_id": "task-a",
    }
    assert (
        post_callback(client, callback_body("task-a", text="changed")).json()["status"]
        == "duplicate"
    )

    assert queued_task_ids(redis_server) == ["task-a"]
    assert Delivery.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_it_answers_and_stores_when_the_broker_refuses_connections(client):
    with publishing_to(f"redis://127.0.0.1:{free_port()}/0"):
        started = time.monotonic()
        responses = [post_callback(client, callback_body(f"down-{n}")) for n in range(20)]
        elapsed = time.monotonic() - started

    assert [r.status_code for r in responses] == [200] * 20
    assert {r.json()["status"] for r in responses} == {"received"}
    assert Task.objects.filter(processed_at__isnull=True).count() == 20
    assert elapsed < 2


@pytest.mark.django_db(transaction=True)
def test_it_answers_fast_when_the_broker_hangs(client, redis_server, settings):
    settings.LYRICS_PUBLISH_PAUSE_SECONDS = 30
    with redis_server.frozen():
        started = time.monotonic()
        first = post_callback(client, callback_body("hang-0"))
        first_took = time.monotonic() - started
        started = time.monotonic()
        rest = [post_callback(client, callback_body(f"hang-{n}")) for n in range(1, 21)]
        rest_took = time.monotonic() - started
        # The publisher's attempt, in the background, times out meanwhile.
        assert publisher.flush()

    assert first.status_code == 200
    assert first.json() == {"status": "received", "task_id": "hang-0"}
    # The request never waits on the broker: the publisher thread does, once,
    # then the breaker skips publishing.
    assert first_took < 0.5
    assert [r.status_code for r in rest] == [200] * 20
    assert rest_took < 1
    assert breaker.is_open
    assert Task.objects.count() == 21
    # Nothing was published yet: the ids wait for the breaker's next probe.
    assert queued_task_ids(redis_server) == []


@pytest.mark.django_db(transaction=True)
def test_it_publishes_the_held_ids_once_the_broker_is_back(client, redis_server, settings):
    settings.LYRICS_PUBLISH_PAUSE_SECONDS = 0.2
    with redis_server.frozen():
        post_callback(client, callback_body("while-down"))
        assert publisher.flush()
    assert breaker.is_open

    # Without another callback: the publisher probes by itself after the pause.
    wait_until(lambda: queued_task_ids(redis_server), 3, message="held id published")
    post_callback(client, callback_body("after"))

    assert queued_task_ids(redis_server) == ["while-down", "after"]
    assert not breaker.is_open


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_ids_of_a_refused_publish(client, redis_server, settings):
    settings.LYRICS_PUBLISH_PAUSE_SECONDS = 0.2
    redis_server.stop()
    for n in range(30):
        post_callback(client, callback_body(f"outage-{n}"))
    assert publisher.flush()
    assert breaker.is_open

    redis_server.start()

    expected = [f"outage-{n}" for n in range(30)]
    wait_until(lambda: queued_task_ids(redis_server) == expected, 5, message="all republished")


def test_it_sends_ids_that_arrive_while_it_publishes_as_one_message(monkeypatch):
    """While one publish is under way the next ids wait and go out together."""

    first_publish_may_finish = threading.Event()
    batches = []

    def apply_async(args, **options):
        batches.append(list(args[0]))
        first_publish_may_finish.wait(5)

    monkeypatch.setattr(process_lyrics_batch, "apply_async", apply_async)
    batching = BatchPublisher(max_batch=10)
    for n in range(25):
        batching.submit(f"id-{n}")
    first_publish_may_finish.set()

    assert batching.flush()
    assert [task_id for batch in batches for task_id in batch] == [f"id-{n}" for n in range(25)]
    assert all(len(batch) <= 10 for batch in batches)
    # The first message went out alone or with a few; the rest waited for it.
    assert len(batches) <= 4


def test_it_waits_a_moment_for_more_ids_before_publishing(monkeypatch):
    batches = []
    monkeypatch.setattr(
        process_lyrics_batch, "apply_async", lambda args, **options: batches.append(list(args[0]))
    )
    lingering = BatchPublisher(linger_seconds=0.3)

    lingering.submit("id-0")
    time.sleep(0.05)
    for n in range(1, 5):
        lingering.submit(f"id-{n}")

    assert lingering.flush()
    assert batches == [[f"id-{n}" for n in range(5)]]
