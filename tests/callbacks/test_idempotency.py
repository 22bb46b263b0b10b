"""One task per task id: the first result is final; repeats are duplicates, others conflicts."""

import pytest

from callbacks.models import Delivery
from lyricsapp.models import Task
from tests.callback_helpers import callback_body, fixture_bytes, lyric_rows, post_callback

pytestmark = pytest.mark.django_db

TASK_ID = "3b66882fde0a5d398bd269cab6d9542b"


def outcomes():
    return list(Delivery.objects.order_by("id").values_list("outcome", flat=True))


def snapshot(task_id=TASK_ID):
    task = Task.objects.get(task_id=task_id)
    fields = (task.pk, task.status, task.code, task.msg, task.callback_type, task.completed_at)
    return fields, task.result_delivery_id, task.result_hash, lyric_rows(task)


def test_it_answers_duplicate_for_the_same_delivery_again(client):
    raw = fixture_bytes("success_doc_example")
    assert post_callback(client, raw).json() == {"status": "received", "task_id": TASK_ID}
    before = snapshot()

    response = post_callback(client, raw)

    assert response.status_code == 200
    assert response.json() == {"status": "duplicate", "task_id": TASK_ID}
    assert snapshot() == before
    assert outcomes() == ["received", "duplicate"]
    deliveries = Delivery.objects.order_by("id")
    assert [bytes(d.raw_body) for d in deliveries] == [raw, raw]
    assert Task.objects.get().result_delivery == deliveries[0]


def test_it_keeps_the_first_result_when_another_arrives(client):
    first = callback_body(TASK_ID, items=[{"title": "First", "text": "a", "status": "complete"}])
    other = callback_body(TASK_ID, items=[{"title": "Second", "text": "b", "status": "complete"}])
    post_callback(client, first)
    before = snapshot()

    response = post_callback(client, other)

    assert response.status_code == 200
    assert response.json() == {"status": "duplicate", "task_id": TASK_ID}
    assert snapshot() == before
    assert lyric_rows(Task.objects.get()) == [("First", "a", "complete", "")]
    assert outcomes() == ["received", "conflict"]
    conflict = Delivery.objects.get(outcome="conflict")
    assert conflict.task_id == TASK_ID
    assert conflict.http_status == 200
    assert b"Second" in bytes(conflict.raw_body)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda b: b.update(code=501), id="code"),
        pytest.param(lambda b: b["data"].update(data=None), id="items removed"),
        pytest.param(lambda b: b["data"]["data"].append({"title": "x"}), id="item added"),
        pytest.param(lambda b: b["data"]["data"][0].update(status="failed"), id="item status"),
        pytest.param(lambda b: b["data"]["data"][0].update(error_message="e"), id="error message"),
        pytest.param(lambda b: b["data"]["data"][0].update(text="[Verse]\n月"), id="text"),
    ],
)
def test_it_records_any_other_result_as_a_conflict(client, change):
    post_callback(client, callback_body(TASK_ID))
    before = snapshot()
    other = callback_body(TASK_ID)
    change(other)

    response = post_callback(client, other)

    assert response.json() == {"status": "duplicate", "task_id": TASK_ID}
    assert snapshot() == before
    assert outcomes() == ["received", "conflict"]


def test_it_treats_a_failure_after_success_as_a_conflict(client):
    post_callback(client, fixture_bytes("success_doc_example"))
    failure = callback_body(TASK_ID, code=531, items=None)
    failure["data"]["data"] = None
    response = post_callback(client, failure)
    assert response.json()["status"] == "duplicate"
    task = Task.objects.get()
    assert (task.status, task.code, task.lyrics.count()) == ("complete", 200, 2)
    assert outcomes() == ["received", "conflict"]


def test_other_key_casing_of_the_same_result_is_a_duplicate(client):
    snake = {
        "code": 200,
        "msg": "All generated successfully.",
        "data": {
            "callbackType": "complete",
            "task_id": TASK_ID,
            "data": [{"error_message": "", "status": "complete", "text": "t", "title": "T"}],
        },
    }
    camel = {
        "code": 200,
        "msg": "All generated successfully.",
        "data": {
            "callbackType": "complete",
            "taskId": TASK_ID,
            "lyricsData": [{"errorMessage": "", "status": "complete", "text": "t", "title": "T"}],
        },
    }
    assert post_callback(client, snake).json()["status"] == "received"
    before = snapshot()
    response = post_callback(client, camel)
    assert response.json() == {"status": "duplicate", "task_id": TASK_ID}
    assert snapshot() == before
    assert outcomes() == ["received", "duplicate"]


def test_other_wording_of_msg_is_a_duplicate(client):
    post_callback(client, callback_body(TASK_ID))
    again = callback_body(TASK_ID)
    again["msg"] = "success"
    again["data"]["callbackType"] = "first"
    response = post_callback(client, again)
    assert response.json()["status"] == "duplicate"
    assert Task.objects.get().msg == "All generated successfully."
    assert outcomes() == ["received", "duplicate"]


def test_a_pending_task_gets_its_result_from_the_first_callback(client):
    pending = Task.objects.create(task_id=TASK_ID, status="pending", prompt="a song about stars")
    raw = fixture_bytes("success_doc_example")

    response = post_callback(client, raw)

    assert response.status_code == 200
    assert response.json() == {"status": "received", "task_id": TASK_ID}
    task = Task.objects.get()
    assert task.pk == pending.pk
    assert task.prompt == "a song about stars"
    assert (task.status, task.code, task.msg, task.callback_type) == (
        "complete",
        200,
        "All generated successfully.",
        "complete",
    )
    assert task.completed_at is not None
    delivery = Delivery.objects.get()
    assert (delivery.outcome, bytes(delivery.raw_body)) == ("received", raw)
    assert task.result_delivery == delivery
    assert [row[0] for row in lyric_rows(task)] == ["星夜狂想", "Starry Night Fantasy"]

    before = snapshot()
    assert post_callback(client, raw).json()["status"] == "duplicate"
    other = callback_body(TASK_ID, code=501, items=[])
    assert post_callback(client, other).json()["status"] == "duplicate"
    assert snapshot() == before
    assert outcomes() == ["received", "duplicate", "conflict"]


def test_a_pending_task_can_fail(client):
    Task.objects.create(task_id=TASK_ID, status="pending")
    response = post_callback(
        client,
        fixture_bytes("failure_data_null").replace(
            b"2c3d4e5f60718293a4b5c6d7e8f90a1b", TASK_ID.encode()
        ),
    )
    assert response.json() == {"status": "received", "task_id": TASK_ID}
    task = Task.objects.get()
    assert (task.status, task.code, task.lyrics.count()) == ("failed", 501, 0)
    assert outcomes() == ["received"]


def test_tasks_are_independent(client):
    for task_id in ("a1", "a2", "a3"):
        assert post_callback(client, callback_body(task_id)).json()["status"] == "received"
    assert Task.objects.count() == 3
    assert outcomes() == ["received"] * 3


def test_an_invalid_delivery_changes_nothing_stored(client):
    post_callback(client, callback_body(TASK_ID))
    before = snapshot()
    bad = callback_body(TASK_ID)
    bad["code"] = "200"
    response = post_callback(client, bad)
    assert response.status_code == 400
    assert snapshot() == before
    assert outcomes() == ["received", "invalid"]
    assert Delivery.objects.get(outcome="invalid").task_id == TASK_ID
