"""The trash: deleting a lyric moves it here; it is purged after TRASH_RETENTION_DAYS.

Purging deletes the lyric and what hangs on it (stars, tags, note, versions,
collection places, share links); the task and the provider's raw
deliveries (callbacks.Delivery) are kept, so the result can be read again.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from lyricsapp.models import Lyric


def lyric_trash(*, lyric, user=None):
    """Returns whether the lyric was moved (False when already in the trash)."""
    changed = Lyric.objects.filter(pk=lyric.pk, trashed_at__isnull=True).update(
        trashed_at=timezone.now()
    )
    lyric.refresh_from_db(fields=["trashed_at"])
    return bool(changed)


def lyric_restore(*, lyric, user=None):
    changed = Lyric.objects.filter(pk=lyric.pk, trashed_at__isnull=False).update(trashed_at=None)
    lyric.refresh_from_db(fields=["trashed_at"])
    return bool(changed)


def trash_purge(*, now=None):
    """Delete lyrics trashed longer than TRASH_RETENTION_DAYS ago; returns how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.TRASH_RETENTION_DAYS)
    deleted, per_model = Lyric.objects.filter(trashed_at__lt=cutoff).delete()
    return per_model.get(Lyric._meta.label, 0)
