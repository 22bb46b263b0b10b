"""Sending an endpoint's messages, in order, signed the Standard Webhooks way.

One endpoint's messages go out one at a time, oldest first: a message is not
sent before the one ahead of it was delivered (or given up on). A PostgreSQL
advisory lock per endpoint keeps a second job from sending concurrently. A
failed attempt schedules the next one with exponential backoff; after
EVENTS_RETRY_WINDOW_SECONDS of failures the endpoint is disabled, which the
alert rule ``webhook_disabled`` reports.
"""

import datetime as dt
import json
import logging
import time
from contextlib import contextmanager

import httpx
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from standardwebhooks.webhooks import Webhook

from lyricsapp.events.models import EventAttempt, EventMessage, WebhookEndpoint
from lyricsapp.events.ssrf import UnsafeURL, safe_post

logger = logging.getLogger(__name__)

RESPONSE_KEPT = 1024
# Messages one job sends before handing over to a fresh job.
JOB_BUDGET = 200
# Messages read and recorded together.
RUN = 50
LOCK_CLASS = 20514  # advisory lock namespace of event delivery

_client = None


def http_client():
    global _client
    if _client is None:
        timeout = settings.EVENTS_TIMEOUT_SECONDS
        _client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)), follow_redirects=False
        )
    return _client


@contextmanager
def endpoint_lock(endpoint_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_CLASS, endpoint_id])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_CLASS, endpoint_id])


def message_body(message):
    event = message.event
    return json.dumps(
        {"type": event.type, "timestamp": event.created_at.isoformat(), "data": event.data},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def message_headers(message, body, now):
    signature = Webhook(message.endpoint.secret).sign(message.event.webhook_id, now, body)
    return {
        "content-type": "application/json",
        "user-agent": "lyricsapp-events/1",
        "webhook-id": message.event.webhook_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature,
    }


def message_send(message) -> EventAttempt:
    """One HTTP attempt; the attempt (not saved yet) says whether it was delivered."""
    now = timezone.now()
    body = message_body(message)
    headers = message_headers(message, body, now)
    started = time.monotonic()
    status_code, response, error = None, "", ""
    try:
        answer = safe_post(
            http_client(), message.endpoint.url, content=body.encode(), headers=headers
        )
        status_code = answer.status_code
        response = answer.content[:RESPONSE_KEPT].decode("utf-8", "replace")
    except UnsafeURL as exc:
        error = str(exc)
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    except Exception as exc:
        # Whatever else goes wrong is this attempt's failure, logged like one.
        logger.exception("sending event message %s failed", message.pk)
        error = f"{type(exc).__name__}: {exc}"[:500]
    latency_ms = (time.monotonic() - started) * 1000
    success = status_code is not None and 200 <= status_code < 300
    return EventAttempt(
        message=message,
        status_code=status_code,
        latency_ms=latency_ms,
        response=response.replace("\x00", ""),
        error=error,
        success=success,
    )


def retry_delay(attempts):
    base = settings.EVENTS_RETRY_BASE_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), settings.EVENTS_RETRY_MAX_SECONDS)


@transaction.atomic
def _record(message, attempt):
    """Update the message after an attempt; the delay before the next one, or None."""
    message.attempts += 1
    now = timezone.now()
    if attempt.success:
        message.status = EventMessage.Status.DELIVERED
        message.delivered_at = now
        message.next_attempt_at = None
        message.save(update_fields=["attempts", "status", "delivered_at", "next_attempt_at"])
        return None
    window = dt.timedelta(seconds=settings.EVENTS_RETRY_WINDOW_SECONDS)
    if now - message.created_at >= window:
        endpoint_disable(endpoint_id=message.endpoint_id, message=message)
        return None
    delay = retry_delay(message.attempts)
    message.next_attempt_at = now + dt.timedelta(seconds=delay)
    message.save(update_fields=["attempts", "next_attempt_at"])
    return delay


def endpoint_disable(*, endpoint_id, message):
    hours = settings.EVENTS_RETRY_WINDOW_SECONDS / 3600
    reason = _(
        "Every attempt failed for %(hours).4g hours (event %(event)s, %(attempts)s attempts)."
    ) % {"hours": hours, "event": message.event.webhook_id, "attempts": message.attempts}
    WebhookEndpoint.objects.filter(pk=endpoint_id).update(
        enabled=False, disabled_at=timezone.now(), disabled_reason=reason
    )
    EventMessage.objects.filter(endpoint_id=endpoint_id, status=EventMessage.Status.PENDING).update(
        status=EventMessage.Status.FAILED, next_attempt_at=None
    )
    logger.warning("webhook endpoint %s disabled: %s", endpoint_id, reason)


def _heads(endpoint_id, count):
    return list(
        EventMessage.objects.select_related("event", "endpoint")
        .filter(endpoint_id=endpoint_id, status=EventMessage.Status.PENDING)
        .order_by("id")[:count]
    )


@transaction.atomic
def _record_delivered(messages, attempts):
    """Log a run of attempts and mark the delivered messages, in two statements."""
    EventAttempt.objects.bulk_create(attempts)
    EventMessage.objects.filter(pk__in=[m.pk for m in messages]).update(
        status=EventMessage.Status.DELIVERED,
        attempts=F("attempts") + 1,
        delivered_at=timezone.now(),
        next_attempt_at=None,
    )


def endpoint_deliver(*, endpoint_id, budget=JOB_BUDGET):
    """Send the endpoint's pending messages in order.

    Returns ("done" | "busy" | "later", seconds): "later" asks for another
    job after that many seconds (a retry's backoff, or more messages left).
    Messages are read and recorded a run at a time; the HTTP requests go one
    after the other, and the first failure ends the run.
    """
    with endpoint_lock(endpoint_id) as held:
        if not held:
            return "busy", None
        sent = 0
        while sent < budget:
            messages = _heads(endpoint_id, min(RUN, budget - sent))
            if not messages or not messages[0].endpoint.enabled:
                return "done", None
            wait = messages[0].next_attempt_at
            if wait and wait > timezone.now():
                return "later", (wait - timezone.now()).total_seconds()
            attempts = []
            for message in messages:
                attempts.append(message_send(message))
                if not attempts[-1].success:
                    break
            delivered = (
                messages[: len(attempts)] if attempts[-1].success else messages[: len(attempts) - 1]
            )
            _record_delivered(delivered, attempts)
            sent += len(attempts)
            if not attempts[-1].success:
                delay = _record(messages[len(attempts) - 1], attempts[-1])
                return ("done", None) if delay is None else ("later", delay)
    return "later", 0


def endpoints_due(*, older_than_seconds=0):
    """Endpoints whose head message waits longer than it should (a lost job)."""
    cutoff = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    pending = EventMessage.objects.filter(
        status=EventMessage.Status.PENDING, endpoint__enabled=True, created_at__lte=cutoff
    ).exclude(next_attempt_at__gt=cutoff)
    return set(pending.values_list("endpoint_id", flat=True).distinct())


def message_replay(*, message_ids):
    """Send these events again to the same endpoints, as new messages (admin)."""
    originals = EventMessage.objects.filter(pk__in=message_ids).select_related("endpoint")
    fresh = EventMessage.objects.bulk_create(
        EventMessage(event_id=m.event_id, endpoint_id=m.endpoint_id) for m in originals
    )
    return {m.endpoint_id for m in fresh}
