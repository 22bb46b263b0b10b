"""Numbers, durations and statuses written for the active language.

Shared by the templates (lyricsapp/templatetags/humanize_count.py) and the
dashboard's server-drawn charts (lyricsapp/library/dashboard.py).
"""

from django.utils.formats import number_format
from django.utils.translation import gettext

from lyricsapp.models import Task


def number(value):
    """12345 -> "12,345" in the active language's grouping."""
    return number_format(value, force_grouping=True)


def seconds(value):
    """A duration in seconds, short and readable."""
    if value is None:
        return "—"
    value = float(value)
    if value < 1:
        return gettext("%(n)s ms") % {"n": number_format(value * 1000, 0)}
    if value < 120:
        return gettext("%(n)s s") % {"n": number_format(value, 1)}
    return gettext("%(n)s min") % {"n": number_format(value / 60, 0)}


def status_label(value):
    """A task's or lyric's status in the active language; unknown ones as they are."""
    if not value:
        return "—"
    try:
        return Task.Status(value).label
    except ValueError:
        return value
