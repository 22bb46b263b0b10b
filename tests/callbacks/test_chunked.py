"""Callbacks sent with Transfer-Encoding: chunked (no Content-Length), over a raw socket."""

import json

import pytest

from callbacks.models import Delivery
from lyricsapp.models import Task
from tests.live_gunicorn import Gunicorn

LIMIT = 2000
BODY = json.dumps(
    {
        "code": 200,
        "msg": "All generated successfully.",
        "data": {
            "callbackType": "complete",
            "task_id": "chunked-task",
            "data": [{"title": "星夜", "text": "[Verse]\n月光洒满了窗台", "status": "complete"}],
        },
    },
    ensure_ascii=False,
).encode()


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, tmp_path_factory):
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with django_db_blocker.unblock():
        gunicorn = Gunicorn(log, CALLBACK_MAX_BYTES=str(LIMIT)).start()
    yield gunicorn
    gunicorn.stop()


def chunked(body, size=7):
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    encoded = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces)
    return encoded + b"0\r\n\r\n"


def send(server, payload):
    head = (
        b"POST /callbacks/suno/lyrics/?token=test-token HTTP/1.1\r\n"
        b"Host: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    answer = server.raw_request(head + payload)
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), json.loads(rest.partition(b"\r\n\r\n")[2])


@pytest.mark.django_db(transaction=True)
def test_it_stores_a_chunked_callback_byte_for_byte(server):
    status, body = send(server, chunked(BODY))
    assert (status, body) == (200, {"status": "received", "task_id": "chunked-task"})
    delivery = Delivery.objects.get()
    assert bytes(delivery.raw_body) == BODY
    assert delivery.body_size == len(BODY)
    assert Task.objects.get().lyrics.get().title == "星夜"


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_chunked_body_over_the_limit(server):
    big = BODY.replace(b'"msg": "', b'"msg": "' + b"x" * LIMIT)
    status, body = send(server, chunked(big, size=500))
    assert status == 413
    assert body == {"error": f"body is larger than the limit of {LIMIT} bytes"}
    delivery = Delivery.objects.get()
    assert (delivery.http_status, delivery.body_size, bytes(delivery.raw_body)) == (
        413,
        LIMIT + 1,
        b"",
    )
    assert not Task.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_it_accepts_a_chunked_body_of_exactly_the_limit(server):
    exact = BODY.replace(b'"msg": "', b'"msg": "' + b"y" * (LIMIT - len(BODY)))
    assert len(exact) == LIMIT
    status, _ = send(server, chunked(exact, size=333))
    assert status == 200
    assert bytes(Delivery.objects.get().raw_body) == exact


@pytest.mark.django_db(transaction=True)
def test_it_answers_a_broken_chunk_with_400(server):
    status, body = send(server, b"zz\r\nnot hex\r\n0\r\n\r\n")
    assert status == 400
    assert not Task.objects.exists()
