"""The team's tags on a lyric (django-taggit)."""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

TAG_MAX_LENGTH = 100


def tag_name_clean(name):
    """The name as stored; ValidationError naming what is wrong with it."""
    if not isinstance(name, str) or not name.strip():
        raise ValidationError(gettext("A tag may not be empty."))
    name = name.strip()
    if len(name) > TAG_MAX_LENGTH:
        raise ValidationError(
            gettext("A tag has at most %(limit)d characters.") % {"limit": TAG_MAX_LENGTH}
        )
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise ValidationError(gettext("A tag may not contain control characters."))
    return name


@transaction.atomic
def lyric_tags_set(*, lyric, names, user):
    """Replace the lyric's tags with ``names`` (checked first: all or nothing)."""
    # Names match whatever their case (TAGGIT_CASE_INSENSITIVE): the first spelling stays.
    unique = {}
    for name in map(tag_name_clean, names):
        unique.setdefault(name.casefold(), name)
    cleaned = list(unique.values())
    lyric.tags.set(cleaned)
    return cleaned
