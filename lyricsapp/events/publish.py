"""Publishing an event: one call, in the caller's transaction.

``event_publish(type=..., data=...)`` writes the event to the outbox only when
an enabled endpoint subscribes to its type, and hands it to the dispatcher
once the caller's transaction commits: a rolled-back change sends nothing, a
crash after the commit loses nothing (the sweep dispatches what is left).
"""

from django.db.models import Q

from lyricsapp.events.models import EVENT_TYPES, Event, WebhookEndpoint
from lyricsapp.processing.publish import events_dispatch_on_commit


def task_event_type(status):
    """The event a stored result publishes (its status is complete or failed)."""
    return "task.completed" if status == "complete" else "task.failed"


def endpoints_subscribed(event_type):
    return WebhookEndpoint.objects.filter(enabled=True).filter(
        Q(events=[]) | Q(events__contains=[event_type])
    )


def event_publish(*, type, data=None, subject=""):  # noqa: A002 (the contract's word)
    """Publish one event; None when no endpoint wants it.

    ``data`` is the payload's ``data``; for task and lyric events it may be
    None with ``subject`` the task id or lyric id, and is then the API's
    detail of that object when the event is dispatched.
    """
    events = events_publish_many(type=type, items=[(subject, data)])
    return events[0] if events else None


def events_publish_many(*, type, items):  # noqa: A002
    """Publish one event per (subject, data) pair with two statements at most."""
    if type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {type!r}")
    if not items or not endpoints_subscribed(type).exists():
        return []
    events = Event.objects.bulk_create(
        Event(type=type, subject=str(subject), data=data) for subject, data in items
    )
    events_dispatch_on_commit(event_id=events[-1].pk)
    return events
