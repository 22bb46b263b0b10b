"""The one home of the callback tests' helpers: URL, token, bodies, posting, checks."""

import json
from pathlib import Path

from callbacks.models import Delivery
from lyricsapp.models import Lyric, Task

URL = "/callbacks/suno/lyrics/"
TOKEN = "test-token"
FIXTURES = Path(__file__).parent / "fixtures" / "callbacks"


def fixture_bytes(name):
    """A stored provider payload, byte for byte as it would arrive."""
    return (FIXTURES / f"{name}.json").read_bytes()


def callback_body(
    task_id="3b66882fde0a5d398bd269cab6d9542b",
    *,
    code=200,
    items=None,
    text="[Verse]\n月光",
    title="星夜",
    **data,
):
    """A valid callback document in the provider's documented shape; one item unless
    ``items`` are given."""
    if items is None:
        items = [{"error_message": "", "status": "complete", "text": text, "title": title}]
    return {
        "code": code,
        "msg": "All generated successfully.",
        "data": {"callbackType": "complete", "task_id": task_id, "data": items, **data},
    }


def encode(body):
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    try:
        return json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates can only travel as \uXXXX escapes.
        return json.dumps(body).encode("ascii")


def post_callback(
    client, body, *, token=TOKEN, content_type="application/json", headers=None, **extra
):
    """POST ``body`` (bytes, str or a document) the way the provider does."""
    path = URL if token is None else f"{URL}?token={token}"
    # The test client drops the content type of an empty body; the provider does not.
    extra.setdefault("CONTENT_TYPE", content_type)
    return client.generic(
        "POST", path, encode(body), content_type=content_type, headers=headers, **extra
    )


def assert_nothing_stored():
    assert Delivery.objects.count() == 0
    assert Task.objects.count() == 0
    assert Lyric.objects.count() == 0


def assert_only_invalid_delivery(http_status, *, raw_body=None, task_id=""):
    """A refused body leaves one "invalid" delivery and nothing else."""
    assert Task.objects.count() == 0
    assert Lyric.objects.count() == 0
    delivery = Delivery.objects.get()
    assert delivery.outcome == "invalid"
    assert delivery.http_status == http_status
    assert delivery.task_id == task_id
    assert delivery.error
    if raw_body is not None:
        assert bytes(delivery.raw_body) == raw_body
    return delivery


def lyric_rows(task):
    return list(
        task.lyrics.order_by("position").values_list("title", "text", "status", "error_message")
    )
