"""Gunicorn settings for `make run` and the benchmark; each can be overridden by env."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads let several callbacks commit at once (PostgreSQL groups their WAL
# flushes) while a few processes keep Python's lock from capping throughput.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# The provider waits 15 s at most; anything slower is already a failure.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
# No log line may hold the callback token (?token=...): see docs/security.md.
logger_class = "project.log_redaction.RedactingGunicornLogger"
