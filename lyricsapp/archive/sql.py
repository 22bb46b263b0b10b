"""The archive's SQL: the export's reads, then the import's statements in
the order archive_import runs them.

The archive's rows are staged in temporary tables; the statements below
compare them with the library and write what is new in a few set-based
statements (fast: no round trip per row).
"""

from django.utils.translation import gettext_noop

from lyricsapp.archive import format as fmt

# Export: the selected tasks newest first ({where} is the selection, compiled
# by Django with parameters), the lyrics of a batch of them, and the count.
EXPORT_TASKS = f"""
SELECT t.id, t.task_id, t.status, t.code, t.msg, t.callback_type,
       {fmt.sql_timestamp("t.created_at")}, {fmt.sql_timestamp("t.completed_at")},
       {fmt.sql_timestamp("t.processed_at")}, t.prompt, u.username
FROM lyricsapp_task t LEFT JOIN {{users}} u ON u.id = t.submitted_by_id {{where}}
ORDER BY t.created_at DESC, t.id DESC
"""
EXPORT_LYRICS = f"""
SELECT l.task_id, l.id, l.position, l.title, l.text, l.status, l.error_message,
       l.sections::text, l.line_count, l.word_count, l.char_count, l.language,
       {fmt.sql_timestamp("l.created_at")}, n.text, l.version, l.original_title,
       l.original_text, {fmt.sql_timestamp("l.trashed_at")}
FROM lyricsapp_lyric l LEFT JOIN lyricsapp_note n ON n.lyric_id = l.id
WHERE l.task_id = ANY(%s)
ORDER BY l.task_id, l.position
"""
EXPORT_LYRIC_TAGS = """
SELECT tl.content_object_id, tag.name FROM lyricsapp_taggedlyric tl
JOIN taggit_tag tag ON tag.id = tl.tag_id
WHERE tl.content_object_id = ANY(%s) ORDER BY tag.name
"""
EXPORT_LYRIC_COLLECTIONS = """
SELECT lyric_id, collection_id FROM lyricsapp_collectionitem
WHERE lyric_id = ANY(%s) ORDER BY collection_id
"""
EXPORT_COUNT = "SELECT count(*) FROM lyricsapp_lyric l {where}"

# Import
CREATE_TEMP_TABLES = """
DROP VIEW IF EXISTS archive_target;
DROP TABLE IF EXISTS archive_task, archive_lyric, archive_hash, archive_outcome, archive_added;
CREATE TEMP TABLE archive_task (
    ord int, task_id text, status text, code int, msg text, callback_type text,
    created_at timestamptz, completed_at timestamptz, processed_at timestamptz, prompt text,
    submitted_by text
) ON COMMIT DROP;
CREATE TEMP TABLE archive_lyric (
    id bigint, task_id text, position int, title text, text text, status text,
    error_message text, sections jsonb, line_count int, word_count int, char_count int,
    language text, created_at timestamptz, tags text[], note text, version int,
    original_title text, original_text text, trashed_at timestamptz
) ON COMMIT DROP;
"""
# The joins and sorts of a large archive, in memory rather than in temporary
# files (the default 4MB made the import of a million lyrics spill).
IMPORT_WORK_MEM = "SET LOCAL work_mem = '256MB'"
COPY_TASKS = (
    "COPY archive_task (ord, task_id, status, code, msg, callback_type, created_at, "
    "completed_at, processed_at, prompt, submitted_by) FROM STDIN"
)
COPY_LYRICS = (
    "COPY archive_lyric (id, task_id, position, title, text, status, error_message, sections, "
    "line_count, word_count, char_count, language, created_at, tags, note, version, "
    "original_title, original_text, trashed_at) FROM STDIN"
)
# Unique: a task, a lyric or a lyric id listed twice stops the build, and
# only then do the slower queries of REPEATS name it. The index on ids also
# gives the lyrics their insert order.
INDEX_TEMP_TABLES = """
CREATE UNIQUE INDEX ON archive_task (task_id);
CREATE UNIQUE INDEX ON archive_lyric (task_id, position);
CREATE UNIQUE INDEX ON archive_lyric (id);
ANALYZE archive_task;
ANALYZE archive_lyric;
"""
DROP_TEMP_TABLES = (
    "DROP VIEW archive_target; DROP TABLE archive_task, archive_lyric, archive_hash, "
    "archive_outcome, archive_added"
)

# (query returning a row when something is wrong, message formatted with the row)
REPEATS = [
    (
        "SELECT task_id FROM archive_task GROUP BY task_id HAVING count(*) > 1 LIMIT 1",
        gettext_noop("manifest.json lists task {0!r} twice."),
    ),
    (
        "SELECT task_id, position FROM archive_lyric GROUP BY task_id, position "
        "HAVING count(*) > 1 LIMIT 1",
        gettext_noop("manifest.json lists lyric {1} of task {0!r} twice."),
    ),
    (
        "SELECT id FROM archive_lyric WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1 LIMIT 1",
        gettext_noop("manifest.json gives two lyrics the id {0}."),
    ),
]
ORPHANS = (
    "SELECT l.task_id FROM archive_lyric l WHERE NOT EXISTS "
    "(SELECT FROM archive_task a WHERE a.task_id = l.task_id) LIMIT 1",
    gettext_noop("manifest.json has lyrics of task {0!r}, which is not in its tasks."),
)


def _result_hash(code, items):
    """The result hash as callbacks.payload.Callback.result_hash computes it in
    Python: sha256 of the compact JSON [code, [[title, text, status,
    error_message], ...]]. PostgreSQL's to_json() escapes strings exactly as
    Python's json.dumps(ensure_ascii=False) (tested)."""
    return (
        f"encode(sha256(convert_to('[' || coalesce({code}::text, 'null') || ',[' "
        f"|| coalesce({items}, '') || ']]', 'UTF8')), 'hex')"
    )


_ITEM = (
    "'[' || to_json(l.title)::text || ',' || to_json(l.text)::text || ',' "
    "|| to_json(l.status)::text || ',' || to_json(l.error_message)::text || ']'"
)
_STORED_ITEMS = f"""(SELECT string_agg({_ITEM}, ',' ORDER BY l.position)
    FROM lyricsapp_lyric l WHERE l.task_id = t.id)"""

# The tasks' result hashes: computed by the import as the lyrics stream past
# (result_hashes.py) and copied in, or, for lyrics in another order, here,
# in one pass over the lyrics in (task, position) order (the aggregate takes
# its rows in the order the subquery gives them; temporary tables are never
# read in parallel). A task without lyrics has no row: CLASSIFY hashes it.
CREATE_HASHES = "CREATE TEMP TABLE archive_hash (task_id text, result_hash text) ON COMMIT DROP"
COPY_HASHES = "COPY archive_hash (task_id, result_hash) FROM STDIN"
INDEX_HASHES = "CREATE UNIQUE INDEX ON archive_hash (task_id); ANALYZE archive_hash"
HASH_IN_SQL = f"""
INSERT INTO archive_hash
SELECT a.task_id, {_result_hash("a.code", "i.items")}
FROM (
    SELECT task_id, string_agg(item, ',') AS items FROM (
        SELECT l.task_id, {_ITEM} AS item FROM archive_lyric l ORDER BY l.task_id, l.position
    ) ordered GROUP BY task_id
) i JOIN archive_task a ON a.task_id = i.task_id
"""

# Each archived task's outcome by the callbacks' rule (Task.repeat_outcome):
# the same result is unchanged, another one a conflict; a task still pending
# here takes the archived result. A stored task's hash is computed from its
# rows (a task loaded in bulk may have none), and only for tasks stored
# already. One new table rather than updates, which rewrote every staged
# task three times.
CLASSIFY = f"""
CREATE TEMP TABLE archive_outcome ON COMMIT DROP AS
SELECT a.task_id, a.ord, h.result_hash, t.id AS existing_id, CASE
    WHEN t.id IS NULL THEN 'added'
    WHEN t.status = 'pending' AND a.status <> 'pending' THEN 'added'
    WHEN a.status = 'pending'
        OR {_result_hash("t.code", _STORED_ITEMS)} = h.result_hash THEN 'unchanged'
    ELSE 'conflict'
END AS outcome
FROM archive_task a
LEFT JOIN archive_hash x ON x.task_id = a.task_id
CROSS JOIN LATERAL (
    SELECT coalesce(x.result_hash, {_result_hash("a.code", "NULL")}) AS result_hash
) h
LEFT JOIN lyricsapp_task t ON t.task_id = a.task_id;
CREATE INDEX ON archive_outcome (task_id);
ANALYZE archive_outcome;
"""

# Archived lyric ids are kept where they are free (a restore into an empty
# database gives back the same ids, so links and an export of it match). New
# lyrics stored meanwhile must not take them: the sequence moves past them.
LYRIC_SEQUENCE_PAST_ARCHIVE = """
SELECT CASE WHEN m.id > nextval(s.seq) THEN setval(s.seq, m.id) END
FROM (SELECT pg_get_serial_sequence('lyricsapp_lyric', 'id') AS seq) s,
     (SELECT max(id) AS id FROM archive_lyric) m
"""

# The tasks this import writes, and their ids here: a narrow table filled by
# the two statements below, which the lyrics join.
CREATE_ADDED = "CREATE TEMP TABLE archive_added (task_id text, id bigint) ON COMMIT DROP"

# A task this server submitted and still has as pending takes the result.
FILL_PENDING = """
WITH filled AS (
    UPDATE lyricsapp_task t SET
        status = a.status, code = a.code, msg = a.msg, callback_type = a.callback_type,
        completed_at = coalesce(a.completed_at, now()), processed_at = a.processed_at,
        result_hash = o.result_hash
    FROM archive_task a JOIN archive_outcome o ON o.task_id = a.task_id
    WHERE o.outcome = 'added' AND o.existing_id = t.id AND t.status = 'pending'
    RETURNING t.task_id, t.id
)
INSERT INTO archive_added SELECT task_id, id FROM filled
"""

# In the archive's order reversed, so ids grow with age as they did.
INSERT_TASKS = """
WITH inserted AS (
    INSERT INTO lyricsapp_task (
        task_id, status, code, msg, callback_type, created_at, completed_at, processed_at,
        prompt, submitted_by_id, result_hash, processing_attempts, processing_error
    )
    SELECT a.task_id, status, code, msg, callback_type, created_at, completed_at, processed_at,
           prompt, (SELECT u.id FROM {users} u WHERE u.username = a.submitted_by),
           o.result_hash, 0, ''
    FROM archive_task a JOIN archive_outcome o ON o.task_id = a.task_id
    WHERE o.outcome = 'added' AND o.existing_id IS NULL
    ORDER BY a.ord DESC
    ON CONFLICT (task_id) DO NOTHING
    RETURNING task_id, id
)
INSERT INTO archive_added SELECT task_id, id FROM inserted;
CREATE INDEX ON archive_added (task_id);
ANALYZE archive_added;
"""

# A callback stored the task between the comparison and the insert.
RECLASSIFY_LOST_RACES = """
UPDATE archive_outcome o SET
    outcome = CASE WHEN t.result_hash = o.result_hash THEN 'unchanged' ELSE 'conflict' END
FROM lyricsapp_task t
WHERE o.outcome = 'added' AND t.task_id = o.task_id
  AND NOT EXISTS (SELECT FROM archive_added d WHERE d.task_id = o.task_id)
"""

_LYRIC_COLUMNS = (
    "task_id, position, title, text, status, error_message, sections, "
    "line_count, word_count, char_count, language, created_at, version, original_title, "
    "original_text, trashed_at"
)
_LYRIC_VALUES = (
    "d.id, l.position, l.title, l.text, l.status, l.error_message, l.sections, "
    "l.line_count, l.word_count, l.char_count, l.language, coalesce(l.created_at, a.created_at), "
    "coalesce(l.version, 1), l.original_title, l.original_text, l.trashed_at"
)
_ADDED_LYRICS = (
    "archive_lyric l JOIN archive_added d ON d.task_id = l.task_id "
    "JOIN archive_task a ON a.task_id = l.task_id"
)
INSERT_LYRICS_KEEPING_IDS = f"""
INSERT INTO lyricsapp_lyric (id, {_LYRIC_COLUMNS})
SELECT l.id, {_LYRIC_VALUES}
FROM {_ADDED_LYRICS}
WHERE l.id IS NOT NULL
ORDER BY l.id
ON CONFLICT DO NOTHING
"""
# How many lyrics the import adds: when the statement above wrote them all
# (a restore), the one below is skipped; its check of every lyric for one
# already in place took ten seconds at a million.
ADDED_LYRICS_COUNT = f"SELECT count(*) FROM {_ADDED_LYRICS}"
INSERT_LYRICS_NEW_IDS = f"""
INSERT INTO lyricsapp_lyric ({_LYRIC_COLUMNS})
SELECT {_LYRIC_VALUES}
FROM {_ADDED_LYRICS}
WHERE NOT EXISTS (
    SELECT FROM lyricsapp_lyric x WHERE x.task_id = d.id AND x.position = l.position
)
ORDER BY a.ord DESC, l.position
"""

# Where each archived lyric of an added or unchanged task is now; the
# workspace sections attach to these (lyricsapp/archive/sections.py). A view:
# the sections look up the few lyrics they name, where a table of every
# archived lyric took fifteen seconds to build at a million.
CREATE_TARGETS = """
CREATE TEMP VIEW archive_target AS
SELECT l.task_id, l.position, x.id AS lyric_id, d.id IS NOT NULL AS added, l.tags
FROM archive_lyric l JOIN archive_outcome o ON o.task_id = l.task_id
JOIN lyricsapp_task t ON t.task_id = l.task_id
JOIN lyricsapp_lyric x ON x.task_id = t.id AND x.position = l.position
LEFT JOIN archive_added d ON d.task_id = l.task_id
WHERE o.outcome IN ('added', 'unchanged')
"""

OUTCOME_COUNTS = "SELECT outcome, count(*) FROM archive_outcome GROUP BY outcome"
FIRST_CONFLICTS = (
    "SELECT task_id FROM archive_outcome WHERE outcome = 'conflict' ORDER BY ord LIMIT %s"
)
