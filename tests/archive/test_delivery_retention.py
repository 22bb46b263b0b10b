"""Raw deliveries pruned after DELIVERY_RETENTION_DAYS, in short batches."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from callbacks.models import Delivery
from lyricsapp.archive.retention import deliveries_prune
from lyricsapp.models import Lyric, Task
from tests.callback_helpers import callback_body, post_callback

DAY = timedelta(days=1)


def aged(delivery, days):
    Delivery.objects.filter(pk=delivery.pk).update(received_at=timezone.now() - days * DAY)
    return delivery


def deliver(client, task_id, title="星夜"):
    item = {"title": title, "text": "[Verse]\n月光", "status": "complete", "error_message": ""}
    post_callback(client, callback_body(task_id, items=[item]))
    return Delivery.objects.filter(task_id=task_id).order_by("-id").first()


@pytest.mark.django_db
def test_it_prunes_old_deliveries_and_keeps_the_ones_that_matter(client):
    first = aged(deliver(client, "t1"), 100)
    repeat = aged(deliver(client, "t1"), 100)
    conflict = aged(deliver(client, "t1", title="other"), 100)
    old_conflict = aged(deliver(client, "t1", title="again"), 200)
    invalid = aged(Delivery.objects.create(outcome="invalid", http_status=400), 150)
    old_invalid = aged(Delivery.objects.create(outcome="invalid", http_status=400), 181)
    young = deliver(client, "t1")
    replay = Delivery.objects.create(
        task_id="t1", outcome="duplicate", http_status=200, replay_of=repeat
    )
    assert conflict.outcome == old_conflict.outcome == "conflict"

    deleted = deliveries_prune(days=90, batch=2)

    kept = set(Delivery.objects.values_list("pk", flat=True))
    assert kept == {first.pk, conflict.pk, invalid.pk, young.pk, replay.pk}
    assert deleted == 3  # repeat, old_conflict, old_invalid
    assert old_conflict.pk not in kept and old_invalid.pk not in kept
    assert Delivery.objects.get(pk=replay.pk).replay_of is None
    assert Task.objects.get(task_id="t1").result_delivery_id == first.pk
    assert Lyric.objects.filter(task__task_id="t1").count() == 1


@pytest.mark.django_db
def test_it_keeps_the_stored_result_even_when_it_was_not_the_first(client):
    Task.objects.create(task_id="p1", status="pending")
    invalid_first = aged(
        Delivery.objects.create(task_id="p1", outcome="invalid", http_status=400), 300
    )
    stored = aged(deliver(client, "p1"), 300)
    extra = aged(deliver(client, "p1"), 300)

    deliveries_prune(days=90)

    assert set(Delivery.objects.values_list("pk", flat=True)) == {invalid_first.pk, stored.pk}
    assert not Delivery.objects.filter(pk=extra.pk).exists()


@pytest.mark.django_db
def test_zero_days_keeps_everything(client):
    aged(deliver(client, "t1"), 1000)
    aged(deliver(client, "t1"), 1000)

    assert deliveries_prune(days=0) == 0
    assert Delivery.objects.count() == 2


@pytest.mark.django_db
def test_metrics_show_table_sizes_and_the_oldest_delivery(client, django_user_model):
    aged(deliver(client, "t1"), 3)

    body = client.get("/metrics").content.decode()

    values = {
        (s.name, tuple(s.labels.values())): s.value
        for family in text_string_to_metric_families(body)
        for s in family.samples
    }
    assert values[("lyrics_table_bytes", ("callbacks_delivery",))] > 0
    assert values[("lyrics_table_bytes", ("lyricsapp_lyric",))] > 0
    assert 3 * 86400 - 60 < values[("lyrics_oldest_delivery_age_seconds", ())] < 3 * 86400 + 60


def _old_deliveries(count):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO callbacks_delivery (received_at, raw_body, body_size, content_type, "
            "headers, task_id, outcome, http_status, source, error) "
            "SELECT now() - interval '120 days', '\\x7b7d', 2, 'application/json', '{}', "
            "'old-' || (n / 2), 'duplicate', 200, 'callback', '' FROM generate_series(1, %s) n",
            [count],
        )


@pytest.mark.django_db(transaction=True)
def test_a_prune_runs_while_callbacks_arrive():
    _old_deliveries(4000)
    answers, failures = [], []

    def send(worker):
        http = Client()
        try:
            for n in range(40):
                response = post_callback(http, callback_body(f"live-{worker}-{n}"))
                answers.append(response.json()["status"])
        except Exception as exc:  # noqa: BLE001 (reported below)
            failures.append(exc)
        finally:
            connection.close()

    senders = [threading.Thread(target=send, args=(w,)) for w in range(3)]
    for sender in senders:
        sender.start()
    deleted = deliveries_prune(days=90, batch=200)
    for sender in senders:
        sender.join()

    assert failures == []
    assert answers == ["received"] * 120
    assert Task.objects.filter(task_id__startswith="live-").count() == 120
    # Each old task id keeps its first delivery: 2001 ids for 4000 rows.
    assert deleted == 4000 - 2001
    assert Delivery.objects.filter(task_id__startswith="old-").count() == 2001


@pytest.mark.django_db
def test_it_rests_three_times_as_long_as_each_batch_took(monkeypatch):
    from lyricsapp.archive import retention

    _old_deliveries(30)
    # Each batch takes 50 ms by the prune's clock; rests are recorded, not slept.
    clock = iter(x * 0.05 for x in range(1000))
    monkeypatch.setattr(retention.time, "monotonic", lambda: next(clock))
    rests = []
    monkeypatch.setattr(retention.time, "sleep", rests.append)

    deleted = deliveries_prune(days=90, batch=5, pause=0.01)

    assert deleted == 30 - 16  # each of the 16 old task ids keeps its first delivery
    # After each of the three batches (5, 5, 4 rows), none after the empty last one.
    assert rests == pytest.approx([0.15, 0.15, 0.15])
