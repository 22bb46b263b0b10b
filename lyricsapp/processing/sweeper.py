"""The sweeper: enqueue stored results that were never processed.

A publish may be skipped (broker down, process killed with ids in hand); the
database still holds the work, and this beat job finds it after a grace period.
"""

import logging

from django.conf import settings

from lyricsapp.processing.publish import processing_enqueue_many
from lyricsapp.processing.services import unprocessed_task_ids
from project.celery import app

logger = logging.getLogger(__name__)


def queue_length():
    """Messages waiting in the default queue (not those a worker already holds)."""
    queue = app.conf.task_default_queue
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        client = getattr(channel, "client", None)
        if client is not None:
            # Redis: the queue is a list. A passive declare would fail while the
            # list does not exist, which is exactly when it is empty.
            return client.llen(queue)
        return channel.queue_declare(queue=queue, passive=True).message_count


def unprocessed_sweep(*, grace_seconds=None, limit=None):
    """Enqueue stored results that are still unprocessed after the grace period.

    When the queue already holds a full batch the workers are behind, not
    missing messages: adding more would only pile up duplicates.
    """
    grace_seconds = settings.LYRICS_SWEEP_GRACE_SECONDS if grace_seconds is None else grace_seconds
    limit = limit or settings.LYRICS_SWEEP_BATCH
    waiting = queue_length()
    if waiting >= limit:
        logger.info("sweep skipped: %s messages already queued", waiting)
        return 0
    task_ids = unprocessed_task_ids(grace_seconds=grace_seconds, limit=limit)
    count = processing_enqueue_many(task_ids=task_ids)
    if count:
        logger.info("sweep enqueued %s unprocessed tasks", count)
    return count
