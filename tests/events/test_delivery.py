"""Outbound events, dispatched and sent in this process to a real HTTP
receiver that verifies each signature with the standardwebhooks library."""

import pytest
from django.test import override_settings

from lyricsapp.events import delivery, dispatch
from lyricsapp.events.models import Event, EventAttempt, EventMessage, WebhookEndpoint
from lyricsapp.events.publish import event_publish
from lyricsapp.models import Lyric, Task
from lyricsapp.processing.services import task_process
from tests.events.receiver import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    with Receiver() as receiver:
        yield receiver


def subscribe(receiver, events=()):
    endpoint = WebhookEndpoint.objects.create(url=receiver.url, events=list(events))
    receiver.secret = endpoint.secret
    return endpoint


def send_all(endpoint):
    dispatch.events_dispatch()
    return delivery.endpoint_deliver(endpoint_id=endpoint.pk)


def test_it_sends_a_signed_task_completed_event(client, post_callback, receiver):
    endpoint = subscribe(receiver)
    assert post_callback("task-one").status_code == 200
    assert send_all(endpoint) == ("done", None)
    [payload] = receiver.events
    assert payload["type"] == "task.completed"
    assert payload["timestamp"]
    assert payload["data"]["task_id"] == "task-one"
    assert payload["data"]["status"] == "complete"
    assert payload["data"]["deliveries"] == 1
    assert payload["data"]["lyrics"][0]["title"] == "星夜"
    message = EventMessage.objects.get()
    assert (message.status, message.attempts) == ("delivered", 1)
    attempt = EventAttempt.objects.get()
    assert attempt.success and attempt.status_code == 200
    assert attempt.latency_ms > 0 and attempt.response == '{"status": 200}'
    assert receiver.attempts[0][1] == message.event.webhook_id


def test_it_writes_no_event_without_an_endpoint(post_callback):
    assert post_callback("task-quiet").status_code == 200
    assert Event.objects.count() == 0


def test_it_writes_only_the_events_an_endpoint_wants(post_callback, receiver):
    endpoint = subscribe(receiver, events=["task.failed"])
    post_callback("task-ok")
    post_callback("task-bad", code=501)
    assert list(Event.objects.values_list("type", "subject")) == [("task.failed", "task-bad")]
    send_all(endpoint)
    assert [(e["type"], e["data"]["task_id"]) for e in receiver.events] == [
        ("task.failed", "task-bad")
    ]
    assert receiver.events[0]["data"]["code"] == 501


def test_a_disabled_endpoint_gets_nothing(post_callback, receiver):
    endpoint = subscribe(receiver)
    endpoint.enabled = False
    endpoint.save()
    post_callback("task-off")
    assert Event.objects.count() == 0


def test_it_publishes_lyric_processed_with_the_analysis(post_callback, receiver):
    endpoint = subscribe(receiver, events=["lyric.processed"])
    post_callback("task-proc")
    assert task_process(task_id="task-proc")
    send_all(endpoint)
    [payload] = receiver.events
    lyric = Lyric.objects.get()
    assert payload["type"] == "lyric.processed"
    assert payload["data"]["id"] == lyric.pk
    assert payload["data"]["sections"][0]["label"] == "Verse"
    assert payload["data"]["language"] == lyric.language != ""


def test_a_rolled_back_change_publishes_nothing(receiver):
    subscribe(receiver)
    with pytest.raises(RuntimeError), __import__("django").db.transaction.atomic():
        event_publish(type="task.completed", subject="gone")
        raise RuntimeError("rolled back")
    assert Event.objects.count() == 0


def test_it_refuses_an_unknown_event_type():
    with pytest.raises(ValueError, match="unknown event type"):
        event_publish(type="task.exploded", data={})


@override_settings(EVENTS_ALLOW_PRIVATE=False)
def test_it_refuses_to_send_to_a_loopback_address(post_callback, receiver):
    endpoint = subscribe(receiver)  # registered while private addresses were allowed
    post_callback("task-ssrf")
    send_all(endpoint)
    assert receiver.attempts == []
    attempt = EventAttempt.objects.get()
    assert not attempt.success and attempt.status_code is None
    assert "127.0.0.1" in attempt.error and "loopback" in attempt.error


def test_it_follows_no_redirect(post_callback, receiver, settings):
    receiver.fail_first = 0
    endpoint = subscribe(receiver)
    endpoint.url = receiver.url.replace("/hooks/lyrics", "/redirect")
    endpoint.save()

    def redirect(body, headers):
        return 302, None

    receiver.answer = redirect
    post_callback("task-redirect")
    state, _ = send_all(endpoint)
    assert state == "later"
    attempt = EventAttempt.objects.get()
    assert attempt.status_code == 302 and not attempt.success
    assert len(receiver.attempts) == 1


def test_it_retries_later_with_backoff_and_keeps_the_order(post_callback, receiver, settings):
    settings.EVENTS_RETRY_BASE_SECONDS = 0
    receiver.fail_first = 3
    endpoint = subscribe(receiver)
    for n in range(3):
        post_callback(f"task-{n}")
    dispatch.events_dispatch()
    for _ in range(3):
        assert delivery.endpoint_deliver(endpoint_id=endpoint.pk)[0] == "later"
    assert delivery.endpoint_deliver(endpoint_id=endpoint.pk) == ("done", None)
    assert [e["data"]["task_id"] for e in receiver.events] == ["task-0", "task-1", "task-2"]
    first = EventMessage.objects.order_by("id").first()
    assert first.attempts == 4
    assert [a.status_code for a in first.log.order_by("id")] == [503, 503, 503, 200]


def test_the_backoff_grows_and_stays_under_the_cap(settings):
    settings.EVENTS_RETRY_BASE_SECONDS = 5
    settings.EVENTS_RETRY_MAX_SECONDS = 1800
    assert [delivery.retry_delay(n) for n in (1, 2, 3, 4, 10, 20)] == [5, 10, 20, 40, 1800, 1800]


def test_it_disables_the_endpoint_after_the_window(post_callback, receiver, settings):
    settings.EVENTS_RETRY_WINDOW_SECONDS = 0
    receiver.fail_first = 100
    endpoint = subscribe(receiver)
    post_callback("task-a")
    post_callback("task-b")
    assert send_all(endpoint) == ("done", None)
    endpoint.refresh_from_db()
    assert not endpoint.enabled and endpoint.disabled_at is not None
    assert "Every attempt failed" in endpoint.disabled_reason
    assert set(EventMessage.objects.values_list("status", flat=True)) == {"failed"}


def test_a_replay_sends_the_event_again(post_callback, receiver):
    endpoint = subscribe(receiver)
    post_callback("task-replay")
    send_all(endpoint)
    assert delivery.message_replay(message_ids=[EventMessage.objects.get().pk]) == {endpoint.pk}
    delivery.endpoint_deliver(endpoint_id=endpoint.pk)
    assert [e["data"]["task_id"] for e in receiver.events] == ["task-replay"] * 2
    assert len({a[1] for a in receiver.attempts}) == 1  # the same webhook-id: deduplicable
    assert Task.objects.count() == 1
