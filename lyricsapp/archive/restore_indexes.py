"""A restore into an empty library writes its rows first and builds the
indexes once at the end, as pg_restore does.

Maintaining the tasks' and lyrics' indexes row by row, and checking every
lyric's task one row at a time at commit, took most of a million-lyric
import; building each index from the finished table, and checking the
lyrics' foreign key in one query, costs a fraction of it. The definitions
are read from the catalog before they are dropped, so what is built again is
exactly what was there. Indexes that back a constraint (primary keys, unique
task ids and positions) stay: the import's ON CONFLICT clauses need them.

Dropping locks both tables until the import commits, so callbacks wait
meanwhile: only on request, and only for an empty library.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from psycopg import sql

from lyricsapp.archive.reader import ArchiveError

TABLES = ["lyricsapp_task", "lyricsapp_lyric"]

SECONDARY_INDEXES = """
SELECT c.relname, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = ANY(%s::regclass[])
  AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid)
ORDER BY c.relname
"""
LYRIC_TASK_KEYS = """
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
WHERE contype = 'f' AND conrelid = 'lyricsapp_lyric'::regclass
  AND confrelid = 'lyricsapp_task'::regclass
"""


@dataclass
class Dropped:
    indexes: list = field(default_factory=list)  # (name, definition)
    foreign_keys: list = field(default_factory=list)  # (name, definition)


def indexes_drop(cursor):
    """Drop the lyrics' and tasks' secondary indexes and the lyrics' key to
    their task; returns what indexes_create builds again."""
    cursor.execute("SELECT count(*) FROM lyricsapp_lyric")
    stored = cursor.fetchone()[0]
    if stored:
        raise ArchiveError(
            _("Rebuilding the search indexes is for an empty library; %(count)s lyrics are stored.")
            % {"count": stored}
        )
    dropped = Dropped()
    cursor.execute(LYRIC_TASK_KEYS)
    dropped.foreign_keys = cursor.fetchall()
    cursor.execute(SECONDARY_INDEXES, [TABLES])
    dropped.indexes = cursor.fetchall()
    # ALTER TABLE refuses a table with deferred checks pending.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for name, _definition in dropped.foreign_keys:
        cursor.execute(
            sql.SQL("ALTER TABLE lyricsapp_lyric DROP CONSTRAINT {}").format(sql.Identifier(name))
        )
    for name, _definition in dropped.indexes:
        cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return dropped


def indexes_create(cursor, dropped):
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
    for name, definition in dropped.foreign_keys:
        # One query checks every lyric's task (the key stays deferrable).
        cursor.execute(
            sql.SQL("ALTER TABLE lyricsapp_lyric ADD CONSTRAINT {} {}").format(
                sql.Identifier(name), sql.SQL(definition)
            )
        )
    for _name, definition in dropped.indexes:
        cursor.execute(definition)
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
