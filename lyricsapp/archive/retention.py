"""Prune raw callback deliveries older than DELIVERY_RETENTION_DAYS.

Deliveries are the receiver's evidence, not the library: tasks and lyrics
are never pruned. Kept past the retention (docs/operations.md says why):

- the first delivery of each task id, and the one whose result was stored:
  the proof of what the provider sent, which a later dispute or replay needs;
- ``invalid`` and ``conflict`` deliveries younger than twice the retention:
  they are the ones someone investigates, and they are rare.

Each batch is its own short transaction: ``FOR UPDATE SKIP LOCKED`` picks rows
nobody else holds, by primary key from where the last batch stopped, so a
callback arriving meanwhile never waits for the prune (no table lock, no long
row locks). After each batch the prune rests for a multiple of the time the
batch took: on a busy server it takes a bounded share of the CPU and the
disk, whatever the machine's speed, and an hourly job has no hurry.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from callbacks.models import Delivery

_ANY_OLD = "SELECT EXISTS (SELECT FROM callbacks_delivery WHERE received_at < %s)"
_BATCH = """
SELECT d.id FROM callbacks_delivery d
WHERE d.id > %(after)s
  AND d.received_at < %(cutoff)s
  AND NOT (d.outcome = ANY(%(kept_outcomes)s) AND d.received_at >= %(kept_cutoff)s)
  AND NOT EXISTS (SELECT FROM lyricsapp_task t WHERE t.result_delivery_id = d.id)
  AND NOT (d.task_id <> '' AND d.id = (
      SELECT min(first.id) FROM callbacks_delivery first WHERE first.task_id = d.task_id))
ORDER BY d.id
LIMIT %(limit)s
FOR UPDATE SKIP LOCKED
"""
KEPT_OUTCOMES = [Delivery.Outcome.INVALID, Delivery.Outcome.CONFLICT]
# The prune works at most a quarter of the time: after a batch of t seconds
# it rests 3t (and at least DELIVERY_PRUNE_PAUSE_SECONDS).
REST_PER_WORK = 3


def _prune_batch(params):
    """Delete one batch; returns (deleted, last id looked at) or (0, None) at the end."""
    with transaction.atomic(), connection.cursor() as cursor:
        # A batch lost in a crash is deleted by the next run: its commit need
        # not wait for the disk, where callbacks' commits do.
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(_BATCH, params)
        ids = [row[0] for row in cursor.fetchall()]
        if not ids:
            return 0, None
        # Replays of a pruned delivery keep their own body; only the link goes.
        cursor.execute(
            "UPDATE callbacks_delivery SET replay_of_id = NULL WHERE replay_of_id = ANY(%s)",
            [ids],
        )
        cursor.execute("DELETE FROM callbacks_delivery WHERE id = ANY(%s)", [ids])
        return cursor.rowcount, ids[-1]


def deliveries_prune(*, now=None, days=None, batch=None, pause=None):
    """Prune old deliveries in batches; returns how many were deleted.
    ``pause``: the least rest between batches, in seconds (see REST_PER_WORK)."""
    days = settings.DELIVERY_RETENTION_DAYS if days is None else days
    pause = settings.DELIVERY_PRUNE_PAUSE_SECONDS if pause is None else pause
    if days <= 0:
        return 0
    now = now or timezone.now()
    cutoff = now - timedelta(days=days)
    with connection.cursor() as cursor:
        cursor.execute(_ANY_OLD, [cutoff])
        if not cursor.fetchone()[0]:
            return 0
    params = {
        "after": 0,
        "cutoff": cutoff,
        "kept_outcomes": KEPT_OUTCOMES,
        "kept_cutoff": now - timedelta(days=2 * days),
        "limit": batch or settings.DELIVERY_PRUNE_BATCH,
    }
    deleted = 0
    while True:
        started = time.monotonic()
        count, last = _prune_batch(params)
        if last is None:
            return deleted
        deleted += count
        params["after"] = last
        time.sleep(max(pause, REST_PER_WORK * (time.monotonic() - started)))
