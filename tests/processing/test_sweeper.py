import json
from datetime import timedelta

import pytest
import redis
from django.utils import timezone

from lyricsapp.models import Task
from lyricsapp.processing.services import unprocessed_due
from lyricsapp.processing.sweeper import unprocessed_sweep
from lyricsapp.processing.tasks import sweep_unprocessed


def queued(server):
    client = redis.Redis.from_url(server.url)
    return [json.loads(m)["headers"]["argsrepr"] for m in client.lrange("celery", 0, -1)]


def make_task(task_id, stored_ago, **fields):
    return Task.objects.create(
        task_id=task_id,
        status="complete",
        completed_at=timezone.now() - timedelta(seconds=stored_ago),
        **fields,
    )


@pytest.mark.django_db
def test_it_enqueues_results_left_unprocessed_past_the_grace_period(redis_server, settings):
    settings.LYRICS_SWEEP_GRACE_SECONDS = 60
    make_task("old-2", 300)
    make_task("old-1", 600)
    make_task("fresh", 10)
    make_task("done", 600, processed_at=timezone.now())
    make_task("gave-up", 600, processing_failed_at=timezone.now())
    Task.objects.create(task_id="pending")

    # Through the task, as beat runs it.
    assert sweep_unprocessed.apply().get() == 2

    # Oldest first, lower queue end first: LPUSH then BRPOP from the other end.
    assert queued(redis_server) == ["('old-2',)", "('old-1',)"]


@pytest.mark.django_db
def test_it_sends_at_most_a_batch_and_skips_while_the_queue_is_full(redis_server, settings):
    settings.LYRICS_SWEEP_GRACE_SECONDS = 0
    for n in range(5):
        make_task(f"t{n}", 100 + n)

    assert unprocessed_sweep(limit=3) == 3
    # Three still queued: the workers are behind, not missing messages.
    assert unprocessed_sweep(limit=3) == 0
    assert len(queued(redis_server)) == 3


@pytest.mark.django_db
def test_it_finds_the_backlog_through_the_partial_index():
    from django.db import connection

    query = unprocessed_due(grace_seconds=60).values_list("task_id", flat=True)[:1000]
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # an empty table would be scanned
        plan = query.explain()
        cursor.execute("RESET enable_seqscan")
    assert "task_unprocessed" in plan
