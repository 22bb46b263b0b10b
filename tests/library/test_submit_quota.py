"""Each user's submit quota (SUBMIT_RATE_PER_USER), and never a long wait for the provider."""

import time

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from lyricsapp.models import Task
from lyricsapp.provider.ratelimit import provider_rate_limiter

pytestmark = pytest.mark.django_db
API = "/api/v1/tasks/"
PAGE = "/new/"


@pytest.fixture
def poet(client):
    user = get_user_model().objects.create_user("poet")
    client.force_login(user)
    return user


def api_headers(user):
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"}


def submit_api(client, headers, prompt="waves"):
    return client.post(API, {"prompt": prompt}, content_type="application/json", **headers)


def test_it_answers_429_with_retry_after_past_the_quota(client, poet, provider, settings):
    settings.SUBMIT_RATE_PER_USER = "2/hour"
    headers = api_headers(poet)
    assert [submit_api(client, headers).status_code for _ in range(2)] == [201, 201]
    response = submit_api(client, headers)
    assert response.status_code == 429
    assert 3500 <= int(response["Retry-After"]) <= 3600
    body = response.json()
    assert body["error"].startswith("You have reached your limit of 2 per hour prompts.")
    assert "You can submit again in 60 minutes." in body["error"]
    assert body["retry_after"] == int(response["Retry-After"])
    assert Task.objects.count() == 2
    assert len(provider.tasks) == 2


def test_it_shows_a_clear_message_on_the_page_past_the_quota(client, poet, provider, settings):
    settings.SUBMIT_RATE_PER_USER = "1/minute"
    assert client.post(PAGE, {"prompt": "first"}).status_code == 302
    response = client.post(PAGE, {"prompt": "second"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have reached your limit of 1 per minute prompts." in page
    assert "You can submit again in" in page
    assert Task.objects.count() == 1


def test_it_counts_page_and_api_together_per_user(client, poet, provider, settings):
    settings.SUBMIT_RATE_PER_USER = "2/hour"
    assert client.post(PAGE, {"prompt": "page"}).status_code == 302
    headers = api_headers(poet)
    assert submit_api(client, headers).status_code == 201
    assert submit_api(client, headers).status_code == 429
    other = get_user_model().objects.create_user("other")
    assert submit_api(client, api_headers(other)).status_code == 201


def test_it_does_not_count_an_invalid_prompt(client, poet, provider, settings):
    settings.SUBMIT_RATE_PER_USER = "1/hour"
    assert client.post(PAGE, {"prompt": "x" * 500}).status_code == 400
    assert client.post(PAGE, {"prompt": "valid"}).status_code == 302


def fill_provider_limit(settings):
    settings.SUNO_RATE_LIMIT = "1 per 30 seconds"
    limiter = provider_rate_limiter()
    limiter.reset()
    assert limiter.try_acquire()


def test_it_says_busy_instead_of_waiting_for_the_provider_limit(client, poet, provider, settings):
    fill_provider_limit(settings)
    started = time.monotonic()
    response = submit_api(client, api_headers(poet))
    elapsed = time.monotonic() - started
    assert elapsed < 2
    assert response.status_code == 503
    assert 1 <= int(response["Retry-After"]) <= 30
    assert response.json()["error"].startswith("The provider is busy with other requests.")
    assert provider.requests == []


def test_it_says_busy_on_the_page_within_a_second_or_so(client, poet, provider, settings):
    fill_provider_limit(settings)
    started = time.monotonic()
    response = client.post(PAGE, {"prompt": "busy"})
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert "The provider is busy with other requests. Try again in" in response.content.decode()
    assert not Task.objects.exists()
