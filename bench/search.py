"""Library search and list page latency at 10k, 100k and 1M lyrics.

    python -m bench.search [--scales 10000,100000,1000000] [--repeat 30]

Each scale gets its own database (``<prefix>_<n>``, loaded once with
``generate_lyrics`` and reused while it holds exactly n lyrics). Times are
server side: the whole Django view (query, count, snippets, template) through
the test client, no network. The baseline, measured in the same run on the
same data, is the plain query with index scans turned off: a sequential
``ILIKE`` scan, newest first, without any count.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_SCALES = [10_000, 100_000, 1_000_000]

# (name, query string, search term for the baseline or None)
CASES = [
    ("list: first page", {}, None),
    ("list: deep page (50)", {"page": 50}, None),
    ("list: keyset page (middle)", {"cursor": "MIDDLE"}, None),
    ("CJK 2 chars, rare (琥珀)", {"q": "琥珀"}, "琥珀"),
    ("CJK 2 chars, absent (鲸鳞)", {"q": "鲸鳞"}, "鲸鳞"),
    ("CJK 2 chars, frequent (月光)", {"q": "月光"}, "月光"),
    ("CJK 1 char, rare (琥)", {"q": "琥"}, "琥"),
    ("CJK 1 char, frequent (光)", {"q": "光"}, "光"),
    ("Latin frequent + total (love)", {"q": "love"}, "love"),
    ("Latin 3-char infix (oon)", {"q": "oon"}, "oon"),
    ("Latin rare (quixotic)", {"q": "quixotic"}, "quixotic"),
    ("title match (Midnight)", {"q": "Midnight"}, "Midnight"),
    ("title only (Hearts)", {"q": "Hearts"}, "Hearts"),
    ("search + filter (月光, complete)", {"q": "月光", "status": "complete"}, None),
]

BASELINE_SQL = (
    "SELECT id, title FROM lyricsapp_lyric WHERE title ILIKE %s OR text ILIKE %s "
    "ORDER BY id DESC LIMIT 20"
)


def bench_env(database):
    env = dict(os.environ)
    base = os.environ.get("DATABASE_URL", "postgres:///lyricsapp").rsplit("/", 1)[0]
    env.update(
        DATABASE_URL=f"{base}/{database}",
        DEBUG="false",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-secret"),
        SUNO_CALLBACK_TOKEN=os.environ.get("SUNO_CALLBACK_TOKEN", "bench-token"),
        ALLOWED_HOSTS="testserver",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(scale, prefix):
    """The database for ``scale``: created, migrated and loaded when needed."""
    import psycopg

    database = f"{prefix}_{scale}"
    env = bench_env(database)
    admin_url = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    manage(env, "migrate", "--no-input", "-v0")
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        have = conn.execute("SELECT count(*) FROM lyricsapp_lyric").fetchone()[0]
        if have != scale:
            print(f"Loading {scale:,} lyrics into {database} (had {have:,})", file=sys.stderr)
            conn.execute("TRUNCATE lyricsapp_lyric, lyricsapp_task CASCADE")
    if have != scale:
        manage(env, "generate_lyrics", "--count", str(scale))
    return env


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(repeat, baseline_repeat):
    """Run inside the scale's database (DATABASE_URL); prints one JSON object."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.test import Client

    from lyricsapp.library.search import like_pattern
    from lyricsapp.models import Lyric

    user, _ = User.objects.get_or_create(username="bench")
    client = Client()
    client.force_login(user)
    last = Lyric.objects.order_by("-id").values_list("id", flat=True).first() or 0
    results = {}
    for name, params, term in CASES:
        params = {k: (last // 2 if v == "MIDDLE" else v) for k, v in params.items()}
        url = "/?" + urlencode(params) if params else "/"
        timings = []
        for n in range(repeat + 2):
            began = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - began) * 1000
            assert response.status_code == 200, (url, response.status_code)
            if n >= 2:  # two warm-up requests
                timings.append(elapsed)
        row = {
            "url": url,
            "p50": statistics.median(timings),
            "p95": percentile(timings, 0.95),
        }
        if term is not None:
            pattern = like_pattern(term)
            base = []
            for _ in range(baseline_repeat):
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SET LOCAL enable_indexscan = off")
                    cursor.execute("SET LOCAL enable_bitmapscan = off")
                    began = time.perf_counter()
                    cursor.execute(BASELINE_SQL, [pattern, pattern])
                    cursor.fetchall()
                    base.append((time.perf_counter() - began) * 1000)
            row["baseline_p50"] = statistics.median(base)
        results[name] = row
        print(f"  {name:<34} p50 {row['p50']:7.1f} ms  p95 {row['p95']:7.1f} ms", file=sys.stderr)
    print(json.dumps(results))


def table(by_scale):
    scales = sorted(by_scale)
    head = f"{'case':<34}" + "".join(f"{f'{s:,} p50/p95 ms':>22}" for s in scales)
    head += f"{'p95 growth':>12}" + "".join(f"{f'seq {s:,} p50':>18}" for s in scales)
    lines = [head, "-" * len(head)]
    for name, _, _ in CASES:
        cells = []
        for s in scales:
            row = by_scale[s][name]
            cells.append(f"{row['p50']:9.1f} / {row['p95']:7.1f}".rjust(22))
        growth = by_scale[scales[-1]][name]["p95"] / max(by_scale[scales[0]][name]["p95"], 0.01)
        base = [by_scale[s][name].get("baseline_p50") for s in scales]
        base_cells = "".join(
            (f"{b:13.1f} ms" if b is not None else "—".rjust(16)).rjust(18) for b in base
        )
        lines.append(f"{name:<34}" + "".join(cells) + f"{growth:11.2f}x" + base_cells)
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default=",".join(map(str, DEFAULT_SCALES)))
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--baseline-repeat", type=int, default=5)
    parser.add_argument(
        "--db-prefix", default=os.environ.get("BENCH_DB_PREFIX", "lyricsapp_bench_search")
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        return measure(args.repeat, args.baseline_repeat)

    by_scale = {}
    for scale in [int(s) for s in args.scales.split(",") if s]:
        env = prepare(scale, args.db_prefix)
        print(f"Measuring at {scale:,} lyrics", file=sys.stderr)
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.search",
                "--measure",
                "--repeat",
                str(args.repeat),
                "--baseline-repeat",
                str(args.baseline_repeat),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        sys.stderr.write(out.stderr)
        by_scale[scale] = json.loads(out.stdout.strip().splitlines()[-1])
    report = table(by_scale)
    print("\nLibrary search and list page, server side (target: p95 <= 50 ms at 1M, growth <= 2x)")
    print(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"search-{stamp}.json").write_text(
        json.dumps(by_scale, indent=2, ensure_ascii=False)
    )
    return None


if __name__ == "__main__":
    main()
