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

# Small enough that delivery starts soon after a burst.
BATCH = 200


def events_fill(events):
    """Fill in ``data`` of events written without one: the API's detail of their
    task or lyric, read for the whole batch at once."""
    from lyricsapp.api.serializers import LyricSerializer, TaskDetailSerializer
    from lyricsapp.library.selectors import tasks_newest_first, with_lyrics
    from lyricsapp.models import Lyric

    empty = [event for event in events if event.data is None]
    task_ids = {e.subject for e in empty if e.type.startswith("task.")}
    lyric_ids = {
        int(e.subject) for e in empty if e.type.startswith("lyric.") and e.subject.isdigit()
    }
    tasks = (
        {
            task.task_id: task
            for task in with_lyrics(tasks_newest_first()).filter(task_id__in=task_ids)
        }
        if task_ids
        else {}
    )
    lyrics = (
        {
            str(lyric.pk): lyric
            for lyric in Lyric.objects.select_related("task").filter(pk__in=lyric_ids)
        }
        if lyric_ids
        else {}
    )
    for event in empty:
        if event.type.startswith("task."):
            task = tasks.get(event.subject)
            data = TaskDetailSerializer(task).data if task else {"task_id": event.subject}
        elif event.type.startswith("lyric."):
            lyric = lyrics.get(event.subject)
            data = LyricSerializer(lyric).data if lyric else {"id": event.subject}
        else:
            data = {}
        # JSON types only (datetimes as the API writes them).
        event.data = _plain(data)


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


def _plain(data):
    return json.loads(json.dumps(data, cls=JSONEncoder, ensure_ascii=False))
