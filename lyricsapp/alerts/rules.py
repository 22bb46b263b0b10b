"""The alert rules: one home for each condition, shared by the alerts (beat)
and the metrics Prometheus scrapes (deploy/monitoring/ alerts on the same).

Each rule's ``check(now)`` answers the details while its condition holds, or
None when it does not.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from callbacks.models import Delivery
from lyricsapp.credits.models import CreditSample, ProviderHealth
from lyricsapp.events.models import WebhookEndpoint
from lyricsapp.models import Task


def failed_last_hour(now):
    return Task.objects.filter(status="failed", completed_at__gte=now - timedelta(hours=1)).count()


def last_callback_at():
    """When the provider last called back (newest first: it is usually among the newest)."""
    return (
        Delivery.objects.filter(source=Delivery.Source.CALLBACK)
        .order_by("-id")
        .values_list("received_at", flat=True)
        .first()
    )


def oldest_pending_at():
    return (
        Task.objects.filter(status="pending")
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def oldest_unprocessed_at():
    # The partial index task_unprocessed answers this.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(completed_at) FROM lyricsapp_task WHERE processed_at IS NULL "
            "AND completed_at IS NOT NULL AND processing_failed_at IS NULL"
        )
        return cursor.fetchone()[0]


def processing_failed_tasks():
    return Task.objects.filter(processing_failed_at__isnull=False, processed_at__isnull=True)


def provider_failing_since():
    return ProviderHealth.objects.filter(pk=1).values_list("failing_since", flat=True).first()


def latest_credits():
    return CreditSample.objects.exclude(credits=None).values_list("credits", flat=True).first()


def endpoints_disabled():
    return WebhookEndpoint.objects.filter(enabled=False).exclude(disabled_reason="")


def _failure_spike(now):
    count = failed_last_hour(now)
    if count > settings.ALERT_FAILED_TASKS:
        return _("%(count)s tasks failed in the last hour (the limit is %(limit)s).") % {
            "count": count,
            "limit": settings.ALERT_FAILED_TASKS,
        }
    return None


def _silence(now):
    window = timedelta(minutes=settings.ALERT_SILENCE_MINUTES)
    pending_since = oldest_pending_at()
    if pending_since is None or pending_since > now - window:
        return None
    last = last_callback_at()
    if last is not None and last > now - window:
        return None
    return _(
        "Tasks are pending, but no callback arrived in the last %(minutes)s minutes "
        "(last callback: %(last)s)."
    ) % {"minutes": settings.ALERT_SILENCE_MINUTES, "last": last or _("never")}


def _backlog(now):
    oldest = oldest_unprocessed_at()
    if oldest is None:
        return None
    age = (now - oldest).total_seconds()
    if age <= settings.ALERT_BACKLOG_SECONDS:
        return None
    return _("The oldest unprocessed result waits for %(age)d s (the limit is %(limit)s s).") % {
        "age": age,
        "limit": settings.ALERT_BACKLOG_SECONDS,
    }


def _processing_failed(now):
    task_ids = list(processing_failed_tasks().values_list("task_id", flat=True)[:5])
    if not task_ids:
        return None
    count = processing_failed_tasks().count()
    return _("Processing failed for good for %(count)s tasks, among them: %(ids)s.") % {
        "count": count,
        "ids": ", ".join(task_ids),
    }


def _provider(now):
    since = provider_failing_since()
    if since is None or since > now - timedelta(minutes=settings.ALERT_PROVIDER_MINUTES):
        return None
    error = ProviderHealth.objects.get(pk=1).last_error
    return _("The provider has been unreachable or refusing since %(since)s: %(error)s") % {
        "since": since.strftime("%Y-%m-%d %H:%M UTC"),
        "error": error,
    }


def _credits_low(now):
    minimum = settings.SUNO_MIN_CREDITS
    credits = latest_credits()
    if minimum <= 0 or credits is None or credits >= minimum:
        return None
    return _("%(credits)s credits left, below SUNO_MIN_CREDITS (%(minimum)s).") % {
        "credits": credits,
        "minimum": minimum,
    }


def _webhook_disabled(now):
    disabled = list(endpoints_disabled().values_list("url", "disabled_reason")[:5])
    if not disabled:
        return None
    return _("Event endpoints disabled after a day of failed deliveries: %(list)s") % {
        "list": "; ".join(f"{url} ({reason})" for url, reason in disabled)
    }


@dataclass(frozen=True)
class Rule:
    name: str
    title: object  # a lazy translation
    check: object


RULES = [
    Rule("failure_spike", gettext_lazy("Failure spike"), _failure_spike),
    Rule("silence", gettext_lazy("No callbacks"), _silence),
    Rule("backlog", gettext_lazy("Processing backlog"), _backlog),
    Rule("processing_failed", gettext_lazy("Processing failed"), _processing_failed),
    Rule("provider", gettext_lazy("Provider unreachable"), _provider),
    Rule("credits_low", gettext_lazy("Credits low"), _credits_low),
    Rule("webhook_disabled", gettext_lazy("Event endpoint disabled"), _webhook_disabled),
]
RULES_BY_NAME = {rule.name: rule for rule in RULES}
