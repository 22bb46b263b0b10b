from django import template

from project.throttling import duration_words

register = template.Library()


@register.filter
def cooloff_words(value):
    """A cool-off timedelta in words: "15 minutes", "1 hour", "90 seconds"."""
    total = int(value.total_seconds())
    if total % 3600 == 0:
        return duration_words(total // 3600, "hour")
    if total % 60 == 0:
        return duration_words(total // 60, "minute")
    return duration_words(total, "second")
