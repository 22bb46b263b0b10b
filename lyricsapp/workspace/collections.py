"""Collections: named, ordered lists of lyrics. Order changes lock the collection row."""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Now
from django.utils.translation import gettext

from lyricsapp.models import Collection, CollectionItem, Lyric
from lyricsapp.workspace.models import (
    COLLECTION_DESCRIPTION_MAX_LENGTH,
    COLLECTION_NAME_MAX_LENGTH,
)

# One request names at most this many lyrics (a songbook, not the library).
COLLECTION_LYRICS_MAX = 10_000


def _check(*, name=None, description=None):
    errors = {}
    if name is not None:
        if not name.strip():
            errors["name"] = gettext("A collection needs a name.")
        elif len(name) > COLLECTION_NAME_MAX_LENGTH:
            errors["name"] = gettext("At most %(limit)d characters.") % {
                "limit": COLLECTION_NAME_MAX_LENGTH
            }
    if description is not None and len(description) > COLLECTION_DESCRIPTION_MAX_LENGTH:
        errors["description"] = gettext("At most %(limit)d characters.") % {
            "limit": COLLECTION_DESCRIPTION_MAX_LENGTH
        }
    for field, value in (("name", name), ("description", description)):
        if value is not None and "\x00" in value and field not in errors:
            errors[field] = gettext("NUL characters are not allowed.")
    if errors:
        raise ValidationError(errors)


def collection_create(*, name, description="", user):
    _check(name=name, description=description)
    return Collection.objects.create(name=name.strip(), description=description, created_by=user)


def collection_update(*, collection, name=None, description=None):
    _check(name=name, description=description)
    if name is not None:
        collection.name = name.strip()
    if description is not None:
        collection.description = description
    collection.updated_at = Now()
    collection.save(update_fields=["name", "description", "updated_at"])
    collection.refresh_from_db(fields=["updated_at"])
    return collection


def collection_delete(*, collection):
    collection.delete()


def collection_lyric_ids(*, collection):
    return list(collection.items.order_by("position", "id").values_list("lyric_id", flat=True))


def _ids_check(lyric_ids):
    if len(lyric_ids) > COLLECTION_LYRICS_MAX:
        raise ValidationError(
            {"lyric_ids": gettext("At most %(limit)d lyrics.") % {"limit": COLLECTION_LYRICS_MAX}}
        )


def _locked(collection):
    return Collection.objects.select_for_update().get(pk=collection.pk)


@transaction.atomic
def collection_lyrics_append(*, collection, lyric_ids):
    """Append the lyrics not in it yet, in the order given; how many were added."""
    _ids_check(lyric_ids)
    wanted = list(dict.fromkeys(lyric_ids))
    found = set(Lyric.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise ValidationError(
            {"lyric_ids": gettext("No such lyrics: %(ids)s.") % {"ids": _ids(missing)}}
        )
    collection = _locked(collection)
    present = set(collection.items.values_list("lyric_id", flat=True))
    start = (collection.items.aggregate(top=Max("position"))["top"] or 0) + 1
    new = [pk for pk in wanted if pk not in present]
    CollectionItem.objects.bulk_create(
        CollectionItem(collection=collection, lyric_id=pk, position=start + index)
        for index, pk in enumerate(new)
    )
    Collection.objects.filter(pk=collection.pk).update(updated_at=Now())
    return len(new)


def _ids(ids):
    shown = ", ".join(str(pk) for pk in ids[:20])
    return shown + (" …" if len(ids) > 20 else "")


@transaction.atomic
def collection_order_set(*, collection, lyric_ids):
    """Set the full order; lyric_ids must be exactly the current members."""
    _ids_check(lyric_ids)
    collection = _locked(collection)
    items = {item.lyric_id: item for item in collection.items.all()}
    duplicates = sorted(pk for pk, count in Counter(lyric_ids).items() if count > 1)
    foreign = [pk for pk in lyric_ids if pk not in items]
    absent = [pk for pk in items if pk not in set(lyric_ids)]
    problems = []
    if foreign:
        problems.append(gettext("not in this collection: %(ids)s") % {"ids": _ids(foreign)})
    if absent:
        problems.append(gettext("missing: %(ids)s") % {"ids": _ids(sorted(absent))})
    if duplicates:
        problems.append(gettext("given twice: %(ids)s") % {"ids": _ids(duplicates)})
    if problems:
        message = gettext("The order must list each lyric of the collection once")
        raise ValidationError({"lyric_ids": f"{message}: {'; '.join(problems)}."})
    for position, pk in enumerate(lyric_ids, start=1):
        items[pk].position = position
    CollectionItem.objects.bulk_update(items.values(), ["position"], batch_size=1000)
    Collection.objects.filter(pk=collection.pk).update(updated_at=Now())


def collection_lyric_move(*, collection, lyric_id, offset):
    """Move one lyric up (offset -1) or down (+1); False when it is not a member."""
    order = collection_lyric_ids(collection=collection)
    if lyric_id not in order:
        return False
    index = order.index(lyric_id)
    target = max(0, min(len(order) - 1, index + offset))
    order.insert(target, order.pop(index))
    collection_order_set(collection=collection, lyric_ids=order)
    return True


def collection_lyric_remove(*, collection, lyric_id):
    """True when the lyric was a member."""
    deleted, _ = CollectionItem.objects.filter(collection=collection, lyric_id=lyric_id).delete()
    if deleted:
        Collection.objects.filter(pk=collection.pk).update(updated_at=Now())
    return bool(deleted)
