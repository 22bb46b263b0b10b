from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def count_phrase(page, singular, plural):
    """ "1–20 of 134 lyrics", "1–20 of more than 1,000 lyrics", "No lyrics"."""
    if page.cursor is not None:
        return format_html("Older {}", plural)
    if not page.count:
        return format_html("No {}", plural)
    noun = singular if page.count == 1 else plural
    total = f"more than {intcomma(page.count)}" if page.count_capped else intcomma(page.count)
    if page.count <= page.per_page and not page.count_capped:
        return format_html("{} {}", total, noun)
    return format_html("{}–{} of {} {}", page.start_index, page.end_index, total, noun)


@register.filter
def seconds(value):
    """A duration in seconds, short and readable."""
    if value is None:
        return "—"
    value = float(value)
    if value < 1:
        return f"{value * 1000:.0f} ms"
    if value < 120:
        return f"{value:.1f} s"
    return f"{value / 60:.0f} min"
