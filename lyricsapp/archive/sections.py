"""The workspace parts of an archive: edit versions, tags, collections, notes
and favourites (contract section 8).

Items name lyrics by task id and position, and people by username, which
mean the same on every server (ids do not). Each section has an exporter
(rows of the selected tasks, in a stable order) and an importer (run in the
import's transaction, after the tasks and lyrics, with the temporary table
archive_target mapping (task id, position) to this server's lyrics).

What an import merges: tags, favourites and collection members are added to
lyrics of added and unchanged tasks (adding them twice changes nothing);
edit versions only to lyrics the import added; a note only where the lyric
has none. Favourites of people unknown here are skipped and counted.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext as _
from taggit.models import Tag

from lyricsapp.archive import format as fmt
from lyricsapp.archive import sections_sql as q
from lyricsapp.archive.validate import (
    INT32,
    TAG_MAX,
    fail,
    integer_field,
    optional_text,
    text_field,
    time_field,
)
from lyricsapp.workspace.models import (
    COLLECTION_DESCRIPTION_MAX_LENGTH,
    COLLECTION_NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    VERSION_MESSAGE_MAX_LENGTH,
)


class SectionError(ValueError):
    """An item of a workspace section that cannot be imported."""


def _users():
    return get_user_model()._meta.db_table


def _rows(name, query, params):
    """Rows of a possibly large read, from a server-side cursor."""
    with connection.connection.cursor(name=f"archive_{name}") as cursor:
        cursor.itersize = 2000
        cursor.execute(query, params)
        yield from cursor


def _where(selection_sql, column):
    return f"WHERE {column} IN ({selection_sql})" if selection_sql else ""


def _export(name, fields):
    def export(*, selection_sql, params):
        query = getattr(q, f"EXPORT_{name.upper()}").format(
            users=_users(), where=_where(selection_sql, "t.id")
        )
        for row in _rows(name, query, params):
            yield dict(zip(fields, row, strict=True))

    return export


def _lyric_ref(item, where):
    if not isinstance(item, dict):
        fail(where, _("must be an object"))
    task_id = text_field(item, where, "task_id", required=True)
    position = integer_field(item, where, "position", low=0, high=32767, required=True)
    return task_id, position


def _stage(cursor, name, columns, rows):
    cursor.execute(f"DROP TABLE IF EXISTS archive_{name}")
    cursor.execute(f"CREATE TEMP TABLE archive_{name} ({columns}) ON COMMIT DROP")
    names = ", ".join(column.split()[0] for column in columns.split(", "))
    with cursor.copy(f"COPY archive_{name} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _import_versions(*, cursor, items):
    def rows():
        for i, item in enumerate(items):
            where = f"versions[{i}]"
            yield (
                *_lyric_ref(item, where),
                integer_field(item, where, "number", low=2, high=INT32 - 1, required=True),
                text_field(item, where, "title"),
                text_field(item, where, "text"),
                optional_text(item, where, "author"),
                time_field(item, where, "created_at"),
                text_field(item, where, "message", max_length=VERSION_MESSAGE_MAX_LENGTH),
            )

    _stage(cursor, "version", q.VERSION_COLUMNS, rows())
    cursor.execute(q.IMPORT_VERSIONS.format(users=_users()))
    return {"added": cursor.rowcount}


def _tag(name):
    # Tags through taggit, which makes their slugs; names match in any case.
    tag = Tag.objects.filter(name__iexact=name).order_by("id").first()
    return tag or Tag.objects.create(name=name)


def _import_tags(*, cursor, items):
    names = set()
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            fail(f"tags[{i}]", _("must be an object"))
        names.add(text_field(item, f"tags[{i}]", "name", max_length=TAG_MAX, required=True))
    cursor.execute("SELECT DISTINCT unnest(tags) FROM archive_target WHERE tags <> '{}'")
    names.update(row[0] for row in cursor.fetchall())
    tag_ids = {name: _tag(name).id for name in sorted(names)}
    cursor.execute(q.IMPORT_LYRIC_TAGS, [list(tag_ids), list(tag_ids.values())])
    return {"added": cursor.rowcount}


def _import_notes(*, cursor, items):
    def rows():
        for i, item in enumerate(items):
            where = f"notes[{i}]"
            yield (
                *_lyric_ref(item, where),
                text_field(item, where, "text", max_length=NOTE_MAX_LENGTH),
                optional_text(item, where, "updated_by"),
                time_field(item, where, "updated_at"),
            )

    _stage(cursor, "note", q.NOTE_COLUMNS, rows())
    cursor.execute(q.IMPORT_NOTES.format(users=_users()))
    return {"added": cursor.rowcount}


def _import_favorites(*, cursor, items):
    def rows():
        for i, item in enumerate(items):
            where = f"favorites[{i}]"
            yield (
                *_lyric_ref(item, where),
                text_field(item, where, "user", required=True),
                time_field(item, where, "created_at"),
            )

    _stage(cursor, "favorite", q.FAVORITE_COLUMNS, rows())
    cursor.execute(q.UNKNOWN_FAVORITE_USERS.format(users=_users()))
    skipped = cursor.fetchone()[0]
    cursor.execute(q.IMPORT_FAVORITES.format(users=_users()))
    return {"added": cursor.rowcount, "skipped_unknown_users": skipped}


def _import_collections(*, cursor, items):
    added = created = 0
    for i, item in enumerate(items):
        where = f"collections[{i}]"
        if not isinstance(item, dict):
            fail(where, _("must be an object"))
        name = text_field(item, where, "name", max_length=COLLECTION_NAME_MAX_LENGTH, required=True)
        members = item.get("lyrics") or []
        if not isinstance(members, list):
            fail(f"{where}.lyrics", _("must be a list"))
        refs = [_lyric_ref(m, f"{where}.lyrics[{n}]") for n, m in enumerate(members)]
        cursor.execute(q.COLLECTION_BY_NAME, [name])
        row = cursor.fetchone()
        if row is None:
            archived_id = integer_field(item, where, "id", low=1, high=2**63 - 1)
            values = (
                archived_id,
                archived_id,
                name,
                text_field(
                    item, where, "description", max_length=COLLECTION_DESCRIPTION_MAX_LENGTH
                ),
                optional_text(item, where, "created_by"),
                time_field(item, where, "created_at"),
                time_field(item, where, "updated_at"),
            )
            cursor.execute(q.CREATE_COLLECTION.format(users=_users()), values)
            row = cursor.fetchone()
            created += 1
        cursor.execute(
            q.IMPORT_COLLECTION_ITEMS,
            {"id": row[0], "task_ids": [r[0] for r in refs], "positions": [r[1] for r in refs]},
        )
        added += cursor.rowcount
    cursor.execute(q.COLLECTION_SEQUENCE)
    return {"created": created, "items_added": added}


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable
    import_: Callable


SECTIONS = {
    "versions": Section(
        "versions",
        _export("versions", q.VERSION_FIELDS),
        _import_versions,
    ),
    "tags": Section("tags", _export("tags", ["name", "count"]), _import_tags),
    "collections": Section(
        "collections", _export("collections", q.COLLECTION_FIELDS), _import_collections
    ),
    "notes": Section("notes", _export("notes", q.NOTE_FIELDS), _import_notes),
    "favorites": Section("favorites", _export("favorites", q.FAVORITE_FIELDS), _import_favorites),
}
assert list(SECTIONS) == fmt.WORKSPACE_SECTIONS
