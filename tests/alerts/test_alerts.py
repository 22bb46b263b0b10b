"""Alerts through apprise's json:// notifier to a real local receiver: each
rule fires once when its condition starts and once when it clears."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from callbacks.models import Delivery
from lyricsapp.alerts.models import AlertLog, AlertState, AlertTarget
from lyricsapp.alerts.services import alert_deliver, alert_test, alerts_check
from lyricsapp.credits.models import ProviderHealth
from lyricsapp.events.models import WebhookEndpoint
from lyricsapp.models import Task
from lyricsapp.provider.client import ProviderError
from lyricsapp.provider.health import provider_health_observe
from tests.callback_helpers import callback_body, post_callback

pytestmark = pytest.mark.django_db


class AlertReceiver:
    def __init__(self, status=200):
        self.status = status
        self.alerts = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.alerts.append(json.loads(body))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"json://127.0.0.1:{self.server.server_address[1]}/alerts"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    receiver = AlertReceiver()
    settings.ALERT_URLS = [receiver.url]
    yield receiver
    receiver.close()


def check_and_send(now=None):
    """One beat check, then every job it queued, as the worker runs them."""
    logs = alerts_check(now=now)
    for log in logs:
        assert alert_deliver(log_id=log.pk)
    return logs


def ago(**kwargs):
    return timezone.now() - dt.timedelta(**kwargs)


def spike_on(settings, **_):
    settings.ALERT_FAILED_TASKS = 2
    for n in range(3):
        Task.objects.create(
            task_id=f"failed-{n}", status="failed", code=501, completed_at=ago(), processed_at=ago()
        )


def spike_off(**_):
    Task.objects.filter(status="failed").update(completed_at=ago(hours=2))


def silence_on(settings, **_):
    settings.ALERT_SILENCE_MINUTES = 30
    task = Task.objects.create(task_id="waiting", status="pending", submitted_at=ago(hours=1))
    Task.objects.filter(pk=task.pk).update(created_at=ago(hours=1))


def silence_off(client, **_):
    assert post_callback(client, callback_body("arrived")).status_code == 200
    assert Delivery.objects.filter(source="callback").exists()


def backlog_on(settings, **_):
    settings.ALERT_BACKLOG_SECONDS = 60
    Task.objects.create(task_id="slow", status="complete", code=200, completed_at=ago(minutes=5))


def backlog_off(**_):
    Task.objects.filter(task_id="slow").update(processed_at=timezone.now())


def processing_on(**_):
    Task.objects.create(
        task_id="broken", status="complete", completed_at=ago(), processing_failed_at=ago()
    )


def processing_off(**_):
    Task.objects.filter(task_id="broken").update(processed_at=timezone.now())


def provider_on(settings, **_):
    settings.ALERT_PROVIDER_MINUTES = 10
    provider_health_observe(ProviderError(500, "Server error"))
    ProviderHealth.objects.update(failing_since=ago(minutes=11))


def provider_off(**_):
    provider_health_observe(None)


def credits_on(settings, provider, **_):
    settings.SUNO_MIN_CREDITS = 10
    settings.SUNO_CREDITS_CACHE_SECONDS = 0
    provider.credits = 5


def credits_off(provider, **_):
    provider.credits = 50


def endpoint_on(**_):
    WebhookEndpoint.objects.create(
        url="http://127.0.0.1:9/x", enabled=False, disabled_reason="Every attempt failed"
    )


def endpoint_off(**_):
    WebhookEndpoint.objects.update(enabled=True, disabled_reason="")


RULES = {
    "failure_spike": ("Failure spike", spike_on, spike_off, "3 tasks failed"),
    "silence": ("No callbacks", silence_on, silence_off, "no callback arrived"),
    "backlog": ("Processing backlog", backlog_on, backlog_off, "oldest unprocessed"),
    "processing_failed": ("Processing failed", processing_on, processing_off, "broken"),
    "provider": ("Provider unreachable", provider_on, provider_off, "Server error"),
    "credits_low": ("Credits low", credits_on, credits_off, "5 credits left"),
    "webhook_disabled": ("Event endpoint disabled", endpoint_on, endpoint_off, "127.0.0.1:9"),
}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_rule_fires_once_and_resolves_once(rule, receiver, settings, provider, client):
    title, fire, clear, words = RULES[rule]
    context = {"settings": settings, "provider": provider, "client": client}
    assert check_and_send() == []  # nothing holds yet
    fire(**context)
    check_and_send()
    check_and_send()  # still holding: nothing new
    assert [a["title"] for a in receiver.alerts] == [f"Firing: {title}"]
    assert words in receiver.alerts[0]["message"]
    assert receiver.alerts[0]["type"] == "failure"
    assert AlertState.objects.get(rule=rule).active
    clear(**context)
    check_and_send()
    check_and_send()
    assert [a["title"] for a in receiver.alerts] == [f"Firing: {title}", f"Resolved: {title}"]
    assert receiver.alerts[1]["type"] == "success"
    log = AlertLog.objects.filter(rule=rule).order_by("id")
    assert [(e.kind, e.status, e.attempts) for e in log] == [
        ("firing", "sent", 1),
        ("resolved", "sent", 1),
    ]
    assert not AlertState.objects.get(rule=rule).active


def test_a_failing_notifier_is_retried_and_blocks_no_other(settings, receiver):
    broken = AlertReceiver(status=500)
    settings.ALERT_URLS = [broken.url, receiver.url]
    try:
        endpoint_on()
        logs = alerts_check()
        results = [alert_deliver(log_id=log.pk) for log in logs]
    finally:
        broken.close()
    assert results == [False, True]  # the failing one is to be retried
    assert [a["title"] for a in receiver.alerts] == ["Firing: Event endpoint disabled"]
    failing = AlertLog.objects.get(target=broken.url)
    assert (failing.status, failing.attempts) == ("pending", 1)
    assert "did not accept" in failing.error
    for _ in range(4):
        alert_deliver(log_id=failing.pk)
    failing.refresh_from_db()
    assert (failing.status, failing.attempts) == ("failed", 5)


def test_it_records_an_alert_without_a_target(settings):
    settings.ALERT_URLS = []
    endpoint_on()
    [log] = alerts_check()
    assert log.status == "failed" and "ALERT_URLS" in log.error


def test_a_test_alert_reaches_a_target_of_the_admin(settings, receiver):
    settings.ALERT_URLS = []
    AlertTarget.objects.create(url=receiver.url, description="ops room")
    [log] = alert_test()
    assert alert_deliver(log_id=log.pk)
    assert receiver.alerts[0]["title"] == "Test alert"
    assert receiver.alerts[0]["type"] == "info"


def test_the_admin_sends_a_test_alert(admin_client, receiver):
    target = AlertTarget.objects.create(url=receiver.url)
    response = admin_client.post(
        "/admin/lyricsapp/alerttarget/",
        {"action": "send_test_alert", "_selected_action": [target.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 test alerts queued" in response.content.decode()
    log = AlertLog.objects.get(kind="test")
    page = admin_client.get("/admin/lyricsapp/alertlog/").content.decode()
    assert "Test alert" in page and "/alerts" in page
    assert log.target == receiver.url
