"""Secret rotation: several comma-separated tokens and HMAC keys, all accepted at once."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from callbacks.auth import sign
from lyricsapp.models import Task
from lyricsapp.provider.services import callback_url
from tests.callback_helpers import callback_body, post_callback

pytestmark = pytest.mark.django_db


def signed(task_id, key):
    timestamp = str(int(time.time()))
    return {"X-Webhook-Timestamp": timestamp, "X-Webhook-Signature": sign(key, task_id, timestamp)}


@override_settings(SUNO_CALLBACK_TOKEN="new-token, old-token")
@pytest.mark.parametrize("token", ["new-token", "old-token"])
def test_it_accepts_every_listed_token(client, token):
    response = post_callback(client, callback_body("t-" + token), token=token)
    assert response.status_code == 200
    assert Task.objects.filter(task_id="t-" + token).exists()


@override_settings(SUNO_CALLBACK_TOKEN="new-token,old-token")
@pytest.mark.parametrize("token", ["new-token,old-token", "other", "", "new", ","])
def test_it_refuses_anything_else(client, token):
    response = post_callback(client, callback_body("t1"), token=token)
    assert response.status_code == 401
    assert not Task.objects.exists()


@override_settings(SUNO_CALLBACK_TOKEN="new-token,old-token")
def test_it_accepts_every_listed_token_in_the_header(client):
    response = post_callback(
        client, callback_body("t1"), token=None, headers={"X-Callback-Token": "old-token"}
    )
    assert response.status_code == 200


@override_settings(SUNO_CALLBACK_TOKEN="new-token,old-token")
def test_it_sends_the_first_token_with_new_submissions():
    query = parse_qs(urlsplit(callback_url()).query)
    assert query == {"token": ["new-token"]}


@override_settings(SUNO_WEBHOOK_HMAC_KEY="new-key,old-key")
@pytest.mark.parametrize("key", ["new-key", "old-key"])
def test_it_accepts_a_signature_by_any_listed_key(client, key):
    response = post_callback(client, callback_body("t-" + key), headers=signed("t-" + key, key))
    assert response.status_code == 200


@override_settings(SUNO_WEBHOOK_HMAC_KEY="new-key,old-key")
def test_it_refuses_a_signature_by_an_unlisted_key(client):
    response = post_callback(client, callback_body("t1"), headers=signed("t1", "retired-key"))
    assert response.status_code == 401
    assert not Task.objects.exists()


def test_it_follows_the_documented_procedure(client, settings):
    """docs/security.md: add the new token first, move the provider, drop the old one."""
    settings.SUNO_CALLBACK_TOKEN = "old-token"
    assert post_callback(client, callback_body("a"), token="old-token").status_code == 200
    settings.SUNO_CALLBACK_TOKEN = "new-token,old-token"
    # In flight with the old token, new submissions with the new one: both arrive.
    assert post_callback(client, callback_body("b"), token="old-token").status_code == 200
    assert "token=new-token" in callback_url()
    assert post_callback(client, callback_body("c"), token="new-token").status_code == 200
    settings.SUNO_CALLBACK_TOKEN = "new-token"
    assert post_callback(client, callback_body("d"), token="old-token").status_code == 401
    assert sorted(Task.objects.values_list("task_id", flat=True)) == ["a", "b", "c"]
