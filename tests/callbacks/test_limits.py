"""413 before reading the body, 415 for other content types, 405 for other methods."""

import io
import json

import pytest
from django.test import RequestFactory, override_settings

from callbacks.models import Delivery
from callbacks.views import LyricsCallbackView
from lyricsapp.models import Task
from tests.callback_helpers import (
    URL,
    assert_nothing_stored,
    assert_only_invalid_delivery,
    callback_body,
    encode,
    post_callback,
)

pytestmark = pytest.mark.django_db


class UnreadableStream(io.RawIOBase):
    """A request body that fails the test if anyone reads it."""

    def readable(self):
        return True

    def readinto(self, buffer):
        raise AssertionError("the body was read")


def test_it_refuses_a_body_over_the_limit_from_its_content_length(client):
    with override_settings(CALLBACK_MAX_BYTES=100):
        response = post_callback(
            client,
            b"",
            CONTENT_LENGTH="101",
            **{"wsgi.input": UnreadableStream()},
        )
    assert response.status_code == 413
    assert response.json() == {"error": "body is larger than the limit of 100 bytes"}
    delivery = assert_only_invalid_delivery(413, raw_body=b"")
    assert delivery.body_size == 101


def test_it_records_a_huge_announced_size(client):
    announced = 5 * 2**30
    response = post_callback(
        client, b"", CONTENT_LENGTH=str(announced), **{"wsgi.input": UnreadableStream()}
    )
    assert response.status_code == 413
    delivery = assert_only_invalid_delivery(413, raw_body=b"")
    assert delivery.body_size == 2**31 - 1


def test_it_refuses_a_real_body_over_the_limit(client):
    raw = encode(callback_body())
    with override_settings(CALLBACK_MAX_BYTES=len(raw) - 1):
        response = post_callback(client, raw)
    assert response.status_code == 413
    assert "error" in response.json()
    delivery = assert_only_invalid_delivery(413, raw_body=b"")
    assert delivery.body_size == len(raw)


def test_it_accepts_a_body_of_exactly_the_limit(client):
    raw = encode(callback_body())
    with override_settings(CALLBACK_MAX_BYTES=len(raw)):
        response = post_callback(client, raw)
    assert response.status_code == 200
    assert Task.objects.count() == 1
    assert bytes(Delivery.objects.get().raw_body) == raw


def test_it_never_reads_past_the_limit_when_the_length_lies():
    # A Content-Length under the limit with more bytes behind it: only the
    # limit plus one byte is read, so the request cannot exhaust memory.
    class CountingStream(io.BytesIO):
        largest = 0

        def read(self, size=-1):
            CountingStream.largest = max(CountingStream.largest, size)
            return super().read(size)

    raw = encode(callback_body()) + b" " * 10_000
    request = RequestFactory().generic(
        "POST",
        f"{URL}?token=test-token",
        CONTENT_TYPE="application/json",
        CONTENT_LENGTH="50",
        **{"wsgi.input": CountingStream(raw)},
    )
    with override_settings(CALLBACK_MAX_BYTES=60):
        response = LyricsCallbackView.as_view()(request)
    assert response.status_code == 400
    assert 0 < CountingStream.largest <= 61
    assert_only_invalid_delivery(400, raw_body=raw[:50])


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "application/jsonp",
        "json",
        "",
    ],
)
def test_it_refuses_a_content_type_that_is_not_json(client, content_type):
    raw = encode(callback_body())
    response = post_callback(client, raw, content_type=content_type)
    assert response.status_code == 415
    assert set(response.json()) == {"error"}
    delivery = assert_only_invalid_delivery(415, raw_body=raw)
    assert delivery.content_type == content_type


def test_it_refuses_a_request_without_a_content_type():
    raw = encode(callback_body())
    request = RequestFactory().post(f"{URL}?token=test-token", raw, content_type="x")
    del request.META["CONTENT_TYPE"]
    response = LyricsCallbackView.as_view()(request)
    assert response.status_code == 415
    assert_only_invalid_delivery(415, raw_body=raw)


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/vnd.suno+json",
    ],
)
def test_it_accepts_json_content_types(client, content_type):
    response = post_callback(client, callback_body(), content_type=content_type)
    assert response.status_code == 200
    assert Task.objects.count() == 1


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_it_refuses_other_methods(client, method):
    response = client.generic(
        method, f"{URL}?token=test-token", encode(callback_body()), "application/json"
    )
    assert response.status_code == 405
    assert set(response.json()) == {"error"}
    assert "POST" in response["Allow"]
    assert_nothing_stored()


def test_it_answers_json_whatever_the_client_accepts(client):
    response = post_callback(client, callback_body(), headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "received"


@pytest.mark.django_db
def test_it_accepts_the_url_without_trailing_slash(client):
    body = json.dumps(
        {"code": 200, "data": {"task_id": "no-slash-1", "data": [{"status": "complete"}]}}
    )
    response = client.post(
        "/callbacks/suno/lyrics?token=test-token", body, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json() == {"status": "received", "task_id": "no-slash-1"}
    assert Task.objects.filter(task_id="no-slash-1").exists()
