"""Callback ingestion: the app under gunicorn against a pgbench baseline.

The baselines are measured in the same run, with one durable transaction per
callback (a delivery row, a task row ON CONFLICT DO NOTHING, two lyric rows):
on plain copies of the tables (keys only, no search indexes: the target's
baseline, ../shared/PERFORMANCE.md) and on the project's own tables and
indexes. The app runs as `make run` runs it (project/gunicorn.conf.py), with
a Celery worker and beat running as deployed, then without them.
"""

import argparse
import json
import os
import re
import time

from bench.common import (
    BENCH_DB,
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
    truncate_tables,
)

PORT = int(os.environ.get("BENCH_CALLBACKS_PORT", "8765"))
URL = f"http://127.0.0.1:{PORT}/callbacks/suno/lyrics/?token=bench-token"


PLAIN_SCHEMA = "plain"
PLAIN_TABLES_SQL = f"""
DROP SCHEMA IF EXISTS {PLAIN_SCHEMA} CASCADE;
CREATE SCHEMA {PLAIN_SCHEMA};
CREATE TABLE {PLAIN_SCHEMA}.callbacks_delivery
    (LIKE public.callbacks_delivery INCLUDING DEFAULTS INCLUDING IDENTITY, PRIMARY KEY (id));
CREATE TABLE {PLAIN_SCHEMA}.lyricsapp_task
    (LIKE public.lyricsapp_task INCLUDING DEFAULTS INCLUDING IDENTITY, PRIMARY KEY (id),
     UNIQUE (task_id));
CREATE TABLE {PLAIN_SCHEMA}.lyricsapp_lyric
    (LIKE public.lyricsapp_lyric INCLUDING DEFAULTS INCLUDING IDENTITY, PRIMARY KEY (id));
"""


def plain_tables_reset():
    """The project's three tables as plain copies: columns and keys, no other index."""
    psql(PLAIN_TABLES_SQL)


def pgbench(clients, seconds, schema="public"):
    result = run(
        [
            "pgbench",
            "-n",
            "-M",
            "prepared",
            "-c",
            str(clients),
            "-j",
            str(min(clients, 2)),
            "-T",
            str(seconds),
            "-f",
            str(ROOT / "bench" / "pgbench_callback.sql"),
            BENCH_DB,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PGOPTIONS": f"-c search_path={schema}"},
    )
    tps = float(re.search(r"tps = ([\d.]+)", result.stdout).group(1))
    latency = float(re.search(r"latency average = ([\d.]+) ms", result.stdout).group(1))
    return {"tps": tps, "latency_avg_ms": latency}


def wrk(connections, seconds, prefix, fixed_task_id=None, url=URL):
    args = [prefix] + ([fixed_task_id] if fixed_task_id else [])
    result = run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "callback.lua"),
            url,
            "--",
            *args,
        ],
        capture_output=True,
        text=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("WRK_JSON "))
    stats = json.loads(line.removeprefix("WRK_JSON "))
    errors = sum(value for key, value in stats.items() if key.startswith("errors_"))
    return {
        "rps": stats["requests"] / (stats["duration_us"] / 1e6),
        "p50_ms": stats["p50_us"] / 1000,
        "p99_ms": stats["p99_us"] / 1000,
        "max_ms": stats["max_us"] / 1000,
        "errors": errors,
        "requests": stats["requests"],
    }


ENDPOINTS_SQL = """
INSERT INTO lyricsapp_webhookendpoint
    (url, events, description, secret, enabled, disabled_reason, created_at)
SELECT 'https://receiver.example/' || n, '{}', 'bench', 'whsec_' || md5(n::text), true, '', now()
FROM generate_series(1, 3) AS n
"""
EVENT_TABLES = "lyricsapp_eventattempt, lyricsapp_eventmessage, lyricsapp_event"


def events_overhead(seconds, baseline, results):
    """Ingestion with 3 registered event endpoints against none, alternately in
    this run (each callback then also writes its outbox row). No worker runs:
    the events wait in the outbox, as they would for a busy one."""
    rows = []
    runs = {"without": [], "with": []}
    for case in ("without", "with", "without", "with"):
        truncate_tables()
        psql(f"TRUNCATE {EVENT_TABLES}, lyricsapp_webhookendpoint RESTART IDENTITY CASCADE")
        if case == "with":
            psql(ENDPOINTS_SQL)
        print(f"callbacks: wrk, 32 connections, {seconds} s, {case} 3 endpoints", flush=True)
        runs[case].append(wrk(32, seconds, f"ev{case}{len(runs[case])}"))
    events = int(psql("SELECT count(*) FROM lyricsapp_event"))
    psql(f"TRUNCATE {EVENT_TABLES}, lyricsapp_webhookendpoint RESTART IDENTITY CASCADE")
    for case, stats_list in runs.items():
        rps = sum(s["rps"] for s in stats_list) / len(stats_list)
        p99 = max(s["p99_ms"] for s in stats_list)
        errors = sum(s["errors"] for s in stats_list)
        results[f"app_c32_{case}_endpoints"] = stats_list
        rows.append(
            (
                f"app, 32 conn, {case} 3 event endpoints (2 runs)",
                f"{rps:.0f}",
                "",
                f"{p99:.1f} (max)",
                str(errors),
                f"{rps / baseline[16]['tps']:.2f}",
            )
        )
    without = sum(s["rps"] for s in runs["without"]) / 2
    with_endpoints = sum(s["rps"] for s in runs["with"]) / 2
    results["events_overhead_ratio"] = with_endpoints / without
    print(
        f"  with 3 endpoints / without: {with_endpoints / without:.3f} "
        f"(target >= 0.90); events written in the last run: {events}"
    )
    return rows


def pgbench_rows(baseline, plain):
    rows = [
        (
            f"pgbench {clients} clients, plain tables",
            f"{stats['tps']:.0f}",
            "",
            f"{stats['latency_avg_ms']:.1f} (avg)",
            "0",
            f"{stats['tps'] / plain[16]['tps']:.2f}",
        )
        for clients, stats in plain.items()
    ]
    rows += [
        (
            f"pgbench {clients} clients, project tables",
            f"{stats['tps']:.0f}",
            "",
            f"{stats['latency_avg_ms']:.1f} (avg)",
            "0",
            f"{stats['tps'] / plain[16]['tps']:.2f}",
        )
        for clients, stats in baseline.items()
    ]
    return rows


def app_runs(label, seconds, plain, results):
    """32 then 8 connections against the running app; one table row each."""
    rows = []
    for connections in (32, 8):
        truncate_tables()
        print(f"callbacks: wrk, {connections} connections, {seconds} s, {label}", flush=True)
        stats = wrk(connections, seconds, f"{label.replace(' ', '')[:6]}c{connections}")
        results[f"app_c{connections}_{label.replace(' ', '_')}"] = stats
        rows.append(
            (
                f"app, unique tasks, {connections} conn, {label}",
                f"{stats['rps']:.0f}",
                f"{stats['p50_ms']:.1f}",
                f"{stats['p99_ms']:.1f}",
                str(stats["errors"]),
                f"{stats['rps'] / plain[16]['tps']:.2f}",
            )
        )
    return rows


def celery(*args, nice=0):
    # As deployed (Procfile, deploy/systemd): INFO, a line per task; the
    # follow-up worker at nice 10.
    command = [str(ROOT / ".venv" / "bin" / "celery"), "-A", "project", *args, "--loglevel=INFO"]
    return ["nice", "-n", str(nice), *command] if nice else command


def worker_ready(concurrency, timeout=120):
    """Each pool process logs once its language models are loaded (a CPU-heavy second)."""
    log = RESULTS / "worker.log"
    deadline = time.monotonic() + timeout
    while log.read_bytes().count(b"language models loaded") < concurrency:
        if time.monotonic() > deadline:
            raise SystemExit("the Celery worker did not start")
        time.sleep(0.2)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args(argv)
    ensure_apt("wrk", "wrk")
    print(f"callbacks: preparing database {BENCH_DB}", flush=True)
    reset_database()
    plain_tables_reset()

    plain, baseline = {}, {}
    for clients in (16, 32):
        psql(
            f"TRUNCATE {PLAIN_SCHEMA}.lyricsapp_lyric, {PLAIN_SCHEMA}.lyricsapp_task, "
            f"{PLAIN_SCHEMA}.callbacks_delivery"
        )
        truncate_tables()
        print(f"callbacks: pgbench, {clients} clients, plain tables, {args.seconds} s", flush=True)
        plain[clients] = pgbench(clients, args.seconds, schema=PLAIN_SCHEMA)
    for clients in (8, 16, 32):
        truncate_tables()
        print(f"callbacks: pgbench, {clients} clients, {args.seconds} s", flush=True)
        baseline[clients] = pgbench(clients, args.seconds)
    rows = pgbench_rows(baseline, plain)

    RESULTS.mkdir(parents=True, exist_ok=True)
    # The access log goes to a file, as a deployment's does.
    env = bench_env(
        GUNICORN_BIND=f"127.0.0.1:{PORT}", GUNICORN_ACCESSLOG=str(RESULTS / "access.log")
    )
    gunicorn = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "-c",
        "project/gunicorn.conf.py",
        "project.wsgi:application",
    ]
    results = {"pgbench": baseline, "pgbench_plain": plain}
    with process(gunicorn, env=env, log_name="gunicorn.log", port=PORT):
        truncate_tables()
        wrk(8, 2, "warmup")  # open persistent connections, warm caches
        reset_broker()  # the worker starts on an empty queue
        with (
            process(
                celery("worker", "--queues=celery", "--concurrency=2", nice=10),
                env=env,
                log_name="worker.log",
            ),
            process(
                celery(
                    "worker",
                    "--queues=events",
                    "--pool=threads",
                    "--concurrency=4",
                    "--hostname=events@%h",
                ),
                env=env,
                log_name="events-worker.log",
            ),
            process(
                celery("beat", "-s", str(RESULTS / "beat-schedule")), env=env, log_name="beat.log"
            ),
        ):
            worker_ready(2)
            rows += app_runs("worker running", args.seconds, plain, results)
        rows += app_runs("no worker", args.seconds, plain, results)
        stored = int(psql("SELECT count(*) FROM lyricsapp_task"))
        rows += events_overhead(args.seconds, plain, results)
        truncate_tables()
        print("callbacks: duplicate storm, 32 connections, one task id", flush=True)
        storm = wrk(32, max(3, args.seconds // 2), "storm", fixed_task_id="storm-task")
        results["duplicate_storm"] = storm
        storm_tasks = psql("SELECT count(*) FROM lyricsapp_task")
        storm_outcomes = psql(
            "SELECT string_agg(outcome || '=' || n, ' ') FROM "
            "(SELECT outcome, count(*) n FROM callbacks_delivery GROUP BY 1 ORDER BY 1) s"
        )
        rows.append(
            (
                "app, duplicate storm, 32 conn",
                f"{storm['rps']:.0f}",
                f"{storm['p50_ms']:.1f}",
                f"{storm['p99_ms']:.1f}",
                str(storm["errors"]),
                f"{storm['rps'] / plain[16]['tps']:.2f}",
            )
        )

    print_table(
        "Callback ingestion (ratio = requests/s over pgbench at 16 clients on plain tables)",
        ["case", "req/s", "p50 ms", "p99 ms", "errors", "ratio"],
        rows,
    )
    print(f"  tasks stored in the last 8-connection run: {stored}")
    print(f"  duplicate storm: {storm_tasks} task stored; deliveries {storm_outcomes}")
    results["duplicate_storm_tasks"] = int(storm_tasks)
    reset_broker()
    (RESULTS / "callbacks.json").write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
