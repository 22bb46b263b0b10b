"""Celery jobs of outbound events: thin, they take ids and call the services."""

import logging
import math

from celery import shared_task
from django.conf import settings

from lyricsapp.events import delivery, dispatch
from lyricsapp.processing.tasks import fresh_connection

logger = logging.getLogger(__name__)

# A job that found another one sending to the endpoint looks again this soon,
# in case the other finished just before the newest message was written.
BUSY_RECHECK_SECONDS = 0.5
BUSY_RECHECKS = 3


def after(seconds):
    """apply_async's options to run in ``seconds``: none when due now.

    RabbitMQ's delayed delivery counts whole seconds and refuses a zero, so
    there a fraction of a second waits a whole one; Redis keeps fractions.
    """
    if seconds <= 0:
        return {}
    if not settings.BROKER_IS_REDIS:
        seconds = max(1, math.ceil(seconds))
    return {"countdown": seconds}


def endpoints_deliver_later(endpoint_ids, countdown=0):
    for endpoint_id in sorted(endpoint_ids):
        events_deliver.apply_async((endpoint_id,), **after(countdown))


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
        events_deliver.apply_async((endpoint_id,), **after(delay))
    elif state == "busy" and rechecks < BUSY_RECHECKS:
        events_deliver.apply_async((endpoint_id, rechecks + 1), **after(BUSY_RECHECK_SECONDS))


@shared_task(bind=True, ignore_result=True)
def events_sweep(self):
    """Beat: dispatch what a lost message left behind; wake endpoints whose
    head message waited too long (a delivery job was lost)."""
    fresh_connection(self)
    endpoint_ids = dispatch.events_dispatch()
    endpoint_ids |= delivery.endpoints_due(older_than_seconds=30)
    endpoints_deliver_later(endpoint_ids)
    return len(endpoint_ids)
