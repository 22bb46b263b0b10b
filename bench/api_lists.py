"""Read API and admin lists at scale: bounded counts against exact ones.

    python -m bench.api_lists [--rows 1000000] [--repeat 7]

Seeds its own database (BENCH_API_DATABASE_URL, default
postgres:///<BENCH_DATABASE>_api) once per size, half CJK and half Latin
lyrics, two per task, one delivery per task, then times each request through
Django's test client (no network) next to the same request with an exact
count, as DRF's and the admin's default paginators would run it.
"""

import argparse
import time

from bench.common import django_in_process, get_ok, time_ms

SEED_SQL = """
INSERT INTO lyricsapp_task (task_id, status, code, msg, callback_type, created_at, completed_at,
                            result_hash, processing_attempts, processing_error, prompt)
SELECT 'bench-' || n,
       CASE WHEN n %% 10 = 0 THEN 'failed' ELSE 'complete' END,
       CASE WHEN n %% 10 = 0 THEN 501 ELSE 200 END,
       'All generated successfully.', 'complete',
       now() - make_interval(secs => %(tasks)s - n), now(), '', 0, '', ''
FROM generate_series(1, %(tasks)s) AS n;

INSERT INTO lyricsapp_lyric (task_id, position, title, text, status, error_message, created_at,
                             language)
SELECT t.id, p,
       CASE WHEN t.id %% 2 = 0 THEN '星夜狂想 ' || t.id ELSE 'Moonlight Drive ' || t.id END,
       CASE WHEN t.id %% 2 = 0
            THEN '[Verse]' || chr(10) || '月光洒满了窗台 ' || substr(md5(t.id::text), 1, 8)
                 || chr(10) || '[Chorus]' || chr(10) || '星星在夜空里闪烁'
            ELSE '[Verse]' || chr(10) || 'we drive all night ' || md5(t.id::text)
                 || chr(10) || '[Chorus]' || chr(10) || 'love is on the radio' END,
       'complete', '', t.created_at, ''
FROM lyricsapp_task t, generate_series(0, 1) AS p;

INSERT INTO callbacks_delivery (received_at, raw_body, body_size, content_type, headers,
                                task_id, outcome, http_status, error)
SELECT t.created_at, convert_to('{"code": 200, "data": {"task_id": "' || t.task_id || '"}}', 'UTF8'),
       60, 'application/json', '{}', t.task_id, 'received', 200, ''
FROM lyricsapp_task t;
"""


def _seed(rows):
    from django.db import connection

    from lyricsapp.models import Lyric

    if Lyric.objects.count() == rows:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE lyricsapp_lyric, lyricsapp_task, callbacks_delivery RESTART IDENTITY CASCADE"
        )
        cursor.execute(SEED_SQL, {"tasks": rows // 2})
        for table in ("lyricsapp_task", "lyricsapp_lyric", "callbacks_delivery"):
            cursor.execute(f"ANALYZE {table}")
    return True


def _sql(statement):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(statement)
            cursor.fetchall()

    return run


def _get_exact(client, url):
    """The same request with an exact count, as DRF's default paginator would do."""
    from lyricsapp.pagination import BoundedCountPaginator

    def run():
        cap = BoundedCountPaginator.cap
        BoundedCountPaginator.cap = 10**12
        try:
            get_ok(client, url)()
        finally:
            BoundedCountPaginator.cap = cap

    return run


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000, help="lyrics to seed")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    django_in_process("BENCH_API_DATABASE_URL", "api")
    from django.contrib.auth import get_user_model
    from django.test import Client
    from rest_framework.test import APIClient

    started = time.perf_counter()
    if _seed(args.rows):
        print(f"seeded {args.rows} lyrics in {time.perf_counter() - started:.0f} s")
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    api = APIClient()
    api.force_authenticate(user)
    admin = Client()
    admin.force_login(user)

    def request(name, client, url):
        return (name, get_ok(client, url), _get_exact(client, url))

    cases = [
        # (name, what we run, the naive baseline it replaces, in the same run)
        (
            "lyrics count, unfiltered (SQL)",
            _sql("SELECT reltuples FROM pg_class WHERE oid = 'lyricsapp_lyric'::regclass"),
            _sql("SELECT count(*) FROM lyricsapp_lyric"),
        ),
        (
            "lyrics count, frequent term (SQL)",
            _sql(
                "SELECT count(*) FROM (SELECT 1 FROM lyricsapp_lyric "
                "WHERE text ILIKE '%love%' LIMIT 1001) s"
            ),
            _sql("SELECT count(*) FROM lyricsapp_lyric WHERE text ILIKE '%love%'"),
        ),
        request("GET /api/v1/lyrics/", api, "/api/v1/lyrics/"),
        request("GET /api/v1/lyrics/?page=400", api, "/api/v1/lyrics/?page=400"),
        request("GET /api/v1/lyrics/?q=love", api, "/api/v1/lyrics/?q=love"),
        request("GET /api/v1/lyrics/?q=oon", api, "/api/v1/lyrics/?q=oon"),
        request("GET /api/v1/lyrics/?q=月光", api, "/api/v1/lyrics/?q=月光"),
        request("GET /api/v1/tasks/", api, "/api/v1/tasks/"),
        request("GET /api/v1/tasks/?status=failed", api, "/api/v1/tasks/?status=failed"),
        request("GET /api/v1/tasks/bench-7/", api, "/api/v1/tasks/bench-7/"),
        request("admin task list", admin, "/admin/lyricsapp/task/"),
        request("admin task list, failed", admin, "/admin/lyricsapp/task/?status__exact=failed"),
        request("admin delivery list", admin, "/admin/callbacks/delivery/"),
    ]
    print(f"\n{args.rows} lyrics, {args.repeat} runs each; baseline measured in the same run")
    print(f"{'case':38} {'median ms':>10} {'p95 ms':>8} {'baseline ms':>12} {'ratio':>6}")
    for name, ours, baseline in cases:
        median, p95 = time_ms(ours, args.repeat)
        base, _ = time_ms(baseline, args.repeat)
        print(f"{name:38} {median:10.1f} {p95:8.1f} {base:12.1f} {median / base:6.2f}")


if __name__ == "__main__":
    main()
