"""With an HMAC key set, nothing unauthenticated is recorded or replayed (issue: HMAC bypass).

The signature is checked before the content type and the body's shape, so a
garbage signature can no longer get a body recorded as a 415 or 400 delivery
that an admin replay would then store.
"""

import json
import time

import pytest
from django.test import override_settings

from callbacks.auth import sign
from callbacks.models import Delivery
from lyricsapp.models import Task
from tests.callback_helpers import assert_nothing_stored, callback_body, encode, post_callback

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hmac_key")]

KEY = "whsec-test-key"
TASK_ID = "3b66882fde0a5d398bd269cab6d9542b"
CHANGELIST = "/admin/callbacks/delivery/"


@pytest.fixture
def hmac_key():
    with override_settings(SUNO_WEBHOOK_HMAC_KEY=KEY):
        yield


def signed(task_id=TASK_ID, key=KEY):
    timestamp = str(int(time.time()))
    return {"X-Webhook-Timestamp": timestamp, "X-Webhook-Signature": sign(key, task_id, timestamp)}


GARBAGE = {"X-Webhook-Timestamp": str(int(time.time())), "X-Webhook-Signature": "Z2FyYmFnZQ=="}


def _replay(admin_client, deliveries):
    return admin_client.post(
        CHANGELIST,
        {"action": "replay_deliveries", "_selected_action": [d.pk for d in deliveries]},
        follow=True,
    )


def test_it_refuses_text_plain_with_a_garbage_signature_before_the_content_type(client):
    response = post_callback(
        client, callback_body(TASK_ID), content_type="text/plain", headers=GARBAGE
    )
    assert response.status_code == 401
    assert response.json() == {"error": "invalid webhook signature"}
    assert_nothing_stored()


@pytest.mark.parametrize(
    "body",
    [b"not json at all", b"\xff\xfe", b"[1, 2]", json.dumps({"code": 200}).encode()],
    ids=["not json", "not utf-8", "not an object", "no task id"],
)
def test_it_refuses_a_body_whose_signature_cannot_be_verified(client, body):
    response = post_callback(client, body, headers=GARBAGE)
    assert response.status_code == 401
    assert "no readable task id" in response.json()["error"]
    assert_nothing_stored()


def test_it_refuses_an_invalid_body_with_a_garbage_signature(client):
    body = callback_body(TASK_ID)
    body["code"] = "not a number"
    response = post_callback(client, body, content_type="text/plain", headers=GARBAGE)
    assert response.status_code == 401
    assert_nothing_stored()


def test_it_records_a_signed_text_plain_body_as_an_authenticated_415(client):
    response = post_callback(
        client, callback_body(TASK_ID), content_type="text/plain", headers=signed()
    )
    assert response.status_code == 415
    delivery = Delivery.objects.get()
    assert (delivery.outcome, delivery.http_status, delivery.authenticated) == (
        "invalid",
        415,
        True,
    )


def test_it_answers_a_body_too_large_to_verify_without_recording_it(client, settings):
    settings.CALLBACK_MAX_BYTES = 100
    response = post_callback(client, callback_body(TASK_ID, padding="x" * 200), headers=GARBAGE)
    assert response.status_code == 413
    assert_nothing_stored()


def test_it_marks_a_stored_delivery_authenticated(client):
    assert post_callback(client, callback_body(TASK_ID), headers=signed()).status_code == 200
    assert Delivery.objects.get().authenticated is True


def test_it_refuses_to_replay_a_delivery_that_was_not_authenticated(client, admin_client):
    """The sequence of the review: text/plain + garbage signature, then an admin replay.

    Before the fix the POST was recorded as a 415 delivery and the replay stored
    the task. A delivery recorded that way (kept from before, not authenticated)
    is now refused by the replay.
    """
    response = post_callback(
        client, callback_body(TASK_ID), content_type="text/plain", headers=GARBAGE
    )
    assert response.status_code == 401
    assert Delivery.objects.count() == 0
    raw = encode(callback_body(TASK_ID))
    legacy = Delivery.objects.create(
        raw_body=raw,
        body_size=len(raw),
        content_type="text/plain",
        headers=GARBAGE,
        task_id="",
        outcome="invalid",
        http_status=415,
        authenticated=False,
    )
    response = _replay(admin_client, [legacy])
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        f"Not replayed (did not pass the token and signature checks when it came): #{legacy.pk}."
    ]
    assert not Task.objects.exists()
    assert Delivery.objects.count() == 1


def test_it_replays_an_authenticated_delivery(client, admin_client):
    post_callback(client, callback_body(TASK_ID), content_type="text/plain", headers=signed())
    delivery = Delivery.objects.get()
    response = _replay(admin_client, [delivery])
    assert [str(m) for m in response.context["messages"]] == ["Replayed 1 delivery: 1 received."]
    assert Task.objects.get().task_id == TASK_ID
    assert Delivery.objects.get(replay_of=delivery).authenticated is True
