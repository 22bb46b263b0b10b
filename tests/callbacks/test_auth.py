"""The shared token: from the query string or X-Callback-Token; nothing stored without it."""

import pytest
from django.test import override_settings

from lyricsapp.models import Task
from tests.callback_helpers import (
    TOKEN,
    assert_nothing_stored,
    callback_body,
    post_callback,
)

pytestmark = pytest.mark.django_db


def test_it_accepts_the_token_in_the_query_string(client):
    response = post_callback(client, callback_body("q1"))
    assert response.status_code == 200
    assert response.json() == {"status": "received", "task_id": "q1"}
    assert Task.objects.get().task_id == "q1"


def test_it_accepts_the_token_in_the_header(client):
    response = post_callback(
        client, callback_body("h1"), token=None, headers={"X-Callback-Token": TOKEN}
    )
    assert response.status_code == 200
    assert response.json() == {"status": "received", "task_id": "h1"}
    assert Task.objects.get().task_id == "h1"


@pytest.mark.parametrize(
    ("token", "headers"),
    [
        (None, None),
        ("", None),
        ("wrong-token", None),
        ("test-toke", None),
        ("test-token-", None),
        ("TEST-TOKEN", None),
        ("test%2Dtoken%00", None),
        ("t%C3%A9st-token", None),
        (None, {"X-Callback-Token": "wrong-token"}),
        (None, {"X-Callback-Token": ""}),
        (None, {"Authorization": f"Token {TOKEN}"}),
    ],
)
def test_it_refuses_a_missing_or_wrong_token(client, token, headers):
    response = post_callback(client, callback_body(), token=token, headers=headers)
    assert response.status_code == 401
    assert response.json() == {"error": "missing or invalid callback token"}
    assert_nothing_stored()


def test_it_refuses_a_wrong_query_token_even_with_a_good_header(client):
    response = post_callback(
        client, callback_body(), token="wrong", headers={"X-Callback-Token": TOKEN}
    )
    assert response.status_code == 401
    assert_nothing_stored()


def test_it_checks_the_token_before_the_body(client):
    response = post_callback(client, b"not json at all", token="wrong")
    assert response.status_code == 401
    assert "error" in response.json()
    assert_nothing_stored()


def test_it_checks_the_token_before_the_size(client):
    with override_settings(CALLBACK_MAX_BYTES=10):
        response = post_callback(client, callback_body(), token="wrong")
    assert response.status_code == 401
    assert_nothing_stored()


@override_settings(SUNO_CALLBACK_TOKEN="")
def test_it_refuses_everything_when_no_token_is_configured(client):
    response = post_callback(client, callback_body(), token="")
    assert response.status_code == 401
    assert_nothing_stored()
