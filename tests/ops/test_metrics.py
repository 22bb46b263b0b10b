from datetime import timedelta

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from callbacks.models import Delivery
from lyricsapp.models import Task


def samples(response):
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


@pytest.mark.django_db
def test_it_reports_callbacks_tasks_backlog_and_lag(client):
    now = timezone.now()
    for outcome, count in (("received", 3), ("duplicate", 2), ("invalid", 1)):
        for _ in range(count):
            Delivery.objects.create(outcome=outcome, http_status=200)
    Task.objects.create(task_id="pending")
    Task.objects.create(
        task_id="done-fast",
        status="complete",
        completed_at=now - timedelta(seconds=10),
        processed_at=now - timedelta(seconds=9),
    )
    Task.objects.create(
        task_id="done-slow",
        status="complete",
        completed_at=now - timedelta(seconds=10),
        processed_at=now - timedelta(seconds=7),
    )
    Task.objects.create(task_id="waiting", status="failed", completed_at=now - timedelta(minutes=5))
    Task.objects.create(
        task_id="gave-up",
        status="complete",
        completed_at=now - timedelta(hours=1),
        processing_failed_at=now,
    )

    response = client.get("/metrics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    values = samples(response)
    assert values[("lyrics_callbacks_total", (("outcome", "received"),))] == 3
    assert values[("lyrics_callbacks_total", (("outcome", "duplicate"),))] == 2
    assert values[("lyrics_callbacks_total", (("outcome", "conflict"),))] == 0
    assert values[("lyrics_callbacks_total", (("outcome", "invalid"),))] == 1
    assert values[("lyrics_tasks", (("status", "pending"),))] == 1
    assert values[("lyrics_tasks", (("status", "complete"),))] == 3
    assert values[("lyrics_tasks", (("status", "failed"),))] == 1
    assert values[("lyrics_unprocessed_backlog", ())] == 1
    assert 299 < values[("lyrics_oldest_unprocessed_age_seconds", ())] < 400
    assert values[("lyrics_processing_lag_seconds", (("quantile", "0.5"),))] == pytest.approx(2)
    assert values[("lyrics_processing_lag_seconds", (("quantile", "1"),))] == pytest.approx(3)
    assert values[("lyrics_processing_lag_sample_size", ())] == 2


@pytest.mark.django_db
def test_it_reports_zeros_on_an_empty_database(client):
    values = samples(client.get("/metrics"))
    assert values[("lyrics_unprocessed_backlog", ())] == 0
    assert values[("lyrics_oldest_unprocessed_age_seconds", ())] == 0
    assert values[("lyrics_processing_lag_seconds", (("quantile", "0.95"),))] == 0
