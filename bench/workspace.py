"""The workspace at scale: the library page with each new filter, and bulk tagging.

    python -m bench.workspace [--rows 1000000] [--repeat 20]

Seeds its own database (BENCH_WORKSPACE_DATABASE_URL, default
postgres:///<BENCH_DATABASE>_workspace) once per size, in the issue's
proportions at 1M lyrics: 100k favourites over 10 users, 50k tags (each
lyric carries one, 2% also carry "common"), 1k collections, 1 in 1,000
lyrics edited and 1 in 1,000 in the trash, 1 task in 100 submitted by the
user measured. Times go through Django's test client (no network), against
the unfiltered library page measured in the same run; bulk tagging 10,000
lyrics is timed against per-row ORM inserts of the same 10,000.
"""

import argparse
import time

from bench.api_lists import SEED_SQL
from bench.common import django_in_process, get_ok, time_ms

WORKSPACE_SQL = """
INSERT INTO auth_user (username, password, is_superuser, is_staff, is_active, first_name,
                       last_name, email, date_joined)
SELECT 'bench-' || u, '!', false, false, true, '', '', '', now() FROM generate_series(1, 10) u;

UPDATE lyricsapp_lyric SET language = CASE WHEN id %% 2 = 0 THEN 'zh' ELSE 'en' END;
UPDATE lyricsapp_lyric SET version = 2, original_title = title, original_text = text
WHERE id %% 1000 = 7;
UPDATE lyricsapp_lyric SET trashed_at = now() WHERE id %% 1000 = 3;
UPDATE lyricsapp_task SET submitted_by_id = (SELECT id FROM auth_user WHERE username = 'bench-1'),
                          submitted_at = created_at
WHERE id %% 100 = 0;

INSERT INTO lyricsapp_favorite (user_id, lyric_id, created_at)
SELECT u.id, l.id, now() FROM lyricsapp_lyric l
JOIN auth_user u ON u.username = 'bench-' || (1 + (l.id / 10) %% 10)
WHERE l.id %% 10 = 1;

INSERT INTO taggit_tag (name, slug)
SELECT 'tag-' || n, 'tag-' || n FROM generate_series(1, %(tags)s) n;
INSERT INTO taggit_tag (name, slug) VALUES ('common', 'common');
INSERT INTO lyricsapp_taggedlyric (content_object_id, tag_id)
SELECT l.id, t.id FROM lyricsapp_lyric l
JOIN taggit_tag t ON t.name = 'tag-' || (1 + l.id %% %(tags)s);
INSERT INTO lyricsapp_taggedlyric (content_object_id, tag_id)
SELECT l.id, (SELECT id FROM taggit_tag WHERE name = 'common')
FROM lyricsapp_lyric l WHERE l.id %% 50 = 1;

INSERT INTO lyricsapp_collection (name, description, created_at, updated_at)
SELECT 'collection ' || n, '', now(), now() FROM generate_series(1, 1000) n;
INSERT INTO lyricsapp_collectionitem (collection_id, lyric_id, position, added_at)
SELECT c.id, l.id, row_number() OVER (PARTITION BY c.id ORDER BY l.id), now()
FROM lyricsapp_lyric l JOIN lyricsapp_collection c ON c.id = 1 + l.id %% 1000
WHERE l.id %% 100 = 5;
"""


def _seed(rows):
    from django.contrib.auth import get_user_model
    from django.db import connection

    from lyricsapp.models import Lyric

    seeded = get_user_model().objects.filter(username="bench-1", favorite_lyrics__isnull=False)
    if Lyric.objects.count() == rows and seeded.exists():
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE lyricsapp_lyric, lyricsapp_task, callbacks_delivery, taggit_tag, "
            "lyricsapp_collection, auth_user RESTART IDENTITY CASCADE"
        )
        cursor.execute(SEED_SQL, {"tasks": rows // 2})
        cursor.execute(WORKSPACE_SQL, {"tags": max(1, rows // 20)})
        for table in (
            "lyricsapp_task",
            "lyricsapp_lyric",
            "lyricsapp_favorite",
            "lyricsapp_taggedlyric",
            "taggit_tag",
            "lyricsapp_collectionitem",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return True


def _bulk_tag(user, ids, name):
    from lyricsapp.workspace.bulk import lyrics_bulk_apply

    started = time.perf_counter()
    result = lyrics_bulk_apply(ids=ids, action="tag", value=name, user=user)
    assert result["changed"] == len(ids), result
    return (time.perf_counter() - started) * 1000


def _orm_tag(ids, name):
    """The naive way: one get_or_create per lyric."""
    from lyricsapp.models import TaggedLyric
    from lyricsapp.workspace.tags import tag_get_or_create

    started = time.perf_counter()
    tag = tag_get_or_create(name=name)
    for pk in ids:
        TaggedLyric.objects.get_or_create(content_object_id=pk, tag=tag)
    return (time.perf_counter() - started) * 1000


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000, help="lyrics to seed")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)

    django_in_process("BENCH_WORKSPACE_DATABASE_URL", "workspace")
    from django.contrib.auth import get_user_model
    from django.test import Client
    from taggit.models import Tag

    from lyricsapp.models import Collection, Lyric

    started = time.perf_counter()
    if _seed(args.rows):
        print(f"seeded {args.rows} lyrics in {time.perf_counter() - started:.0f} s")
    user = get_user_model().objects.get(username="bench-1")
    client = Client()
    client.force_login(user)
    collection = Collection.objects.order_by("id").first().pk
    rare = Tag.objects.get(name="tag-7").name

    cases = [
        ("tag=common (2%)", "/?tag=common"),
        (f"tag={rare} (1 in {max(1, args.rows // 20)})", f"/?tag={rare}"),
        ("tag=common&tag=tag-2", "/?tag=common&tag=tag-2"),
        ("favorite=true", "/?favorite=true"),
        ("language=zh", "/?language=zh"),
        ("edited=true", "/?edited=true"),
        ("trashed=true", "/?trashed=true"),
        ("submitted_by=me", "/?submitted_by=me"),
        (f"collection={collection}", f"/?collection={collection}"),
        ("tag=common&q=love&favorite=true", "/?tag=common&q=love&favorite=true"),
        ("q=love (existing)", "/?q=love"),
    ]
    base_median, base_p95 = time_ms(get_ok(client, "/"), args.repeat)
    print(f"\n{args.rows} lyrics, {args.repeat} runs each; baseline: the unfiltered library page")
    print(f"{'library page':40} {'median ms':>10} {'p95 ms':>8} {'base p95':>9} {'ratio':>6}")
    print(f"{'(baseline) /':40} {base_median:10.1f} {base_p95:8.1f} {base_p95:9.1f} {1:6.2f}")
    for name, url in cases:
        median, p95 = time_ms(get_ok(client, url), args.repeat)
        print(f"{name:40} {median:10.1f} {p95:8.1f} {base_p95:9.1f} {p95 / base_p95:6.2f}")

    newest = list(Lyric.objects.order_by("-id").values_list("id", flat=True)[:20_000])
    stamp = int(time.time())
    ours = _bulk_tag(user, newest[:10_000], f"bulk-{stamp}")
    naive = _orm_tag(newest[10_000:20_000], f"orm-{stamp}")
    print(f"\n{'bulk-tag 10,000 lyrics':40} {'ms':>10} {'per-row ORM ms':>15} {'ratio':>6}")
    print(
        f"{'INSERT ... SELECT ... ON CONFLICT':40} {ours:10.0f} {naive:15.0f} {ours / naive:6.3f}"
    )


if __name__ == "__main__":
    main()
