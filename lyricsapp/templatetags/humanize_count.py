from django import template
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, ngettext_lazy, npgettext_lazy

from lyricsapp import formatting

register = template.Library()


def _lyrics_phrases(count):
    return {
        "older": gettext("Older lyrics"),
        "none": gettext("No lyrics"),
        "all": ngettext("%(total)s lyric", "%(total)s lyrics", count),
        "range": ngettext(
            "%(start)s–%(end)s of %(total)s lyric", "%(start)s–%(end)s of %(total)s lyrics", count
        ),
        "capped": gettext("%(start)s–%(end)s of more than %(total)s lyrics"),
    }


def _tasks_phrases(count):
    return {
        "older": gettext("Older tasks"),
        "none": gettext("No tasks"),
        "all": ngettext("%(total)s task", "%(total)s tasks", count),
        "range": ngettext(
            "%(start)s–%(end)s of %(total)s task", "%(start)s–%(end)s of %(total)s tasks", count
        ),
        "capped": gettext("%(start)s–%(end)s of more than %(total)s tasks"),
    }


PHRASES = {"lyrics": _lyrics_phrases, "tasks": _tasks_phrases}


@register.simple_tag
def count_phrase(page, kind):
    """ "1–20 of 134 lyrics", "1–20 of more than 1,000 lyrics", "No lyrics"."""
    phrases = PHRASES[kind](page.count)
    if page.cursor is not None:
        return phrases["older"]
    if not page.count:
        return phrases["none"]
    values = {
        "start": formatting.number(page.start_index),
        "end": formatting.number(page.end_index),
        "total": formatting.number(page.count),
    }
    if page.count_capped:
        return format_html("{}", phrases["capped"] % values)
    if page.count <= page.per_page:
        return format_html("{}", phrases["all"] % values)
    return format_html("{}", phrases["range"] % values)


@register.filter
def seconds(value):
    """A duration in seconds, short and readable."""
    return formatting.seconds(value)


@register.filter
def thousands(value):
    """12345 -> "12,345" in the active language's grouping."""
    try:
        return formatting.number(int(value))
    except (TypeError, ValueError):
        return value


@register.filter
def status_label(value):
    """A task's or lyric's status in the active language."""
    return formatting.status_label(value)


# naturaltime's own messages (django.contrib.humanize), restated so that our
# catalogue, which Django reads first, can word them as people write them in
# Chinese: "3 分钟前" rather than humanize's "3分钟之前".
NATURALTIME_WORDING = (
    ngettext_lazy("a second ago", "%(count)s seconds ago", "count"),
    ngettext_lazy("a minute ago", "%(count)s minutes ago", "count"),
    ngettext_lazy("an hour ago", "%(count)s hours ago", "count"),
    ngettext_lazy("a second from now", "%(count)s seconds from now", "count"),
    ngettext_lazy("a minute from now", "%(count)s minutes from now", "count"),
    ngettext_lazy("an hour from now", "%(count)s hours from now", "count"),
    npgettext_lazy("naturaltime-past", "%(num)d day", "%(num)d days", "num"),
    npgettext_lazy("naturaltime-future", "%(num)d day", "%(num)d days", "num"),
)
