"""The follow-up work on a stored result: sections, counts, language.

A task's result is processed once. The worker claims the task row with
``SELECT ... FOR UPDATE SKIP LOCKED`` and does all the writes in that one
transaction: a second delivery of the message (a retry, the sweeper, a
redelivery after a worker died) either waits its turn and finds
``processed_at`` set, or skips a row another worker holds. A worker killed
half-way leaves nothing behind: its transaction is rolled back with its
connection and the row is free for the redelivered message.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Now
from django.utils import timezone

from lyricsapp.language import detect_language
from lyricsapp.lyrics_text import split_sections, text_counts
from lyricsapp.models import Lyric, Task

logger = logging.getLogger(__name__)

ANALYSIS_FIELDS = ["sections", "line_count", "word_count", "char_count", "language"]


def lyric_analysis(*, text):
    """What the follow-up work stores on a lyric, from its text alone."""
    sections = split_sections(text)
    line_count, word_count, char_count = text_counts(sections)
    sung = "\n".join(section["text"] for section in sections)
    return {
        "sections": sections,
        "line_count": line_count,
        "word_count": word_count,
        "char_count": char_count,
        "language": detect_language(sung),
    }


def _unprocessed():
    return Task.objects.filter(
        completed_at__isnull=False, processed_at__isnull=True, processing_failed_at__isnull=True
    )


@transaction.atomic
def task_process(*, task_id):
    """Process a stored result once; False when there is nothing to do here.

    Nothing to do: already processed, given up on, not stored yet, or being
    processed right now by another worker (which then finishes it).
    """
    task = _unprocessed().select_for_update(skip_locked=True).filter(task_id=task_id).first()
    if task is None:
        return False
    if settings.LYRICS_PROCESSING_DELAY_SECONDS:
        time.sleep(settings.LYRICS_PROCESSING_DELAY_SECONDS)
    lyrics = list(Lyric.objects.filter(task=task).order_by("position"))
    for lyric in lyrics:
        for name, value in lyric_analysis(text=lyric.text).items():
            setattr(lyric, name, value)
    Lyric.objects.bulk_update(lyrics, ANALYSIS_FIELDS)
    Task.objects.filter(pk=task.pk).update(
        processed_at=Now(), processing_attempts=F("processing_attempts") + 1, processing_error=""
    )
    return True


@transaction.atomic
def task_record_failure(*, task_id, error):
    """Count a failed attempt; after the last allowed one, mark the task failed.

    Returns (attempts, failed). A task processed or failed meanwhile is left as is.
    """
    task = _unprocessed().select_for_update().filter(task_id=task_id).first()
    if task is None:
        return 0, False
    task.processing_attempts += 1
    task.processing_error = error[:2000]
    failed = task.processing_attempts >= settings.LYRICS_PROCESSING_MAX_ATTEMPTS
    if failed:
        task.processing_failed_at = timezone.now()
    task.save(update_fields=["processing_attempts", "processing_error", "processing_failed_at"])
    return task.processing_attempts, failed


def retry_countdown(*, attempts):
    """Exponential backoff, capped below the broker's visibility timeout."""
    base = settings.LYRICS_RETRY_BACKOFF_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), settings.LYRICS_RETRY_BACKOFF_MAX_SECONDS)


def unprocessed_due(*, grace_seconds):
    """Stored results still waiting after the grace period, oldest first.

    Served by the partial index ``task_unprocessed``: its size is the backlog,
    not the table.
    """
    cutoff = timezone.now() - timedelta(seconds=grace_seconds)
    return _unprocessed().filter(completed_at__lt=cutoff).order_by("completed_at")


def unprocessed_task_ids(*, grace_seconds, limit):
    return list(
        unprocessed_due(grace_seconds=grace_seconds).values_list("task_id", flat=True)[:limit]
    )


@transaction.atomic
def tasks_reprocess(*, task_ids):
    """Clear the follow-up state of these tasks and process them again after commit."""
    from lyricsapp.enqueue import processing_enqueue_many

    task_ids = list(
        Task.objects.filter(task_id__in=task_ids, completed_at__isnull=False).values_list(
            "task_id", flat=True
        )
    )
    Task.objects.filter(task_id__in=task_ids).update(
        processed_at=None, processing_attempts=0, processing_error="", processing_failed_at=None
    )
    # A broker that is down only delays them: the sweeper finds them unprocessed.
    transaction.on_commit(lambda: processing_enqueue_many(task_ids=task_ids), robust=True)
    return task_ids
