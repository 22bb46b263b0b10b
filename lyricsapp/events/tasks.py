"""Celery jobs of outbound events: thin, they take ids and call the services."""

import logging

from celery import shared_task

from lyricsapp.events import delivery, dispatch
from lyricsapp.processing.tasks import fresh_connection

logger = logging.getLogger(__name__)

# A job that found another one sending to the endpoint looks again this soon,
# in case the other finished just before the newest message was written.
BUSY_RECHECK_SECONDS = 0.5
BUSY_RECHECKS = 3


def endpoints_deliver_later(endpoint_ids, countdown=0):
    for endpoint_id in sorted(endpoint_ids):
        events_deliver.apply_async((endpoint_id,), countdown=countdown)


@shared_task(bind=True, ignore_result=True)
def events_dispatch(self, event_ids=None):
    """Turn committed events into messages (``event_ids`` only wakes the job up)."""
    fresh_connection(self)
    endpoint_ids = dispatch.events_dispatch()
    endpoints_deliver_later(endpoint_ids)


@shared_task(bind=True, ignore_result=True, acks_late=True)
def events_deliver(self, endpoint_id, rechecks=0):
    """One delivery job: the endpoint's pending messages, in order."""
    fresh_connection(self)
    state, delay = delivery.endpoint_deliver(endpoint_id=endpoint_id)
    if state == "later":
        events_deliver.apply_async((endpoint_id,), countdown=max(0.0, delay))
    elif state == "busy" and rechecks < BUSY_RECHECKS:
        events_deliver.apply_async((endpoint_id, rechecks + 1), countdown=BUSY_RECHECK_SECONDS)


@shared_task(bind=True, ignore_result=True)
def events_sweep(self):
    """Beat: dispatch what a lost message left behind; wake endpoints whose
    head message waited too long (a delivery job was lost)."""
    fresh_connection(self)
    endpoint_ids = dispatch.events_dispatch()
    endpoint_ids |= delivery.endpoints_due(older_than_seconds=30)
    endpoints_deliver_later(endpoint_ids)
    return len(endpoint_ids)
