import time

import pytest

from lyricsapp.provider.client import ProviderError, ProviderUnreachable, SunoClient
from tests.provider_fixtures import free_port, wait_for

# Callbacks of these tests go nowhere: a closed local port refuses at once.
NOWHERE = "http://127.0.0.1:9/cb"


def make_client(url, **options):
    delays = []
    client = SunoClient(
        base_url=url, api_key="k", timeout=5, backoff=0.01, sleep=delays.append, **options
    )
    return client, delays


def test_it_submits_and_returns_the_task_id(fake_suno):
    client, _ = make_client(fake_suno.url)
    task_id = client.submit(prompt="rain on a tin roof", callback_url=NOWHERE)
    assert task_id in fake_suno.tasks
    assert fake_suno.tasks[task_id].prompt == "rain on a tin roof"
    assert fake_suno.requests[-1][1:] == ("POST", "/api/v1/lyrics", 200)


def test_it_reads_a_pending_then_a_final_record(fake_suno):
    client, _ = make_client(fake_suno.url)
    task_id = client.submit(prompt="slow song #delay=0.5 #lost", callback_url=NOWHERE)
    record = client.record_info(task_id=task_id)
    assert record.status == "PENDING"
    assert record.as_callback() is None
    time.sleep(0.6)
    record = client.record_info(task_id=task_id)
    assert record.status == "SUCCESS"
    callback = record.as_callback()
    assert callback.task_id == task_id
    assert callback.code == 200 and callback.status == "complete"
    assert [item.title for item in callback.items] == ["Slow Song (1)", "Slow Song (2)"]
    assert b'"SUCCESS"' in record.raw


@pytest.mark.parametrize(
    ("code", "status"), [(531, "GENERATE_LYRICS_FAILED"), (400, "SENSITIVE_WORD_ERROR")]
)
def test_it_turns_a_failed_record_into_a_failed_result(fake_suno, code, status):
    client, _ = make_client(fake_suno.url)
    task_id = client.submit(prompt=f"x #fail={code} #delay=0 #lost", callback_url=NOWHERE)
    record = client.record_info(task_id=task_id)
    assert record.status == status
    callback = record.as_callback()
    assert (callback.code, callback.status, callback.items) == (code, "failed", [])
    assert callback.callback_type == "error"


def test_it_keeps_the_lyrics_of_a_callback_exception(fake_suno):
    """The provider gave up calling back: its record still holds the lyrics."""
    fake_suno.config.retry_scale = 0.001
    client, _ = make_client(fake_suno.url)
    closed = f"http://127.0.0.1:{free_port()}/cb"
    task_id = client.submit(prompt="night drive #delay=0", callback_url=closed)
    wait_for(lambda: fake_suno.tasks[task_id].gave_up)
    assert len(fake_suno.tasks[task_id].attempts) == 4  # the first and three retries
    record = client.record_info(task_id=task_id)
    assert record.status == "CALLBACK_EXCEPTION"
    assert record.as_callback().status == "complete"


def test_it_retries_transient_answers_with_backoff(fake_suno):
    fake_suno.submit_errors.extend([430, 455, 500])
    client, delays = make_client(fake_suno.url, retries=3)
    task_id = client.submit(prompt="third time lucky", callback_url=NOWHERE)
    assert task_id in fake_suno.tasks
    assert [code for _, _, _, code in fake_suno.requests] == [430, 455, 500, 200]
    assert len(delays) == 3
    assert delays[0] < delays[2]  # exponential


def test_it_gives_up_after_the_last_retry(fake_suno):
    fake_suno.record_errors.extend([500] * 5)
    client, delays = make_client(fake_suno.url, retries=2)
    with pytest.raises(ProviderError) as caught:
        client.record_info(task_id="whatever")
    assert caught.value.code == 500
    assert len(fake_suno.requests) == 3
    assert len(delays) == 2


@pytest.mark.parametrize("code", [400, 401, 404, 405, 413, 429])
def test_it_does_not_retry_a_refusal(fake_suno, code):
    fake_suno.submit_errors.append(code)
    client, delays = make_client(fake_suno.url, retries=3)
    with pytest.raises(ProviderError) as caught:
        client.submit(prompt="p", callback_url=NOWHERE)
    assert caught.value.code == code
    assert len(fake_suno.requests) == 1
    assert delays == []


def test_it_rejects_a_wrong_key_and_an_overlong_prompt(fake_suno):
    fake_suno.config.api_key = "right"
    client, _ = make_client(fake_suno.url)
    with pytest.raises(ProviderError) as caught:
        client.submit(prompt="p", callback_url=NOWHERE)
    assert caught.value.code == 401
    assert "API key" in caught.value.words
    right = SunoClient(base_url=fake_suno.url, api_key="right")
    with pytest.raises(ProviderError) as caught:
        right.submit(prompt="x" * 201, callback_url=NOWHERE)
    assert caught.value.code == 413


def test_it_reports_an_unreachable_provider():
    client, delays = make_client(f"http://127.0.0.1:{free_port()}", retries=1)
    with pytest.raises(ProviderUnreachable) as caught:
        client.record_info(task_id="t")
    assert "could not be reached" in caught.value.words
    assert len(delays) == 1


@pytest.mark.parametrize("camel", [False, True])
def test_a_record_and_its_callback_are_the_same_result(fake_suno, camel):
    """So a callback arriving after a poll stored the result is a duplicate, not a conflict."""
    from callbacks.payload import parse_callback

    client, _ = make_client(fake_suno.url)
    task_id = client.submit(prompt="late letter #lost #delay=0", callback_url=NOWHERE)
    polled = client.record_info(task_id=task_id).as_callback()
    posted = parse_callback(fake_suno.callback_body(fake_suno.tasks[task_id], camel=camel))
    assert polled.result_hash == posted.result_hash
