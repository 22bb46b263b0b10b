"""Archives and retention at scale, each against a baseline in the same run.

- export: `export_library` of N lyrics (default 1M) to a ZIP, lyrics/s and peak
  memory, against `COPY (SELECT ...) TO STDOUT` of the same rows;
- import: `import_library` of that archive into an empty database, lyrics/s;
- prune: N old deliveries pruned while wrk posts callbacks; callback latency
  with and without the prune running.

Targets (docs/performance.md): export >= 20,000 lyrics/s with peak memory
<= 200 MB, import >= 10,000 lyrics/s, no callback more than 50 ms slower.
"""

import argparse
import json
import statistics
import subprocess
import tempfile
import threading
import time

from bench.callbacks import PORT, wrk
from bench.common import (
    BENCH_DB,
    PYTHON,
    RESULTS,
    ROOT,
    bench_env,
    ensure_apt,
    print_table,
    process,
    psql,
    reset_broker,
    reset_database,
    run,
)

BASELINE_SQL = (
    "COPY (SELECT t.task_id, t.status, t.code, t.msg, t.created_at, l.id, l.position, l.title, "
    "l.text, l.status, l.error_message, l.sections, l.language, l.created_at "
    "FROM lyricsapp_task t JOIN lyricsapp_lyric l ON l.task_id = t.id "
    "ORDER BY t.created_at DESC, t.id DESC, l.position) TO STDOUT"
)


def timed(cmd, env):
    """(seconds, peak resident MB) of a command, from GNU time."""
    started = time.monotonic()
    result = run(
        ["/usr/bin/time", "-f", "MAXRSS %M", *cmd], env=env, capture_output=True, text=True
    )
    seconds = time.monotonic() - started
    rss_kb = int(next(x for x in result.stderr.splitlines() if x.startswith("MAXRSS")).split()[1])
    return seconds, rss_kb / 1024


def search_indexes():
    """{name: definition} of the lyric table's GIN (search) indexes."""
    found = psql(
        "SELECT indexname || '|' || indexdef FROM pg_indexes "
        "WHERE tablename = 'lyricsapp_lyric' AND indexdef LIKE '%USING gin%'"
    ).splitlines()
    return dict(line.split("|", 1) for line in found)


def search_index_build_seconds():
    """Seconds to build the lyric table's GIN (search) indexes again."""
    indexes = search_indexes()
    psql(" ".join(f"DROP INDEX {name};" for name in indexes))
    psql("CHECKPOINT")
    started = time.monotonic()
    psql("SET maintenance_work_mem = '512MB'; " + "; ".join(indexes.values()))
    return time.monotonic() - started


def export_and_import(count, workdir):
    env = bench_env()
    try:
        lyrics = int(psql("SELECT count(*) FROM lyricsapp_lyric"))
    except subprocess.CalledProcessError:  # no database yet
        lyrics = None
    if lyrics != count:
        print(f"archive: loading {count:,} lyrics (generate_lyrics)", flush=True)
        reset_database()
        run([PYTHON, "manage.py", "generate_lyrics", "--count", str(count)], env=env)
        psql("VACUUM ANALYZE")
    psql("CHECKPOINT")
    print("archive: baseline COPY", flush=True)
    copy_seconds, _ = timed(
        ["sh", "-c", f'psql -X -q -d {BENCH_DB} -c "{BASELINE_SQL}" > /dev/null'], env
    )
    archive = f"{workdir}/library.zip"
    print("archive: export_library", flush=True)
    export_seconds, export_mb = timed(
        [PYTHON, "manage.py", "export_library", "--output", archive], env
    )
    size_mb = int(run(["stat", "-c", "%s", archive], capture_output=True, text=True).stdout) / 1e6
    # The command's start (Django and the app's imports, about 2 s) is part of
    # the figure above; measured alone (an export selecting nothing), it gives
    # the rate of the export itself, which is what a million lyrics would see.
    print("archive: export_library start-up (an empty selection)", flush=True)
    empty = f"{workdir}/empty.zip"
    startup_seconds, _ = timed(
        [PYTHON, "manage.py", "export_library", "--output", empty, "--q", "no-such-lyric-zq"], env
    )
    print("archive: import_library --rebuild-indexes into an empty database", flush=True)
    reset_database()
    import_seconds, import_mb = timed(
        [PYTHON, "manage.py", "import_library", "--rebuild-indexes", archive], env
    )
    imported = int(psql("SELECT count(*) FROM lyricsapp_lyric"))
    assert imported == count, f"imported {imported} of {count}"
    # The import above built the three search indexes at its end; built again
    # alone, they tell PostgreSQL's share from the import's own work.
    print("archive: the search indexes built alone", flush=True)
    index_seconds = search_index_build_seconds()
    # Measured, not subtracted: the builds alone and within the import vary
    # by more than the import's own work at small counts.
    print("archive: import_library --rebuild-indexes, the search indexes dropped first")
    reset_database()
    psql(" ".join(f"DROP INDEX {name};" for name in search_indexes()))
    psql("CHECKPOINT")
    own_seconds, _ = timed(
        [PYTHON, "manage.py", "import_library", "--rebuild-indexes", archive], env
    )
    print("archive: import_library into an empty database, indexes kept (as on a live server)")
    reset_database()
    live_seconds, _ = timed([PYTHON, "manage.py", "import_library", archive], env)
    return {
        "lyrics": count,
        "copy_per_s": count / copy_seconds,
        "export_per_s": count / export_seconds,
        "export_startup_s": startup_seconds,
        "export_loop_per_s": count / max(export_seconds - startup_seconds, 1e-3),
        "export_peak_mb": export_mb,
        "archive_mb": size_mb,
        "import_per_s": count / import_seconds,
        "import_peak_mb": import_mb,
        "import_live_per_s": count / live_seconds,
        "index_build_s": index_seconds,
        "import_own_per_s": count / own_seconds,
    }


_OLD_DELIVERIES = (
    "INSERT INTO callbacks_delivery (received_at, raw_body, body_size, content_type, headers, "
    "task_id, outcome, http_status, source, error) "
    "SELECT now() - interval '200 days', convert_to(repeat('x', 600), 'UTF8'), 600, "
    "'application/json', '{{}}', 'old-' || (n / 4), 'duplicate', 200, 'callback', '' "
    "FROM generate_series(1, {count}) n"
)


def old_deliveries(count):
    psql("TRUNCATE callbacks_delivery RESTART IDENTITY CASCADE")
    psql(_OLD_DELIVERIES.format(count=int(count)))
    psql("VACUUM ANALYZE callbacks_delivery")
    psql("CHECKPOINT")


ALONE_RUNS = 6


def prune_under_load(count, seconds):
    env = bench_env(GUNICORN_BIND=f"127.0.0.1:{PORT}", GUNICORN_ACCESSLOG="")
    gunicorn = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "project/gunicorn.conf.py",
                "project.wsgi:application"]  # fmt: skip
    print(f"archive: {count:,} old deliveries", flush=True)
    old_deliveries(count)
    with process(gunicorn, env=env, log_name="gunicorn-archive.log", port=PORT):
        # Until the server answers (its workers load the app first).
        deadline = time.monotonic() + 120
        while wrk(8, 2, "warmup")["requests"] == 0 and time.monotonic() < deadline:
            pass
        # Several runs alone: one short run's slowest callback is noise here
        # (the same code gave 26 to 117 ms in consecutive 5 s runs).
        print(f"archive: callbacks alone, {ALONE_RUNS} runs of {seconds} s", flush=True)
        alone = [wrk(8, seconds, f"alone{i}") for i in range(ALONE_RUNS)]
        prune = {}

        def pruning():
            started = time.monotonic()
            code = (
                "import django; django.setup(); "
                "from lyricsapp.archive.retention import deliveries_prune; "
                "print(deliveries_prune())"
            )
            out = run([PYTHON, "-c", code], env=bench_env(DJANGO_SETTINGS_MODULE="project.settings"),
                      capture_output=True, text=True)  # fmt: skip
            prune["deleted"] = int(out.stdout.strip().splitlines()[-1])
            prune["seconds"] = time.monotonic() - started

        thread = threading.Thread(target=pruning)
        thread.start()
        print("archive: callbacks while the prune runs", flush=True)
        during = []
        while thread.is_alive():
            during.append(wrk(8, seconds, f"during{len(during)}"))
        thread.join()
    reset_broker()
    return alone, during, prune


def archive_table(count, figures):
    rows = [
        ("COPY (SELECT ...) TO STDOUT (baseline)", f"{figures['copy_per_s']:,.0f}", "", ""),
        ("export_library", f"{figures['export_per_s']:,.0f}", f"{figures['export_peak_mb']:.0f}",
         f"{figures['export_per_s'] / figures['copy_per_s']:.2f}"),
        ("export_library less its start-up "
         f"({figures['export_startup_s']:.1f} s)", f"{figures['export_loop_per_s']:,.0f}", "",
         f"{figures['export_loop_per_s'] / figures['copy_per_s']:.2f}"),
        ("import_library --rebuild-indexes (empty database)", f"{figures['import_per_s']:,.0f}",
         f"{figures['import_peak_mb']:.0f}", f"{figures['import_per_s'] / figures['copy_per_s']:.2f}"),
        (f"  the search index builds alone: {figures['index_build_s']:.0f} s", "", "", ""),
        ("  the same import without the search indexes (its own work)",
         f"{figures['import_own_per_s']:,.0f}", "",
         f"{figures['import_own_per_s'] / figures['copy_per_s']:.2f}"),
        ("import_library, search indexes kept", f"{figures['import_live_per_s']:,.0f}", "",
         f"{figures['import_live_per_s'] / figures['copy_per_s']:.2f}"),
    ]  # fmt: skip
    print_table(
        f"Archive of {count:,} lyrics ({figures['archive_mb']:.0f} MB)",
        ["what", "lyrics/s", "peak MB", "vs COPY"],
        rows,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1_000_000, help="lyrics to export/import")
    parser.add_argument("--deliveries", type=int, default=1_000_000, help="old deliveries to prune")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--prune-only", action="store_true", help="only the prune under load")
    args = parser.parse_args(argv)
    ensure_apt("wrk", "wrk")
    figures = {}
    if not args.prune_only:
        with tempfile.TemporaryDirectory() as workdir:
            figures = export_and_import(args.count, workdir)
        archive_table(args.count, figures)
    alone, during, prune = prune_under_load(args.deliveries, args.seconds)
    runs = [(f"alone {i + 1}", s) for i, s in enumerate(alone)]
    runs += [(f"during prune {i + 1}", s) for i, s in enumerate(during)]
    print_table(
        f"Callbacks while pruning {prune['deleted']:,} deliveries in {prune['seconds']:.0f} s",
        ["run", "callbacks/s", "p50 ms", "p99 ms", "max ms", "errors"],
        [
            (name, f"{s['rps']:.0f}", f"{s['p50_ms']:.1f}", f"{s['p99_ms']:.1f}",
             f"{s['max_ms']:.1f}", s["errors"])
            for name, s in runs
        ],
    )  # fmt: skip
    summary = [("alone", alone), ("during the prune", during)]
    print_table(
        "Alone against during the prune (over the runs)",
        ["runs", "count", "median p99 ms", "worst p99 ms", "slowest ms"],
        [
            (name, len(s), f"{statistics.median(x['p99_ms'] for x in s):.1f}",
             f"{max(x['p99_ms'] for x in s):.1f}", f"{max(x['max_ms'] for x in s):.1f}")
            for name, s in summary if s
        ],
    )  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "archive.json").write_text(
        json.dumps({"archive": figures, "alone": alone, "during": during, "prune": prune}, indent=2)
    )


if __name__ == "__main__":
    main()
