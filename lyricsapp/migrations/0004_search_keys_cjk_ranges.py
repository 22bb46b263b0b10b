"""lyric_search_keys() takes the one CJK definition (lyricsapp.cjk.CJK_RANGES).

Until now the function stopped at U+2FFFF while the word count also took Han
extensions G and H (U+30000-U+323AF) as CJK. The function is IMMUTABLE and
indexed, so replacing it means rebuilding lyric_search_keys_gin (about three
minutes at a million lyrics). The ranges are written out here rather than
imported, so this migration keeps meaning what it meant;
tests/test_cjk.py checks they match lyricsapp.cjk.
"""

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION lyric_search_keys(title text, body text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL RESTRICTED COST 1000 AS $$
    SELECT coalesce(array_agg(DISTINCT key), '{}')
    FROM regexp_matches(
             coalesce(title, '') || E'\n' || coalesce(body, ''),
             '%s+',
             'g') AS run(m),
         generate_series(1, char_length(m[1])) AS i,
         LATERAL (VALUES (substr(m[1], i, 1)), (substr(m[1], i, 2))) AS k(key)
$$;
REINDEX INDEX lyric_search_keys_gin;
"""

NEW_CLASS = (
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U000323af]"
)
OLD_CLASS = (
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002ffff]"
)


class Migration(migrations.Migration):
    dependencies = [
        ("lyricsapp", "0003_gin_pending_list_limit"),
    ]

    operations = [
        migrations.RunSQL(FUNCTION % NEW_CLASS, FUNCTION % OLD_CLASS),
    ]
