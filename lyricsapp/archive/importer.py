"""Import an archive: idempotent by task id, all or nothing.

The manifest's tasks and lyrics are streamed into temporary tables with COPY,
then compared with the library and written by a few set-based statements,
all in one transaction: a bad item anywhere leaves nothing behind. A task is
compared by its result hash, the rule callbacks follow (Task.repeat_outcome):
the same result is unchanged, another one is a conflict and is left alone,
because the first stored result is final. A task this server still has as
pending receives the archived result, as it would from a callback.
"""

import tempfile
from dataclasses import dataclass, field

import psycopg
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils.translation import gettext as _

from lyricsapp.archive import sql
from lyricsapp.archive.manifest_lines import LayoutMismatch
from lyricsapp.archive.reader import ArchiveError, manifest_open, zip_open
from lyricsapp.archive.restore_indexes import indexes_create, indexes_drop
from lyricsapp.archive.result_hashes import ResultHashes
from lyricsapp.archive.sections import SECTIONS, SectionError
from lyricsapp.archive.validate import lyric_row, task_row

# How many conflicting task ids a report lists.
REPORT_CONFLICTS = 10


@dataclass
class ImportReport:
    added: int = 0
    unchanged: int = 0
    conflicts: int = 0
    lyrics_added: int = 0
    conflict_ids: list = field(default_factory=list)
    sections: dict = field(default_factory=dict)
    dry_run: bool = False

    def summary(self):
        return f"added {self.added}, unchanged {self.unchanged}, conflicts {self.conflicts}"

    def as_dict(self):
        return {
            "added": self.added,
            "unchanged": self.unchanged,
            "conflicts": self.conflicts,
            "lyrics_added": self.lyrics_added,
            "first_conflicts": self.conflict_ids,
            "sections": self.sections,
            "dry_run": self.dry_run,
        }


def _copy(cursor, statement, rows, progress=None, total=None):
    count = 0
    with cursor.copy(statement) as copy:
        for count, row in enumerate(rows, 1):
            copy.write_row(row)
            if progress and count % 10_000 == 0:
                progress(count, total)
    return count


def _check_counts(counts, tasks, lyrics):
    # A manifest cut short still parses up to the cut: the counts catch it.
    for name, found in (("tasks", tasks), ("lyrics", lyrics)):
        declared = counts.get(name)
        if declared is not None and declared != found:
            raise ArchiveError(
                _(
                    "manifest.json counts %(declared)s %(name)s but lists %(found)s: it is incomplete."
                )
                % {"declared": declared, "name": name, "found": found}
            )


def _load(cursor, manifest, progress):
    cursor.execute(sql.CREATE_TEMP_TABLES)
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        hashes = ResultHashes(spool)
        tasks = (task_row(item, i) for i, item in enumerate(manifest.items("tasks")))
        tasks = hashes.tasks((i, *row) for i, row in enumerate(tasks))
        task_count = _copy(cursor, sql.COPY_TASKS, tasks)
        lyrics = (lyric_row(item, i) for i, item in enumerate(manifest.items("lyrics")))
        declared = manifest.counts.get("lyrics")
        total = declared if isinstance(declared, int) and declared > 0 else None
        lyric_count = _copy(cursor, sql.COPY_LYRICS, hashes.lyrics(lyrics), progress, total)
        _check_counts(manifest.counts, task_count, lyric_count)
        _index_and_check(cursor)
        _stage_hashes(cursor, hashes)


def _stage_hashes(cursor, hashes):
    cursor.execute(sql.CREATE_HASHES)
    if hashes.ordered:
        cursor.execute("SAVEPOINT archive_hashes")
        with cursor.copy(sql.COPY_HASHES) as copy:
            hashes.copy_to(copy)
        try:
            cursor.execute(sql.INDEX_HASHES)
        except psycopg.errors.UniqueViolation:
            # A task's lyrics came in two runs: each got a hash of its own.
            cursor.execute("ROLLBACK TO SAVEPOINT archive_hashes")
        else:
            cursor.execute("RELEASE SAVEPOINT archive_hashes")
            return
    cursor.execute(sql.HASH_IN_SQL)
    cursor.execute(sql.INDEX_HASHES)


def _index_and_check(cursor):
    cursor.execute("SAVEPOINT archive_indexes")
    try:
        cursor.execute(sql.INDEX_TEMP_TABLES)
    except psycopg.errors.UniqueViolation as exc:
        cursor.execute("ROLLBACK TO SAVEPOINT archive_indexes")
        for check in sql.REPEATS:
            _refuse_if_found(cursor, *check)
        raise ArchiveError(str(exc.diag.message_detail)) from None
    cursor.execute("RELEASE SAVEPOINT archive_indexes")
    _refuse_if_found(cursor, *sql.ORPHANS)


def _refuse_if_found(cursor, check, message):
    cursor.execute(check)
    row = cursor.fetchone()
    if row:
        raise ArchiveError(_(message).format(*row))


def _write(cursor, report, rebuild_indexes=False):
    cursor.execute(sql.CLASSIFY)
    cursor.execute(sql.LYRIC_SEQUENCE_PAST_ARCHIVE)
    cursor.execute(sql.CREATE_ADDED)
    dropped = indexes_drop(cursor) if rebuild_indexes else None
    cursor.execute(sql.FILL_PENDING)
    cursor.execute(sql.INSERT_TASKS.format(users=get_user_model()._meta.db_table))
    cursor.execute(sql.RECLASSIFY_LOST_RACES)
    _insert_lyrics(cursor, report)
    if dropped:
        indexes_create(cursor, dropped)
    cursor.execute(sql.CREATE_TARGETS)
    cursor.execute(sql.OUTCOME_COUNTS)
    counts = dict(cursor.fetchall())
    report.added = counts.get("added", 0)
    report.unchanged = counts.get("unchanged", 0)
    report.conflicts = counts.get("conflict", 0)
    cursor.execute(sql.FIRST_CONFLICTS, [REPORT_CONFLICTS])
    report.conflict_ids = [row[0] for row in cursor.fetchall()]


def _insert_lyrics(cursor, report):
    cursor.execute(sql.INSERT_LYRICS_KEEPING_IDS)
    report.lyrics_added = cursor.rowcount
    cursor.execute(sql.ADDED_LYRICS_COUNT)
    if cursor.fetchone()[0] > report.lyrics_added:
        # Lyrics without an id, or whose id is taken here.
        cursor.execute(sql.INSERT_LYRICS_NEW_IDS)
        report.lyrics_added += cursor.rowcount


def _sections(cursor, manifest, report):
    for name, section in SECTIONS.items():
        try:
            report.sections[name] = section.import_(cursor=cursor, items=manifest.items(name))
        except SectionError as exc:
            raise ArchiveError(f"manifest.json {exc}") from None


def archive_import(*, source, dry_run=False, progress=None, rebuild_indexes=False):
    """Import the archive at ``source`` (a path or a binary file); returns an
    ImportReport, or raises ArchiveError having written nothing.
    ``progress(done, total)`` while lyrics are read (total from the manifest's
    counts, or None); ``rebuild_indexes``: see restore_indexes.py."""
    with zip_open(source) as archive:
        manifest = manifest_open(archive)
        try:
            return _import(manifest, dry_run, progress, rebuild_indexes)
        except LayoutMismatch:
            # Not the exporter's layout (written or edited by another tool):
            # everything was rolled back; again with the streaming parser.
            manifest.by_lines = False
            return _import(manifest, dry_run, progress, rebuild_indexes)


def _import(manifest, dry_run, progress, rebuild_indexes):
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        cursor = connection.connection.cursor()
        cursor.execute(sql.IMPORT_WORK_MEM)
        _load(cursor, manifest, progress)
        _write(cursor, report, rebuild_indexes)
        _sections(cursor, manifest, report)
        cursor.execute(sql.DROP_TEMP_TABLES)
        if dry_run:
            transaction.set_rollback(True)
    return report
