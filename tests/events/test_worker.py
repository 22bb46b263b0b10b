"""Outbound events end to end: callbacks over HTTP, a real Celery worker on a
real Redis, and a real receiver verifying signatures (standardwebhooks)."""

import time

import pytest

from lyricsapp.events.models import EventAttempt, EventMessage, WebhookEndpoint
from lyricsapp.models import Task
from tests.brokers import EventsWorker, ProcessingWorker, wait_until
from tests.events.receiver import Receiver

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

QUICK_RETRIES = {"EVENTS_RETRY_BASE_SECONDS": 0.2, "EVENTS_RETRY_MAX_SECONDS": 1}


def subscribe(receiver, events=()):
    endpoint = WebhookEndpoint.objects.create(url=receiver.url, events=list(events))
    receiver.secret = endpoint.secret
    return endpoint


def test_a_receiver_failing_three_times_gets_each_event_once_in_order(start_worker, post_callback):
    start_worker(**QUICK_RETRIES)
    with Receiver(fail_first=3) as receiver:
        subscribe(receiver)
        for n in range(3):
            assert post_callback(f"task-{n}").status_code == 200

        def completed():
            return [e for e in receiver.events if e["type"] == "task.completed"]

        assert wait_until(lambda: len(completed()) >= 3, 30)
        time.sleep(1)  # nothing more arrives
    completed = completed()
    assert [e["data"]["task_id"] for e in completed] == ["task-0", "task-1", "task-2"]
    assert [status for *_, status in receiver.attempts[:4]] == [503, 503, 503, 200]
    verified_ids = [webhook_id for _, webhook_id, status in receiver.attempts if status == 200]
    assert len(verified_ids) == len(set(verified_ids))  # no event twice
    first = EventMessage.objects.order_by("id").first()
    assert first.attempts == 4 and first.status == "delivered"
    assert EventAttempt.objects.filter(message=first).count() == 4


def test_a_receiver_that_never_answers_is_disabled_after_the_window(start_worker, post_callback):
    # A window of several retries: RabbitMQ delays them by whole seconds.
    start_worker(**QUICK_RETRIES, EVENTS_TIMEOUT_SECONDS=0.3, EVENTS_RETRY_WINDOW_SECONDS=4)
    with Receiver(hang=True) as receiver:
        endpoint = subscribe(receiver, events=["task.completed"])
        assert post_callback("task-lost").status_code == 200

        def disabled():
            endpoint.refresh_from_db()
            return not endpoint.enabled

        assert wait_until(disabled, 30)
    assert endpoint.disabled_at is not None and "Every attempt failed" in endpoint.disabled_reason
    message = EventMessage.objects.get()
    assert message.status == "failed" and message.attempts >= 2
    assert all("Timeout" in a.error for a in EventAttempt.objects.all())


def test_events_wait_for_their_own_worker_and_never_hold_up_processing(
    celery_processes, post_callback
):
    celery_processes(ProcessingWorker)
    with Receiver() as receiver:
        subscribe(receiver, events=["task.completed"])
        assert post_callback("task-first").status_code == 200

        # The follow-up work is done while the event waits in its own queue.
        assert wait_until(lambda: Task.objects.filter(processed_at__isnull=False).exists(), 20)
        time.sleep(1)
        assert receiver.events == []

        celery_processes(EventsWorker)
        assert wait_until(lambda: len(receiver.events) == 1, 20)
    assert receiver.events[0]["data"]["task_id"] == "task-first"
    # Recorded just after the receiver's answer.
    assert wait_until(lambda: EventMessage.objects.get().status == "delivered", 10)
