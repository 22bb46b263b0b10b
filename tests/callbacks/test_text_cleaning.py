"""Text PostgreSQL cannot hold is cleaned in the parsed fields, kept byte-exact in the raw body."""

import pytest

from callbacks.models import Delivery
from lyricsapp.models import Task
from tests.callback_helpers import callback_body, lyric_rows, post_callback

pytestmark = pytest.mark.django_db

TASK_ID = "3b66882fde0a5d398bd269cab6d9542b"


def post_raw(client, raw):
    response = post_callback(client, raw)
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "received", "task_id": TASK_ID}
    delivery = Delivery.objects.get()
    assert bytes(delivery.raw_body) == raw
    assert delivery.outcome == "received"
    return Task.objects.get()


def test_it_drops_nul_characters_from_every_text_field(client):
    # JSON carries NUL as the escape \u0000; these are the body's exact bytes.
    raw = (
        b'{"code": 200, "msg": "All\\u0000 generated", "data": {'
        b'"callbackType": "comp\\u0000lete", "task_id": "' + TASK_ID.encode() + b'", "data": ['
        b'{"title": "\\u0000\xe6\x98\x9f\\u0000\xe5\xa4\x9c\\u0000", '
        b'"text": "[Verse]\\n\xe6\x9c\x88\\u0000\xe5\x85\x89", "status": "complete", '
        b'"error_message": "\\u0000"}, '
        b'{"title": "", "text": "", "status": "fail\\u0000ed", '
        b'"errorMessage": "bad\\u0000 input"}]}}'
    )
    task = post_raw(client, raw)
    assert (task.status, task.msg, task.callback_type) == ("complete", "All generated", "complete")
    assert lyric_rows(task) == [
        ("星夜", "[Verse]\n月光", "complete", ""),
        ("", "", "failed", "bad input"),
    ]
    assert b"\\u0000" in bytes(Delivery.objects.get().raw_body)


def test_it_replaces_lone_surrogates(client):
    raw = (
        b'{"code": 200, "msg": "ok\\ud800", "data": {"task_id": "' + TASK_ID.encode() + b'", '
        b'"callbackType": "\\udfffcomplete", "data": [{"title": "a\\ud800b", '
        b'"text": "x\\udc00y", "status": "complete", "error_message": "\\udbff"}]}}'
    )
    task = post_raw(client, raw)
    assert (task.msg, task.callback_type) == ("ok\ufffd", "\ufffdcomplete")
    assert lyric_rows(task) == [("a\ufffdb", "x\ufffdy", "complete", "\ufffd")]


def test_it_keeps_surrogate_pairs(client):
    # "\ud83c\udf38" is one character (🌸), not two lone surrogates.
    raw = (
        b'{"code": 200, "data": {"task_id": "' + TASK_ID.encode() + b'", '
        b'"data": [{"title": "\\ud83c\\udf38", "text": "", "status": "complete"}]}}'
    )
    task = post_raw(client, raw)
    assert lyric_rows(task) == [("🌸", "", "complete", "")]


def test_a_cleaned_repeat_is_a_duplicate(client):
    first = callback_body(TASK_ID, items=[{"title": "a\x00b", "text": "t", "status": "complete"}])
    again = callback_body(TASK_ID, items=[{"title": "ab", "text": "t", "status": "complete"}])
    assert post_callback(client, first).json()["status"] == "received"
    assert post_callback(client, again).json()["status"] == "duplicate"
    assert list(Delivery.objects.order_by("id").values_list("outcome", flat=True)) == [
        "received",
        "duplicate",
    ]


def test_it_keeps_long_item_statuses_storable(client):
    status = "moderated-by-the-provider-for-review-" * 3
    body = callback_body(TASK_ID, items=[{"title": "t", "text": "x", "status": status}])
    response = post_callback(client, body)
    assert response.status_code == 200
    task = Task.objects.get()
    assert task.status == "failed"
    stored = task.lyrics.get().status
    assert status.startswith(stored)
    assert stored
