"""`make bench`: run the benchmarks and print their tables.

`python -m bench` runs them all; `python -m bench callbacks search` runs some.
Each module's own options follow `--`, e.g. `python -m bench search -- --scales 10000`.
"""

import importlib
import sys

BENCHMARKS = {
    "callbacks": "callback ingestion under gunicorn, against pgbench",
    "callback_profile": "CPU per callback by layer, in process (where each 100 µs goes)",
    "processing": "callback-to-processed latency at 200 callbacks/s, tasks/s per worker",
    "search": "library search and list pages at 10k, 100k and 1M lyrics",
    "api_lists": "read API and admin lists at 1M lyrics",
    "deploy": "ingestion through nginx and PgBouncer vs direct; Redis vs RabbitMQ latency",
    "payload": "callback payload parsing in process, µs per payload",
    "search_http": "library page and API search over HTTP under gunicorn at 1M lyrics",
    "events": "callback-to-receiver latency of outbound events at 100 callbacks/s",
    "archive": "export and import of 1M lyrics against COPY; pruning deliveries under callbacks",
    "workspace_edit": "saving an edit, and the history page of a lyric with 200 versions",
    "workspace": "library page with each workspace filter at 1M lyrics; bulk-tagging 10,000",
}


def main():
    args = sys.argv[1:]
    extra = []
    if "--" in args:
        extra = args[args.index("--") + 1 :]
        args = args[: args.index("--")]
    unknown = [name for name in args if name not in BENCHMARKS]
    if unknown:
        sys.exit(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS)}")
    for name in args or BENCHMARKS:
        print(f"\n=== bench: {name}: {BENCHMARKS[name]} ===", flush=True)
        importlib.import_module(f"bench.{name}").main(extra)


if __name__ == "__main__":
    main()
