"""Where a callback's CPU goes, in process: µs per callback by layer.

Drives N callbacks (the wrk payload, unique task ids) through Django's WSGI
handler in this process, one after another, against the benchmarks' scratch
database, with the real background publisher sending to Redis. Reports:

- CPU of the request thread per callback, measured without a profiler, split
  by layer with cProfile (thread CPU time, scaled to the unprofiled figure);
- CPU of the publisher thread per callback (one publish per callback here, the
  worst case: under load many ids share a message);
- CPU of the PostgreSQL backend serving the connection, per callback.

HTTP parsing and the access log happen in gunicorn, outside this measure;
`bench.callbacks` measures the whole under gunicorn.

    python -m bench callback_profile [-- --count 3000]
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import time
from pathlib import Path

from bench.common import bench_env, print_table, reset_broker, reset_database

BODY = re.search(
    r"\[\[\n(.*)\n\]\]", (Path(__file__).parent / "callback.lua").read_text(), re.S
).group(1)

# Inclusive CPU of these functions, outermost first: each layer is the
# difference between one and the next.
LAYERS = [
    ("wsgi.py", "__call__", "Django's handler: request and response objects, signals"),
    ("base.py", "get_response", "middleware before the view (security headers, shortcut)"),
    ("views.py", "dispatch", "DRF: request wrapper, checks, response rendering"),
    ("callbacks/views.py", "_receive", "token, headers, body, JSON, payload"),
    ("callbacks/services.py", "callback_store", "the store: parameters, one round trip"),
]


def environ(task_id):
    body = BODY.replace("%s", task_id).encode()
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/callbacks/suno/lyrics/",
        "QUERY_STRING": "token=bench-token",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_USER_AGENT": "bench",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def post(app, task_id):
    statuses = []
    response = app(environ(task_id), lambda status, headers: statuses.append(status))
    b"".join(response)
    response.close()
    assert statuses[0].startswith("200"), statuses


def process_cpu_seconds(pid, thread=None):
    path = f"/proc/{pid}/task/{thread}/stat" if thread else f"/proc/{pid}/stat"
    fields = Path(path).read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def inclusive(stats, file_end, function):
    return sum(
        ct
        for (path, _, name), (_, _, _, ct, _) in stats.stats.items()
        if path.endswith(file_end) and name == function
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=3000)
    args = parser.parse_args(argv)
    reset_database()
    reset_broker()
    os.environ.update(bench_env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from lyricsapp.processing.publish import publisher

    app = WSGIHandler()
    run = f"p{time.time_ns()}"
    for n in range(300):  # warm: connection, prepared statement, caches
        post(app, f"{run}-warm-{n}")
    publisher.flush()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    publisher_thread = publisher._thread.native_id

    count = args.count
    started = (time.thread_time(), process_cpu_seconds(os.getpid(), publisher_thread))
    backend_started = process_cpu_seconds(backend)
    for n in range(count):
        post(app, f"{run}-{n}")
    publisher.flush()
    request_us = (time.thread_time() - started[0]) / count * 1e6
    publish_us = (process_cpu_seconds(os.getpid(), publisher_thread) - started[1]) / count * 1e6
    database_us = (process_cpu_seconds(backend) - backend_started) / count * 1e6

    profile = cProfile.Profile(time.thread_time)
    profile.enable()
    for n in range(count):
        post(app, f"{run}-profiled-{n}")
    profile.disable()
    publisher.flush()
    stats = pstats.Stats(profile)
    measured = [inclusive(stats, f, name) for f, name, _ in LAYERS]
    scale = request_us / (measured[0] / count * 1e6)
    rows = []
    for index, (_, _, what) in enumerate(LAYERS):
        inner = measured[index + 1] if index + 1 < len(measured) else 0.0
        own = (measured[index] - inner) / count * 1e6 * scale
        rows.append((what, f"{own:.0f}"))
    rows += [
        ("request thread, total", f"{request_us:.0f}"),
        ("publisher thread (a message per callback here)", f"{publish_us:.0f}"),
        ("PostgreSQL backend", f"{database_us:.0f}"),
        ("function calls per callback (deterministic)", f"{stats.total_calls / count:.0f}"),
    ]
    print_table(f"CPU per callback, in process, {count} callbacks", ["where", "µs"], rows)
    reset_broker()


if __name__ == "__main__":
    main()
