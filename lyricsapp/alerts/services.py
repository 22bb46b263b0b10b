"""Alerts: a rule's change of state is recorded, then sent to every target.

The state row of each rule is locked while it changes, so an alert goes out
once when its condition starts and once when it clears, never again while it
holds, however many checks run. Sending is a Celery job per target and alert
(retried, see tasks.py): a failing notifier delays nothing else.
"""

import logging

import apprise
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lyricsapp.alerts.models import AlertLog, AlertState, AlertTarget
from lyricsapp.alerts.rules import RULES
from lyricsapp.provider.credits import credits_current
from project.celery import app

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
ALERT_SEND = "lyricsapp.alerts.tasks.alert_send"
NOTIFY_TYPES = {
    AlertLog.Kind.FIRING: apprise.NotifyType.FAILURE,
    AlertLog.Kind.RESOLVED: apprise.NotifyType.SUCCESS,
    AlertLog.Kind.TEST: apprise.NotifyType.INFO,
}


def alert_targets():
    urls = [url.strip() for url in settings.ALERT_URLS if url.strip()]
    urls += AlertTarget.objects.filter(enabled=True).values_list("url", flat=True)
    return list(dict.fromkeys(urls))


def alert_record(*, rule, kind, title, body, targets=None):
    """One log row per target (one without a target when none is set)."""
    targets = alert_targets() if targets is None else targets
    if not targets:
        return [
            AlertLog.objects.create(
                rule=rule,
                kind=kind,
                title=title,
                body=body,
                target="",
                status=AlertLog.Status.FAILED,
                error=_("No alert target: set ALERT_URLS or add one in the admin."),
            )
        ]
    logs = AlertLog.objects.bulk_create(
        AlertLog(rule=rule, kind=kind, title=title, body=body, target=url) for url in targets
    )
    transaction.on_commit(lambda: alerts_send_later([log.pk for log in logs]), robust=True)
    return logs


def alerts_send_later(log_ids):
    # By name: the job module (alerts.tasks) calls this one, not the reverse.
    for log_id in log_ids:
        app.send_task(ALERT_SEND, args=(log_id,))


@transaction.atomic
def alert_transition(*, rule, detail, now):
    """Record the rule's new state; the log rows when it changed, else []."""
    state, _created = AlertState.objects.select_for_update().get_or_create(rule=rule.name)
    active = detail is not None
    if active == state.active:
        if active and detail != state.detail:
            AlertState.objects.filter(pk=state.pk).update(detail=detail)
        return []
    state.active, state.changed_at = active, now
    state.since = now if active else None
    state.detail = detail or ""
    state.save()
    if active:
        kind, title = AlertLog.Kind.FIRING, _("Firing: %(rule)s") % {"rule": rule.title}
        body = detail
    else:
        kind, title = AlertLog.Kind.RESOLVED, _("Resolved: %(rule)s") % {"rule": rule.title}
        body = _("The condition no longer holds.")
    return alert_record(rule=rule.name, kind=kind, title=title, body=body)


def alerts_check(*, now=None):
    """The beat job: check every rule; the alerts recorded."""
    now = now or timezone.now()
    # A cached read of the balance, which is also the provider's health probe.
    credits_current()
    logs = []
    for rule in RULES:
        try:
            detail = rule.check(now)
        except Exception:
            # One broken rule must not silence the others.
            logger.exception("alert rule %s could not be checked", rule.name)
            continue
        logs += alert_transition(rule=rule, detail=detail, now=now)
    return logs


def alert_test(*, targets=None):
    """A test alert to these targets (all of them by default)."""
    return alert_record(
        rule="test",
        kind=AlertLog.Kind.TEST,
        title=_("Test alert"),
        body=_("This is a test: alerts reach this target."),
        targets=targets,
    )


def alert_deliver(*, log_id):
    """Send one recorded alert; True when done (sent or given up), False to retry."""
    log = AlertLog.objects.filter(pk=log_id, status=AlertLog.Status.PENDING).first()
    if log is None:
        return True
    notifier = apprise.Apprise()
    if not notifier.add(log.target):
        AlertLog.objects.filter(pk=log.pk).update(
            status=AlertLog.Status.FAILED, error=_("Not a valid apprise URL.")
        )
        return True
    sent = notifier.notify(title=log.title, body=log.body, notify_type=NOTIFY_TYPES[log.kind])
    log.attempts += 1
    if sent:
        log.status, log.sent_at, log.error = AlertLog.Status.SENT, timezone.now(), ""
    else:
        log.error = _("The notifier did not accept the alert (attempt %(n)s).") % {
            "n": log.attempts
        }
        if log.attempts >= MAX_ATTEMPTS:
            log.status = AlertLog.Status.FAILED
    log.save(update_fields=["attempts", "status", "sent_at", "error"])
    return log.status != AlertLog.Status.PENDING
