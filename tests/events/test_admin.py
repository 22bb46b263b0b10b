"""The events admin: the secret shown once on creation, SSRF checks, replay."""

import pytest

from lyricsapp.events import delivery, dispatch
from lyricsapp.events.models import EventMessage, WebhookEndpoint
from tests.events.receiver import Receiver

pytestmark = pytest.mark.django_db


def test_it_shows_the_secret_once_when_an_endpoint_is_added(admin_client):
    response = admin_client.post(
        "/admin/lyricsapp/webhookendpoint/add/",
        {"url": "http://127.0.0.1:9/hook", "events": ["task.failed"], "enabled": "on"},
        follow=True,
    )
    assert response.status_code == 200
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["task.failed"]
    assert endpoint.secret in response.content.decode()
    page = admin_client.get(f"/admin/lyricsapp/webhookendpoint/{endpoint.pk}/change/")
    assert endpoint.secret not in page.content.decode()


def test_it_refuses_an_internal_address(admin_client, settings):
    settings.EVENTS_ALLOW_PRIVATE = False
    response = admin_client.post(
        "/admin/lyricsapp/webhookendpoint/add/",
        {"url": "http://169.254.169.254/latest", "enabled": "on"},
    )
    assert response.status_code == 200
    assert "link-local" in response.content.decode()
    assert WebhookEndpoint.objects.count() == 0


def test_a_replay_from_the_admin_queues_the_event_again(admin_client, post_callback):
    with Receiver() as receiver:
        endpoint = WebhookEndpoint.objects.create(url=receiver.url)
        receiver.secret = endpoint.secret
        post_callback("task-admin")
        dispatch.events_dispatch()
        delivery.endpoint_deliver(endpoint_id=endpoint.pk)
        message = EventMessage.objects.get()
        response = admin_client.post(
            "/admin/lyricsapp/eventmessage/",
            {"action": "replay", "_selected_action": [message.pk]},
            follow=True,
        )
        assert "1 event will be sent again" in response.content.decode()
        assert EventMessage.objects.filter(status="pending").count() == 1
        page = admin_client.get(f"/admin/lyricsapp/eventmessage/{message.pk}/change/")
        assert page.status_code == 200 and "200" in page.content.decode()
