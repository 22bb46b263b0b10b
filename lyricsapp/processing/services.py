"""The follow-up work on a stored result: sections, counts, language.

A task's result is processed once. The worker claims the task row with
``SELECT ... FOR UPDATE SKIP LOCKED`` and does all the writes in that one
transaction: a second delivery of the message (a retry, the sweeper, a
redelivery after a worker died) either waits its turn and finds
``processed_at`` set, or skips a row another worker holds. A worker killed
half-way leaves nothing behind: its transaction is rolled back with its
connection and the row is free for the redelivered message.
"""

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from lyricsapp.models import Task
from lyricsapp.processing.language import detect_language
from lyricsapp.processing.lyrics_text import split_sections, text_counts
from lyricsapp.processing.publish import events_dispatch_on_commit, processing_enqueue_many

logger = logging.getLogger(__name__)


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


# TaskQuerySet.unprocessed() in SQL (tests/processing/test_unprocessed.py
# checks that they agree): processed, given-up and not-yet-stored tasks are
# left alone.
_UNPROCESSED = "completed_at IS NOT NULL AND processed_at IS NULL AND processing_failed_at IS NULL"

# Claim the tasks (skipping those another worker holds) and read their lyrics
# in one round trip. SKIP LOCKED never waits, so two batches never deadlock.
# "backlog" adds up to %(fill)s more results that are waiting, oldest first,
# through the partial index task_unprocessed; those counting failed attempts
# keep their retry's schedule.
_CLAIM_SQL = f"""
WITH own AS (
    SELECT id FROM lyricsapp_task
    WHERE task_id = ANY(%(task_ids)s) AND {_UNPROCESSED}
    FOR UPDATE SKIP LOCKED
), backlog AS (
    SELECT id FROM lyricsapp_task
    WHERE {_UNPROCESSED} AND processing_attempts = 0 AND NOT task_id = ANY(%(task_ids)s)
    ORDER BY completed_at
    LIMIT %(fill)s
    FOR UPDATE SKIP LOCKED
)
SELECT task.task_id, task.id, lyric.id, lyric.text
FROM lyricsapp_task AS task
LEFT JOIN lyricsapp_lyric AS lyric ON lyric.task_id = task.id
WHERE task.id IN (SELECT id FROM own UNION ALL SELECT id FROM backlog)
ORDER BY task.id, lyric.position
"""  # noqa: S608 (constants only)

# Which of the ids not claimed are still to be processed: held by another
# transaction (the rest are done, given up on or not stored).
_HELD_SQL = f"SELECT task_id FROM lyricsapp_task WHERE task_id = ANY(%s) AND {_UNPROCESSED}"  # noqa: S608

# Write every lyric's analysis, marked searchable (which puts it in the
# search indexes), and mark the tasks processed, in one statement
# (PostgreSQL runs a data-modifying WITH to completion, referenced or not).
_STORE_SQL = """
WITH analysed AS (
    UPDATE lyricsapp_lyric AS lyric
    SET sections = item.sections::jsonb, line_count = item.line_count,
        word_count = item.word_count, char_count = item.char_count,
        language = item.language, searchable = true
    FROM unnest(%(ids)s::bigint[], %(sections)s::text[], %(line_counts)s::int[],
                %(word_counts)s::int[], %(char_counts)s::int[], %(languages)s::text[])
         AS item(id, sections, line_count, word_count, char_count, language)
    WHERE lyric.id = item.id
)
UPDATE lyricsapp_task
SET processed_at = now(), processing_attempts = processing_attempts + 1, processing_error = ''
WHERE id = ANY(%(tasks)s)
"""

# The outbox rows of lyric.processed (see lyricsapp.events), only when an
# enabled endpoint wants them; the newest id, or NULL when none was written.
_EVENTS_SQL = """
WITH written AS (
    INSERT INTO lyricsapp_event (public_id, type, subject, created_at)
    SELECT gen_random_uuid(), 'lyric.processed', subject, now()
    FROM unnest(%s::text[]) AS subject
    WHERE EXISTS (SELECT FROM lyricsapp_webhookendpoint
                  WHERE enabled AND (events = '{}' OR 'lyric.processed' = ANY(events)))
    RETURNING id
)
SELECT max(id) FROM written
"""


# How long a result held by another transaction waits before it is tried again.
HELD_RETRY_SECONDS = 2


class TaskHeld(Exception):
    """Another transaction holds the result: a worker processing it, or one that
    died a moment ago and whose session PostgreSQL has not ended yet (RabbitMQ
    hands its message out again at once). Try again shortly, never drop it."""


# A message names the results stored at about the same time, often just one.
# When more are waiting, the worker takes up to this many of them into the same
# transaction: a batch costs little more than one result, so a backlog is
# cleared in batches, and the messages that named those results find nothing
# left to do.
BACKLOG_FILL = 31


@dataclass
class Processed:
    """What tasks_process() did with each id it was given (others: nothing to do)."""

    done: list = field(default_factory=list)
    # Unprocessed, but another transaction holds them: try again shortly.
    held: list = field(default_factory=list)
    # task id -> the exception its analysis raised; nothing was written for it.
    failed: dict = field(default_factory=dict)
    # Waiting results taken from the backlog and processed with these.
    from_backlog: list = field(default_factory=list)


def _claim(cursor, task_ids, fill):
    """{task id: (row id, [(lyric id, text), ...])} of the tasks claimed."""
    cursor.execute(_CLAIM_SQL, {"task_ids": list(task_ids), "fill": fill})
    claimed = {}
    for task_id, pk, lyric_id, text in cursor.fetchall():
        _, lyrics = claimed.setdefault(task_id, (pk, []))
        if lyric_id is not None:
            lyrics.append((lyric_id, text))
    return claimed


def _store(cursor, analysed, task_pks):
    cursor.execute(
        _STORE_SQL,
        {
            "tasks": task_pks,
            "ids": [lyric_id for lyric_id, _ in analysed],
            "sections": [json.dumps(a["sections"], ensure_ascii=False) for _, a in analysed],
            "line_counts": [a["line_count"] for _, a in analysed],
            "word_counts": [a["word_count"] for _, a in analysed],
            "char_counts": [a["char_count"] for _, a in analysed],
            "languages": [a["language"] for _, a in analysed],
        },
    )
    # In this transaction: the events exist exactly when the analysis does.
    cursor.execute(_EVENTS_SQL, [[str(lyric_id) for lyric_id, _ in analysed]])
    return cursor.fetchone()[0]


def _analyse(claimed, task_ids, outcome):
    """[(lyric id, analysis), ...] and the row ids of the tasks analysed."""
    analysed, task_pks = [], []
    for task_id, (pk, lyrics) in claimed.items():
        own = task_id in task_ids
        try:
            analysed += [(lyric_id, lyric_analysis(text=text)) for lyric_id, text in lyrics]
        except Exception as exc:  # this text's fault, not the batch's
            # One from the backlog is left to its own message, which counts
            # the attempt and schedules the retry.
            if own:
                outcome.failed[task_id] = exc
            continue
        task_pks.append(pk)
        (outcome.done if own else outcome.from_backlog).append(task_id)
    return analysed, task_pks


@transaction.atomic
def tasks_process(*, task_ids, backlog_fill=0):
    """Process stored results once, all in one transaction; returns a Processed.

    One claim, one write and one commit for the lot: a batch of results costs
    about what one did. Ids already processed, given up on or not stored are
    left alone; a result whose analysis raises is left for its own retry. With
    backlog_fill, up to that many other waiting results are processed too.
    """
    outcome = Processed()
    with connection.cursor() as cursor:
        claimed = _claim(cursor, task_ids, backlog_fill)
        missing = [task_id for task_id in task_ids if task_id not in claimed]
        if missing:
            cursor.execute(_HELD_SQL, [missing])
            outcome.held = [task_id for (task_id,) in cursor.fetchall()]
        if not claimed:
            return outcome
        # Everything written here is derived from the stored text and written
        # together with processed_at: if a crash loses the last moments of it,
        # processed_at is lost too and the sweeper does the work again. So this
        # transaction need not wait for its WAL flush, which halves its cost.
        # (The callback's own store stays fully durable.)
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        if settings.LYRICS_PROCESSING_DELAY_SECONDS:
            time.sleep(settings.LYRICS_PROCESSING_DELAY_SECONDS)
        analysed, task_pks = _analyse(claimed, set(task_ids), outcome)
        event_id = _store(cursor, analysed, task_pks) if task_pks else None
    if event_id is not None:
        events_dispatch_on_commit(event_id=event_id)
    return outcome


def task_process(*, task_id, backlog_fill=0):
    """Process one stored result once; False when there is nothing to do here.

    Nothing to do: already processed, given up on, or not stored yet. Raises
    TaskHeld while another transaction holds it, and what its analysis raised.
    With backlog_fill, other waiting results are processed with it.
    """
    outcome = tasks_process(task_ids=[task_id], backlog_fill=backlog_fill)
    if task_id in outcome.failed:
        raise outcome.failed[task_id]
    if outcome.held:
        raise TaskHeld(task_id)
    return bool(outcome.done)


@transaction.atomic
def task_record_failure(*, task_id, error):
    """Count a failed attempt; after the last allowed one, mark the task failed.

    Returns (attempts, failed). A task processed or failed meanwhile is left as is.
    """
    task = Task.objects.unprocessed().select_for_update().filter(task_id=task_id).first()
    if task is None:
        return 0, False
    task.processing_attempts += 1
    task.processing_error = error[:2000]
    failed = task.processing_attempts >= settings.LYRICS_PROCESSING_MAX_ATTEMPTS
    if failed:
        task.processing_failed_at = timezone.now()
        # Given up on, but stored: search finds its lyrics from now on.
        task.lyrics.filter(searchable=False).update(searchable=True)
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
    return Task.objects.unprocessed().filter(completed_at__lt=cutoff).order_by("completed_at")


def unprocessed_task_ids(*, grace_seconds, limit):
    return list(
        unprocessed_due(grace_seconds=grace_seconds).values_list("task_id", flat=True)[:limit]
    )


@transaction.atomic
def tasks_reprocess(*, task_ids):
    """Clear the follow-up state of these tasks and process them again after commit."""
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
