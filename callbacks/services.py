"""Store callbacks: every delivery recorded, every task stored exactly once.

Idempotency lives in the database. The common cases (a new result, a repeat
of a stored one) take one SQL statement in autocommit: the task row is
inserted with ``ON CONFLICT (task_id) DO NOTHING`` and the delivery row records
what happened, all in one round trip and one commit. The rare cases (a task
submitted from this app that is still pending, or a concurrent first delivery
committed after our snapshot was taken) go through a short locked transaction.
"""

import json
from dataclasses import dataclass

import psycopg
from django.db import connection, transaction
from django.utils import timezone

from callbacks.models import Delivery
from callbacks.payload import Callback
from callbacks.store_function import CALL_SQL
from lyricsapp.events.publish import event_publish, task_event_type
from lyricsapp.models import Lyric, Task
from lyricsapp.processing.publish import events_dispatch_on_commit, processing_enqueue_on_commit


@dataclass(frozen=True)
class RequestInfo:
    """What is recorded about the HTTP request, whatever its body holds."""

    raw_body: bytes
    body_size: int
    content_type: str
    headers: dict
    remote_addr: str | None
    # Where the result came from: an HTTP callback, a poll of record-info, or
    # the pending deadline (see Delivery.Source).
    source: str = "callback"
    # Passed the token and signature checks in force (see Delivery.authenticated).
    authenticated: bool = False


# One statement: reserve the delivery id, insert the task unless it exists,
# insert its lyrics only if the task was new, and record the delivery with the
# outcome. When the outcome cannot be decided here (the task exists but is
# pending, or it was committed by a concurrent request after this statement's
# snapshot) nothing is written and the caller takes the locked path.
STORE_SQL = """
WITH new_delivery AS (
    SELECT nextval(%(delivery_seq)s::regclass) AS id
), inserted_task AS (
    INSERT INTO lyricsapp_task (
        task_id, status, code, msg, callback_type, created_at, completed_at,
        result_delivery_id, result_hash, processing_attempts, processing_error, prompt
    )
    SELECT %(task_id)s, %(status)s, %(code)s, %(msg)s, %(callback_type)s, now(), now(),
           new_delivery.id, %(result_hash)s, 0, '', ''
    FROM new_delivery
    ON CONFLICT (task_id) DO NOTHING
    RETURNING id
), inserted_lyrics AS (
    -- Not searchable yet: the insert skips the GIN search indexes, whose
    -- upkeep the follow-up work pays when it marks the lyric searchable.
    INSERT INTO lyricsapp_lyric (task_id, position, title, text, status, error_message,
                                 created_at, language, searchable)
    SELECT inserted_task.id, item.position - 1, item.value ->> 0, item.value ->> 1,
           item.value ->> 2, item.value ->> 3, now(), '', false
    FROM inserted_task,
         jsonb_array_elements(%(items)s::jsonb) WITH ORDINALITY AS item(value, position)
), inserted_event AS (
    -- The outbox row of task.completed / task.failed, only when an endpoint
    -- wants it: with none registered this costs one look at an empty table.
    INSERT INTO lyricsapp_event (public_id, type, subject, created_at)
    SELECT gen_random_uuid(), %(event_type)s::varchar, %(task_id)s, now()
    FROM inserted_task
    WHERE EXISTS (SELECT FROM lyricsapp_webhookendpoint
                  WHERE enabled AND (events = '{}' OR %(event_type)s::varchar = ANY(events)))
    RETURNING id
), existing_task AS (
    SELECT status, result_hash FROM lyricsapp_task WHERE task_id = %(task_id)s
), outcome AS (
    SELECT CASE
        WHEN EXISTS (SELECT FROM inserted_task) THEN 'received'
        WHEN (SELECT status FROM existing_task) = 'pending' THEN NULL
        WHEN (SELECT result_hash FROM existing_task) = %(result_hash)s THEN 'duplicate'
        WHEN EXISTS (SELECT FROM existing_task) THEN 'conflict'
    END AS value
)
INSERT INTO callbacks_delivery (
    id, received_at, raw_body, body_size, content_type, headers, remote_addr, task_id,
    outcome, http_status, error, replay_of_id, source, authenticated
)
SELECT new_delivery.id, now(), %(raw_body)s, %(body_size)s, %(content_type)s, %(headers)s::jsonb,
       %(remote_addr)s::inet, %(task_id)s, outcome.value, 200, '', %(replay_of_id)s::bigint,
       %(source)s, %(authenticated)s
FROM new_delivery, outcome
WHERE outcome.value IS NOT NULL
RETURNING outcome::text, (SELECT id FROM inserted_event)
"""

_delivery_seq = None


def _delivery_sequence(cursor):
    global _delivery_seq
    if _delivery_seq is None:
        cursor.execute("SELECT pg_get_serial_sequence('callbacks_delivery', 'id')")
        _delivery_seq = cursor.fetchone()[0]
    return _delivery_seq


def _store_statement():
    """Prepared, or without prepared statements (behind PgBouncer) the same
    statement called as a function whose plan PL/pgSQL keeps."""
    if connection.connection.prepare_threshold is not None:
        return STORE_SQL, {"prepare": True}
    return CALL_SQL, {}


def _store_in_one_statement(*, callback, request, replay_of=None):
    # A server-side-binding cursor with a prepared statement: PostgreSQL
    # parses and plans this statement once per connection, not per callback
    # (planning it cost as much as running it). psycopg prepares only when the
    # connection has a prepare_threshold (DB_PREPARED_STATEMENTS). Django's
    # wrapper still turns driver errors into django.db errors and marks a
    # broken connection for closing.
    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        params = {
            "delivery_seq": _delivery_sequence(cursor),
            "task_id": callback.task_id,
            "status": callback.status,
            "event_type": task_event_type(callback.status),
            "code": callback.code,
            "msg": callback.msg,
            "callback_type": callback.callback_type,
            "result_hash": callback.result_hash,
            # One JSON document rather than four arrays: json.dumps is much
            # cheaper than adapting Python lists parameter by parameter.
            "items": json.dumps(
                [[i.title, i.text, i.status, i.error_message] for i in callback.items],
                ensure_ascii=False,
            ),
            "raw_body": request.raw_body,
            "body_size": request.body_size,
            "content_type": request.content_type,
            "headers": json.dumps(request.headers, ensure_ascii=False),
            "remote_addr": request.remote_addr,
            "replay_of_id": replay_of.pk if replay_of else None,
            "source": request.source,
            "authenticated": request.authenticated,
        }
        statement, options = _store_statement()
        cursor.execute(statement, params, **options)
        row = cursor.fetchone()
    if row is None:
        return None
    outcome, event_id = row
    if event_id is not None:
        events_dispatch_on_commit(event_id=event_id)
    return outcome


@transaction.atomic
def _store_with_lock(*, callback, request, replay_of=None):
    """The rare path: decide under a row lock. Returns None if the task vanished."""
    task = Task.objects.select_for_update().filter(task_id=callback.task_id).first()
    if task is None:
        return None
    outcome = task.repeat_outcome(callback.result_hash) or Delivery.Outcome.RECEIVED
    delivery = delivery_create(
        request=request,
        task_id=callback.task_id,
        outcome=outcome,
        http_status=200,
        replay_of=replay_of,
    )
    if outcome == Delivery.Outcome.RECEIVED:
        task.status = callback.status
        task.code = callback.code
        task.msg = callback.msg
        task.callback_type = callback.callback_type
        task.completed_at = timezone.now()
        task.result_delivery = delivery
        task.result_hash = callback.result_hash
        task.save()
        Lyric.objects.bulk_create(
            Lyric(
                task=task,
                position=position,
                title=item.title,
                text=item.text,
                status=item.status,
                error_message=item.error_message,
                searchable=False,
            )
            for position, item in enumerate(callback.items)
        )
        event_publish(type=task_event_type(task.status), subject=task.task_id)
    return outcome


def delivery_create(
    *, request, task_id, outcome, http_status, error="", error_detail=None, replay_of=None
):
    return Delivery.objects.create(
        raw_body=request.raw_body,
        body_size=request.body_size,
        content_type=request.content_type,
        headers=request.headers,
        remote_addr=request.remote_addr,
        source=request.source,
        authenticated=request.authenticated,
        task_id=task_id,
        outcome=outcome,
        http_status=http_status,
        error=error,
        error_detail=error_detail,
        replay_of=replay_of,
    )


def callback_store(*, callback: Callback, request: RequestInfo, replay_of=None) -> str:
    """Store a valid callback and record its delivery; return the outcome.

    The first result stored for a task is final: a repeat is a duplicate, a
    different result a conflict, and neither changes the task. ``replay_of``
    marks the delivery recorded as an operator's replay of an earlier one.
    """
    for _ in range(3):
        outcome = _store_in_one_statement(callback=callback, request=request, replay_of=replay_of)
        if outcome is None:
            outcome = _store_with_lock(callback=callback, request=request, replay_of=replay_of)
        if outcome is not None:
            if outcome == Delivery.Outcome.RECEIVED:
                # The follow-up work; a failed publish is left to the sweeper.
                processing_enqueue_on_commit(task_id=callback.task_id)
            return outcome
    # The row was deleted between the two paths three times in a row.
    raise RuntimeError(f"could not store task {callback.task_id}")


def delivery_record_invalid(
    *,
    request: RequestInfo,
    http_status: int,
    error: str,
    error_detail=None,
    task_id="",
    replay_of=None,
) -> Delivery:
    """Record an authenticated request whose body was refused."""
    return delivery_create(
        request=request,
        task_id=task_id,
        outcome=Delivery.Outcome.INVALID,
        http_status=http_status,
        error=error,
        error_detail=error_detail or None,
        replay_of=replay_of,
    )
