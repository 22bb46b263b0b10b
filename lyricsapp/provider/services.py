"""Submitting prompts to the provider and reconciling with its records.

Callbacks are hints; the provider's record is the truth. Whatever we learn by
polling goes through ``callback_store``, the same ingestion path as an HTTP
callback, so there is one state machine and every result is a recorded
delivery (with ``source`` telling where it came from).
"""

import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from callbacks.models import Delivery
from callbacks.payload import InvalidPayload, parse_callback
from callbacks.services import RequestInfo, callback_store
from lyricsapp.models import Task
from lyricsapp.provider.client import (
    PROMPT_MAX,
    ProviderError,
    ProviderUnreachable,
    client_from_settings,
    provider_enabled,
)
from lyricsapp.provider.credits import credits_check_submit
from lyricsapp.provider.ratelimit import provider_rate_limiter
from project.credentials import callback_token_current

logger = logging.getLogger(__name__)

REFUNDED = 531
TIMEOUT_CODE = 408
# Provider answers that mean "stop calling for now": the rest waits a tick.
BACK_OFF_CODES = {405, 429, 430, 455}


def callback_url():
    """The URL the provider POSTs results to, token included."""
    # The first of the accepted tokens: the others are kept only while rotating.
    query = urlencode({"token": callback_token_current()})
    return f"{settings.PUBLIC_BASE_URL}{reverse('suno-lyrics-callback')}?{query}"


def prompt_clean(prompt):
    prompt = (prompt or "").strip()
    if not prompt:
        raise ValidationError(gettext("Write a prompt first."))
    if len(prompt) > PROMPT_MAX:
        raise ValidationError(
            gettext("The prompt is %(length)s characters long; the provider takes %(max)s at most.")
            % {"length": len(prompt), "max": PROMPT_MAX}
        )
    return prompt


def task_submit(*, user, prompt, retry_of=None, client=None) -> Task:
    """Send a prompt to the provider and store the pending task it created.

    The HTTP call happens outside any transaction: a slow provider must not
    hold a database connection in a transaction.
    """
    prompt = prompt_clean(prompt)
    credits_check_submit()
    own_client = client is None
    client = client or client_from_settings()
    try:
        task_id = client.submit(prompt=prompt, callback_url=callback_url())
    finally:
        if own_client:
            client.close()
    return _task_record_submission(task_id=task_id, user=user, prompt=prompt, retry_of=retry_of)


@transaction.atomic
def _task_record_submission(*, task_id, user, prompt, retry_of):
    now = timezone.now()
    task, created = Task.objects.get_or_create(
        task_id=task_id,
        defaults={
            "submitted_by": user,
            "prompt": prompt,
            "submitted_at": now,
            "retry_of": retry_of,
            "status": Task.Status.PENDING,
        },
    )
    if not created:
        # The callback beat us to it: the result stands, the ownership is ours.
        Task.objects.filter(pk=task.pk, submitted_at__isnull=True).update(
            submitted_by=user, prompt=prompt, submitted_at=now, retry_of=retry_of
        )
        task.refresh_from_db()
    return task


def _internal_request(*, raw, source):
    return RequestInfo(
        raw_body=raw,
        body_size=len(raw),
        content_type="application/json",
        headers={"X-Lyrics-Source": source},
        remote_addr=None,
        source=source,
        # Read from the provider with our key, or decided here: not a forgery.
        authenticated=True,
    )


def task_poll(*, task_id, client) -> str | None:
    """Read one task's record and store it if final; the outcome, or None if still pending."""
    record = client.record_info(task_id=task_id)
    try:
        callback = record.as_callback()
    except InvalidPayload as exc:
        logger.warning("record of %s is not usable: %s %s", task_id, exc.error, exc.detail)
        return None
    if callback is None:
        return None
    return callback_store(
        callback=callback, request=_internal_request(raw=record.raw, source=Delivery.Source.POLL)
    )


def task_expire(*, task_id) -> str | None:
    """Give up on a task: it fails with a timeout reason, through the ingestion path."""
    minutes = settings.SUNO_PENDING_DEADLINE_SECONDS // 60
    body = {
        "code": TIMEOUT_CODE,
        "msg": f"Timed out: no result from the provider within {minutes} minutes.",
        "data": {"callbackType": "timeout", "task_id": task_id, "data": None},
    }
    raw = json.dumps(body, separators=(",", ":")).encode()
    if not Task.objects.filter(task_id=task_id, status=Task.Status.PENDING).exists():
        return None
    return callback_store(
        callback=parse_callback(body),
        request=_internal_request(raw=raw, source=Delivery.Source.DEADLINE),
    )


def task_confirm(*, task_id, client=None) -> str | None:
    """Confirm a held callback against the provider's record (SUNO_CONFIRM_CALLBACKS)."""
    Task.objects.filter(task_id=task_id).update(last_polled_at=timezone.now())
    own_client = client is None
    client = client or client_from_settings()
    try:
        return task_poll(task_id=task_id, client=client)
    finally:
        if own_client:
            client.close()


def task_retry_refunded(*, task_id, client=None) -> Task | None:
    """Resubmit a task of ours that failed with 531 (credits refunded, please retry).

    The original's row lock is held across the provider call, so two workers
    never both resubmit it; the unique ``retry_of`` is the last line of defence.
    """
    with transaction.atomic():
        original = (
            Task.objects.select_for_update(skip_locked=True)
            .filter(task_id=task_id, status=Task.Status.FAILED, code=REFUNDED)
            .exclude(submitted_at=None)
            .exclude(prompt="")
            .first()
        )
        if original is None or Task.objects.filter(retry_of=original).exists():
            return None
        if original.retry_depth() >= settings.SUNO_RETRY_REFUNDED:
            return None
        task = task_submit(
            user=original.submitted_by, prompt=original.prompt, retry_of=original, client=client
        )
    logger.info("resubmitted refunded task %s as %s", original.task_id, task.task_id)
    return task


@dataclass
class ReconcileReport:
    polled: int = 0
    stored: int = 0
    expired: int = 0
    resubmitted: int = 0
    errors: int = 0
    backed_off: bool = False


def _claim(task, now):
    """Mark a task as polled now unless another process just did (one poll per interval)."""
    recent = now - timedelta(seconds=settings.SUNO_POLL_INTERVAL_SECONDS)
    return (
        Task.objects.filter(pk=task.pk, status=Task.Status.PENDING)
        .filter(Q(last_polled_at__isnull=True) | Q(last_polled_at__lte=recent))
        .update(last_polled_at=now)
        == 1
    )


def _poll_batch_size():
    """Half of the provider's budget per sweep, leaving the rest for submits."""
    item = provider_rate_limiter().item
    window = item.get_expiry()
    return max(1, item.amount * max(1, settings.LYRICS_SWEEP_SECONDS // window) // 2)


def stale_tasks(*, now):
    """Pending tasks old enough to poll and not polled within the interval."""
    old = now - timedelta(seconds=settings.SUNO_POLL_AFTER_SECONDS)
    recent = now - timedelta(seconds=settings.SUNO_POLL_INTERVAL_SECONDS)
    return (
        Task.objects.filter(status=Task.Status.PENDING, created_at__lte=old)
        .filter(Q(last_polled_at__isnull=True) | Q(last_polled_at__lte=recent))
        .order_by(F("last_polled_at").asc(nulls_first=True), "created_at")
    )


def tasks_poll_stale(*, client, now, report):
    for task in stale_tasks(now=now)[: _poll_batch_size()]:
        if not _claim(task, now):
            continue
        report.polled += 1
        try:
            outcome = task_poll(task_id=task.task_id, client=client)
        except ProviderError as exc:
            report.errors += 1
            logger.warning("polling %s failed: %s", task.task_id, exc)
            if exc.code in BACK_OFF_CODES or isinstance(exc, ProviderUnreachable):
                report.backed_off = True
                return
            continue
        if outcome == Delivery.Outcome.RECEIVED:
            report.stored += 1


def tasks_expire_overdue(*, now, polling, report):
    """Pending tasks past the deadline fail, after one last look at their record."""
    deadline = timedelta(seconds=settings.SUNO_PENDING_DEADLINE_SECONDS)
    overdue = Task.objects.filter(status=Task.Status.PENDING, created_at__lte=now - deadline)
    if polling:
        # Only once a poll after the deadline found nothing.
        overdue = overdue.filter(last_polled_at__gte=F("created_at") + deadline)
    for task_id in overdue.values_list("task_id", flat=True)[:500]:
        if task_expire(task_id=task_id) == Delivery.Outcome.RECEIVED:
            report.expired += 1


def refunded_tasks(*, now):
    """Our tasks that failed with 531 recently and have no retry yet."""
    window = now - timedelta(seconds=settings.SUNO_PENDING_DEADLINE_SECONDS)
    return (
        Task.objects.filter(status=Task.Status.FAILED, code=REFUNDED, completed_at__gte=window)
        .exclude(submitted_at=None)
        .filter(retried_by__isnull=True)
        .order_by("completed_at")
    )


def tasks_retry_refunded(*, client, now, report):
    if settings.SUNO_RETRY_REFUNDED <= 0:
        return
    for task_id in refunded_tasks(now=now).values_list("task_id", flat=True)[:50]:
        try:
            if task_retry_refunded(task_id=task_id, client=client) is not None:
                report.resubmitted += 1
        except ProviderError as exc:
            # Tried again next sweep, until the deadline window closes.
            report.errors += 1
            logger.warning("resubmitting %s failed: %s", task_id, exc)
            if exc.code in BACK_OFF_CODES or isinstance(exc, ProviderUnreachable):
                report.backed_off = True
                return


def tasks_reconcile(*, client=None, now=None) -> ReconcileReport:
    """The beat job: poll stale pending tasks, expire overdue ones, resubmit refunded ones."""
    now = now or timezone.now()
    report = ReconcileReport()
    polling = provider_enabled()
    if not polling:
        tasks_expire_overdue(now=now, polling=False, report=report)
        return report
    own_client = client is None
    client = client or client_from_settings()
    try:
        tasks_poll_stale(client=client, now=now, report=report)
        tasks_expire_overdue(now=now, polling=True, report=report)
        if not report.backed_off:
            tasks_retry_refunded(client=client, now=now, report=report)
    finally:
        if own_client:
            client.close()
    return report
