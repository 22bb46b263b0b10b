"""SUNO_CONFIRM_CALLBACKS: a callback is held until the provider's record confirms it."""

import pytest
from django.contrib.auth import get_user_model

from callbacks.models import Delivery
from lyricsapp.models import Task
from lyricsapp.provider import tasks as provider_tasks
from lyricsapp.provider.services import task_submit
from project.celery import app as celery_app
from tests.callback_helpers import post_callback

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirming(provider, settings, monkeypatch):
    settings.SUNO_CONFIRM_CALLBACKS = True
    queued = []
    monkeypatch.setattr(provider_tasks.provider_confirm, "delay", queued.append)
    return queued


def _forged(task_id):
    return {
        "code": 200,
        "msg": "ok",
        "data": {
            "task_id": task_id,
            "data": [{"title": "Forged", "text": "x", "status": "complete"}],
        },
    }


def test_it_holds_the_callback_and_stores_the_record(
    client, provider, confirming, django_capture_on_commit_callbacks
):
    task = task_submit(
        user=get_user_model().objects.create_user("poet"), prompt="river song #lost #delay=0"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post_callback(client, _forged(task.task_id))
    assert response.status_code == 200
    assert response.json() == {"status": "received", "task_id": task.task_id}
    assert Task.objects.get(pk=task.pk).status == "pending"
    assert Delivery.objects.get().outcome == "unconfirmed"
    assert confirming == [task.task_id]

    celery_app.conf.task_always_eager = True
    try:
        provider_tasks.provider_confirm.apply(args=[task.task_id]).get()
    finally:
        celery_app.conf.task_always_eager = False
    task.refresh_from_db()
    assert task.status == "complete"
    assert sorted(task.lyrics.values_list("title", flat=True)) == [
        "River Song (1)",
        "River Song (2)",
    ]
    confirmed = Delivery.objects.get(outcome="received")
    assert confirmed.source == "poll" and task.result_delivery_id == confirmed.pk


def test_it_answers_a_repeat_as_duplicate_without_asking_again(client, provider, confirming):
    body = _forged("unknown-task")
    first = post_callback(client, body)
    second = post_callback(client, body)
    assert (first.json()["status"], second.json()["status"]) == ("received", "duplicate")
    assert Task.objects.get(task_id="unknown-task").status == "pending"
    assert list(Delivery.objects.values_list("outcome", flat=True)) == [
        "unconfirmed",
        "unconfirmed",
    ]
    assert provider.requests == []  # the provider is asked by the worker, not in the request


def test_it_compares_callbacks_for_stored_tasks_as_usual(client, confirming):
    Task.objects.create(task_id="done", status="complete", code=200, result_hash="x")
    response = post_callback(client, _forged("done"))
    assert response.json()["status"] == "duplicate"
    assert Delivery.objects.get().outcome == "conflict"
    assert confirming == []


def test_it_asks_again_while_the_record_is_pending(provider, settings):
    task = task_submit(
        user=get_user_model().objects.create_user("poet"), prompt="patience #lost #delay=60"
    )
    celery_app.conf.task_always_eager = True
    try:
        provider_tasks.provider_confirm.apply(args=[task.task_id]).get()
    finally:
        celery_app.conf.task_always_eager = False
    gets = [r for r in provider.requests if r[1] == "GET"]
    assert len(gets) == 1 + provider_tasks.provider_confirm.max_retries
    task.refresh_from_db()
    assert task.status == "pending" and task.last_polled_at is not None
