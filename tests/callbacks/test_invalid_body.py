"""Bodies that are not a callback: a 400 naming the field, and only an "invalid" delivery."""

import json

import pytest

from lyricsapp.models import Task
from tests.callback_helpers import (
    assert_only_invalid_delivery,
    callback_body,
    encode,
    post_callback,
)

pytestmark = pytest.mark.django_db

TASK_ID = "3b66882fde0a5d398bd269cab6d9542b"
VALID_TEXT = json.dumps(callback_body(TASK_ID), ensure_ascii=False)


def with_data(**changes):
    body = callback_body(TASK_ID)
    body["data"].update(changes)
    return body


def with_item(**changes):
    body = callback_body(TASK_ID)
    body["data"]["data"][0].update(changes)
    return body


def without(*path):
    body = callback_body(TASK_ID)
    target = body
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return body


def refused(client, body, field, *, task_id=""):
    raw = encode(body)
    response = post_callback(client, raw)
    assert response.status_code == 400, response.content
    answer = response.json()
    assert set(answer) == {"error", "detail"}
    assert answer["error"]
    assert field in answer["detail"], answer
    delivery = assert_only_invalid_delivery(400, raw_body=raw, task_id=task_id)
    assert delivery.error == answer["error"]
    assert delivery.error_detail == answer["detail"]
    return answer


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"   \n", id="blank"),
        pytest.param(b"not json", id="text"),
        pytest.param(b'{"code": 200, "data": {', id="truncated"),
        pytest.param(b"{'code': 200}", id="single quotes"),
        pytest.param(VALID_TEXT.encode() + b"}", id="trailing garbage"),
        pytest.param(VALID_TEXT.replace('"code": 200', '"code": NaN').encode(), id="NaN"),
        pytest.param(VALID_TEXT.replace('"code": 200', '"code": Infinity').encode(), id="Infinity"),
        pytest.param(
            VALID_TEXT.replace('"code": 200', '"code": -Infinity').encode(), id="-Infinity"
        ),
        pytest.param(b'{"code": 1' + b"0" * 5000 + b"}", id="huge integer"),
        pytest.param(VALID_TEXT.replace("星夜", "a\x00b").encode(), id="raw NUL in a string"),
        pytest.param(VALID_TEXT.replace("星夜", "a\nb").encode(), id="raw newline in a string"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="deep array nesting"),
        pytest.param(b'{"a":' * 100_000 + b"1" + b"}" * 100_000, id="deep object nesting"),
    ],
)
def test_it_refuses_a_body_that_is_not_json(client, raw):
    answer = refused(client, raw, "body")
    assert answer["error"] == "body is not valid JSON"


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b'{"code": 200, "msg": "\xff"}', id="invalid byte"),
        pytest.param(VALID_TEXT.replace("星夜", "café").encode("latin-1", "replace"), id="latin-1"),
        pytest.param(VALID_TEXT.encode("utf-16"), id="UTF-16 with BOM"),
        pytest.param(VALID_TEXT.encode("utf-16-be"), id="UTF-16 big endian"),
        pytest.param(VALID_TEXT.encode("utf-32"), id="UTF-32"),
        pytest.param(b"{}" + b"\xed\xa0\x80", id="encoded surrogate"),
        pytest.param(b"\xc0\xaf", id="overlong"),
    ],
)
def test_it_refuses_a_body_that_is_not_utf8(client, raw):
    answer = refused(client, raw, "body")
    assert answer["error"] in {"body is not valid UTF-8", "body is not valid JSON"}


def test_it_refuses_utf16_even_when_it_decodes_as_utf8(client):
    # ASCII text as UTF-16-LE without a BOM is valid UTF-8 full of NULs.
    refused(client, VALID_TEXT.encode("utf-16-le"), "body")


@pytest.mark.parametrize(
    "body",
    [[], [callback_body(TASK_ID)], b'"callback"', 200, None, True],
    ids=["empty array", "array of callbacks", "string", "number", "null", "true"],
)
def test_it_refuses_a_top_level_that_is_not_an_object(client, body):
    answer = refused(client, body, "body")
    assert answer["detail"] == {"body": "must be a JSON object"}


@pytest.mark.parametrize(
    "body",
    [
        {"code": 200, "msg": "ok"},
        {"code": 501, "msg": "failed", "data": None},
        {"code": 200, "data": []},
        {"code": 200, "data": "3b66882fde0a5d398bd269cab6d9542b"},
    ],
    ids=["missing", "null", "array", "string"],
)
def test_it_refuses_data_that_is_not_an_object(client, body):
    answer = refused(client, body, "data")
    assert answer["detail"] == {"data": "must be an object"}


@pytest.mark.parametrize(
    ("task_id", "message"),
    [
        pytest.param("", "must be 1 to 128 characters long", id="empty"),
        pytest.param("a" * 129, "must be 1 to 128 characters long", id="too long"),
        pytest.param(" abc", "must not contain whitespace or control characters", id="space"),
        pytest.param("abc ", "must not contain whitespace", id="trailing space"),
        pytest.param("a b", "must not contain whitespace", id="inner space"),
        pytest.param("a\tb", "must not contain whitespace", id="tab"),
        pytest.param("a\nb", "must not contain whitespace", id="newline"),
        pytest.param("a\u3000b", "must not contain whitespace", id="ideographic space"),
        pytest.param("a\u00a0b", "must not contain whitespace", id="no-break space"),
        pytest.param("a\x00b", "must not contain whitespace or control", id="NUL"),
        pytest.param("a\x1bb", "must not contain whitespace or control", id="escape"),
        pytest.param("a\x7fb", "must not contain whitespace or control", id="DEL"),
        pytest.param("a\x85b", "must not contain whitespace or control", id="C1 control"),
        pytest.param("a\ud800b", "must not contain whitespace or control", id="lone surrogate"),
    ],
)
def test_it_refuses_a_bad_task_id(client, task_id, message):
    answer = refused(client, with_data(task_id=task_id), "data.task_id")
    assert message in answer["detail"]["data.task_id"]


def test_it_accepts_a_task_id_of_128_characters(client):
    response = post_callback(client, with_data(task_id="a" * 128))
    assert response.status_code == 200
    assert response.json() == {"status": "received", "task_id": "a" * 128}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"task_id": 12345}, "data.task_id"),
        ({"task_id": None}, "data.task_id"),
        ({"task_id": ["abc"]}, "data.task_id"),
        ({"task_id": {"id": "abc"}}, "data.task_id"),
        ({"task_id": True}, "data.task_id"),
        ({"taskId": 12345}, "data.taskId"),
        ({"taskId": ""}, "data.taskId"),
    ],
)
def test_it_refuses_a_task_id_that_is_not_a_string(client, data, field):
    body = callback_body(TASK_ID)
    del body["data"]["task_id"]
    body["data"].update(data)
    refused(client, body, field)


def test_it_requires_a_task_id(client):
    answer = refused(client, without("data", "task_id"), "data.task_id")
    assert answer["detail"] == {"data.task_id": "this field is required"}


def test_it_refuses_two_different_task_ids(client):
    refused(client, with_data(taskId="another"), "data.taskId")


def test_it_accepts_both_spellings_of_one_task_id(client):
    response = post_callback(client, with_data(taskId=TASK_ID))
    assert response.status_code == 200
    assert response.json()["status"] == "received"


@pytest.mark.parametrize(
    "code",
    ["200", 200.0, 200.5, True, False, None, [200], {"value": 200}, 2**31, -(2**31) - 1, 1e400],
    ids=lambda code: repr(code)[:20],
)
def test_it_refuses_a_code_that_is_not_an_integer(client, code):
    body = callback_body(TASK_ID)
    body["code"] = code
    raw = json.dumps(body).encode() if code != 1e400 else VALID_TEXT.replace("200", "1e400", 1)
    refused(client, raw, "code", task_id=TASK_ID)


def test_it_requires_a_code(client):
    answer = refused(client, without("code"), "code", task_id=TASK_ID)
    assert answer["detail"] == {"code": "this field is required"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**callback_body(TASK_ID), "msg": 5}, "msg"),
        ({**callback_body(TASK_ID), "msg": ["ok"]}, "msg"),
        (with_data(callbackType=1), "data.callbackType"),
        (with_data(callbackType={"type": "complete"}), "data.callbackType"),
    ],
)
def test_it_refuses_a_msg_or_callback_type_that_is_not_a_string(client, body, field):
    answer = refused(client, body, field, task_id=TASK_ID)
    assert answer["detail"] == {field: "must be a string or null"}


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ("none", "data.data"),
        ({"title": "a"}, "data.data"),
        (5, "data.data"),
        (["a"], "data.data[0]"),
        ([None], "data.data[0]"),
        ([[]], "data.data[0]"),
    ],
)
def test_it_refuses_items_of_the_wrong_shape(client, items, field):
    refused(client, with_data(data=items), field, task_id=TASK_ID)


def test_it_names_the_camel_case_items_field(client):
    body = without("data", "data")
    body["data"]["lyricsData"] = {"oops": True}
    answer = refused(client, body, "data.lyricsData", task_id=TASK_ID)
    assert answer["detail"] == {"data.lyricsData": "must be a list or null"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": 1}, "data.data[0].title"),
        ({"text": ["line"]}, "data.data[0].text"),
        ({"status": True}, "data.data[0].status"),
        ({"error_message": {"m": 1}}, "data.data[0].error_message"),
        ({"error_message": None, "errorMessage": 3}, "data.data[0].error_message"),
    ],
)
def test_it_refuses_item_fields_that_are_not_strings(client, changes, field):
    body = with_item(**changes)
    if "errorMessage" in changes:
        del body["data"]["data"][0]["error_message"]
        field = "data.data[0].errorMessage"
    answer = refused(client, body, field, task_id=TASK_ID)
    assert answer["detail"] == {field: "must be a string or null"}


def test_it_names_the_position_of_a_bad_item(client):
    body = callback_body(TASK_ID)
    body["data"]["data"].append({"title": "second", "text": 2, "status": "complete"})
    refused(client, body, "data.data[1].text", task_id=TASK_ID)


def test_it_refuses_a_bad_content_length(client):
    response = post_callback(client, callback_body(TASK_ID), CONTENT_LENGTH="twelve")
    assert response.status_code == 400
    assert response.json()["detail"] == {"Content-Length": "must be a non-negative integer"}
    assert_only_invalid_delivery(400, raw_body=b"")


def test_it_refuses_more_items_than_a_task_can_hold(client):
    body = with_data(data=[{}] * 40_000)
    answer = refused(client, body, "data.data", task_id=TASK_ID)
    assert answer["detail"] == {"data.data": "must hold at most 1000 items"}


def test_it_accepts_many_items(client):
    items = [{"title": f"t{i}", "text": "x", "status": "complete"} for i in range(1000)]
    response = post_callback(client, with_data(data=items))
    assert response.status_code == 200
    assert Task.objects.get().lyrics.count() == 1000
