"""The dashboard's figures, drawn as server-side SVG (no JavaScript, no CDN).

Charts are plain data here (bars with positions and sizes); the templates only
place them, so every label stays escaped by the template engine.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from lyricsapp.formatting import number, seconds, status_label
from lyricsapp.models import UNPROCESSED, Task, code_meaning

DAYS = 14
STATUSES = ["complete", "failed", "pending"]
CHART_HEIGHT = 160


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


def _days(today):
    return [today - dt.timedelta(days=n) for n in range(DAYS - 1, -1, -1)]


def results_per_day(today=None):
    """Stacked bars: tasks per day of creation, by status, over the last DAYS days."""
    today = today or timezone.localdate()
    days = _days(today)
    since = timezone.make_aware(dt.datetime.combine(days[0], dt.time.min))
    rows = (
        Task.objects.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("day", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {(row["day"], row["status"]): row["n"] for row in rows}
    totals = [sum(counts.get((day, s), 0) for s in STATUSES) for day in days]
    peak = max(totals) or 1
    slot = 100 / len(days)
    bars, labels = [], []
    for index, day in enumerate(days):
        y = CHART_HEIGHT
        for status in STATUSES:
            n = counts.get((day, status), 0)
            if not n:
                continue
            height = n / peak * (CHART_HEIGHT - 10)
            y -= height
            title = gettext("%(day)s: %(count)s %(status)s") % {
                "day": _day(day),
                "count": _count(n),
                "status": status_label(status),
            }
            bars.append(Bar(index * slot + slot * 0.15, y, slot * 0.7, height, status, title))
        labels.append({"x": index * slot + slot / 2, "text": f"{day:%d}", "title": _day(day)})
    total = sum(totals)
    description = ngettext(
        "%(total)s task in %(days)s days; the busiest day had %(peak)s.",
        "%(total)s tasks in %(days)s days; the busiest day had %(peak)s.",
        total,
    ) % {"total": _count(total), "days": len(days), "peak": _count(peak)}
    return {
        "bars": bars,
        "labels": labels,
        "peak": peak,
        "total": total,
        "days": days,
        "statuses": STATUSES,
        "description": description,
    }


def _day(day):
    return date_format(day, "MONTH_DAY_FORMAT")


def _count(n):
    return number(n)


def failures_by_code(today=None):
    """Failed tasks of the last DAYS days per provider code, most frequent first."""
    today = today or timezone.localdate()
    since = timezone.make_aware(dt.datetime.combine(_days(today)[0], dt.time.min))
    rows = list(
        Task.objects.filter(created_at__gte=since, status="failed")
        .values("code")
        .annotate(n=Count("id"))
        .order_by("-n", "code")
    )
    peak = max((row["n"] for row in rows), default=1)
    return [
        {
            "code": row["code"],
            "meaning": code_meaning(row["code"]),
            "n": row["n"],
            "percent": row["n"] / peak * 100,
        }
        for row in rows
    ]


def processing_lag(today=None):
    """Seconds from storing a result to finishing its follow-up work, per day (p50, p95)."""
    today = today or timezone.localdate()
    days = _days(today)
    since = timezone.make_aware(dt.datetime.combine(days[0], dt.time.min))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT (completed_at AT TIME ZONE %s)::date AS day,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY lag),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY lag),
                   count(*)
            FROM (SELECT completed_at,
                         extract(epoch FROM processed_at - completed_at) AS lag
                  FROM lyricsapp_task
                  WHERE completed_at >= %s AND processed_at IS NOT NULL) AS t
            GROUP BY 1 ORDER BY 1
            """,
            [timezone.get_current_timezone_name(), since],
        )
        stats = {day: (p50, p95, n) for day, p50, p95, n in cursor.fetchall()}
    peak = max((p95 for _, p95, _ in stats.values()), default=0) or 1
    slot = 100 / len(days)
    bars = []
    for index, day in enumerate(days):
        if day not in stats:
            continue
        p50, p95, n = stats[day]
        for css, value, offset in (("p95", p95, 0.15), ("p50", p50, 0.5)):
            title = ngettext(
                "%(day)s: %(quantile)s %(lag)s over %(count)s task",
                "%(day)s: %(quantile)s %(lag)s over %(count)s tasks",
                n,
            ) % {
                "day": _day(day),
                "quantile": gettext("p95") if css == "p95" else gettext("median"),
                "lag": seconds(value),
                "count": _count(n),
            }
            height = value / peak * (CHART_HEIGHT - 10)
            bars.append(
                Bar(
                    index * slot + slot * offset,
                    CHART_HEIGHT - height,
                    slot * 0.35,
                    height,
                    css,
                    title,
                )
            )
    return {"bars": bars, "peak": peak, "days": len(stats)}


def summary():
    counts = Task.objects.aggregate(
        total=Count("id"),
        pending=Count("id", filter=Q(status="pending")),
        failed=Count("id", filter=Q(status="failed")),
        unprocessed=Count("id", filter=UNPROCESSED),
    )
    return counts
