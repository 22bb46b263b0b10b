"""Prometheus metrics.

Gunicorn runs several processes and Celery others, so no in-process counter
would be the whole truth. The metrics are read from the database at scrape
time instead, each with a query an index answers.
"""

import hmac

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from callbacks.models import Delivery
from lyricsapp.alerts.metrics import AlertsCollector
from lyricsapp.models import Task

# The lag of recently processed tasks is measured over this many newest tasks.
RECENT_TASKS = 200


_RECENT_LAG_SQL = """
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag),
       percentile_cont(0.95) WITHIN GROUP (ORDER BY lag),
       max(lag), count(*)
FROM (
    SELECT extract(epoch FROM processed_at - completed_at) AS lag
    FROM (SELECT processed_at, completed_at FROM lyricsapp_task
          ORDER BY created_at DESC, id DESC LIMIT %s) AS newest
    WHERE processed_at IS NOT NULL AND completed_at IS NOT NULL
) AS lags
"""

# Served by the partial index task_unprocessed: it holds only the backlog.
# The condition is TaskQuerySet.unprocessed()'s (tests/processing/test_unprocessed.py).
_BACKLOG_SQL = """
SELECT count(*), extract(epoch FROM now() - min(completed_at))
FROM lyricsapp_task
WHERE processed_at IS NULL AND completed_at IS NOT NULL AND processing_failed_at IS NULL
"""


class DatabaseCollector:
    """Reads every figure from PostgreSQL when Prometheus scrapes."""

    def collect(self):
        callbacks = CounterMetricFamily(
            "lyrics_callbacks",
            "Callback deliveries recorded, by outcome.",
            labels=["outcome"],
        )
        # Deliveries by outcome: an index-only scan of the outcome index.
        counts = _count_by("callbacks_delivery", "outcome")
        for outcome in Delivery.Outcome.values:
            callbacks.add_metric([outcome], counts.get(outcome, 0))
        yield callbacks

        tasks = GaugeMetricFamily("lyrics_tasks", "Tasks by status.", labels=["status"])
        counts = _count_by("lyricsapp_task", "status")
        for status in Task.Status.values:
            tasks.add_metric([status], counts.get(status, 0))
        yield tasks

        with connection.cursor() as cursor:
            cursor.execute(_BACKLOG_SQL)
            backlog, oldest_age = cursor.fetchone()
            cursor.execute(_RECENT_LAG_SQL, [RECENT_TASKS])
            p50, p95, lag_max, sample = cursor.fetchone()
        yield GaugeMetricFamily(
            "lyrics_unprocessed_backlog",
            "Stored results not processed yet (failed ones excluded).",
            value=backlog,
        )
        yield GaugeMetricFamily(
            "lyrics_oldest_unprocessed_age_seconds",
            "Seconds since the oldest unprocessed result was stored (0 without backlog).",
            value=float(oldest_age or 0),
        )
        lag = GaugeMetricFamily(
            "lyrics_processing_lag_seconds",
            f"Time from stored to processed over the {RECENT_TASKS} newest tasks.",
            labels=["quantile"],
        )
        lag.add_metric(["0.5"], float(p50 or 0))
        lag.add_metric(["0.95"], float(p95 or 0))
        lag.add_metric(["1"], float(lag_max or 0))
        yield lag
        yield from _storage_metrics()
        yield GaugeMetricFamily(
            "lyrics_processing_lag_sample_size",
            "How many processed tasks the lag quantiles were computed over.",
            value=sample,
        )


# The tables that grow: raw deliveries (pruned by retention) and the library.
SIZED_TABLES = ["callbacks_delivery", "lyricsapp_task", "lyricsapp_lyric"]


def _storage_metrics():
    with connection.cursor() as cursor:
        # Catalogue reads and one index end of received_at: no table scan.
        cursor.execute(
            "SELECT name, pg_total_relation_size(name::regclass) FROM unnest(%s::text[]) AS name",
            [SIZED_TABLES],
        )
        sizes = cursor.fetchall()
        cursor.execute(
            "SELECT extract(epoch FROM now() - min(received_at)) FROM callbacks_delivery"
        )
        oldest = cursor.fetchone()[0]
    table_bytes = GaugeMetricFamily(
        "lyrics_table_bytes",
        "On-disk size of a table with its indexes and TOAST.",
        labels=["table"],
    )
    for name, size in sizes:
        table_bytes.add_metric([name], size)
    yield table_bytes
    yield GaugeMetricFamily(
        "lyrics_oldest_delivery_age_seconds",
        "Age of the oldest raw delivery kept (0 when there is none); see DELIVERY_RETENTION_DAYS.",
        value=float(oldest or 0),
    )


def _count_by(table, column):
    # count(*) rather than count(id): the index on the column alone answers it.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column}, count(*) FROM {table} GROUP BY {column}")  # noqa: S608
        return dict(cursor.fetchall())


def _bearer_is_valid(request, token):
    scheme, _, supplied = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        supplied.strip().encode("utf-8", "surrogatepass"), token.encode()
    )


@never_cache
@require_GET
def metrics(request):
    if settings.METRICS_TOKEN and not _bearer_is_valid(request, settings.METRICS_TOKEN):
        response = JsonResponse({"error": "a valid bearer token is required"}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector())
    registry.register(AlertsCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
