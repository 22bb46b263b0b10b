"""Write an archive of the whole library or of a selection, streamed.

One pass over the tasks, newest first, read with a server-side cursor; the
lyrics of each batch of tasks in one query. Each lyric's two files go into the
ZIP as they are read; the manifest's task and lyric items are deflated to
temporary files as they come (in a thread, deflated.py) and written last,
when the counts are known. Memory stays
flat whatever the size of the library (docs/performance.md).
"""

import json
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from lyricsapp.archive import format as fmt
from lyricsapp.archive import sql
from lyricsapp.archive.deflated import DeflatedSpool
from lyricsapp.archive.markdown import markdown_of_text
from lyricsapp.archive.prefetch import ahead
from lyricsapp.archive.sections import SECTIONS
from lyricsapp.archive.zipstream import StreamingZip
from lyricsapp.library.downloads import markdown_body, text_body
from lyricsapp.models import Task

BATCH = 1000
# zlib's fastest level, for the manifest (the lyrics' own files are stored).
ARCHIVE_LEVEL = 1


@dataclass
class Selection:
    """Which tasks to export: SQL for their ids, or everything."""

    sql: str = ""
    params: tuple = ()

    @classmethod
    def of(cls, tasks=None):
        if tasks is None:
            return cls()
        sql, params = tasks.order_by().values("pk").query.sql_with_params()
        return cls(sql, tuple(params))

    def where(self, column):
        return f"WHERE {column} IN ({self.sql})" if self.sql else ""


def tasks_of_lyrics(lyrics):
    """A library filter selects lyrics; the archive takes their whole tasks, as
    a task's result is stored, compared and imported as one."""
    return Task.objects.filter(pk__in=lyrics.order_by().values("task_id"))


class _Buffer:
    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(data)

    def take(self):
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def _task_item(row):
    return {
        "task_id": row[1],
        "status": row[2],
        "code": row[3],
        "msg": row[4],
        "callback_type": row[5],
        "created_at": row[6],
        "completed_at": row[7],
        "processed_at": row[8],
        "prompt": row[9],
        "submitted_by": row[10],
    }


def _lyric_item(row, task, extras):
    lyric_id = row[1]
    return {
        "id": lyric_id,
        "task_id": task[1],
        "position": row[2],
        "title": row[3],
        "text": row[4],
        "status": row[5],
        "error_message": row[6],
        # jsonb comes as text (Django's psycopg loader): parsed, so the
        # manifest holds the list and the Markdown file its sections.
        "sections": None if row[7] is None else json.loads(row[7]),
        "line_count": row[8],
        "word_count": row[9],
        "char_count": row[10],
        "language": row[11],
        "created_at": row[12],
        "tags": extras.tags.get(lyric_id, []),
        "collections": extras.collections.get(lyric_id, []),
        "note": row[13] or "",
        "version": row[14],
        "original_title": row[15],
        "original_text": row[16],
        "edited": row[14] > 1,
        "trashed_at": row[17],
        "submitted_by": task[10],
    }


@dataclass
class _Extras:
    """Per batch: {lyric id: [tag names]} and {lyric id: [collection ids]}."""

    tags: dict
    collections: dict

    @classmethod
    def read(cls, cursor, lyric_ids):
        found = []
        for query in (sql.EXPORT_LYRIC_TAGS, sql.EXPORT_LYRIC_COLLECTIONS):
            cursor.execute(query, [lyric_ids])
            grouped = {}
            for lyric_id, value in cursor.fetchall():
                grouped.setdefault(lyric_id, []).append(value)
            found.append(grouped)
        return cls(*found)


def _lyric_files(item, prefix):
    """The lyric's two members, (name, bytes) each; ``prefix`` is its task's
    folder, encoded once per task."""
    if item["sections"] is None:
        body = markdown_of_text(item["title"], item["text"])
    else:
        body = markdown_body(item["title"], item["sections"])
    markdown = fmt.front_matter(item, item["tags"]) + body
    position = item["position"]
    text = text_body(item["title"], item["text"])
    return (
        (b"%s%d.md" % (prefix, position), markdown.encode("utf-8")),
        (b"%s%d.txt" % (prefix, position), text.encode("utf-8")),
    )


def _batches(raw, selection):
    """The selected tasks in batches, from a server-side cursor (in the
    transaction archive_chunks holds), each with its lyrics and their tags
    and collections: (tasks, {task pk: lyric rows}, extras). Run in the
    prefetch thread, so on the raw connection ``raw`` only."""
    users = get_user_model()._meta.db_table
    query = sql.EXPORT_TASKS.format(where=selection.where("t.id"), users=users)
    with raw.cursor(name="archive_tasks") as tasks_cursor, raw.cursor() as cursor:
        tasks_cursor.itersize = BATCH
        tasks_cursor.execute(query, selection.params)
        while tasks := tasks_cursor.fetchmany(BATCH):
            by_task = _lyrics_by_task(cursor, [row[0] for row in tasks])
            extras = _Extras.read(cursor, [r[1] for rows in by_task.values() for r in rows])
            yield tasks, by_task, extras


def _lyrics_by_task(cursor, task_pks):
    cursor.execute(sql.EXPORT_LYRICS, [task_pks])
    by_task = {}
    for row in cursor.fetchall():
        by_task.setdefault(row[0], []).append(row)
    return by_task


class _Spool:
    """A manifest list's items, deflated as they come (deflated.py) as the
    list's text: ``\n`` before the first item, ``,\n`` before the others."""

    def __init__(self, level):
        self.deflated = DeflatedSpool(level)
        self.count = 0

    def write(self, items):
        """``items``: each one's JSON, as bytes."""
        if items:
            self.deflated.write((b",\n" if self.count else b"\n") + b",\n".join(items))
            self.count += len(items)


def _manifest_pieces(*, exported_at, counts, spools, selection):
    """The manifest's bytes, and its lists as deflated spools (finished)."""
    head = {
        "format": fmt.FORMAT,
        "version": fmt.VERSION,
        "exported_at": exported_at,
        "counts": counts,
    }
    yield fmt.dumps(head)[:-1].encode("utf-8")
    for name in ("tasks", "lyrics"):
        yield f',\n"{name}":['.encode()
        spools[name].deflated.finish()
        yield spools[name].deflated
        yield b"\n]"
    for name, section in SECTIONS.items():
        yield f',\n"{name}":['.encode()
        items = section.export(selection_sql=selection.sql, params=selection.params)
        for index, item in enumerate(items):
            yield (b",\n" if index else b"\n") + fmt.dumps_bytes(item)
        yield b"\n]"
    yield b"\n}\n"


def archive_chunks(*, selection=None, progress=None, exported_at=None):
    """The archive's bytes, piece by piece. ``progress(done, total)`` is
    called after each batch with counts of lyrics."""
    selection = selection or Selection()
    exported_at = exported_at or fmt.timestamp(timezone.now())
    # One snapshot for the whole archive, unless the caller already holds a
    # transaction (then the snapshot is the caller's).
    outer = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if outer:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute(
            sql.EXPORT_COUNT.format(where=selection.where("l.task_id")), selection.params
        )
        total = cursor.fetchone()[0]
        yield from _archive_body(selection, total, progress, exported_at)


def _archive_body(selection, total, progress, exported_at):
    spools = {"tasks": _Spool(ARCHIVE_LEVEL), "lyrics": _Spool(ARCHIVE_LEVEL)}
    try:
        yield from _archive_members(selection, total, progress, exported_at, spools)
    finally:
        for spool in spools.values():
            spool.deflated.close()


def _archive_members(selection, total, progress, exported_at, spools):
    buffer = _Buffer()
    archive = StreamingZip(buffer, level=ARCHIVE_LEVEL)
    if progress:
        progress(0, total)
    dumps = fmt.dumps_bytes
    for tasks, by_task, extras in ahead(_batches(connection.connection, selection)):
        task_items, lyric_items, members = [], [], []
        for row in tasks:
            task_items.append(dumps(_task_item(row)))
            prefix = fmt.task_folder(row[1]).encode()
            for lyric_row in by_task.get(row[0], ()):
                item = _lyric_item(lyric_row, row, extras)
                lyric_items.append(dumps(item))
                members += _lyric_files(item, prefix)
        spools["tasks"].write(task_items)
        spools["lyrics"].write(lyric_items)
        # Stored, not deflated: compressing these small files was half of the
        # export's CPU for 40% of their size; the manifest, which holds all of
        # their content again, is compressed.
        archive.write_stored(members)
        yield buffer.take()
        if progress:
            progress(spools["lyrics"].count, total)
    counts = {"tasks": spools["tasks"].count, "lyrics": spools["lyrics"].count}
    manifest = archive.open_stream(fmt.MANIFEST)
    pieces = _manifest_pieces(
        exported_at=exported_at, counts=counts, spools=spools, selection=selection
    )
    yield from _passed_on(buffer, _manifest_steps(manifest, pieces))
    manifest.close()
    yield from _passed_on(buffer, archive.close_steps())
    yield buffer.take()


def _manifest_steps(manifest, pieces):
    """Write the manifest's pieces, a step at a time (a spooled list: one per
    chunk copied)."""
    for piece in pieces:
        if isinstance(piece, DeflatedSpool):
            yield from manifest.write_deflated(piece)
        else:
            manifest.write(piece)
            yield


def _passed_on(buffer, steps):
    """Run ``steps``, which write to ``buffer``, passing its bytes on as they
    gather: the manifest and the ZIP's directory are too large to hold."""
    for _ in steps:
        if len(buffer.parts) > 16:
            yield buffer.take()
