from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from callbacks.models import Delivery
from lyricsapp.models import Task
from lyricsapp.provider.services import task_submit, tasks_reconcile

pytestmark = pytest.mark.django_db


def _user():
    return get_user_model().objects.create_user("poet")


def _age(task, seconds):
    Task.objects.filter(pk=task.pk).update(created_at=timezone.now() - timedelta(seconds=seconds))


def test_it_stores_a_lost_callback_by_polling(provider):
    task = task_submit(user=_user(), prompt="paper boats #lost #delay=0")
    _age(task, 200)
    report = tasks_reconcile()
    assert (report.polled, report.stored) == (1, 1)
    task.refresh_from_db()
    assert task.status == "complete" and task.code == 200
    assert [lyric.title for lyric in task.lyrics.order_by("position")] == [
        "Paper Boats (1)",
        "Paper Boats (2)",
    ]
    delivery = Delivery.objects.get(task_id=task.task_id)
    assert (delivery.source, delivery.outcome, delivery.remote_addr) == ("poll", "received", None)
    assert delivery.headers == {"X-Lyrics-Source": "poll"}
    assert b'"status": "SUCCESS"' in bytes(delivery.raw_body)
    assert task.result_delivery_id == delivery.pk


def test_it_leaves_young_tasks_to_their_callback(provider):
    task = task_submit(user=_user(), prompt="fresh #lost #delay=0")
    report = tasks_reconcile()
    assert report.polled == 0
    assert Task.objects.get(pk=task.pk).status == "pending"
    assert [r for r in provider.requests if r[1] == "GET"] == []


def test_it_polls_one_task_at_most_every_interval(provider, settings):
    settings.SUNO_POLL_INTERVAL_SECONDS = 30
    task = task_submit(user=_user(), prompt="slow #lost #delay=60")
    _age(task, 200)
    assert tasks_reconcile().polled == 1
    assert tasks_reconcile().polled == 0
    task.refresh_from_db()
    assert task.status == "pending" and task.last_polled_at is not None
    later = timezone.now() + timedelta(seconds=31)
    assert tasks_reconcile(now=later).polled == 1
    assert len([r for r in provider.requests if r[1] == "GET"]) == 2


def test_it_fails_a_task_past_the_deadline_after_a_last_look(provider, settings):
    settings.SUNO_PENDING_DEADLINE_SECONDS = 600
    task = task_submit(user=_user(), prompt="never #lost #delay=3600")
    _age(task, 601)
    report = tasks_reconcile()
    assert (report.polled, report.expired) == (1, 1)
    task.refresh_from_db()
    assert (task.status, task.code, task.callback_type) == ("failed", 408, "timeout")
    assert "within 10 minutes" in task.msg
    sources = list(Delivery.objects.filter(task_id=task.task_id).values_list("source", "outcome"))
    assert sources == [("deadline", "received")]


def test_it_expires_without_polling_when_the_provider_is_off(provider, settings):
    task = task_submit(user=_user(), prompt="orphan #lost #delay=3600")
    settings.SUNO_API_KEY = ""
    _age(task, settings.SUNO_PENDING_DEADLINE_SECONDS + 1)
    assert tasks_reconcile().expired == 1
    assert Task.objects.get(pk=task.pk).status == "failed"
    assert [r for r in provider.requests if r[1] == "GET"] == []


def test_it_backs_off_when_the_provider_is_busy(provider):
    user = _user()
    tasks = [task_submit(user=user, prompt=f"busy {n} #lost #delay=0") for n in range(3)]
    for task in tasks:
        _age(task, 200)
    provider.record_errors.append(430)
    report = tasks_reconcile()
    assert (report.polled, report.errors, report.backed_off) == (1, 1, True)
    assert Task.objects.filter(status="pending").count() == 3
