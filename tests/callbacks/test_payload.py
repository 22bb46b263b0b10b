"""Unit tests of callbacks.payload: decoding, tolerant parsing, the result hash."""

import hashlib
import json

import pytest

from callbacks.payload import (
    InvalidPayload,
    LyricItem,
    clean_text,
    decode_json,
    parse_callback,
    result_hash,
)


def document(items=None, code=200, **data):
    return {"code": code, "msg": "m", "data": {"task_id": "t1", "data": items, **data}}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ("", ""),
        ("a\x00b\x00", "ab"),
        ("\x00", ""),
        ("a\ud800b", "a\ufffdb"),
        ("\udfff\ud800", "\ufffd\ufffd"),
        ("月光\x00🌸", "月光🌸"),
        ("tab\tnewline\n", "tab\tnewline\n"),
    ],
)
def test_clean_text(value, expected):
    assert clean_text(value) == expected


def test_decode_json_skips_a_utf8_bom():
    assert decode_json(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}


@pytest.mark.parametrize(
    "raw", [b"NaN", b"[Infinity]", b'{"a": -Infinity}', b"\xff", b"", b"[" * 50_000]
)
def test_decode_json_refuses(raw):
    with pytest.raises(InvalidPayload) as info:
        decode_json(raw)
    assert "body" in info.value.detail


@pytest.mark.parametrize(
    ("items", "code", "status"),
    [
        ([{"status": "complete"}], 200, "complete"),
        ([{"status": "failed"}, {"status": "complete"}], 200, "complete"),
        ([{"status": "failed"}], 200, "failed"),
        ([{"status": "COMPLETE"}], 200, "failed"),
        ([{"status": "queued"}], 200, "failed"),
        ([], 200, "failed"),
        (None, 200, "failed"),
        ([{"status": "complete"}], 531, "failed"),
        (None, 999, "failed"),
    ],
)
def test_task_status(items, code, status):
    assert parse_callback(document(items, code)).status == status


@pytest.mark.parametrize("key", ["data", "lyricsData"])
@pytest.mark.parametrize("message_key", ["error_message", "errorMessage"])
def test_it_reads_both_spellings_of_items_and_error_message(key, message_key):
    body = {"code": 200, "data": {"taskId": "t1", key: [{"status": "failed", message_key: "e"}]}}
    callback = parse_callback(body)
    assert callback.task_id == "t1"
    assert callback.items == [LyricItem(title="", text="", status="failed", error_message="e")]


def test_missing_and_null_fields_become_empty_strings():
    callback = parse_callback({"code": 200, "msg": None, "data": {"task_id": "t", "data": [{}]}})
    assert (callback.msg, callback.callback_type) == ("", "")
    assert callback.items == [LyricItem("", "", "", "")]


def test_the_result_hash_ignores_spelling_msg_and_callback_type():
    snake = {
        "code": 200,
        "msg": "a",
        "data": {
            "task_id": "t",
            "callbackType": "complete",
            "data": [{"title": "T", "text": "x", "status": "complete", "error_message": ""}],
        },
    }
    camel = {
        "code": 200,
        "msg": "b",
        "data": {
            "taskId": "t",
            "callbackType": "first",
            "lyricsData": [{"title": "T", "text": "x", "status": "complete", "errorMessage": ""}],
            "extra": 1,
        },
    }
    assert parse_callback(snake).result_hash == parse_callback(camel).result_hash


@pytest.mark.parametrize(
    "other",
    [
        document([{"title": "T", "text": "x", "status": "complete"}], code=501),
        document([{"title": "T2", "text": "x", "status": "complete"}]),
        document([{"title": "T", "text": "y", "status": "complete"}]),
        document([{"title": "T", "text": "x", "status": "failed"}]),
        document([{"title": "T", "text": "x", "status": "complete", "error_message": "e"}]),
        document([{"title": "T", "text": "x", "status": "complete"}, {}]),
        document([]),
        # Field boundaries matter: moving text between fields is another result.
        document([{"title": "Tx", "text": "", "status": "complete"}]),
    ],
)
def test_the_result_hash_tells_results_apart(other):
    base = parse_callback(document([{"title": "T", "text": "x", "status": "complete"}]))
    assert parse_callback(other).result_hash != base.result_hash


def test_null_and_empty_items_are_the_same_result():
    assert parse_callback(document(None)).result_hash == parse_callback(document([])).result_hash


def test_the_result_hash_copes_with_cleaned_surrogates():
    callback = parse_callback(document([{"title": "\ud800"}]))
    assert len(callback.result_hash) == 64


def test_an_error_after_the_task_id_carries_it():
    with pytest.raises(InvalidPayload) as info:
        parse_callback(document([{"title": 1}]))
    assert info.value.task_id == "t1"
    assert info.value.detail == {"data.data[0].title": "must be a string or null"}


def test_an_error_in_the_task_id_carries_none():
    with pytest.raises(InvalidPayload) as info:
        parse_callback({"code": 200, "data": {"task_id": "a b"}})
    assert info.value.task_id == ""


def test_long_values_are_cut_to_their_columns():
    callback = parse_callback(document([{"status": "s" * 40}], callbackType="c" * 100))
    assert callback.callback_type == "c" * 64
    assert callback.items[0].status == "s" * 32


def test_it_names_every_bad_field_at_once():
    body = {"code": "200", "msg": 5, "data": {"task_id": "t1", "data": [{}, {"title": 1}]}}
    with pytest.raises(InvalidPayload) as info:
        parse_callback(body)
    assert info.value.detail == {
        "code": "must be an integer",
        "msg": "must be a string or null",
        "data.data[1].title": "must be a string or null",
    }
    assert info.value.task_id == "t1"


def test_it_names_at_most_ten_bad_fields():
    with pytest.raises(InvalidPayload) as info:
        parse_callback(document([{"title": 1, "text": 2}] * 50))
    assert len(info.value.detail) == 10
    assert list(info.value.detail)[:3] == [
        "data.data[0].title",
        "data.data[0].text",
        "data.data[1].title",
    ]


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"error_message": "first", "errorMessage": 5}, "first"),
        ({"error_message": None, "errorMessage": "second"}, ""),
        ({"errorMessage": "second"}, "second"),
    ],
)
def test_the_first_spelling_present_wins(item, message):
    assert parse_callback(document([item])).items[0].error_message == message


def test_a_bad_task_id_and_a_bad_code_are_both_named_without_a_task_id():
    with pytest.raises(InvalidPayload) as info:
        parse_callback({"code": None, "data": {"task_id": "a b"}})
    assert set(info.value.detail) == {"data.task_id", "code"}
    assert info.value.task_id == ""


@pytest.mark.parametrize("item", ["a", None, [], 5, True])
def test_it_names_an_item_that_is_not_an_object(item):
    with pytest.raises(InvalidPayload) as info:
        parse_callback(document([{}, item]))
    assert info.value.detail == {"data.data[1]": "must be an object"}


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "星夜狂想 — 月光",
        "line\nbreak\ttab\r\x00\x1f\x7f\x85",
        '\u2028\u2029 quotes " \\ / \ufeff',
        "\U0001f338 astral",
        "lone \ud800 surrogate",
    ],
)
def test_the_result_hash_is_the_sha256_of_json_dumps(text):
    items = [[text, text, "complete", ""]]
    canonical = json.dumps([200, items], ensure_ascii=False, separators=(",", ":"))
    expected = hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
    assert result_hash(200, items) == expected
    assert result_hash(None, []) == hashlib.sha256(b"[null,[]]").hexdigest()
