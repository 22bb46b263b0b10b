"""Celery tasks that talk to the provider: thin, they take ids and call services."""

import logging
from dataclasses import asdict

from celery import shared_task

from callbacks.confirm import PROVIDER_CONFIRM
from lyricsapp.provider import services as services_provider
from lyricsapp.provider.client import ProviderError

logger = logging.getLogger(__name__)


# Registered under the names of the module they were first written in, so that
# messages already queued and the beat schedule keep working.
@shared_task(name="lyricsapp.provider_tasks.provider_reconcile", ignore_result=True)
def provider_reconcile():
    """Beat: poll stale pending tasks, expire overdue ones, resubmit refunded ones."""
    report = services_provider.tasks_reconcile()
    logger.info("provider reconcile: %s", asdict(report))


@shared_task(
    name=PROVIDER_CONFIRM,
    bind=True,
    ignore_result=True,
    autoretry_for=(ProviderError,),
    retry_backoff=5,
    retry_backoff_max=120,
    max_retries=5,
)
def provider_confirm(self, task_id):
    """Confirm mode: read the record of a task whose callback is held."""
    if services_provider.task_confirm(task_id=task_id) is not None:
        return
    # The record is not final yet; after the last retry the sweep takes over.
    if self.request.retries < self.max_retries:
        raise self.retry(countdown=min(120, 5 * 2**self.request.retries))
    logger.info("record of %s still not final; left to the sweep", task_id)


@shared_task(name="lyricsapp.provider_tasks.provider_retry_refunded", ignore_result=True)
def provider_retry_refunded(task_id):
    """Resubmit a task that failed with 531; callable right after a result is stored."""
    services_provider.task_retry_refunded(task_id=task_id)
