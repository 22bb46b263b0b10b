from django import template

register = template.Library()


@register.filter
def cooloff_words(value):
    """A cool-off timedelta in words: "15 minutes", "1 hour", "90 seconds"."""
    total = int(value.total_seconds())
    if total % 3600 == 0:
        count, unit = total // 3600, "hour"
    elif total % 60 == 0:
        count, unit = total // 60, "minute"
    else:
        count, unit = total, "second"
    return f"{count} {unit}{'' if count == 1 else 's'}"
