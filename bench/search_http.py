"""Library search and lists over real HTTP at 1M lyrics: the page and the API, under gunicorn.

    python -m bench search_http [-- --rows 1000000 --repeat 30 --port 8396]

The database is bench.search's at that size (``<BENCH_DATABASE>_search_<rows>``,
loaded once with ``generate_lyrics``). The app runs under gunicorn exactly as
``make run`` starts it (project/gunicorn.conf.py, DEBUG off) without its access
log; one client requests each case over one keep-alive connection, ``repeat``
times after 3 warm-ups, and times the whole round trip.

Baselines from the same run: ``GET /healthz`` over the same connection (the
floor of any request: HTTP, gunicorn, Django's middleware), and the case's
rows alone (the same ORM query, one page of 21 rows, no count, no template, no
HTTP) in this process.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from bench.common import BENCH_DB, RESULTS, ROOT, percentile, print_table, process
from bench.search import CASES, prepare

# Cases of bench.search, plus the two the count used to make slow, plus the
# API-only lists of bench.api_lists.
EXTRA_CASES = [
    ("Latin frequent (heart)", {"q": "heart"}, None),
    ("Latin 3-char infix (ear)", {"q": "ear"}, None),
]
API_ONLY = [
    ("api: lyrics page 400", "/api/v1/lyrics/?page=400"),
    ("api: tasks", "/api/v1/tasks/"),
    ("api: tasks, failed", "/api/v1/tasks/?status=failed"),
    ("api: tasks, code 531", "/api/v1/tasks/?code=531"),
]
CREDENTIALS = """
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from rest_framework.authtoken.models import Token
user, _ = User.objects.get_or_create(username="bench-http")
token, _ = Token.objects.get_or_create(user=user)
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print(token.key, session.session_key)
"""


def credentials(env):
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", CREDENTIALS],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return out[-2], out[-1]


def timed(client, url, repeat, headers):
    samples = []
    for n in range(repeat + 3):
        began = time.perf_counter()
        response = client.get(url, headers=headers)
        elapsed = (time.perf_counter() - began) * 1000
        assert response.status_code == 200, (url, response.status_code, response.text[:200])
        if n >= 3:
            samples.append(elapsed)
    return samples


def rows_only(params, repeat):
    """The case's first page of rows through the ORM, nothing else (in process)."""
    from lyricsapp.library.listing import lyrics_filtered

    queryset = lyrics_filtered(q=params.get("q", ""), status=params.get("status", ""))
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        list(queryset.order_by("-id")[:21])
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def cases(last_id):
    for name, params, _ in CASES + EXTRA_CASES:
        params = {k: (last_id // 2 if v == "MIDDLE" else v) for k, v in params.items()}
        yield name, "page", "/", params
        if "cursor" not in params:  # the API pages by number only
            yield name, "api", "/api/v1/lyrics/", params
    for name, url in API_ONLY:
        yield name, "api", url, {}


def measure(port, repeat, env):
    import django
    import httpx

    os.environ.update(env, DJANGO_SETTINGS_MODULE="project.settings")
    django.setup()
    from lyricsapp.models import Lyric

    token, session = credentials(env)
    last_id = Lyric.objects.order_by("-id").values_list("id", flat=True).first() or 0
    base = f"http://127.0.0.1:{port}"
    auth = {
        "page": {"Cookie": f"sessionid={session}"},
        "api": {"Authorization": f"Token {token}"},
    }
    results = []
    with httpx.Client(base_url=base, timeout=30) as client:
        floor = timed(client, "/healthz", repeat, {})
        for name, surface, path, params in cases(last_id):
            url = path + (f"?{httpx.QueryParams(params)}" if params else "")
            samples = timed(client, url, repeat, auth[surface])
            baseline = surface == "page" and "cursor" not in params and "page" not in params
            results.append(
                {
                    "case": name,
                    "surface": surface,
                    "url": url,
                    "p50": statistics.median(samples),
                    "p95": percentile(samples, 95),
                    "rows_only_p50": rows_only(params, 5) if baseline else None,
                }
            )
            print(f"  {surface:4} {name:<34} p95 {results[-1]['p95']:6.1f} ms", file=sys.stderr)
    return {"healthz_p50": statistics.median(floor), "healthz_p95": percentile(floor, 95)}, results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_HTTP_PORT", 8396)))
    parser.add_argument("--db-prefix", default=f"{BENCH_DB}_search")
    args = parser.parse_args(argv)

    env = prepare(args.rows, args.db_prefix)
    env.update(
        ALLOWED_HOSTS="127.0.0.1,localhost",
        GUNICORN_BIND=f"127.0.0.1:{args.port}",
        GUNICORN_ACCESSLOG="",
    )
    gunicorn = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "-c",
        "project/gunicorn.conf.py",
        "project.wsgi:application",
    ]
    with process(gunicorn, env=env, log_name="search_http-gunicorn.log", port=args.port):
        floor, results = measure(args.port, args.repeat, env)

    rows = [
        (
            r["case"],
            r["surface"],
            f"{r['p50']:.1f}",
            f"{r['p95']:.1f}",
            "yes" if r["p95"] <= 50 else "NO",
            "" if r["rows_only_p50"] is None else f"{r['rows_only_p50']:.1f}",
        )
        for r in results
    ]
    print_table(
        f"Search and lists over HTTP at {args.rows:,} lyrics (target p95 <= 50 ms); "
        f"baseline GET /healthz p50 {floor['healthz_p50']:.1f} ms, p95 {floor['healthz_p95']:.1f} ms",
        ["case", "via", "p50 ms", "p95 ms", "<= 50", "rows only p50 ms"],
        rows,
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"search_http-{stamp}.json").write_text(
        json.dumps({"floor": floor, "results": results}, indent=2, ensure_ascii=False)
    )


if __name__ == "__main__":
    main()
