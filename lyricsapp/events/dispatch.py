"""From the outbox to one message per subscribed endpoint.

The callback's hot path writes an event with only its type and subject (the
task id); the dispatcher fills in ``data``, the API's detail of the task or
lyric, once, so every endpoint and every retry sends the same bytes.
"""

import logging

from django.db import transaction
from django.utils import timezone

from lyricsapp.events.models import Event, EventMessage, WebhookEndpoint

logger = logging.getLogger(__name__)

# Small enough that delivery starts soon after a burst.
BATCH = 200


# Who fills in the data of events written without one, by type prefix
# ("task.", "lyric."): registered by the API package (lyricsapp.api.event_payloads),
# whose serializers the payloads are.
FILLERS = {}


def events_fill(events):
    """Fill in ``data`` of events written without one, a batch at a time."""
    empty = [event for event in events if event.data is None]
    for prefix, fill in FILLERS.items():
        batch = [event for event in empty if event.type.startswith(prefix)]
        if batch:
            fill(batch)
    for event in empty:
        if event.data is None:
            event.data = {}


def events_dispatch(*, limit=BATCH):
    """Dispatch undispatched events, oldest first; returns the endpoints to deliver to."""
    with transaction.atomic():
        events = list(
            Event.objects.select_for_update(skip_locked=True)
            .filter(dispatched_at=None)
            .order_by("id")[:limit]
        )
        if not events:
            return set()
        endpoints = list(WebhookEndpoint.objects.filter(enabled=True))
        now = timezone.now()
        messages = []
        events_fill(events)
        for event in events:
            event.dispatched_at = now
            messages.extend(
                EventMessage(event=event, endpoint=endpoint)
                for endpoint in endpoints
                if endpoint.subscribes(event.type)
            )
        Event.objects.bulk_update(events, ["data", "dispatched_at"])
        EventMessage.objects.bulk_create(messages)
    return {message.endpoint_id for message in messages}
