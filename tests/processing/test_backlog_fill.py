"""tasks_process(backlog_fill=...): waiting results taken into the batch of a message."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lyricsapp.events.models import Event, WebhookEndpoint
from lyricsapp.models import Lyric, Task
from lyricsapp.processing import services
from lyricsapp.processing.services import tasks_process
from lyricsapp.processing.tasks import process_lyrics, process_lyrics_batch
from tests.processing.test_processing import held_by_another_worker, stored_task


def waiting(*task_ids):
    """Stored results, the first one stored first."""
    start = timezone.now() - timedelta(minutes=10)
    for n, task_id in enumerate(task_ids):
        task = stored_task(task_id, texts=("[Verse]\nfine words",))
        Task.objects.filter(pk=task.pk).update(completed_at=start + timedelta(seconds=n))


def processed():
    return set(Task.objects.filter(processed_at__isnull=False).values_list("task_id", flat=True))


@pytest.mark.django_db
def test_it_takes_waiting_results_into_the_batch():
    waiting("a", "b", "c")

    outcome = tasks_process(task_ids=["b"], backlog_fill=5)

    assert (outcome.done, sorted(outcome.from_backlog)) == (["b"], ["a", "c"])
    assert processed() == {"a", "b", "c"}
    assert not Lyric.objects.filter(searchable=False).exists()
    assert set(Lyric.objects.values_list("language", flat=True)) == {"en"}


@pytest.mark.django_db
def test_it_takes_the_oldest_and_no_more_than_the_fill():
    waiting("first", "second", "third", "fourth", "mine")

    outcome = tasks_process(task_ids=["mine"], backlog_fill=2)

    assert sorted(outcome.from_backlog) == ["first", "second"]
    assert processed() == {"mine", "first", "second"}


@pytest.mark.django_db
def test_it_takes_nothing_more_without_a_fill():
    waiting("a", "b")

    outcome = tasks_process(task_ids=["a"])

    assert (outcome.done, outcome.from_backlog) == (["a"], [])
    assert processed() == {"a"}


@pytest.mark.django_db
def test_it_leaves_results_waiting_for_a_retry_to_their_schedule():
    waiting("mine", "retrying")
    Task.objects.filter(task_id="retrying").update(processing_attempts=1)

    outcome = tasks_process(task_ids=["mine"], backlog_fill=5)

    assert outcome.from_backlog == []
    assert processed() == {"mine"}


@pytest.mark.django_db
def test_it_leaves_a_waiting_result_whose_analysis_fails_to_its_own_message(monkeypatch):
    waiting("mine")
    stored_task("bad", texts=("boom",))
    analysis = services.lyric_analysis
    monkeypatch.setattr(
        services, "lyric_analysis", lambda *, text: 1 / 0 if text == "boom" else analysis(text=text)
    )

    outcome = tasks_process(task_ids=["mine"], backlog_fill=5)

    # Not counted here: its own message records the attempt and its retry.
    assert (outcome.done, outcome.from_backlog, outcome.failed) == (["mine"], [], {})
    bad = Task.objects.get(task_id="bad")
    assert (bad.processed_at, bad.processing_attempts, bad.processing_error) == (None, 0, "")


@pytest.mark.django_db
def test_the_message_of_a_result_taken_earlier_finds_nothing_to_do():
    waiting("a", "b")
    tasks_process(task_ids=["a"], backlog_fill=5)
    before = Task.objects.values("processed_at", "processing_attempts").get(task_id="b")

    outcome = tasks_process(task_ids=["b"], backlog_fill=5)

    assert (outcome.done, outcome.held, outcome.from_backlog) == ([], [], [])
    assert Task.objects.values("processed_at", "processing_attempts").get(task_id="b") == before


@pytest.mark.django_db
def test_it_writes_the_events_of_the_results_it_took():
    WebhookEndpoint.objects.create(url="https://receiver.example/hook", secret="s" * 32)
    waiting("a", "b")

    tasks_process(task_ids=["a"], backlog_fill=5)

    subjects = set(Event.objects.filter(type="lyric.processed").values_list("subject", flat=True))
    assert subjects == {str(pk) for pk in Lyric.objects.values_list("id", flat=True)}


@pytest.mark.django_db(transaction=True)
def test_it_skips_waiting_results_another_worker_holds():
    waiting("held", "free", "mine")
    with held_by_another_worker("held"):
        outcome = tasks_process(task_ids=["mine"], backlog_fill=5)

    # Not named by this message, so not reported held: the holder processes it.
    assert (outcome.done, outcome.from_backlog, outcome.held) == (["mine"], ["free"], [])
    assert processed() == {"mine", "free"}


@pytest.mark.django_db
def test_the_workers_batch_task_fills_its_batch():
    waiting("a", "b", "c")

    process_lyrics_batch.apply(args=(["c"],))

    assert processed() == {"a", "b", "c"}


@pytest.mark.django_db
def test_the_workers_single_task_fills_its_batch_too():
    # The sweeper and the admin's reprocessing send a message a result.
    waiting("a", "b", "c")

    process_lyrics.apply(args=("a",))

    assert processed() == {"a", "b", "c"}


@pytest.mark.django_db
def test_a_failed_batch_is_retried_one_result_at_a_time_without_a_fill(monkeypatch):
    waiting("a", "b", "waiting")
    calls = []
    real = services.tasks_process

    def failing_once(*, task_ids, backlog_fill=0):
        calls.append((list(task_ids), backlog_fill))
        if len(calls) == 1:
            raise RuntimeError("database fault")
        return real(task_ids=task_ids, backlog_fill=backlog_fill)

    monkeypatch.setattr(services, "tasks_process", failing_once)

    process_lyrics_batch.apply(args=(["a", "b"],))

    assert calls == [(["a", "b"], services.BACKLOG_FILL), (["a"], 0), (["b"], 0)]
    assert processed() == {"a", "b"}
