"""Bulk actions on a selection of lyrics, each one set-based SQL statement.

A selection is a list of lyric ids (at most BULK_LIMIT). Tagging 10,000
lyrics is one INSERT ... SELECT ... ON CONFLICT DO NOTHING, not 10,000 ORM
saves (docs/workspace.md has the figures).
"""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from lyricsapp.models import Collection
from lyricsapp.workspace.tags import tag_get_or_create, tag_name_clean

BULK_LIMIT = 10_000
ACTIONS = ("tag", "untag", "favorite", "unfavorite", "collect", "trash", "restore")
NEEDS_VALUE = {"tag", "untag", "collect"}


class SelectionTooLarge(ValidationError):
    pass


def selection_ids(queryset, *, limit=BULK_LIMIT):
    """The ids a query selects, or SelectionTooLarge past ``limit``."""
    ids = list(queryset.order_by("-id").values_list("id", flat=True)[: limit + 1])
    if len(ids) > limit:
        raise SelectionTooLarge(
            gettext("The selection matches more than %(limit)d lyrics: narrow it down.")
            % {"limit": limit},
            code="too_many",
        )
    return ids


def _existing(cursor, ids):
    cursor.execute("SELECT array_agg(id) FROM lyricsapp_lyric WHERE id = ANY(%s)", [ids])
    return cursor.fetchone()[0] or []


def _tag(cursor, ids, value, user):
    tag = tag_get_or_create(name=value)
    cursor.execute(
        "INSERT INTO lyricsapp_taggedlyric (content_object_id, tag_id) "
        "SELECT id, %s FROM lyricsapp_lyric WHERE id = ANY(%s) ON CONFLICT DO NOTHING",
        [tag.pk, ids],
    )


def _untag(cursor, ids, value, user):
    cursor.execute(
        "DELETE FROM lyricsapp_taggedlyric USING taggit_tag t WHERE t.id = tag_id "
        "AND upper(t.name) = upper(%s) AND content_object_id = ANY(%s)",
        [tag_name_clean(value), ids],
    )


def _favorite(cursor, ids, value, user):
    cursor.execute(
        "INSERT INTO lyricsapp_favorite (user_id, lyric_id) "
        "SELECT %s, id FROM lyricsapp_lyric WHERE id = ANY(%s) ON CONFLICT DO NOTHING",
        [user.pk, ids],
    )


def _unfavorite(cursor, ids, value, user):
    cursor.execute(
        "DELETE FROM lyricsapp_favorite WHERE user_id = %s AND lyric_id = ANY(%s)",
        [user.pk, ids],
    )


def _collect(cursor, ids, value, user):
    collection = collection_for_bulk(value)
    # Appended in the selection's order (newest first), after the current last place.
    cursor.execute(
        "INSERT INTO lyricsapp_collectionitem (collection_id, lyric_id, position) "
        "SELECT %(c)s, l.id, (SELECT coalesce(max(position), 0) FROM lyricsapp_collectionitem "
        "WHERE collection_id = %(c)s) + row_number() OVER (ORDER BY l.id DESC) "
        "FROM lyricsapp_lyric l WHERE l.id = ANY(%(ids)s) AND NOT EXISTS "
        "(SELECT 1 FROM lyricsapp_collectionitem i WHERE i.collection_id = %(c)s "
        "AND i.lyric_id = l.id) ON CONFLICT DO NOTHING",
        {"c": collection.pk, "ids": ids},
    )
    if cursor.rowcount:
        Collection.objects.filter(pk=collection.pk).update(updated_at=timezone.now())


def _trash(cursor, ids, value, user):
    cursor.execute(
        "UPDATE lyricsapp_lyric SET trashed_at = now() WHERE id = ANY(%s) AND trashed_at IS NULL",
        [ids],
    )


def _restore(cursor, ids, value, user):
    cursor.execute(
        "UPDATE lyricsapp_lyric SET trashed_at = NULL WHERE id = ANY(%s) "
        "AND trashed_at IS NOT NULL",
        [ids],
    )


RUNNERS = {
    "tag": _tag,
    "untag": _untag,
    "favorite": _favorite,
    "unfavorite": _unfavorite,
    "collect": _collect,
    "trash": _trash,
    "restore": _restore,
}


def collection_for_bulk(value):
    try:
        return Collection.objects.get(pk=int(value))
    except (TypeError, ValueError, OverflowError, Collection.DoesNotExist):
        raise ValidationError(
            gettext("No collection has the id %(value)s.") % {"value": value}, code="collection"
        ) from None


def bulk_value_clean(*, action, value):
    """The action's value checked before anything changes."""
    if action not in ACTIONS:
        raise ValidationError(
            gettext("Unknown action %(action)s: choose one of %(actions)s.")
            % {"action": action, "actions": ", ".join(ACTIONS)},
            code="action",
        )
    if action not in NEEDS_VALUE:
        return None
    if value in (None, ""):
        raise ValidationError(gettext("This action needs a value."), code="value")
    if action == "collect":
        return collection_for_bulk(value).pk
    return tag_name_clean(value)


def lyrics_bulk_apply(*, ids, action, value=None, user):
    """Apply ``action`` to the lyrics ``ids``: {"matched", "changed"}."""
    value = bulk_value_clean(action=action, value=value)
    if len(ids) > BULK_LIMIT:
        raise SelectionTooLarge(
            gettext("At most %(limit)d lyrics at once.") % {"limit": BULK_LIMIT}, code="too_many"
        )
    with transaction.atomic(), connection.cursor() as cursor:
        existing = _existing(cursor, list(ids))
        if not existing:
            return {"matched": 0, "changed": 0}
        RUNNERS[action](cursor, existing, value, user)
        return {"matched": len(existing), "changed": max(cursor.rowcount, 0)}
