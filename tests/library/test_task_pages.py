import pytest
from django.contrib.auth.models import User

from callbacks.models import Delivery
from tests.library_helpers import make_lyric, make_task


@pytest.fixture
def user_client(client, db):
    client.force_login(User.objects.create_user("reader", password="a-long-password-1"))
    return client


@pytest.fixture
def staff_client(client, db):
    client.force_login(
        User.objects.create_user("operator", password="a-long-password-1", is_staff=True)
    )
    return client


@pytest.mark.parametrize("url", ["/tasks/", "/tasks/abc/", "/tasks/abc/row/", "/dashboard/"])
def test_it_requires_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("code", "meaning"),
    [
        (400, "copyrighted content"),
        (408, "Timed out"),
        (413, "matches an existing work"),
        (500, "server error"),
        (501, "generation failed"),
        (531, "credits were refunded"),
        (999, "Unknown code 999"),
    ],
)
def test_it_explains_failure_codes(user_client, code, meaning):
    make_task(status="failed", code=code, msg="provider said <no>")
    body = user_client.get("/tasks/").content.decode()
    assert meaning in body
    assert "provider said &lt;no&gt;" in body


def test_it_lists_pending_tasks_with_polling(user_client):
    task = make_task(status="pending", task_id="pending-one")
    body = user_client.get("/tasks/").content.decode()
    assert "pending-one" in body
    assert "No result yet." in body
    assert f'hx-get="/tasks/{task.task_id}/row/"' in body
    assert 'hx-trigger="every 2s"' in body


def test_it_filters_tasks(user_client):
    make_task(status="failed", code=408, task_id="timed-out")
    make_task(status="complete", task_id="went-fine")
    body = user_client.get("/tasks/", {"status": "failed"}).content.decode()
    assert "timed-out" in body
    assert "went-fine" not in body
    body = user_client.get("/tasks/", {"code": "200"}).content.decode()
    assert "went-fine" in body
    assert "timed-out" not in body


def test_the_row_stops_polling_once_complete(user_client):
    task = make_task(status="pending", task_id="soon-done")
    assert "hx-trigger" in user_client.get("/tasks/soon-done/row/").content.decode()
    task.status, task.code = "complete", 200
    task.save()
    response = user_client.get("/tasks/soon-done/row/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<tr")
    assert "hx-trigger" not in body
    assert "Success" in body


def test_the_detail_shows_lyrics_and_deliveries(user_client):
    task = make_task(status="complete", task_id="with-lyrics")
    make_lyric(task=task, title="First <one>", text="a")
    Delivery.objects.create(
        task_id="with-lyrics", outcome="received", http_status=200, raw_body=b'{"secret": 1}'
    )
    response = user_client.get("/tasks/with-lyrics/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "First &lt;one&gt;" in body
    assert "Received (stored a new result)" in body
    assert "secret" not in body  # raw bodies are for staff


def test_staff_see_raw_bodies_escaped(staff_client):
    make_task(status="failed", code=501, task_id="raw")
    Delivery.objects.create(
        task_id="raw", outcome="received", http_status=200, raw_body=b'{"t": "<i>x</i>"}'
    )
    body = staff_client.get("/tasks/raw/").content.decode()
    assert "Lyrics generation failed." in body
    assert "{&quot;t&quot;: &quot;&lt;i&gt;x&lt;/i&gt;&quot;}" in body


def test_staff_see_binary_bodies_as_hex(staff_client):
    make_task(task_id="binary")
    Delivery.objects.create(
        task_id="binary", outcome="invalid", http_status=400, raw_body=b"\xff\x00"
    )
    assert "hex: ff 00" in staff_client.get("/tasks/binary/").content.decode()


def test_a_missing_task_is_404(user_client):
    assert user_client.get("/tasks/nope/").status_code == 404
    assert user_client.get("/tasks/nope/row/").status_code == 404


def test_it_links_task_ids_with_slashes_and_odd_characters(user_client):
    make_task(status="pending", task_id="a/b?c#d")
    body = user_client.get("/tasks/").content.decode()
    assert 'href="/tasks/a/b%3Fc%23d/"' in body
    assert user_client.get("/tasks/a/b%3Fc%23d/").status_code == 200
    response = user_client.get("/tasks/a/b%3Fc%23d/row/")
    assert response.status_code == 200
    assert "a/b?c#d" in response.content.decode()


def test_the_detail_shows_the_prompt_and_the_resubmission_chain(user_client):
    first = make_task(status="failed", code=531, task_id="first-try", prompt="rain <at> night")
    second = make_task(status="failed", code=531, task_id="second-try", retry_of=first)
    make_task(status="pending", task_id="third-try", retry_of=second)
    response = user_client.get("/tasks/second-try/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Resubmissions" in body
    # Original first, every other task of the chain linked, this one marked.
    first_at, second_at, third_at = (
        body.index(t) for t in ("first-try", "(this task)", "third-try")
    )
    assert first_at < second_at < third_at
    assert 'href="/tasks/first-try/"' in body and 'href="/tasks/third-try/"' in body
    assert 'href="/tasks/second-try/"' not in body
    assert "Retry 2, resubmitted automatically" in body
    original = user_client.get("/tasks/first-try/").content.decode()
    assert "rain &lt;at&gt; night" in original


def test_the_detail_has_no_chain_for_a_single_task(user_client):
    make_task(status="failed", code=531, task_id="alone")
    body = user_client.get("/tasks/alone/").content.decode()
    assert "Resubmissions" not in body
    assert "retry-chain" not in body
