from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def cooloff_words(value):
    """A cool-off timedelta in words: "15 minutes", "1 hour", "90 seconds"."""
    total = int(value.total_seconds())
    if total % 3600 == 0:
        count = total // 3600
        words = ngettext("%(count)d hour", "%(count)d hours", count)
    elif total % 60 == 0:
        count = total // 60
        words = ngettext("%(count)d minute", "%(count)d minutes", count)
    else:
        count = total
        words = ngettext("%(count)d second", "%(count)d seconds", count)
    return words % {"count": count}
