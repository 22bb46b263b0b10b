"""Links to a task's page that address that task whatever its id holds.

A task id is an opaque string from the provider or from whoever holds the
callback token: "../../admin" used to render ``href="/tasks/../../admin/"``,
which a browser resolves to /admin/. Here the whole id is one path segment
with everything but letters, digits and ``-._~`` percent-encoded ("/" too),
so no segment of the link can be a dot segment, except an id that is
exactly "." or "..": browsers drop those even encoded (``%2E%2E``), so their
links address the task by its row key instead.
"""

from urllib.parse import quote

from django import template
from django.urls import reverse

register = template.Library()

DOT_SEGMENTS = {".", ".."}


@register.filter
def task_url(task):
    segment = quote(task.task_id, safe="")
    if segment in DOT_SEGMENTS:
        return reverse("task-by-key", args=[task.pk])
    return f"{reverse('task-list')}{segment}/"


@register.filter
def task_row_url(task):
    return reverse("task-row", args=[task.pk])
