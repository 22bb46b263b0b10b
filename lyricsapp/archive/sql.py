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
DROP TABLE IF EXISTS archive_task, archive_lyric, archive_target;
CREATE TEMP TABLE archive_task (
    ord int, task_id text, status text, code int, msg text, callback_type text,
    created_at timestamptz, completed_at timestamptz, processed_at timestamptz, prompt text,
    submitted_by text, result_hash text, existing_id bigint, existing_status text, existing_hash text,
    outcome text, new_id bigint
) ON COMMIT DROP;
CREATE TEMP TABLE archive_lyric (
    id bigint, task_id text, position int, title text, text text, status text,
    error_message text, sections jsonb, line_count int, word_count int, char_count int,
    language text, created_at timestamptz, tags text[], note text, version int,
    original_title text, original_text text, trashed_at timestamptz
) ON COMMIT DROP;
"""
COPY_TASKS = (
    "COPY archive_task (ord, task_id, status, code, msg, callback_type, created_at, "
    "completed_at, processed_at, prompt, submitted_by) FROM STDIN"
)
COPY_LYRICS = (
    "COPY archive_lyric (id, task_id, position, title, text, status, error_message, sections, "
    "line_count, word_count, char_count, language, created_at, tags, note, version, "
    "original_title, original_text, trashed_at) FROM STDIN"
)
INDEX_TEMP_TABLES = """
CREATE INDEX ON archive_task (task_id);
CREATE INDEX ON archive_lyric (task_id, position);
ANALYZE archive_task;
ANALYZE archive_lyric;
"""
DROP_TEMP_TABLES = "DROP TABLE archive_task, archive_lyric, archive_target"

# (query returning a row when something is wrong, message formatted with the row)
CONSISTENCY_CHECKS = [
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
    (
        "SELECT l.task_id FROM archive_lyric l WHERE NOT EXISTS "
        "(SELECT FROM archive_task a WHERE a.task_id = l.task_id) LIMIT 1",
        gettext_noop("manifest.json has lyrics of task {0!r}, which is not in its tasks."),
    ),
]


def _result_hash(code, items):
    """The result hash as callbacks.payload.Callback.result_hash computes it in
    Python: sha256 of the compact JSON [code, [[title, text, status,
    error_message], ...]]. PostgreSQL's to_json() escapes strings exactly as
    Python's json.dumps(ensure_ascii=False) (tested)."""
    return (
        f"encode(sha256(convert_to('[' || coalesce({code}::text, 'null') || ',[' "
        f"|| coalesce({items}, '') || ']]', 'UTF8')), 'hex')"
    )


def _items(table, condition):
    return f"""(SELECT string_agg(
        '[' || to_json(l.title)::text || ',' || to_json(l.text)::text || ','
            || to_json(l.status)::text || ',' || to_json(l.error_message)::text || ']',
        ',' ORDER BY l.position)
    FROM {table} l WHERE {condition})"""


# Each task's result hash, the stored task's computed from its stored rows (a
# task loaded in bulk may have no hash), then the outcome by the callbacks'
# rule (Task.repeat_outcome): the same result is unchanged, another one a
# conflict; a task still pending here takes the archived result.
HASH_AND_CLASSIFY = f"""
UPDATE archive_task a SET
    result_hash = {_result_hash("a.code", _items("archive_lyric", "l.task_id = a.task_id"))};
UPDATE archive_task a SET
    existing_id = t.id, existing_status = t.status,
    existing_hash = {_result_hash("t.code", _items("lyricsapp_lyric", "l.task_id = t.id"))}
FROM lyricsapp_task t WHERE t.task_id = a.task_id;
UPDATE archive_task SET outcome = CASE
    WHEN existing_id IS NULL THEN 'added'
    WHEN existing_status = 'pending' AND status <> 'pending' THEN 'added'
    WHEN status = 'pending' OR existing_hash = result_hash THEN 'unchanged'
    ELSE 'conflict'
END;
"""

# Archived lyric ids are kept where they are free (a restore into an empty
# database gives back the same ids, so links and an export of it match). New
# lyrics stored meanwhile must not take them: the sequence moves past them.
LYRIC_SEQUENCE_PAST_ARCHIVE = """
SELECT CASE WHEN m.id > nextval(s.seq) THEN setval(s.seq, m.id) END
FROM (SELECT pg_get_serial_sequence('lyricsapp_lyric', 'id') AS seq) s,
     (SELECT max(id) AS id FROM archive_lyric) m
"""

# A task this server submitted and still has as pending takes the result.
FILL_PENDING = """
WITH filled AS (
    UPDATE lyricsapp_task t SET
        status = a.status, code = a.code, msg = a.msg, callback_type = a.callback_type,
        completed_at = coalesce(a.completed_at, now()), processed_at = a.processed_at,
        result_hash = a.result_hash
    FROM archive_task a
    WHERE a.outcome = 'added' AND a.existing_id = t.id AND t.status = 'pending'
    RETURNING t.id
)
UPDATE archive_task a SET new_id = filled.id FROM filled WHERE a.existing_id = filled.id
"""

# In the archive's order reversed, so ids grow with age as they did.
INSERT_TASKS = """
WITH inserted AS (
    INSERT INTO lyricsapp_task (
        task_id, status, code, msg, callback_type, created_at, completed_at, processed_at,
        prompt, submitted_by_id, result_hash, processing_attempts, processing_error
    )
    SELECT task_id, status, code, msg, callback_type, created_at, completed_at, processed_at,
           prompt, (SELECT u.id FROM {users} u WHERE u.username = a.submitted_by), result_hash,
           0, ''
    FROM archive_task a WHERE outcome = 'added' AND existing_id IS NULL
    ORDER BY ord DESC
    ON CONFLICT (task_id) DO NOTHING
    RETURNING id, task_id
)
UPDATE archive_task a SET new_id = inserted.id FROM inserted WHERE a.task_id = inserted.task_id
"""

# A callback stored the task between the comparison and the insert.
RECLASSIFY_LOST_RACES = """
UPDATE archive_task a SET
    outcome = CASE WHEN t.result_hash = a.result_hash THEN 'unchanged' ELSE 'conflict' END
FROM lyricsapp_task t
WHERE a.outcome = 'added' AND a.new_id IS NULL AND t.task_id = a.task_id
"""

_LYRIC_COLUMNS = (
    "task_id, position, title, text, status, error_message, sections, "
    "line_count, word_count, char_count, language, created_at, version, original_title, "
    "original_text, trashed_at"
)
_LYRIC_VALUES = (
    "a.new_id, l.position, l.title, l.text, l.status, l.error_message, l.sections, "
    "l.line_count, l.word_count, l.char_count, l.language, coalesce(l.created_at, a.created_at), "
    "coalesce(l.version, 1), l.original_title, l.original_text, l.trashed_at"
)
INSERT_LYRICS_KEEPING_IDS = f"""
INSERT INTO lyricsapp_lyric (id, {_LYRIC_COLUMNS})
SELECT l.id, {_LYRIC_VALUES}
FROM archive_lyric l JOIN archive_task a ON a.task_id = l.task_id
WHERE a.new_id IS NOT NULL AND l.id IS NOT NULL
ORDER BY l.id
ON CONFLICT DO NOTHING
"""
INSERT_LYRICS_NEW_IDS = f"""
INSERT INTO lyricsapp_lyric ({_LYRIC_COLUMNS})
SELECT {_LYRIC_VALUES}
FROM archive_lyric l JOIN archive_task a ON a.task_id = l.task_id
WHERE a.new_id IS NOT NULL AND NOT EXISTS (
    SELECT FROM lyricsapp_lyric x WHERE x.task_id = a.new_id AND x.position = l.position
)
ORDER BY a.ord DESC, l.position
"""

# Where each archived lyric of an added or unchanged task is now; the
# workspace sections attach to these (lyricsapp/archive/sections.py).
CREATE_TARGETS = """
CREATE TEMP TABLE archive_target ON COMMIT DROP AS
SELECT l.task_id, l.position, x.id AS lyric_id, a.new_id IS NOT NULL AS added, l.tags
FROM archive_lyric l JOIN archive_task a ON a.task_id = l.task_id
JOIN lyricsapp_task t ON t.task_id = a.task_id
JOIN lyricsapp_lyric x ON x.task_id = t.id AND x.position = l.position
WHERE a.outcome IN ('added', 'unchanged');
CREATE INDEX ON archive_target (task_id, position);
ANALYZE archive_target;
"""

OUTCOME_COUNTS = "SELECT outcome, count(*) FROM archive_task GROUP BY outcome"
FIRST_CONFLICTS = (
    "SELECT task_id FROM archive_task WHERE outcome = 'conflict' ORDER BY ord LIMIT %s"
)
