import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from lyricsapp.models import Task
from lyricsapp.provider.client import ERROR_WORDS

pytestmark = pytest.mark.django_db
URL = "/api/v1/tasks/"


@pytest.fixture
def auth(client):
    user = get_user_model().objects.create_user("poet")
    token = Token.objects.create(user=user)
    return user, {"HTTP_AUTHORIZATION": f"Token {token.key}"}


def test_it_creates_a_pending_task(client, auth, provider):
    user, headers = auth
    response = client.post(
        URL, {"prompt": "tidal waves #lost"}, content_type="application/json", **headers
    )
    assert response.status_code == 201
    body = response.json()
    task = Task.objects.get()
    assert body["task_id"] == task.task_id and body["status"] == "pending"
    assert body["retry_of"] is None
    assert (task.owner, task.prompt) == (user, "tidal waves #lost")
    assert task.task_id in provider.tasks


def test_it_requires_authentication(client, provider):
    response = client.post(URL, {"prompt": "x"}, content_type="application/json")
    assert response.status_code in (401, 403)
    assert Task.objects.count() == 0


def test_it_validates_the_prompt(client, auth, provider):
    response = client.post(URL, {"prompt": "x" * 201}, content_type="application/json", **auth[1])
    assert response.status_code == 400
    assert "prompt" in response.json()
    assert provider.requests == []


def test_it_is_off_without_a_key(client, auth, settings):
    settings.SUNO_API_KEY = ""
    response = client.post(URL, {"prompt": "x"}, content_type="application/json", **auth[1])
    assert response.status_code == 403
    assert "SUNO_API_KEY" in response.json()["error"]


@pytest.mark.parametrize(
    ("code", "status"),
    [
        (400, 502),
        (401, 502),
        (404, 502),
        (405, 429),
        (413, 502),
        (429, 502),
        (430, 429),
        (455, 503),
        (500, 502),
    ],
)
def test_it_explains_provider_errors(client, auth, provider, code, status):
    provider.submit_errors.append(code)
    response = client.post(URL, {"prompt": "x"}, content_type="application/json", **auth[1])
    assert response.status_code == status
    assert response.json() == {"error": ERROR_WORDS[code], "provider_code": code}
    assert Task.objects.count() == 0
