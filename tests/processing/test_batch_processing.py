"""process_lyrics_batch: the results of one message processed in one transaction."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lyricsapp.models import Lyric, Task
from lyricsapp.processing import services
from lyricsapp.processing.services import tasks_process
from lyricsapp.processing.tasks import process_lyrics_batch
from tests.processing.test_processing import held_by_another_worker, stored_task


@pytest.mark.django_db
def test_it_processes_many_results_in_one_claim_and_one_write():
    for n in range(5):
        stored_task(f"t{n}", texts=("[Verse]\n月光洒满了窗台", "[Chorus]\nHold on, hold on"))

    with CaptureQueriesContext(connection) as queries:
        outcome = tasks_process(task_ids=[f"t{n}" for n in range(5)])

    assert sorted(outcome.done) == [f"t{n}" for n in range(5)]
    assert (outcome.held, outcome.failed) == ([], {})
    assert not Task.objects.filter(processed_at__isnull=True).exists()
    assert set(Lyric.objects.values_list("language", flat=True)) == {"zh", "en"}
    assert not Lyric.objects.filter(searchable=False).exists()
    # Claim, commit mode, write, events: the same four statements for five results as for one.
    statements = [q["sql"] for q in queries.captured_queries if q["sql"] not in ("BEGIN",)]
    assert len([s for s in statements if not s.startswith(("SAVEPOINT", "RELEASE"))]) == 4


@pytest.mark.django_db
def test_it_leaves_a_result_whose_analysis_fails_to_its_own_retry(monkeypatch):
    stored_task("good", texts=("fine words",))
    stored_task("bad", texts=("boom",))
    analysis = services.lyric_analysis

    def flaky(*, text):
        if text == "boom":
            raise ValueError("cannot analyse")
        return analysis(text=text)

    monkeypatch.setattr(services, "lyric_analysis", flaky)

    outcome = tasks_process(task_ids=["good", "bad"])

    assert outcome.done == ["good"]
    assert list(outcome.failed) == ["bad"]
    assert Task.objects.get(task_id="good").processed_at is not None
    assert Task.objects.get(task_id="bad").processed_at is None


@pytest.mark.django_db
def test_it_records_the_failure_of_one_result_of_a_batch(monkeypatch, settings):
    settings.LYRICS_PROCESSING_MAX_ATTEMPTS = 1
    stored_task("good", texts=("fine words",))
    stored_task("bad", texts=("boom",))
    analysis = services.lyric_analysis
    monkeypatch.setattr(
        services,
        "lyric_analysis",
        lambda *, text: analysis(text=text) if text != "boom" else 1 / 0,
    )

    process_lyrics_batch.apply(args=(["good", "bad"],))

    bad = Task.objects.get(task_id="bad")
    assert bad.processing_error == "ZeroDivisionError: division by zero"
    assert bad.processing_failed_at is not None
    assert Task.objects.get(task_id="good").processed_at is not None


@pytest.mark.django_db(transaction=True)
def test_it_reports_the_results_another_worker_holds():
    stored_task("free")
    stored_task("held")
    with held_by_another_worker("held"):
        outcome = tasks_process(task_ids=["free", "held", "unknown"])

    assert (outcome.done, outcome.held, outcome.failed) == (["free"], ["held"], {})
    assert Task.objects.get(task_id="held").processed_at is None
