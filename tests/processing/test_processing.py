import threading
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from lyricsapp.models import Lyric, Task
from lyricsapp.processing import services as processing
from lyricsapp.processing.services import (
    TaskHeld,
    lyric_analysis,
    task_process,
    task_record_failure,
)
from lyricsapp.processing.tasks import process_lyrics


def stored_task(task_id="t1", texts=("[Verse]\n月光洒满了窗台\n我在想你",), **fields):
    task = Task.objects.create(
        task_id=task_id, status="complete", code=200, completed_at="2026-01-01T00:00Z", **fields
    )
    for position, text in enumerate(texts):
        Lyric.objects.create(task=task, position=position, title=f"Song {position}", text=text)
    return task


@contextmanager
def held_by_another_worker(task_id):
    """While inside, another connection holds the task's row as a worker would."""
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        with transaction.atomic():
            Task.objects.select_for_update().get(task_id=task_id)
            locked.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(10)
        yield
    finally:
        release.set()
        thread.join()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("[Verse]\n月光洒满了窗台\n我在想你", "zh"),
        ("[Verse]\n雨が降る夜に\n君を想う", "ja"),
        ("[Chorus]\n사랑해요 너를\n영원히", "ko"),
        ("[Verse]\nWalking down the empty street\nNeon lights beneath my feet", "en"),
        ("[Coro]\nTe quiero mucho mi amor\nbajo la luna", "es"),
        ("[Refrain]\nJe t'aime mon amour\nsous la lune", "fr"),
        ("[Intro]\n[Outro]", ""),
        ("", ""),
        ("... !!! 123", ""),
    ],
)
def test_it_detects_the_language_offline(text, language):
    assert lyric_analysis(text=text)["language"] == language


@pytest.mark.django_db
def test_it_processes_a_stored_result():
    task = stored_task(texts=("[Verse]\n月光洒满了窗台\n我在想你", "Hello\nworld"))

    assert task_process(task_id="t1") is True

    task.refresh_from_db()
    assert task.processed_at is not None
    assert task.processing_attempts == 1
    first, second = Lyric.objects.order_by("position")
    assert first.sections == [{"label": "Verse", "text": "月光洒满了窗台\n我在想你"}]
    assert (first.line_count, first.word_count, first.char_count) == (2, 11, 11)
    assert first.language == "zh"
    assert second.sections == [{"label": "", "text": "Hello\nworld"}]
    assert (second.line_count, second.word_count, second.char_count) == (2, 2, 10)
    assert second.language == "en"


@pytest.mark.django_db
def test_it_changes_nothing_when_run_twice():
    task = stored_task()
    assert task_process(task_id="t1") is True
    task.refresh_from_db()
    lyric = Lyric.objects.get()
    before = (task.processed_at, task.processing_attempts, lyric.sections, lyric.word_count)

    with CaptureQueriesContext(connection) as queries:
        assert task_process(task_id="t1") is False
    # Only the claim ran: no write at all.
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]

    task.refresh_from_db()
    lyric.refresh_from_db()
    assert (task.processed_at, task.processing_attempts, lyric.sections, lyric.word_count) == before


@pytest.mark.django_db
def test_it_processes_a_failed_result_without_lyrics():
    task = Task.objects.create(
        task_id="f1", status="failed", code=501, completed_at="2026-01-01T00:00Z"
    )
    assert task_process(task_id="f1") is True
    task.refresh_from_db()
    assert task.processed_at is not None


@pytest.mark.django_db
def test_it_leaves_pending_failed_and_unknown_tasks_alone():
    Task.objects.create(task_id="pending")
    stored_task(task_id="gave-up", processing_failed_at="2026-01-02T00:00Z", processing_attempts=5)
    assert task_process(task_id="pending") is False
    assert task_process(task_id="gave-up") is False
    assert task_process(task_id="nope") is False
    assert not Task.objects.filter(processed_at__isnull=False).exists()
    assert Lyric.objects.get().sections is None


@pytest.mark.django_db(transaction=True)
def test_it_has_a_task_another_worker_holds_tried_again():
    stored_task()
    # Held, not done: the caller tries again shortly instead of dropping it.
    with held_by_another_worker("t1"), pytest.raises(TaskHeld):
        task_process(task_id="t1")
    assert Task.objects.get().processed_at is None
    assert task_process(task_id="t1") is True


@pytest.mark.django_db
def test_it_records_failures_and_gives_up_after_the_last_attempt(settings):
    settings.LYRICS_PROCESSING_MAX_ATTEMPTS = 3
    stored_task()
    assert task_record_failure(task_id="t1", error="boom 1") == (1, False)
    assert task_record_failure(task_id="t1", error="boom 2") == (2, False)
    assert task_record_failure(task_id="t1", error="boom 3") == (3, True)
    task = Task.objects.get()
    assert task.processing_attempts == 3
    assert task.processing_error == "boom 3"
    assert task.processing_failed_at is not None
    # Given up: nothing processes it until someone asks for it again.
    assert task_process(task_id="t1") is False


def test_it_backs_off_below_the_visibility_timeout(settings):
    settings.LYRICS_RETRY_BACKOFF_SECONDS = 5
    settings.LYRICS_RETRY_BACKOFF_MAX_SECONDS = 300
    assert [processing.retry_countdown(attempts=n) for n in range(1, 9)] == [
        5,
        10,
        20,
        40,
        80,
        160,
        300,
        300,
    ]
    assert settings.LYRICS_RETRY_BACKOFF_MAX_SECONDS < settings.CELERY_VISIBILITY_TIMEOUT


@pytest.mark.django_db
def test_it_retries_then_shows_the_task_as_failed(settings, monkeypatch):
    # The task's own error handling; the service fails as a database error would.
    settings.LYRICS_PROCESSING_MAX_ATTEMPTS = 3
    stored_task()

    def broken(*, task_id, backlog_fill=0):
        raise RuntimeError("database went away")

    monkeypatch.setattr(processing, "task_process", broken)
    # Eager: each retry runs at once, in this process.
    process_lyrics.apply(args=("t1",))

    task = Task.objects.get()
    assert task.processing_attempts == 3
    assert task.processing_error == "RuntimeError: database went away"
    assert task.processing_failed_at is not None
    assert task.processed_at is None
