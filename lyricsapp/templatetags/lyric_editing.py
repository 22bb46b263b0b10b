"""What the lyric page's editing partial needs, without widening the page's view."""

from django import template

from lyricsapp.models import Collection
from lyricsapp.workspace.permissions import can_edit
from lyricsapp.workspace.versions import ORIGINAL_FORMATS

register = template.Library()


@register.simple_tag
def lyric_editing_context(lyric, user):
    member_of = list(Collection.objects.filter(items__lyric=lyric).order_by("name", "id"))
    others = Collection.objects.exclude(pk__in=[c.pk for c in member_of]).order_by("name", "id")
    return {
        "can_edit": can_edit(user),
        "member_of": member_of,
        "others": list(others.only("id", "name")[:500]),
        "original_formats": ORIGINAL_FORMATS,
    }
