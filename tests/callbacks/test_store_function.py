"""Without prepared statements (behind PgBouncer) the store statement runs as the
function callback_store, whose body must be today's statement."""

import pytest
from django.db import connection

from callbacks import services
from callbacks.models import Delivery
from callbacks.store_function import CALL_SQL, NAME, function_body
from lyricsapp.events.models import Event, WebhookEndpoint
from lyricsapp.models import Task
from tests.callback_helpers import callback_body, lyric_rows, post_callback

pytestmark = pytest.mark.django_db


@pytest.fixture
def unprepared():
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    connection.connection.prepare_threshold = None
    yield
    connection.connection.prepare_threshold = threshold


def test_the_installed_function_is_todays_statement():
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", [NAME])
        (source,) = cursor.fetchone()

    assert function_body(services.STORE_SQL) in source


def test_it_calls_the_function_only_without_prepared_statements(unprepared):
    assert services._store_statement() == (CALL_SQL, {})
    connection.connection.prepare_threshold = 5
    assert services._store_statement() == (services.STORE_SQL, {"prepare": True})


def test_it_stores_once_through_the_function(client, unprepared):
    WebhookEndpoint.objects.create(url="https://hooks.example.com/in", events=[])
    body = callback_body("fn-task", text="[Verse]\n月光", title="星夜")

    answers = [post_callback(client, body).json()["status"] for _ in range(2)]
    other = post_callback(client, callback_body("fn-task", text="another")).json()["status"]

    # A conflicting result is answered as a duplicate and recorded as a conflict.
    assert answers + [other] == ["received", "duplicate", "duplicate"]
    task = Task.objects.get(task_id="fn-task")
    assert [row[:2] for row in lyric_rows(task)] == [("星夜", "[Verse]\n月光")]
    outcomes = Delivery.objects.order_by("id").values_list("outcome", flat=True)
    assert list(outcomes) == ["received", "duplicate", "conflict"]
    assert list(Event.objects.values_list("type", "subject")) == [("task.completed", "fn-task")]
