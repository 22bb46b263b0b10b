"""A database holding the schema and data of an earlier release migrates to the newest schema.

The starting point is the schema that ran in production before the packages
were split by concern; the end is whatever the newest migrations are (the leaf
nodes), so migrations added later are covered without editing this test.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from callbacks.models import Delivery
from lyricsapp.library.search import lyrics_matching
from lyricsapp.models import Lyric, Task

# The latest migration of each app in the release before the split.
RELEASED = [
    ("callbacks", "0002_issue6_delivery_source"),
    ("lyricsapp", "0003_gin_pending_list_limit"),
]
TASK_ID = "released-task"
RAW_BODY = b'{"code": 200, "data": {"task_id": "released-task"}}'
TEXT = "[Verse]\n月光洒满了窗台\n我在想你\n\n[Chorus]\nMoonlight on the road"
COMPLETED = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def migrate(targets=None):
    """Migrate to ``targets``, or to the newest migrations; the graph is read afresh."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


def store_with_released_models(apps):
    """One delivered and processed task, written through the models of the release."""
    delivery = apps.get_model("callbacks", "Delivery").objects.create(
        raw_body=RAW_BODY,
        body_size=len(RAW_BODY),
        content_type="application/json",
        headers={"User-Agent": "provider"},
        remote_addr="203.0.113.7",
        task_id=TASK_ID,
        outcome="received",
        http_status=200,
        source="callback",
    )
    task = apps.get_model("lyricsapp", "Task").objects.create(
        task_id=TASK_ID,
        status="complete",
        code=200,
        msg="All generated successfully.",
        callback_type="complete",
        completed_at=COMPLETED,
        result_delivery=delivery,
        result_hash="a" * 64,
        processed_at=COMPLETED,
        prompt="a song about the moon",
    )
    apps.get_model("lyricsapp", "Lyric").objects.create(
        task=task,
        position=0,
        title="星夜狂想",
        text=TEXT,
        status="complete",
        sections=[{"label": "Verse", "text": "月光洒满了窗台\n我在想你"}],
        line_count=5,
        word_count=8,
        char_count=len(TEXT),
        language="zh",
    )


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_released_data_through_every_later_migration():
    released = migrate(RELEASED)
    store_with_released_models(released.loader.project_state(RELEASED).apps)

    newest = migrate().loader.graph.leaf_nodes()
    assert MigrationExecutor(connection).migration_plan(newest) == []  # nothing left to apply

    task = Task.objects.select_related("result_delivery").get(task_id=TASK_ID)
    assert task.status == Task.Status.COMPLETE
    assert (task.code, task.msg, task.callback_type) == (
        200,
        "All generated successfully.",
        "complete",
    )
    assert task.completed_at == COMPLETED
    assert task.processed_at == COMPLETED
    assert task.prompt == "a song about the moon"
    delivery = task.result_delivery
    assert bytes(delivery.raw_body) == RAW_BODY
    assert delivery.headers == {"User-Agent": "provider"}
    assert (delivery.outcome, delivery.source) == (Delivery.Outcome.RECEIVED, "callback")
    lyric = task.lyrics.get()
    assert (lyric.title, lyric.text, lyric.language) == ("星夜狂想", TEXT, "zh")
    assert lyric.sections == [{"label": "Verse", "text": "月光洒满了窗台\n我在想你"}]
    # The search indexes and functions work on the migrated rows.
    assert list(lyrics_matching(Lyric.objects.all(), "窗台")) == [lyric]
    assert list(lyrics_matching(Lyric.objects.all(), "moonlight")) == [lyric]
