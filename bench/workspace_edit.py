"""Saving an edit and a lyric's history page, each against a baseline of the same run.

    python -m bench.workspace_edit [--rows 100000] [--versions 200] [--repeat 25]

Seeds its own database (BENCH_WORKSPACE_DATABASE_URL, default
postgres:///<BENCH_DATABASE>_workspace) with the read API bench's lyrics, and
one lyric with --versions saved versions. Times, through Django's test client
(no network):

- an edit saved by the service (lock, version row, lyric row, re-enqueue of the
  follow-up work) against a bare UPDATE of the lyric's title and text;
- the same save through PATCH /api/v1/lyrics/<id>/ against GET of that lyric;
- the history page of the lyric with many versions (with its diff) against
  the lyric's own page.

The re-enqueued follow-up work goes to CELERY_BROKER_URL through the
background publisher (no worker is needed; the messages wait there).
"""

import argparse
import time

from bench.api_lists import SEED_SQL
from bench.common import django_in_process, get_ok, time_ms

TARGETS_MS = {"save an edit (service)": 30, "history page": 50}
VERSE = [
    "the harbour lights are burning low",
    "我们在夜里等待着风",
    "paper boats go drifting slow",
    "灯塔照亮了回家的路",
]


def _seed(rows):
    from django.db import connection

    from lyricsapp.models import Lyric

    if Lyric.objects.count() >= rows:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE lyricsapp_lyric, lyricsapp_task, callbacks_delivery RESTART IDENTITY CASCADE"
        )
        cursor.execute(SEED_SQL, {"tasks": rows // 2})
        cursor.execute("UPDATE lyricsapp_task SET processed_at = now()")
        for table in ("lyricsapp_task", "lyricsapp_lyric", "callbacks_delivery"):
            cursor.execute(f"ANALYZE {table}")
    return True


def _lyric_text(number):
    lines = []
    for stanza in range(8):
        lines.append(f"[Verse {stanza + 1}]")
        lines += [
            f"{line} {number if i == stanza % 4 else ''}".strip() for i, line in enumerate(VERSE)
        ]
    return "\n".join(lines)


def _with_versions(count, user):
    """A lyric with ``count`` saved versions (made once, kept between runs)."""
    from lyricsapp.models import Lyric, LyricVersion

    lyric = Lyric.objects.order_by("id").first()
    if lyric.version == count + 1:
        return lyric
    LyricVersion.objects.filter(lyric=lyric).delete()
    LyricVersion.objects.bulk_create(
        LyricVersion(
            lyric=lyric,
            number=n,
            title=f"Harbour {n}",
            text=_lyric_text(n),
            author=user,
            message=f"pass {n}",
        )
        for n in range(2, count + 2)
    )
    Lyric.objects.filter(pk=lyric.pk).update(
        original_title=lyric.title,
        original_text=lyric.text,
        version=count + 1,
        title=f"Harbour {count + 1}",
        text=_lyric_text(count + 1),
    )
    return Lyric.objects.get(pk=lyric.pk)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000, help="lyrics to seed")
    parser.add_argument("--versions", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args(argv)

    django_in_process("BENCH_WORKSPACE_DATABASE_URL", "workspace")
    from django.contrib.auth import get_user_model
    from django.test import Client
    from rest_framework.test import APIClient

    from lyricsapp.models import Lyric
    from lyricsapp.processing.publish import publisher
    from lyricsapp.workspace.editing import lyric_edit_save

    started = time.perf_counter()
    if _seed(args.rows):
        print(f"seeded {args.rows} lyrics in {time.perf_counter() - started:.0f} s")
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    history = _with_versions(args.versions, user)
    pages, api = Client(), APIClient()
    pages.force_login(user)
    api.force_authenticate(user)
    # Lyrics in the middle of the table, edited in turn.
    targets = list(Lyric.objects.order_by("-id").values_list("id", flat=True)[1000:1200])
    turn = iter(range(10**9))

    def save():
        pk = targets[next(turn) % len(targets)]
        version = Lyric.objects.filter(pk=pk).values_list("version", flat=True).get()
        lyric_edit_save(
            lyric_id=pk,
            user=user,
            title=f"t {version}",
            text=_lyric_text(version),
            base_version=version,
        )

    def bare_update():
        pk = targets[next(turn) % len(targets)]
        Lyric.objects.filter(pk=pk).update(title="bare", text=_lyric_text(next(turn)))

    def patch():
        pk = targets[next(turn) % len(targets)]
        version = Lyric.objects.filter(pk=pk).values_list("version", flat=True).get()
        body = {"text": _lyric_text(version), "version": version}
        response = api.patch(f"/api/v1/lyrics/{pk}/", body, format="json")
        assert response.status_code == 200, response.content

    cases = [
        ("save an edit (service)", save, bare_update),
        ("PATCH /api/v1/lyrics/<id>/", patch, get_ok(api, f"/api/v1/lyrics/{targets[0]}/")),
        (
            "history page",
            get_ok(pages, f"/lyrics/{history.pk}/history/"),
            get_ok(pages, f"/lyrics/{history.pk}/"),
        ),
        (
            "GET .../versions/ (API)",
            get_ok(api, f"/api/v1/lyrics/{history.pk}/versions/"),
            get_ok(api, f"/api/v1/lyrics/{history.pk}/"),
        ),
    ]
    print(
        f"\n{args.rows} lyrics, a lyric with {args.versions} versions, {args.repeat} runs each;"
        " baseline measured in the same run"
    )
    print(f"{'case':30} {'median ms':>10} {'p95 ms':>8} {'target':>7} {'baseline ms':>12}")
    for name, ours, baseline in cases:
        median, p95 = time_ms(ours, args.repeat)
        base, _ = time_ms(baseline, args.repeat)
        target = TARGETS_MS.get(name)
        target = f"≤{target}" if target else ""
        print(f"{name:30} {median:10.1f} {p95:8.1f} {target:>7} {base:12.1f}")
    publisher.flush()


if __name__ == "__main__":
    main()
