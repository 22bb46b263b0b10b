"""From the outbox to one message per subscribed endpoint.

The callback's hot path writes an event with only its type and subject (the
task id); the dispatcher fills in ``data``, the API's detail of the task or
lyric, once, so every endpoint and every retry sends the same bytes.
"""

import json
import logging

from django.db import transaction
from django.utils import timezone
from rest_framework.utils.encoders import JSONEncoder

from lyricsapp.events.models import Event, EventMessage, WebhookEndpoint

logger = logging.getLogger(__name__)

BATCH = 500


def event_data(event):
    """The payload's ``data`` for an event written without one."""
    from lyricsapp.api.serializers import LyricSerializer, TaskDetailSerializer
    from lyricsapp.library.selectors import tasks_newest_first, with_lyrics
    from lyricsapp.models import Lyric

    if event.type.startswith("task."):
        task = with_lyrics(tasks_newest_first()).filter(task_id=event.subject).first()
        return TaskDetailSerializer(task).data if task else {"task_id": event.subject}
    if event.type.startswith("lyric."):
        lyric = Lyric.objects.select_related("task").filter(pk=event.subject).first()
        return LyricSerializer(lyric).data if lyric else {"id": event.subject}
    return {}


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
        for event in events:
            if event.data is None:
                # JSON types only (datetimes as the API writes them).
                event.data = _plain(event_data(event))
            event.dispatched_at = now
            messages.extend(
                EventMessage(event=event, endpoint=endpoint)
                for endpoint in endpoints
                if endpoint.subscribes(event.type)
            )
        Event.objects.bulk_update(events, ["data", "dispatched_at"])
        EventMessage.objects.bulk_create(messages)
    return {message.endpoint_id for message in messages}


def _plain(data):
    return json.loads(json.dumps(data, cls=JSONEncoder, ensure_ascii=False))
