"""Bulk-load generated lyrics with COPY: a million in a few minutes.

Tasks and lyrics are written like real results (two lyrics per complete task,
some failed tasks with the provider's failure codes). For large loads the
search indexes are dropped and rebuilt once at the end, which is several times
faster than maintaining three GIN indexes row by row.
"""

import random
import time
import uuid

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from lyricsapp.models import GIN_PENDING_LIST_KB
from lyricsapp.provider.fake.lyrics import fake_lyric

BATCH = 20_000
FAILURE_CODES = [400, 408, 413, 500, 501, 531]

# name -> definition; rebuilt after a large load. Must match the migrations.
SEARCH_INDEXES = {
    "lyric_text_trgm": "CREATE INDEX lyric_text_trgm ON lyricsapp_lyric USING gin (text gin_trgm_ops)",
    "lyric_title_trgm": "CREATE INDEX lyric_title_trgm ON lyricsapp_lyric USING gin (title gin_trgm_ops)",
    "lyric_search_keys_gin": "CREATE INDEX lyric_search_keys_gin ON lyricsapp_lyric "
    "USING gin (lyric_search_keys(title, text))",
}
SEARCH_INDEXES = {
    name: f"{sql} WITH (gin_pending_list_limit = {GIN_PENDING_LIST_KB})"
    for name, sql in SEARCH_INDEXES.items()
}


def _copy_text(value):
    """A field in COPY's text format."""
    if value is None:
        return "\\N"
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def _row(*values):
    return "\t".join(_copy_text(v) for v in values) + "\n"


def _reserve_ids(cursor, table, count):
    """Take ``count`` consecutive ids from the table's sequence."""
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    sequence = cursor.fetchone()[0]
    cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [sequence])
    cursor.execute("SELECT nextval(%s)", [sequence])
    first = cursor.fetchone()[0]
    cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


class Command(BaseCommand):
    help = "Bulk-load generated CJK and Latin lyrics (for demos and benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="how many lyrics")
        parser.add_argument("--seed", type=int, default=1, help="random seed")
        parser.add_argument(
            "--days", type=int, default=30, help="spread creation dates over this many days"
        )

    def handle(self, *, count, seed, days, **options):
        rng = random.Random(seed)
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM lyricsapp_lyric")
            existing = cursor.fetchone()[0]
        rebuild = count >= 50_000 and count > existing
        if rebuild:
            self._drop_indexes()
        done = 0
        while done < count:
            size = min(BATCH, count - done)
            self._load_batch(rng, size, days)
            done += size
            rate = done / (time.monotonic() - started)
            self.stdout.write(f"{done:>10,} / {count:,} lyrics  ({rate:,.0f}/s)")
            self.stdout.flush()
        if rebuild:
            self._create_indexes()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE lyricsapp_task")
            cursor.execute("ANALYZE lyricsapp_lyric")
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Loaded {count:,} lyrics in {elapsed:.1f} s"))

    def _drop_indexes(self):
        with connection.cursor() as cursor:
            for name in SEARCH_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")  # noqa: S608 (fixed names)
        self.stdout.write("Dropped the search indexes for the load")

    def _create_indexes(self):
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for name, definition in SEARCH_INDEXES.items():
                began = time.monotonic()
                self.stdout.write(f"Building {name} ...")
                self.stdout.flush()
                cursor.execute(definition)
                self.stdout.write(f"  built in {time.monotonic() - began:.1f} s")

    @transaction.atomic
    def _load_batch(self, rng, size, days):
        tasks = (size + 1) // 2
        with connection.cursor() as cursor:
            first_task = _reserve_ids(cursor, "lyricsapp_task", tasks)
            task_rows, lyric_rows = _batch_rows(rng, first_task, tasks, size, days)
            _copy_in(task_rows, lyric_rows)


def _batch_rows(rng, first_task, tasks, size, days):
    """COPY lines of the tasks and lyrics of one batch; a task holds one or two lyrics."""
    task_rows = []
    lyric_rows = []
    for n in range(tasks):
        task_pk = first_task + n
        age = f"{rng.uniform(0, days * 86400):.0f} seconds"
        failed = rng.random() < 0.05
        code = rng.choice(FAILURE_CODES) if failed else 200
        status = "failed" if failed else "complete"
        task_rows.append(
            _row(
                task_pk,
                uuid.UUID(int=rng.getrandbits(128)).hex,
                status,
                code,
                "All generated successfully." if not failed else "Generation failed.",
                "complete" if not failed else "error",
                age,
                age,
                "",
                0,
                "",
                "",
            )
        )
        for position in range(min(2, size - 2 * n)):
            if failed:
                title, text, lyric_status = "", "", "failed"
            else:
                title, text = fake_lyric(rng, cjk=rng.random() < 0.5)
                lyric_status = "complete"
            error = "Lyrics generation failed." if failed else ""
            lyric_rows.append(_row(task_pk, position, title, text, lyric_status, error, age, ""))
    return task_rows, lyric_rows


def _copy_in(task_rows, lyric_rows):
    """COPY the rows into temporary tables, then insert them with their dates."""
    raw = connection.connection  # the psycopg connection
    with raw.cursor() as pg:
        # Dates are written as intervals before now() and converted on the way in.
        pg.execute(
            "CREATE TEMP TABLE IF NOT EXISTS load_task (id bigint, task_id text, "
            "status text, code int, msg text, callback_type text, created_ago interval, "
            "completed_ago interval, result_hash text, processing_attempts int, "
            "processing_error text, prompt text) ON COMMIT DELETE ROWS"
        )
        pg.execute(
            "CREATE TEMP TABLE IF NOT EXISTS load_lyric (task_id bigint, position int, "
            "title text, text text, status text, error_message text, "
            "created_ago interval, language text) ON COMMIT DELETE ROWS"
        )
        with pg.copy("COPY load_task FROM STDIN") as copy:
            copy.write("".join(task_rows))
        with pg.copy("COPY load_lyric FROM STDIN") as copy:
            copy.write("".join(lyric_rows))
        pg.execute(
            "INSERT INTO lyricsapp_task (id, task_id, status, code, msg, callback_type, "
            "created_at, completed_at, result_hash, processing_attempts, "
            "processing_error, prompt) "
            "SELECT id, task_id, status, code, msg, callback_type, now() - created_ago, "
            "now() - completed_ago, result_hash, processing_attempts, processing_error, "
            "prompt FROM load_task"
        )
        pg.execute(
            "INSERT INTO lyricsapp_lyric (task_id, position, title, text, status, "
            "error_message, created_at, language) "
            "SELECT task_id, position, title, text, status, error_message, "
            "now() - created_ago, language FROM load_lyric ORDER BY created_ago DESC"
        )
