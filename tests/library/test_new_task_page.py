import pytest
from django.contrib.auth import get_user_model

from lyricsapp.models import Task
from lyricsapp.provider.client import ERROR_WORDS

pytestmark = pytest.mark.django_db
URL = "/new/"


@pytest.fixture
def poet(client):
    user = get_user_model().objects.create_user("poet", password="pw")
    client.force_login(user)
    return user


def test_it_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_says_how_to_enable_submitting(client, poet, settings):
    settings.SUNO_API_KEY = ""
    response = client.get(URL)
    assert response.status_code == 200
    assert "SUNO_API_KEY" in response.content.decode()
    assert b'class="submit-form"' not in response.content
    response = client.post(URL, {"prompt": "anything"})
    assert response.status_code == 503
    assert Task.objects.count() == 0


def test_it_submits_a_prompt_and_lists_it(client, poet, provider, settings):
    response = client.post(URL, {"prompt": "  a lighthouse keeper's song #lost "}, follow=True)
    assert response.status_code == 200
    task = Task.objects.get()
    assert (task.owner, task.status) == (poet, "pending")
    assert task.prompt == "a lighthouse keeper's song #lost"
    assert task.submitted_at is not None
    page = response.content.decode()
    assert f"task {task.task_id} is pending" in page
    assert "a lighthouse keeper&#x27;s song" in page
    sent = provider.tasks[task.task_id]
    assert (
        sent.callback_url == f"{settings.PUBLIC_BASE_URL}/callbacks/suno/lyrics/?token=test-token"
    )


def test_it_refuses_an_overlong_prompt_without_calling_the_provider(client, poet, provider):
    response = client.post(URL, {"prompt": "x" * 201})
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    assert provider.requests == []
    assert Task.objects.count() == 0


@pytest.mark.parametrize("code", sorted(ERROR_WORDS))
def test_it_shows_each_provider_error_in_words(client, poet, provider, code):
    provider.submit_errors.append(code)
    response = client.post(URL, {"prompt": "a song"})
    assert response.status_code == 502
    page = response.content.decode()
    assert ERROR_WORDS[code].replace("'", "&#x27;") in page
    assert Task.objects.count() == 0


def test_it_shows_the_retry_chain_of_recent_tasks(client, poet, provider):
    original = Task.objects.create(
        task_id="first",
        owner=poet,
        prompt="p",
        submitted_at="2026-01-01T00:00Z",
        status="failed",
        code=531,
    )
    Task.objects.create(
        task_id="second",
        owner=poet,
        prompt="p",
        submitted_at="2026-01-01T00:01Z",
        retry_of=original,
    )
    page = client.get(URL).content.decode()
    assert 'resubmission of <a href="/tasks/first/"><code>first</code></a>' in page
    assert "credits were refunded" in page
