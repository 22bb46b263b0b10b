"""Webhook endpoints over the API: staff only, secret shown on create alone,
URLs checked against SSRF unless EVENTS_ALLOW_PRIVATE."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from lyricsapp.events.models import WebhookEndpoint

pytestmark = pytest.mark.django_db
URL = "/api/v1/webhooks/"


def headers_for(username, **flags):
    user = get_user_model().objects.create_user(username, **flags)
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"}


@pytest.fixture
def staff():
    return headers_for("admin", is_staff=True)


def create(client, staff, **body):
    body = {"url": "http://127.0.0.1:9/hook", "events": ["task.completed"], **body}
    return client.post(URL, body, content_type="application/json", **staff)


def test_it_creates_an_endpoint_and_shows_the_secret_once(client, staff):
    response = create(client, staff, description="CI")
    assert response.status_code == 201
    body = response.json()
    endpoint = WebhookEndpoint.objects.get()
    assert body == {
        "id": endpoint.pk,
        "url": "http://127.0.0.1:9/hook",
        "events": ["task.completed"],
        "description": "CI",
        "enabled": True,
        "secret": endpoint.secret,
    }
    assert body["secret"].startswith("whsec_")
    shown = client.get(f"{URL}{endpoint.pk}/", **staff).json()
    assert "secret" not in shown
    assert "secret" not in client.get(URL, **staff).json()["results"][0]


def test_it_changes_and_deletes_an_endpoint(client, staff):
    endpoint_id = create(client, staff).json()["id"]
    WebhookEndpoint.objects.filter(pk=endpoint_id).update(
        enabled=False, disabled_reason="failed for a day"
    )
    response = client.patch(
        f"{URL}{endpoint_id}/",
        {"enabled": True, "events": []},
        content_type="application/json",
        **staff,
    )
    assert response.status_code == 200
    assert response.json()["enabled"] is True and response.json()["events"] == []
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.enabled and endpoint.disabled_reason == ""
    assert client.delete(f"{URL}{endpoint_id}/", **staff).status_code == 204
    assert WebhookEndpoint.objects.count() == 0
    assert client.get(f"{URL}{endpoint_id}/", **staff).status_code == 404


def test_it_is_for_staff_only(client):
    reader = headers_for("reader")
    assert client.get(URL).status_code == 401
    assert client.get(URL, **reader).status_code == 403
    response = client.post(
        URL, {"url": "http://127.0.0.1:9/"}, content_type="application/json", **reader
    )
    assert response.status_code == 403
    assert WebhookEndpoint.objects.count() == 0


@pytest.mark.parametrize(
    "events, message",
    [(["task.exploded"], "not a valid choice"), (["task.failed", "task.failed"], "twice")],
)
def test_it_names_a_bad_event_list(client, staff, events, message):
    response = create(client, staff, events=events)
    assert response.status_code == 400
    assert message in str(response.json()["events"])


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://127.0.0.1/hook", "loopback"),
        ("http://localhost:8000/hook", "loopback"),
        ("http://[::1]/hook", "loopback"),
        ("http://10.1.2.3/hook", "private"),
        ("http://192.168.0.10/hook", "private"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://224.0.0.1/hook", "multicast"),
        ("http://0.0.0.0/hook", "unspecified"),
        ("http://[::ffff:127.0.0.1]/hook", "loopback"),
    ],
)
def test_it_refuses_internal_addresses(client, staff, settings, url, reason):
    settings.EVENTS_ALLOW_PRIVATE = False
    response = create(client, staff, url=url)
    assert response.status_code == 400
    assert reason in response.json()["url"][0]
    assert WebhookEndpoint.objects.count() == 0


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://example.com/x", "Only http and https"),
        ("http://user:pw@8.8.8.8/x", "user name or password"),
        ("http://no-such-host.invalid/x", "could not be resolved"),
    ],
)
def test_it_refuses_unusable_urls(client, staff, settings, url, message):
    settings.EVENTS_ALLOW_PRIVATE = False
    response = create(client, staff, url=url)
    assert response.status_code == 400
    assert message in response.json()["url"][0]


def test_it_accepts_a_public_address(client, staff, settings):
    settings.EVENTS_ALLOW_PRIVATE = False
    assert create(client, staff, url="https://8.8.8.8/hook").status_code == 201


def test_the_schema_documents_each_event_as_a_webhook(admin_client):
    schema = admin_client.get("/api/schema/", {"format": "json"}).json()
    webhooks = schema["webhooks"]
    assert set(webhooks) == {
        "task.completed",
        "task.failed",
        "lyric.processed",
        "lyric.edited",
        "export.ready",
    }
    operation = webhooks["task.completed"]["post"]
    for header in ("webhook-id", "webhook-timestamp", "webhook-signature"):
        assert f"`{header}`" in operation["description"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    payload = schema["components"]["schemas"][body.rsplit("/", 1)[1]]
    assert set(payload["properties"]) == {"type", "timestamp", "data"}
    assert payload["properties"]["data"]["$ref"].endswith("/TaskDetail")
