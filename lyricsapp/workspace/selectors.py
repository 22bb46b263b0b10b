"""The workspace's list filters, shared by the library page, the API and bulk actions.

Each filter is an EXISTS on an index that starts with the lyric or the user
(favourites, tags, collection items): the newest-first walk of the lyrics'
primary key stops after one page, whatever the table's size.
"""

from django.db.models import Exists, OuterRef
from taggit.models import Tag

from lyricsapp.models import CollectionItem, Favorite, TaggedLyric


def _nothing(queryset):
    # Not queryset.none(): the paginators EXPLAIN their queryset, and an empty
    # one has no SQL to explain.
    return queryset.filter(pk__lt=0)


def lyrics_with_tags(queryset, names):
    """Lyrics carrying every one of ``names`` (any case); none when a tag does not exist."""
    for name in names:
        tag_ids = list(Tag.objects.filter(name__iexact=name).values_list("id", flat=True))
        if not tag_ids:
            return _nothing(queryset)
        tagged = TaggedLyric.objects.filter(content_object=OuterRef("pk"), tag_id__in=tag_ids)
        queryset = queryset.filter(Exists(tagged))
    return queryset


def lyrics_favorite_of(queryset, user):
    if user is None or not user.is_authenticated:
        return _nothing(queryset)
    return queryset.filter(Exists(Favorite.objects.filter(user=user, lyric=OuterRef("pk"))))


def lyrics_in_collection(queryset, collection_id):
    items = CollectionItem.objects.filter(collection_id=collection_id, lyric=OuterRef("pk"))
    return queryset.filter(Exists(items))


def lyrics_submitted_by(queryset, user):
    if user is None or not user.is_authenticated:
        return _nothing(queryset)
    return queryset.filter(task__submitted_by=user)


def lyrics_trash_view(queryset, trashed):
    """Only the trash when ``trashed``, else everything outside it (the default)."""
    return queryset.filter(trashed_at__isnull=not trashed)


def lyrics_curated(
    queryset,
    *,
    user=None,
    tags=(),
    favorite=False,
    language="",
    edited=False,
    trashed=False,
    submitted_by_me=False,
    collection=None,
):
    """``queryset`` narrowed by the workspace's filters; trashed lyrics only when asked."""
    queryset = lyrics_trash_view(queryset, trashed)
    if tags:
        queryset = lyrics_with_tags(queryset, tags)
    if favorite:
        queryset = lyrics_favorite_of(queryset, user)
    if language:
        queryset = queryset.filter(language=language)
    if edited:
        queryset = queryset.filter(version__gt=1)
    if submitted_by_me:
        queryset = lyrics_submitted_by(queryset, user)
    if collection is not None:
        queryset = lyrics_in_collection(queryset, collection)
    return queryset


def favorite_ids(user, lyric_ids):
    """Which of ``lyric_ids`` the user starred (one query for a page of rows)."""
    if user is None or not user.is_authenticated:
        return set()
    return set(
        Favorite.objects.filter(user=user, lyric_id__in=lyric_ids).values_list(
            "lyric_id", flat=True
        )
    )
