"""Publishing the follow-up work to the broker.

On the callback's hot path a publish must never hold the answer: the store
is already committed and the sweeper re-enqueues whatever is not processed.
So the request only hands the task id to a background publisher (below), and
a publish has short socket timeouts, no retries, and a breaker: after one
failure this process stops publishing for LYRICS_PUBLISH_PAUSE_SECONDS, then
lets a single attempt probe the broker again.
"""

import logging
import os
import queue
import threading
import time
from functools import partial

from django.conf import settings
from django.db import transaction

from project.celery import app

logger = logging.getLogger(__name__)

# The tasks are reached through Celery's registry by their registered names,
# which are the message interface and stay the same across releases: the task
# module imports this one, so importing it here would be a cycle.
# lyricsapp's AppConfig.ready() imports the task modules in every process.
PROCESS_LYRICS = "lyricsapp.tasks.process_lyrics"
PROCESS_LYRICS_BATCH = "lyricsapp.tasks.process_lyrics_batch"


class PublishBreaker:
    """Skip publishing for a pause after a failure; one caller probes after it."""

    def __init__(self):
        self._open_until = 0.0
        self._probe = threading.Lock()

    @property
    def is_open(self):
        return self._open_until != 0.0

    def call(self, publish):
        """Run ``publish()``; False when skipped or failed (the failure is logged)."""
        probing = self._open_until != 0.0
        if probing and (
            time.monotonic() < self._open_until or not self._probe.acquire(blocking=False)
        ):
            return False
        try:
            publish()
        except Exception:
            self._open_until = time.monotonic() + settings.LYRICS_PUBLISH_PAUSE_SECONDS
            logger.warning(
                "broker unavailable, not publishing for %s s; the sweeper will enqueue "
                "what was stored meanwhile",
                settings.LYRICS_PUBLISH_PAUSE_SECONDS,
                exc_info=True,
            )
            return False
        else:
            if probing:
                logger.info("broker reachable again, publishing resumed")
            self._open_until = 0.0
            return True
        finally:
            if probing:
                self._probe.release()

    def reset(self):
        self._open_until = 0.0


breaker = PublishBreaker()


class BatchPublisher:
    """Publishes stored results from a background thread, many task ids a message.

    A Celery publish costs about a fifth of a callback's CPU. Ids that arrive
    within the same few milliseconds go out as one message instead, and the
    request thread never waits on the broker. Ids are handed over only after
    their result is committed, so the database already holds the work: if this
    process dies with ids still in hand, the sweeper enqueues them after its
    grace period, as it does for a broker that was down.
    """

    def __init__(self, *, max_batch=500):
        self.max_batch = max_batch
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)
        self._unfinished = 0
        self._queue = queue.SimpleQueue()
        self._thread = None
        self._pid = None

    def submit(self, task_id):
        with self._lock:
            if self._pid != os.getpid() or not (self._thread and self._thread.is_alive()):
                self._start()
            self._unfinished += 1
        self._queue.put(task_id)

    def _start(self):
        # Also after a fork: threads do not survive it, and ids queued in the
        # parent are the parent's to publish.
        self._pid = os.getpid()
        self._queue = queue.SimpleQueue()
        self._unfinished = 0
        self._thread = threading.Thread(target=self._run, name="lyrics-publisher", daemon=True)
        self._thread.start()

    def _run(self):
        process_lyrics_batch = app.tasks[PROCESS_LYRICS_BATCH]
        while True:
            batch = [self._queue.get()]
            while len(batch) < self.max_batch:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                breaker.call(
                    partial(
                        process_lyrics_batch.apply_async,
                        (batch,),
                        retry=False,
                        argsrepr=repr((batch,)),
                        kwargsrepr="{}",
                    )
                )
            finally:
                with self._done:
                    self._unfinished -= len(batch)
                    self._done.notify_all()

    def flush(self, timeout=5.0):
        """Wait until every submitted id was published or given up on; True if so."""
        with self._done:
            return self._done.wait_for(lambda: self._unfinished <= 0, timeout)


publisher = BatchPublisher()


def processing_enqueue_on_commit(*, task_id):
    """``delay_on_commit`` for the hot path: hand the id over once the result is committed."""
    transaction.on_commit(partial(publisher.submit, task_id), robust=True)


def processing_enqueue_many(*, task_ids):
    """Publish many over one connection (sweeper, admin). Raises when the broker is down."""
    if not task_ids:
        return 0
    process_lyrics = app.tasks[PROCESS_LYRICS]
    with app.producer_or_acquire() as producer:
        for task_id in task_ids:
            process_lyrics.apply_async((task_id,), producer=producer, retry=False)
    return len(task_ids)
