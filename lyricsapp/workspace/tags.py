"""Tags shared by the team (django-taggit's Tag, through TaggedLyric).

Names are checked here, the one home of what a valid tag is: 1 to 100
characters (taggit's column), not only spaces, no control characters.
Case does not matter (TAGGIT_CASE_INSENSITIVE): "Demo" is the tag "demo".
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext
from taggit.models import Tag

from lyricsapp.models import TaggedLyric

TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length
# What tag_name_clean accepts, for the published schemas (ECMA-262 regex): no
# control characters, and something besides the spaces str.split() drops. (Lone
# surrogates, which only a JSON body can carry, are refused too; validators
# cannot compile a surrogate range, so the pattern does not say it.)
_NOT_IN_TAG = r"\u0000-\u001f\u007f-\u009f"
_SPACES = r"\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
TAG_PATTERN = f"^[^{_NOT_IN_TAG}]*[^{_NOT_IN_TAG}{_SPACES}][^{_NOT_IN_TAG}]*$"
TAG_SCHEMA = {"type": "string", "maxLength": TAG_MAX_LENGTH, "pattern": TAG_PATTERN}
SUGGESTIONS = 20


def tag_name_clean(name):
    """The name with its spaces squeezed, or ValidationError saying what is wrong."""
    if not isinstance(name, str):
        raise ValidationError(gettext("A tag must be a string."), code="type")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in name):
        raise ValidationError(gettext("A tag may not contain control characters."), code="control")
    if len(name) > TAG_MAX_LENGTH:
        raise ValidationError(
            gettext("A tag may be at most %(max)d characters long (this one has %(length)d).")
            % {"max": TAG_MAX_LENGTH, "length": len(name)},
            code="max_length",
        )
    name = " ".join(name.split())
    if not name:
        raise ValidationError(gettext("A tag may not be empty or only spaces."), code="empty")
    return name


def tag_names_clean(names):
    """Each name checked, duplicates (in any case) dropped, order kept."""
    if not isinstance(names, list | tuple):
        raise ValidationError(gettext("Tags must be a list of names."), code="type")
    cleaned = {}
    for name in names:
        name = tag_name_clean(name)
        cleaned.setdefault(name.casefold(), name)
    return list(cleaned.values())


def tag_get_or_create(*, name):
    name = tag_name_clean(name)
    tag = Tag.objects.filter(name__iexact=name).order_by("id").first()
    if tag is None:
        tag = Tag.objects.create(name=name)
    return tag


def lyric_tags_set(*, lyric, names, user=None):
    """Replace the lyric's tags with ``names`` (checked first: nothing changes on error)."""
    names = tag_names_clean(names)
    with transaction.atomic():
        tags = [tag_get_or_create(name=name) for name in names]
        lyric.tags.set(tags)
    return names


def lyric_tag_add(*, lyric, name, user=None):
    tag = tag_get_or_create(name=name)
    TaggedLyric.objects.get_or_create(content_object=lyric, tag=tag)
    return tag


def lyric_tag_remove(*, lyric, name, user=None):
    name = tag_name_clean(name)
    deleted, _ = TaggedLyric.objects.filter(content_object=lyric, tag__name__iexact=name).delete()
    return bool(deleted)


def lyric_tag_names(lyric):
    return sorted(lyric.tags.values_list("name", flat=True), key=str.casefold)


def tags_with_counts(*, q="", limit=None):
    """[{name, count}]: how many lyrics outside the trash carry each tag, most used first."""
    tags = Tag.objects.annotate(
        count=Count(
            "lyricsapp_taggedlyric_items",
            filter=Q(lyricsapp_taggedlyric_items__content_object__trashed_at__isnull=True),
        )
    )
    if q:
        tags = tags.filter(name__icontains=q)
    tags = tags.order_by("-count", "name").values("name", "count")
    return list(tags[:limit] if limit else tags)


def tags_merge(*, tags, into):
    """Give every lyric of ``tags`` the tag ``into``, then delete them (set-based SQL)."""
    others = [tag.pk for tag in tags if tag.pk != into.pk]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO lyricsapp_taggedlyric (content_object_id, tag_id) "
            "SELECT DISTINCT content_object_id, %s FROM lyricsapp_taggedlyric "
            "WHERE tag_id = ANY(%s) ON CONFLICT DO NOTHING",
            [into.pk, others],
        )
        Tag.objects.filter(pk__in=others).delete()
    return len(others)
