"""One "unprocessed" condition: TaskQuerySet.unprocessed() and the raw SQL that repeats it."""

import itertools
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from lyricsapp.admin.filters import ProcessingFilter
from lyricsapp.models import UNPROCESSED, Task
from lyricsapp.ops.metrics import _BACKLOG_SQL
from lyricsapp.processing.services import _CLAIM_SQL, _HELD_SQL
from tests.ops.test_metrics import samples


@pytest.fixture
def every_state(db):
    """One task for each combination of stored / processed / given up."""
    now = timezone.now()
    for stored, processed, failed in itertools.product([False, True], repeat=3):
        Task.objects.create(
            task_id=f"s{stored:d}-p{processed:d}-f{failed:d}",
            status="complete" if stored else "pending",
            completed_at=now if stored else None,
            processed_at=now if processed else None,
            processing_failed_at=now if failed else None,
        )
    return {"s1-p0-f0"}


def unprocessed_ids():
    return set(Task.objects.unprocessed().values_list("task_id", flat=True))


def test_it_selects_stored_results_neither_processed_nor_given_up(every_state):
    assert unprocessed_ids() == every_state


def test_the_workers_claim_selects_the_same_rows(every_state):
    everything = list(Task.objects.values_list("task_id", flat=True))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_CLAIM_SQL, {"task_ids": everything, "fill": 0})
        claimed = {task_id for task_id, *_ in cursor.fetchall()}
    assert claimed == unprocessed_ids()


def test_the_workers_backlog_fill_selects_the_same_rows(every_state):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_CLAIM_SQL, {"task_ids": [], "fill": 100})
        claimed = {task_id for task_id, *_ in cursor.fetchall()}
    assert claimed == unprocessed_ids()


def test_the_workers_held_query_selects_the_same_rows(every_state):
    everything = list(Task.objects.values_list("task_id", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(_HELD_SQL, [everything])
        assert {task_id for (task_id,) in cursor.fetchall()} == unprocessed_ids()


def test_the_metrics_backlog_query_counts_the_same_rows(every_state):
    with connection.cursor() as cursor:
        cursor.execute(_BACKLOG_SQL)
        backlog, _ = cursor.fetchone()
    assert backlog == Task.objects.unprocessed().count() == len(every_state)


def test_the_admin_filter_and_the_partial_index_use_it(every_state):
    waiting = ProcessingFilter(None, {"processing": ["waiting"]}, Task, None)
    assert set(waiting.queryset(None, Task.objects.all()).values_list("task_id", flat=True)) == (
        every_state
    )
    index = next(i for i in Task._meta.indexes if i.name == "task_unprocessed")
    assert index.condition == UNPROCESSED


def test_the_dashboard_and_metrics_agree_leaving_out_given_up_tasks(every_state, client):
    client.force_login(User.objects.create_user("reader", password="a-long-password-1"))

    dashboard = client.get("/dashboard/").content.decode()
    metrics = samples(client.get("/metrics"))

    awaiting = re.search(r'class="stat">(\d+)</span><span class="muted">awaiting', dashboard)
    assert int(awaiting.group(1)) == len(every_state)
    assert metrics[("lyrics_unprocessed_backlog", ())] == len(every_state)
