"""SQL of the workspace sections (lyricsapp/archive/sections.py).

{users} is the user table, {where} the selection of tasks (alias t).
"""

from lyricsapp.archive.format import sql_timestamp as ts

_LYRIC_OF = "JOIN lyricsapp_lyric l ON l.id = {lyric} JOIN lyricsapp_task t ON t.id = l.task_id"

VERSION_FIELDS = [
    "task_id",
    "position",
    "number",
    "title",
    "text",
    "author",
    "created_at",
    "message",
]
EXPORT_VERSIONS = f"""
SELECT t.task_id, l.position, v.number, v.title, v.text, u.username, {ts("v.created_at")}, v.message
FROM lyricsapp_lyricversion v {_LYRIC_OF.format(lyric="v.lyric_id")}
LEFT JOIN {{users}} u ON u.id = v.author_id {{where}}
ORDER BY t.task_id, l.position, v.number
"""
EXPORT_TAGS = f"""
SELECT tag.name, count(*) FROM lyricsapp_taggedlyric tl
JOIN taggit_tag tag ON tag.id = tl.tag_id {_LYRIC_OF.format(lyric="tl.content_object_id")}
{{where}} GROUP BY tag.name ORDER BY tag.name
"""
COLLECTION_FIELDS = [
    "id",
    "name",
    "description",
    "created_by",
    "created_at",
    "updated_at",
    "lyrics",
]
EXPORT_COLLECTIONS = f"""
SELECT c.id, c.name, c.description, u.username, {ts("c.created_at")}, {ts("c.updated_at")},
       json_agg(json_build_object('task_id', t.task_id, 'position', l.position)
                ORDER BY ci.position, ci.id)
FROM lyricsapp_collection c JOIN lyricsapp_collectionitem ci ON ci.collection_id = c.id
{_LYRIC_OF.format(lyric="ci.lyric_id")} LEFT JOIN {{users}} u ON u.id = c.created_by_id
{{where}} GROUP BY c.id, u.username ORDER BY c.id
"""
NOTE_FIELDS = ["task_id", "position", "text", "updated_by", "updated_at"]
EXPORT_NOTES = f"""
SELECT t.task_id, l.position, n.text, u.username, {ts("n.updated_at")}
FROM lyricsapp_note n {_LYRIC_OF.format(lyric="n.lyric_id")}
LEFT JOIN {{users}} u ON u.id = n.updated_by_id {{where}}
ORDER BY t.task_id, l.position
"""
FAVORITE_FIELDS = ["task_id", "position", "user", "created_at"]
EXPORT_FAVORITES = f"""
SELECT t.task_id, l.position, u.username, {ts("f.created_at")}
FROM lyricsapp_favorite f {_LYRIC_OF.format(lyric="f.lyric_id")}
JOIN {{users}} u ON u.id = f.user_id {{where}}
ORDER BY t.task_id, l.position, u.username
"""

_TARGET = "JOIN archive_target g ON g.task_id = s.task_id AND g.position = s.position"

VERSION_COLUMNS = (
    "task_id text, position int, number int, title text, text text, author text, "
    "created_at timestamptz, message text"
)
IMPORT_VERSIONS = f"""
INSERT INTO lyricsapp_lyricversion (lyric_id, number, title, text, author_id, created_at, message)
SELECT g.lyric_id, s.number, s.title, s.text, u.id, coalesce(s.created_at, now()), s.message
FROM archive_version s {_TARGET} LEFT JOIN {{users}} u ON u.username = s.author
WHERE g.added
ON CONFLICT DO NOTHING
"""

IMPORT_LYRIC_TAGS = """
INSERT INTO lyricsapp_taggedlyric (content_object_id, tag_id)
SELECT g.lyric_id, tag.id
FROM archive_target g CROSS JOIN unnest(g.tags) AS wanted(name)
JOIN unnest(%s::text[], %s::int[]) AS tag(name, id) ON tag.name = wanted.name
WHERE g.tags <> '{}'
ON CONFLICT DO NOTHING
"""

NOTE_COLUMNS = "task_id text, position int, text text, updated_by text, updated_at timestamptz"
IMPORT_NOTES = f"""
INSERT INTO lyricsapp_note (lyric_id, text, updated_by_id, updated_at)
SELECT g.lyric_id, s.text, u.id, coalesce(s.updated_at, now())
FROM archive_note s {_TARGET} LEFT JOIN {{users}} u ON u.username = s.updated_by
ON CONFLICT DO NOTHING
"""

FAVORITE_COLUMNS = "task_id text, position int, username text, created_at timestamptz"
UNKNOWN_FAVORITE_USERS = """
SELECT count(*) FROM archive_favorite s
WHERE NOT EXISTS (SELECT FROM {users} u WHERE u.username = s.username)
"""
IMPORT_FAVORITES = f"""
INSERT INTO lyricsapp_favorite (user_id, lyric_id, created_at)
SELECT u.id, g.lyric_id, coalesce(s.created_at, now())
FROM archive_favorite s {_TARGET} JOIN {{users}} u ON u.username = s.username
ON CONFLICT DO NOTHING
"""

COLLECTION_BY_NAME = "SELECT id FROM lyricsapp_collection WHERE name = %s ORDER BY id LIMIT 1"
# The archived id is kept when it is free (a restore gives back the same ids).
CREATE_COLLECTION = """
INSERT INTO lyricsapp_collection (id, name, description, created_by_id, created_at, updated_at)
SELECT coalesce(
           (SELECT %s::bigint WHERE NOT EXISTS (
                SELECT FROM lyricsapp_collection WHERE id = %s::bigint)),
           nextval(pg_get_serial_sequence('lyricsapp_collection', 'id'))),
       %s, %s, (SELECT id FROM {users} WHERE username = %s),
       coalesce(%s, now()), coalesce(%s, now())
RETURNING id
"""
IMPORT_COLLECTION_ITEMS = """
INSERT INTO lyricsapp_collectionitem (collection_id, lyric_id, position, added_at)
SELECT %(id)s, g.lyric_id,
       (SELECT coalesce(max(position) + 1, 0) FROM lyricsapp_collectionitem
        WHERE collection_id = %(id)s) + i.n - 1,
       now()
FROM unnest(%(task_ids)s::text[], %(positions)s::int[]) WITH ORDINALITY AS i(task_id, position, n)
JOIN archive_target g ON g.task_id = i.task_id AND g.position = i.position
ON CONFLICT DO NOTHING
"""
COLLECTION_SEQUENCE = """
SELECT setval(s.seq, greatest((SELECT max(id) FROM lyricsapp_collection), 1))
FROM (SELECT pg_get_serial_sequence('lyricsapp_collection', 'id') AS seq) s
WHERE (SELECT max(id) FROM lyricsapp_collection) >= nextval(s.seq)
"""
