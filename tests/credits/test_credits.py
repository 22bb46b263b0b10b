"""Credits: read from the provider (the fake, over HTTP), cached, kept as
history, shown on /new/ and the dashboard, and a floor under submits."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.authtoken.models import Token

from lyricsapp.credits.models import CreditSample, ProviderHealth
from lyricsapp.models import Task
from lyricsapp.provider.credits import credits_current

pytestmark = pytest.mark.django_db
API = "/api/v1/credits/"


def credit_reads(provider):
    return [r for r in provider.requests if r[2] == "/api/v1/generate/credit"]


@pytest.fixture
def auth():
    user = get_user_model().objects.create_user("poet", password="pw")
    token = Token.objects.create(user=user)
    return user, {"HTTP_AUTHORIZATION": f"Token {token.key}"}


def test_it_answers_the_balance_and_caches_it(client, auth, provider, settings):
    settings.SUNO_CREDITS_CACHE_SECONDS = 300
    provider.credits = 42
    first = client.get(API, **auth[1])
    assert first.status_code == 200
    body = first.json()
    assert body["credits"] == 42 and body["checked_at"]
    provider.credits = 41
    assert client.get(API, **auth[1]).json()["credits"] == 42  # cached
    assert len(credit_reads(provider)) == 1
    assert list(CreditSample.objects.values_list("credits", flat=True)) == [42]


def test_it_reads_again_once_the_cache_expired(client, auth, provider, settings):
    settings.SUNO_CREDITS_CACHE_SECONDS = 60
    provider.credits = 42
    client.get(API, **auth[1])
    CreditSample.objects.update(checked_at=timezone.now() - dt.timedelta(seconds=61))
    provider.credits = 40
    assert client.get(API, **auth[1]).json()["credits"] == 40
    assert len(credit_reads(provider)) == 2
    assert CreditSample.objects.count() == 2


def test_it_answers_null_without_a_key(client, auth, settings):
    settings.SUNO_API_KEY = ""
    assert client.get(API, **auth[1]).json() == {"credits": None, "checked_at": None}


def test_it_answers_null_when_the_provider_fails_and_records_it(client, auth, provider):
    provider.record_errors.append(500)
    body = client.get(API, **auth[1]).json()
    assert body["credits"] is None and body["checked_at"]
    sample = CreditSample.objects.get()
    assert sample.credits is None and "internal error" in sample.error
    assert ProviderHealth.objects.get().failing_since is not None


def test_it_requires_authentication(client, provider):
    assert client.get(API).status_code == 401


def test_the_fake_provider_spends_a_credit_per_submit(client, auth, provider):
    provider.credits = 2
    for _ in range(2):
        response = client.post(
            "/api/v1/tasks/", {"prompt": "rain #lost"}, content_type="application/json", **auth[1]
        )
        assert response.status_code == 201
    assert provider.credits == 0
    response = client.post(
        "/api/v1/tasks/", {"prompt": "rain #lost"}, content_type="application/json", **auth[1]
    )
    # The provider's own refusal, explained (the API's provider-error body).
    assert response.status_code == 402
    assert "run out of credits" in response.json()["detail"]
    assert Task.objects.count() == 2


def test_it_refuses_a_submit_below_the_minimum_before_calling_the_provider(
    client, auth, provider, settings
):
    settings.SUNO_MIN_CREDITS = 10
    provider.credits = 9
    response = client.post(
        "/api/v1/tasks/", {"prompt": "rain"}, content_type="application/json", **auth[1]
    )
    assert response.status_code == 402
    error = response.json()["error"]
    assert "9 credits left" in error and "minimum of 10" in error
    assert [r for r in provider.requests if r[1] == "POST"] == []
    assert Task.objects.count() == 0 and provider.credits == 9


def test_the_page_refuses_below_the_minimum_with_a_message(client, auth, provider, settings):
    settings.SUNO_MIN_CREDITS = 10
    provider.credits = 3
    client.force_login(auth[0])
    page = client.get("/new/").content.decode()
    assert "Credits left: <strong" in page and ">3<" in page
    assert "Below the minimum of 10" in page
    response = client.post("/new/", {"prompt": "rain"})
    assert response.status_code == 402
    assert "3 credits left, below the minimum of 10" in response.content.decode()
    assert [r for r in provider.requests if r[1] == "POST"] == []


def test_it_lets_a_submit_through_when_the_balance_is_unknown(client, auth, provider, settings):
    settings.SUNO_MIN_CREDITS = 10
    provider.record_errors.append(500)  # the credit read fails
    response = client.post(
        "/api/v1/tasks/", {"prompt": "rain #lost"}, content_type="application/json", **auth[1]
    )
    assert response.status_code == 201


def test_the_dashboard_draws_the_history(client, auth, provider):
    now = timezone.now()
    for hours, credits in ((30, 100), (20, 80), (2, 50)):
        sample = CreditSample.objects.create(credits=credits)
        CreditSample.objects.filter(pk=sample.pk).update(checked_at=now - dt.timedelta(hours=hours))
    provider.credits = 45
    client.force_login(auth[0])
    page = client.get("/dashboard/").content.decode()
    assert "Provider credits" in page
    assert page.count('class="credits-point"') == 4  # three old samples and the fresh read
    assert "highest 100, lowest 45" in page
    assert "style=" not in page.split('id="credits-title"')[1]


def test_a_fresh_read_is_shared_by_every_caller(provider):
    provider.credits = 7
    assert credits_current().credits == 7
    provider.credits = 6
    assert credits_current().credits == 7
    assert credits_current(refresh=True).credits == 6
