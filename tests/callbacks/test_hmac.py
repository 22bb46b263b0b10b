"""The optional HMAC signature (CONTRACT 3.3), on when SUNO_WEBHOOK_HMAC_KEY is set."""

import time

import pytest
from django.test import override_settings

from callbacks.auth import sign
from callbacks.models import Delivery
from lyricsapp.models import Task
from tests.callback_helpers import assert_nothing_stored, callback_body, post_callback

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hmac_key")]

KEY = "whsec-test-key"
TASK_ID = "3b66882fde0a5d398bd269cab6d9542b"


@pytest.fixture
def hmac_key():
    with override_settings(SUNO_WEBHOOK_HMAC_KEY=KEY):
        yield


def signed_headers(task_id=TASK_ID, timestamp=None, key=KEY):
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    return {"X-Webhook-Timestamp": timestamp, "X-Webhook-Signature": sign(key, task_id, timestamp)}


def test_it_accepts_a_valid_signature(client):
    response = post_callback(client, callback_body(TASK_ID), headers=signed_headers())
    assert response.status_code == 200
    assert response.json() == {"status": "received", "task_id": TASK_ID}
    assert Task.objects.get().task_id == TASK_ID
    assert Delivery.objects.get().outcome == "received"


def test_it_accepts_a_timestamp_within_five_minutes(client):
    headers = signed_headers(timestamp=int(time.time()) - 290)
    response = post_callback(client, callback_body(TASK_ID), headers=headers)
    assert response.status_code == 200
    assert Task.objects.count() == 1


def test_it_matches_the_documented_scheme():
    # base64(HMAC-SHA256(key, "<task_id>.<timestamp>")), computed independently.
    import base64
    import hashlib
    import hmac

    digest = hmac.new(b"k", b"abc.1700000000", hashlib.sha256).digest()
    assert sign("k", "abc", "1700000000") == base64.b64encode(digest).decode()


@pytest.mark.parametrize(
    "make_headers",
    # Built when the test runs, not at collection: the timestamps are relative to now.
    [
        pytest.param(lambda: {}, id="no headers"),
        pytest.param(lambda: {"X-Webhook-Timestamp": str(int(time.time()))}, id="no signature"),
        pytest.param(lambda: {"X-Webhook-Signature": sign(KEY, TASK_ID, "1")}, id="no timestamp"),
        pytest.param(lambda: signed_headers(key="other-key"), id="other key"),
        pytest.param(lambda: signed_headers(task_id="another-task"), id="other task id"),
        pytest.param(
            lambda: {**signed_headers(), "X-Webhook-Signature": "bm90IGEgc2lnbmF0dXJl"},
            id="garbage",
        ),
        pytest.param(
            lambda: {**signed_headers(), "X-Webhook-Timestamp": "yesterday"},
            id="timestamp not a number",
        ),
        pytest.param(lambda: signed_headers(timestamp=int(time.time()) - 330), id="stale"),
        pytest.param(
            lambda: signed_headers(timestamp=int(time.time()) + 330), id="from the future"
        ),
    ],
)
def test_it_refuses_a_bad_signature(client, make_headers):
    response = post_callback(client, callback_body(TASK_ID), headers=make_headers())
    assert response.status_code == 401
    assert set(response.json()) == {"error"}
    assert_nothing_stored()


def test_it_refuses_a_signed_duplicate_with_a_bad_signature(client):
    assert (
        post_callback(client, callback_body(TASK_ID), headers=signed_headers()).status_code == 200
    )
    response = post_callback(
        client, callback_body(TASK_ID), headers=signed_headers(key="other-key")
    )
    assert response.status_code == 401
    assert Delivery.objects.count() == 1


def test_it_still_requires_the_token(client):
    response = post_callback(client, callback_body(TASK_ID), token=None, headers=signed_headers())
    assert response.status_code == 401
    assert_nothing_stored()


@override_settings(SUNO_WEBHOOK_HMAC_KEY="")
def test_it_needs_no_signature_when_no_key_is_set(client):
    response = post_callback(client, callback_body(TASK_ID))
    assert response.status_code == 200
    assert Task.objects.count() == 1


def test_it_refuses_a_bad_signature_before_recording_an_invalid_body(client):
    body = callback_body(TASK_ID)
    body["code"] = "not a number"
    response = post_callback(client, body, headers=signed_headers(key="other-key"))
    assert response.status_code == 401
    assert_nothing_stored()


def test_it_records_a_signed_invalid_body(client):
    body = callback_body(TASK_ID)
    body["code"] = "not a number"
    response = post_callback(client, body, headers=signed_headers())
    assert response.status_code == 400
    delivery = Delivery.objects.get()
    assert (delivery.outcome, delivery.task_id) == ("invalid", TASK_ID)
    assert Task.objects.count() == 0
