"""Reads shared by the API, the admin and the exports."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce

from callbacks.models import Delivery
from lyricsapp.models import Lyric, Task


def delivery_count():
    """How many deliveries were recorded for the row's task id (an indexed column).

    A correlated subquery rather than a join: it runs once per row shown,
    which is a page, never the whole table.
    """
    per_task = (
        Delivery.objects.filter(task_id=OuterRef("task_id"))
        .order_by()
        .values("task_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(per_task, output_field=IntegerField()), Value(0))


def tasks_newest_first(queryset=None):
    queryset = Task.objects.all() if queryset is None else queryset
    return queryset.annotate(deliveries=delivery_count()).order_by("-created_at", "-id")


def with_lyrics(queryset):
    """Prefetch each task's lyrics in the provider's order (one query per batch)."""
    return queryset.prefetch_related(
        Prefetch("lyrics", queryset=Lyric.objects.order_by("position"))
    )
