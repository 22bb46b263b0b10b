"""No log line holds a callback token: gunicorn's access and error logs, Django's logs.

Callbacks with the right token, wrong guesses, in the query string and in the
header, go to a live gunicorn started as `make run` starts it; then its whole
output is searched.
"""

import json
import logging
import urllib.error
import urllib.request

import pytest

from callbacks.models import Delivery
from project.log_redaction import RedactingFormatter
from tests.live_gunicorn import Gunicorn

TOKENS = "right-token-7f3a9c,older-token-5b1e"
WRONG = ["wrong-guess-0a1b2c", "wr%6Fng-encoded-guess", "guess-in-header-4d5e"]
BODY = {
    "code": 200,
    "msg": "ok",
    "data": {"task_id": "logged-task", "data": [{"title": "t", "text": "x", "status": "complete"}]},
}


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, tmp_path_factory):
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with django_db_blocker.unblock():
        gunicorn = Gunicorn(log, SUNO_CALLBACK_TOKEN=TOKENS, LOG_LEVEL="DEBUG").start()
    yield gunicorn
    gunicorn.stop()


def post(server, query="", headers=None, body=BODY):
    request = urllib.request.Request(
        f"http://127.0.0.1:{server.port}/callbacks/suno/lyrics/{query}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.django_db(transaction=True)
def test_it_logs_no_token_right_or_wrong(server):
    assert post(server, "?token=right-token-7f3a9c") == 200
    assert post(server, "?token=older-token-5b1e&x=1") == 200
    assert post(server, "?token=wrong-guess-0a1b2c") == 401
    assert post(server, "?x=1&token=wr%6Fng-encoded-guess") == 401
    assert post(server, headers={"X-Callback-Token": "guess-in-header-4d5e"}) == 401
    # A 404 and a 405 make Django log the path too.
    assert post(server, "nowhere/?token=wrong-guess-0a1b2c") == 404
    server.stop()  # flushes every line

    output = server.output()
    assert "POST /callbacks/suno/lyrics/?token=[redacted]" in output
    assert "Unauthorized: /callbacks/suno/lyrics/" in output
    for secret in TOKENS.split(",") + WRONG + ["wrong-guess", "encoded-guess"]:
        assert secret not in output
    assert Delivery.objects.count() == 2


def test_it_redacts_tracebacks_and_url_passwords(settings):
    settings.SUNO_CALLBACK_TOKEN = "configured-token-1234"
    formatter = RedactingFormatter("%(message)s")
    try:
        raise ValueError("boom at /callbacks/suno/lyrics/?token=guessed&y=1 configured-token-1234")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "Error handling request %s", ("/cb?token=abc",), True
        )
        import sys

        record.exc_info = sys.exc_info()
    line = formatter.format(record)
    assert "token=[redacted]" in line and "ValueError" in line
    assert "guessed" not in line and "abc" not in line and "configured-token-1234" not in line
    record = logging.LogRecord(
        "x", logging.WARNING, __file__, 1, "broker redis://:s3cret@host:6379/0 down", (), None
    )
    assert formatter.format(record) == "broker redis://:[redacted]@host:6379/0 down"
