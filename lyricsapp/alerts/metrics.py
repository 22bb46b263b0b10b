"""Metrics behind the alert rules, for Prometheus (deploy/monitoring/ alerts
on them): the same figures the rules read, from lyricsapp.alerts.rules."""

from django.conf import settings
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from lyricsapp.alerts import rules
from lyricsapp.alerts.models import AlertState
from lyricsapp.events.models import EventMessage


def _gauge(name, documentation, value):
    return GaugeMetricFamily(name, documentation, value=float(value))


def _age(now, moment):
    return (now - moment).total_seconds() if moment else 0.0


class AlertsCollector:
    def collect(self):
        now = timezone.now()
        yield _gauge(
            "lyrics_tasks_failed_last_hour",
            "Tasks whose result was stored as failed in the last hour.",
            rules.failed_last_hour(now),
        )
        last = rules.last_callback_at()
        yield _gauge(
            "lyrics_last_callback_timestamp_seconds",
            "Unix time of the newest callback from the provider (0: none yet).",
            last.timestamp() if last else 0,
        )
        yield _gauge(
            "lyrics_oldest_pending_age_seconds",
            "Seconds since the oldest pending task was created (0: none pending).",
            _age(now, rules.oldest_pending_at()),
        )
        yield _gauge(
            "lyrics_processing_failed_tasks",
            "Tasks whose follow-up work failed for good.",
            rules.processing_failed_tasks().count(),
        )
        yield _gauge(
            "lyrics_provider_failing_seconds",
            "Seconds the provider has been unreachable or refusing (0: answering).",
            _age(now, rules.provider_failing_since()),
        )
        credits = rules.latest_credits()
        if credits is not None:
            yield _gauge("lyrics_provider_credits", "The account's last known balance.", credits)
        yield _gauge(
            "lyrics_provider_min_credits",
            "SUNO_MIN_CREDITS: submits are refused below it.",
            settings.SUNO_MIN_CREDITS,
        )
        yield _gauge(
            "lyrics_event_endpoints_disabled",
            "Event endpoints disabled after a day of failed deliveries.",
            rules.endpoints_disabled().count(),
        )
        yield _gauge(
            "lyrics_event_messages_pending",
            "Event messages waiting to be delivered.",
            EventMessage.objects.filter(status=EventMessage.Status.PENDING).count(),
        )
        active = GaugeMetricFamily(
            "lyrics_alert_active", "1 while the app's own alert rule holds.", labels=["rule"]
        )
        states = dict(AlertState.objects.values_list("rule", "active"))
        for rule in rules.RULES:
            active.add_metric([rule.name], float(states.get(rule.name, False)))
        yield active
