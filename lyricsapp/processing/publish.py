"""Publishing the follow-up work to the broker.

On the callback's hot path a publish must never hold the answer: the store
is already committed and the sweeper re-enqueues whatever is not processed.
So the request only hands the task id to a background publisher (below), and
a publish has short socket timeouts, no retries, and a breaker: after one
failure this process stops publishing for LYRICS_PUBLISH_PAUSE_SECONDS, then
lets a single attempt probe the broker again. The ids of a failed publish are
kept and go out with that probe, so work stored during an outage is processed
seconds after the broker is back; the sweeper stays the net for a process that
died holding ids.
"""

import collections
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
# Ids one process keeps while the broker is down (a few MB at most); past this
# the oldest are left to the sweeper: the database holds them all anyway.
HELD_IDS_MAX = 100_000


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
                "broker unavailable, not publishing for %s s; the ids stored meanwhile "
                "are kept and published when it answers again",
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

    def seconds_until_probe(self):
        return max(0.0, self._open_until - time.monotonic())

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

    def __init__(self, *, max_batch=500, task_name=PROCESS_LYRICS_BATCH, linger_seconds=0.0):
        self.max_batch = max_batch
        self.task_name = task_name
        # After the first id, wait this long for more before publishing: one
        # message for many ids costs a fraction of many messages, and the
        # wait delays only the follow-up work, never a callback's answer.
        self.linger_seconds = linger_seconds
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)
        self._unfinished = 0
        self._queue = queue.SimpleQueue()
        self._held = collections.deque(maxlen=HELD_IDS_MAX)
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
        self._held.clear()
        self._unfinished = 0
        self._thread = threading.Thread(target=self._run, name="lyrics-publisher", daemon=True)
        self._thread.start()

    def _run(self):
        task = app.tasks[self.task_name]
        while True:
            batch = self._next_batch()
            try:
                self._publish(task, [*self._held, *batch])
            finally:
                with self._done:
                    self._unfinished -= len(batch)
                    self._done.notify_all()

    def _next_batch(self):
        """The ids waiting now; none when held ids are due for the breaker's probe."""
        timeout = max(0.01, breaker.seconds_until_probe()) if self._held else None
        try:
            batch = [self._queue.get(timeout=timeout)]
        except queue.Empty:
            return []
        if self.linger_seconds:
            # One sleep, not a wait per id: each wake-up of a thread costs CPU too.
            time.sleep(self.linger_seconds)
        while len(batch) < self.max_batch:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _publish(self, task, task_ids):
        """Publish in messages of max_batch ids; keep whatever was not published."""
        self._held.clear()
        for start in range(0, len(task_ids), self.max_batch):
            chunk = task_ids[start : start + self.max_batch]
            published = breaker.call(
                partial(
                    task.apply_async,
                    (chunk,),
                    retry=False,
                    argsrepr=repr((chunk,)),
                    kwargsrepr="{}",
                )
            )
            if not published:
                self._held.extend(task_ids[start:])
                return

    def forget_held(self):
        """Drop the ids kept for the broker's return (the sweeper still has them)."""
        self._held.clear()

    def flush(self, timeout=5.0):
        """Wait until every submitted id was published or held for later; True if so."""
        with self._done:
            return self._done.wait_for(lambda: self._unfinished <= 0, timeout)


# Under load a 10 ms wait cuts the messages from about one for two callbacks
# to one for five (docs/performance.md). A message lost with a worker node
# that dies is made up for by the next batch's fill from the backlog, or else
# by the sweeper.
publisher = BatchPublisher(linger_seconds=0.01)


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


# Outbound events (lyricsapp.events) committed at about the same time go to
# their dispatcher as one message, the same way. Here, at the bottom, so that
# ingestion and the follow-up work can hand events over without importing the
# events package.
EVENTS_DISPATCH = "lyricsapp.events.tasks.events_dispatch"
events_dispatcher = BatchPublisher(task_name=EVENTS_DISPATCH)


def events_dispatch_on_commit(*, event_id):
    """Hand a committed outbox row to the dispatcher (the sweep does it if this is lost)."""
    transaction.on_commit(partial(events_dispatcher.submit, event_id), robust=True)
