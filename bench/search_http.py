"""Library search and lists over real HTTP at 1M lyrics: the page and the API, under gunicorn.

    python -m bench search_http [-- --rows 1000000 --repeat 30 --port 8396]

The database is bench.search's at that size (``<BENCH_DATABASE>_search_<rows>``,
loaded once with ``generate_lyrics``). The app runs under gunicorn exactly as
``make run`` starts it (project/gunicorn.conf.py, DEBUG off) without its access
log; one client requests each case over one keep-alive connection, ``repeat``
times after 3 warm-ups, and times the whole round trip.

Baselines from the same run: ``GET /healthz`` over the same connection (the
floor of any request: HTTP, gunicorn, Django's middleware); the case's rows
alone (the same ORM query, one page of 21 rows, no count, no template, no
HTTP) in this process; and, with ``--baseline-ref REF`` (default ``main``),
the same requests against that git revision of the app, checked out in a
temporary directory (``git archive``) and served by a second gunicorn on the next port, each
case measured on both servers in turn so that both see the same load.
"""

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
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


def measure(port, repeat, env, baseline_port=None, baseline_repeat=5):
    import django
    import httpx

    os.environ.update(env, DJANGO_SETTINGS_MODULE="project.settings")
    django.setup()
    from lyricsapp.models import Lyric

    token, session = credentials(env)
    last_id = Lyric.objects.order_by("-id").values_list("id", flat=True).first() or 0
    auth = {
        "page": {"Cookie": f"sessionid={session}"},
        "api": {"Authorization": f"Token {token}"},
    }
    results = []
    ours = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
    theirs = httpx.Client(base_url=f"http://127.0.0.1:{baseline_port or port}", timeout=60)
    with ours, theirs:
        floor = timed(ours, "/healthz", repeat, {})
        for name, surface, path, params in cases(last_id):
            url = path + (f"?{httpx.QueryParams(params)}" if params else "")
            samples = timed(ours, url, repeat, auth[surface])
            before = timed(theirs, url, baseline_repeat, auth[surface]) if baseline_port else None
            rows = surface == "page" and "cursor" not in params and "page" not in params
            results.append(
                {
                    "case": name,
                    "surface": surface,
                    "url": url,
                    "p50": statistics.median(samples),
                    "p95": percentile(samples, 95),
                    "before_p50": statistics.median(before) if before else None,
                    "before_p95": percentile(before, 95) if before else None,
                    "rows_only_p50": rows_only(params, 5) if rows else None,
                }
            )
            print(f"  {surface:4} {name:<34} p95 {results[-1]['p95']:6.1f} ms", file=sys.stderr)
    return {"healthz_p50": statistics.median(floor), "healthz_p95": percentile(floor, 95)}, results


@contextlib.contextmanager
def baseline_tree(ref):
    """A temporary checkout of ``ref`` (None: no baseline server)."""
    if not ref:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="bench-baseline-") as tree:
        archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", tree], input=archive.stdout, check=True)
        yield tree


def gunicorn(env, port, log_name, cwd=ROOT):
    env = dict(env, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_ACCESSLOG="")
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "--chdir",
        str(cwd),
        "-c",
        os.path.join(cwd, "project", "gunicorn.conf.py"),
        "project.wsgi:application",
    ]
    return process(command, env=env, log_name=log_name, port=port)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_HTTP_PORT", 8396)))
    parser.add_argument("--db-prefix", default=f"{BENCH_DB}_search")
    parser.add_argument(
        "--baseline-ref", default="main", help="git revision to compare with ('' for none)"
    )
    # The former count took seconds a request under load: fewer samples there.
    parser.add_argument("--baseline-repeat", type=int, default=5)
    args = parser.parse_args(argv)

    env = prepare(args.rows, args.db_prefix)
    env.update(ALLOWED_HOSTS="127.0.0.1,localhost")
    with (
        baseline_tree(args.baseline_ref) as tree,
        gunicorn(env, args.port, "search_http-gunicorn.log"),
        gunicorn(env, args.port + 1, "search_http-baseline.log", tree)
        if tree
        else contextlib.nullcontext(),
    ):
        floor, results = measure(
            args.port, args.repeat, env, args.port + 1 if tree else None, args.baseline_repeat
        )

    def ms(value):
        return "" if value is None else f"{value:.1f}"

    rows = [
        (
            r["case"],
            r["surface"],
            ms(r["p50"]),
            ms(r["p95"]),
            "yes" if r["p95"] <= 50 else "NO",
            ms(r["before_p50"]),
            ms(r["before_p95"]),
            ms(r["rows_only_p50"]),
        )
        for r in results
    ]
    print_table(
        f"Search and lists over HTTP at {args.rows:,} lyrics (target p95 <= 50 ms); "
        f"baseline GET /healthz p50 {floor['healthz_p50']:.1f} ms, p95 {floor['healthz_p95']:.1f} ms",
        [
            "case",
            "via",
            "p50 ms",
            "p95 ms",
            "<= 50",
            f"{args.baseline_ref or '-'} p50",
            f"{args.baseline_ref or '-'} p95",
            "rows only p50 ms",
        ],
        rows,
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"search_http-{stamp}.json").write_text(
        json.dumps({"floor": floor, "results": results}, indent=2, ensure_ascii=False)
    )


if __name__ == "__main__":
    main()
