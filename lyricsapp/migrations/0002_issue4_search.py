"""CJK search keys: an index that finds one- and two-character CJK terms.

pg_trgm cannot extract a trigram from a two-character query, so ``ILIKE
'%月光%'`` walks the whole table. ``lyric_search_keys`` returns every CJK
character and every pair of adjacent CJK characters in the title and text;
a GIN index on it answers ``@> ARRAY['月光']`` from the index, and ILIKE then
checks the candidates exactly. The character ranges are lyricsapp.cjk's
(migration 0004 brought them in line).

COST 1000 tells the planner the function is dear (tens of microseconds a
row): when it walks the newest rows it then tests the cheap ILIKE first, and
it prefers the index over evaluating the function row by row.
"""

from django.db import migrations

CREATE_FUNCTION = r"""
CREATE OR REPLACE FUNCTION lyric_search_keys(title text, body text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL RESTRICTED COST 1000 AS $$
    SELECT coalesce(array_agg(DISTINCT key), '{}')
    FROM regexp_matches(
             coalesce(title, '') || E'\n' || coalesce(body, ''),
             '[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002ffff]+',
             'g') AS run(m),
         generate_series(1, char_length(m[1])) AS i,
         LATERAL (VALUES (substr(m[1], i, 1)), (substr(m[1], i, 2))) AS k(key)
$$;
"""

DROP_FUNCTION = "DROP FUNCTION IF EXISTS lyric_search_keys(text, text);"

CREATE_INDEX = """
CREATE INDEX IF NOT EXISTS lyric_search_keys_gin
ON lyricsapp_lyric USING gin (lyric_search_keys(title, text));
"""

DROP_INDEX = "DROP INDEX IF EXISTS lyric_search_keys_gin;"


class Migration(migrations.Migration):
    dependencies = [
        ("lyricsapp", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(CREATE_FUNCTION, DROP_FUNCTION),
        migrations.RunSQL(CREATE_INDEX, DROP_INDEX),
    ]
