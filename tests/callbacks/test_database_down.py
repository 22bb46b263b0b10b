"""With PostgreSQL unreachable the endpoint answers 503 with Retry-After, within 5 s."""

import threading
import time

import pytest
from django.db import connection

from callbacks.models import Delivery
from lyricsapp.models import Task
from tests.callback_helpers import callback_body, post_callback
from tests.database_helpers import database_at

# The connection is closed and reopened elsewhere, which a test wrapped in a
# transaction cannot survive.
pytestmark = pytest.mark.django_db(transaction=True)


def assert_fast_503(client, body, port, limit=5.0):
    """POST from another thread so that a hang fails the test instead of stalling it."""
    answers = []

    def deliver():
        try:
            answers.append(post_callback(client, body))
        finally:
            connection.close()

    with database_at(port):
        started = time.monotonic()
        thread = threading.Thread(target=deliver, daemon=True)
        thread.start()
        thread.join(timeout=limit)
        elapsed = time.monotonic() - started
    assert not thread.is_alive(), f"no answer within {limit} s"
    response = answers[0]
    assert response.status_code == 503
    assert response.json() == {"error": "database unavailable, please retry"}
    assert int(response["Retry-After"]) > 0
    return elapsed


def test_it_answers_503_when_the_database_refuses_connections(client, closed_port):
    elapsed = assert_fast_503(client, callback_body(), closed_port)
    assert elapsed < 1
    # Back on the real database, nothing was stored and the next delivery works.
    assert Delivery.objects.count() == 0
    assert post_callback(client, callback_body()).json()["status"] == "received"
    assert Task.objects.count() == 1


def test_it_answers_503_when_the_database_never_answers(client, black_hole_port):
    # Only the connect timeout bounds this one.
    assert_fast_503(client, callback_body(), black_hole_port)
    assert Delivery.objects.count() == 0
    assert post_callback(client, callback_body()).json()["status"] == "received"


def test_it_answers_503_for_an_invalid_body_it_cannot_record(client, closed_port):
    assert_fast_503(client, b"not json", closed_port)
    assert Delivery.objects.count() == 0


def test_it_still_refuses_a_bad_token_without_the_database(client, closed_port):
    with database_at(closed_port):
        response = post_callback(client, callback_body(), token="wrong")
    assert response.status_code == 401
    assert Delivery.objects.count() == 0


def test_the_connect_timeout_is_short():
    assert 0 < int(connection.settings_dict["OPTIONS"]["connect_timeout"]) <= 4
