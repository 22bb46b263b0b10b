"""The follow-up work with a real Celery worker, real beat and a real broker:
Redis, or RabbitMQ when CELERY_BROKER_URL names one (`make test-rabbitmq`)."""

import time

import pytest
from django.db import transaction

from lyricsapp.library.search import lyrics_matching
from lyricsapp.models import Lyric, Task
from lyricsapp.processing.tasks import process_lyrics
from tests.brokers import wait_until
from tests.callback_helpers import callback_body, post_callback

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# A short visibility timeout lets a killed worker's message come back in seconds;
# retry countdowns must stay below it.
FAST_REDELIVERY = {"CELERY_VISIBILITY_TIMEOUT": 3, "LYRICS_RETRY_BACKOFF_MAX_SECONDS": 2}


def processed(*task_ids):
    return Task.objects.filter(task_id__in=task_ids, processed_at__isnull=False).count() == len(
        task_ids
    )


def held_by_a_worker(task_id):
    """The row exists, is not processed, and another transaction holds its lock."""
    with transaction.atomic():
        free = Task.objects.select_for_update(skip_locked=True).filter(task_id=task_id).exists()
    return Task.objects.filter(task_id=task_id, processed_at__isnull=True).exists() and not free


def test_it_processes_a_stored_callback_within_seconds(client, start_worker):
    start_worker()
    started = time.monotonic()

    response = post_callback(
        client, callback_body("w-1", text="[Verse]\n月光洒满了窗台\n\n[Chorus x2]\n星夜狂想")
    )

    assert response.json() == {"status": "received", "task_id": "w-1"}
    wait_until(lambda: processed("w-1"), 10, message="processed")
    assert time.monotonic() - started < 5
    lyric = Lyric.objects.get(task__task_id="w-1")
    assert lyric.sections == [
        {"label": "Verse", "text": "月光洒满了窗台"},
        {"label": "Chorus x2", "text": "星夜狂想"},
    ]
    assert (lyric.line_count, lyric.word_count, lyric.language) == (2, 11, "zh")
    assert Task.objects.get(task_id="w-1").processing_attempts == 1


def test_it_changes_nothing_when_the_task_runs_again(client, start_worker, broker):
    start_worker()
    post_callback(client, callback_body("w-2", text="Hello\nworld"))
    wait_until(lambda: processed("w-2"), 10, message="processed")
    before = Task.objects.values("processed_at", "processing_attempts").get(task_id="w-2")

    for _ in range(3):
        process_lyrics.delay("w-2")
    wait_until(lambda: broker.drained(), 10, message="duplicates consumed")

    assert Task.objects.values("processed_at", "processing_attempts").get(task_id="w-2") == before
    assert Lyric.objects.get().word_count == 2


def test_it_does_the_work_once_when_a_worker_is_killed_mid_task(client, start_worker, broker):
    slow = start_worker(LYRICS_PROCESSING_DELAY_SECONDS=60, **FAST_REDELIVERY)
    post_callback(client, callback_body("w-kill", text="[Verse]\n月光洒满了窗台\n我在想你"))
    wait_until(lambda: held_by_a_worker("w-kill"), 10, message="task claimed by the worker")

    slow.kill()

    # Its transaction died with it: PostgreSQL rolls it back and frees the row.
    wait_until(lambda: not held_by_a_worker("w-kill"), 5, message="lock released")
    assert Task.objects.get(task_id="w-kill").processed_at is None
    assert Lyric.objects.get().sections is None

    start_worker(**FAST_REDELIVERY)
    wait_until(lambda: processed("w-kill"), 20, message="processed after the restart")
    wait_until(lambda: broker.drained(), 10, message="message acknowledged")
    task = Task.objects.get(task_id="w-kill")
    assert task.processing_attempts == 1
    assert Lyric.objects.get().sections == [{"label": "Verse", "text": "月光洒满了窗台\n我在想你"}]


def test_it_catches_up_after_the_broker_was_down(client, start_worker, start_beat, broker):
    worker = start_worker(LYRICS_SWEEP_GRACE_SECONDS=1)
    start_beat(LYRICS_SWEEP_SECONDS=1)
    broker.stop()

    started = time.monotonic()
    responses = [post_callback(client, callback_body(f"down-{n}")) for n in range(10)]
    elapsed = time.monotonic() - started

    assert [r.status_code for r in responses] == [200] * 10
    assert {r.json()["status"] for r in responses} == {"received"}
    assert elapsed < 2
    assert Task.objects.filter(processed_at__isnull=True).count() == 10

    broker.start()
    ids = [f"down-{n}" for n in range(10)]
    wait_until(lambda: processed(*ids), 30, message=f"swept and processed\n{worker.log_text()}")
    assert set(Task.objects.values_list("processing_attempts", flat=True)) == {1}


def test_it_processes_what_was_stored_during_an_outage_within_seconds_of_its_return(
    client, start_worker, broker
):
    # No beat: no sweeper. Each web process keeps the ids it could not publish.
    start_worker()
    broker.stop()
    ids = [f"outage-{n}" for n in range(30)]
    for task_id in ids:
        assert post_callback(client, callback_body(task_id)).status_code == 200
    time.sleep(5)  # an outage, not a blip: the worker has lost its connection too

    broker.start()
    back = time.monotonic()

    wait_until(lambda: processed(*ids), 15, interval=0.2, message="processed after the return")
    assert time.monotonic() - back < 15
    assert set(Task.objects.values_list("processing_attempts", flat=True)) == {1}


def test_it_makes_a_stored_lyric_searchable_once_processed(client, start_worker):
    start_worker()

    post_callback(client, callback_body("w-search", text="[Verse]\n月光洒满了窗台", title="Found"))

    wait_until(lambda: processed("w-search"), 10, message="processed")
    assert [lyric.title for lyric in lyrics_matching(Lyric.objects.all(), "窗台")] == ["Found"]
