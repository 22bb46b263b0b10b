"""Celery tasks: thin, they take ids and call the services."""

import logging
import time

from celery import shared_task
from celery.signals import worker_process_init
from django.db import close_old_connections

from lyricsapp.processing import language, services, sweeper
from lyricsapp.processing.publish import PROCESS_LYRICS, PROCESS_LYRICS_BATCH

logger = logging.getLogger(__name__)


def fresh_connection(task):
    """Like Django at the start of a request: drop a broken or expired database
    connection (the worker keeps it between tasks, CELERY_DB_REUSE_MAX)."""
    if not task.request.is_eager:
        close_old_connections()


def _failed(task_id, exc):
    """Count a failed attempt; the countdown before the next one, or None for no retry."""
    attempts, failed = services.task_record_failure(
        task_id=task_id, error=f"{type(exc).__name__}: {exc}"
    )
    if not attempts:
        return None  # processed or given up on meanwhile: nothing left to retry
    if failed:
        logger.error(
            "processing %s failed for good after %s attempts", task_id, attempts, exc_info=exc
        )
        return None
    logger.warning("processing %s failed (attempt %s), retrying", task_id, attempts)
    return services.retry_countdown(attempts=attempts)


@shared_task(bind=True, name=PROCESS_LYRICS, acks_late=True, max_retries=None)
def process_lyrics(self, task_id):
    """Sections, counts and language of one stored result, and of others
    waiting; retried with backoff. (The sweeper and the admin's reprocessing
    send one message a result: the fill makes those batches too.)"""
    fresh_connection(self)
    try:
        services.task_process(task_id=task_id, backlog_fill=services.BACKLOG_FILL)
    except services.TaskHeld as exc:
        raise self.retry(exc=exc, countdown=services.HELD_RETRY_SECONDS) from exc
    except Exception as exc:
        countdown = _failed(task_id, exc)
        if countdown is not None:
            raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(bind=True, name=PROCESS_LYRICS_BATCH, acks_late=True)
def process_lyrics_batch(self, task_ids):
    """The follow-up work of results stored at about the same time (one message
    for many callbacks), and of others waiting, in one transaction; a result
    that fails is retried on its own."""
    fresh_connection(self)
    try:
        outcome = services.tasks_process(task_ids=task_ids, backlog_fill=services.BACKLOG_FILL)
    except Exception:
        # The batch's transaction failed (a database fault): one by one, so
        # that each result meets its own fate.
        logger.warning("processing a batch of %s failed, one by one now", len(task_ids))
        for task_id in task_ids:
            process_one_of_a_batch(task_id)
        return
    for task_id in outcome.held:
        process_lyrics.apply_async((task_id,), countdown=services.HELD_RETRY_SECONDS)
    for task_id, exc in outcome.failed.items():
        retry_later(task_id, exc)


def process_one_of_a_batch(task_id):
    # Its own result only: each meets its own fate after a batch failed.
    try:
        services.task_process(task_id=task_id)
    except services.TaskHeld:
        process_lyrics.apply_async((task_id,), countdown=services.HELD_RETRY_SECONDS)
    except Exception as exc:
        retry_later(task_id, exc)


def retry_later(task_id, exc):
    countdown = _failed(task_id, exc)
    if countdown is not None:
        process_lyrics.apply_async((task_id,), countdown=countdown)


@shared_task(bind=True, name="lyricsapp.tasks.sweep_unprocessed", ignore_result=True)
def sweep_unprocessed(self):
    """Beat job: re-enqueue results stored but not processed after the grace period."""
    fresh_connection(self)
    return sweeper.unprocessed_sweep()


@worker_process_init.connect
def load_language_models(**kwargs):
    """Each pool process loads the language models at start, not on its first lyric."""
    started = time.monotonic()
    language.preload()
    logger.info("language models loaded in %.1f s", time.monotonic() - started)
