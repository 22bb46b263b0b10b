"""The balance over time as an SVG polyline (drawn on the server, like the
dashboard's other charts): one point per hour, the hour's last reading."""

import datetime as dt

from django.db import connection
from django.utils import timezone

DAYS = 14
HEIGHT = 160

_HOURLY_SQL = """
SELECT DISTINCT ON (date_trunc('hour', checked_at)) checked_at, credits
FROM lyricsapp_creditsample
WHERE checked_at >= %s AND credits IS NOT NULL
ORDER BY date_trunc('hour', checked_at), checked_at DESC
"""


def credits_history(*, now=None, days=DAYS):
    now = now or timezone.now()
    since = now - dt.timedelta(days=days)
    with connection.cursor() as cursor:
        cursor.execute(_HOURLY_SQL, [since])
        rows = cursor.fetchall()
    span = (now - since).total_seconds()
    peak = max((credits for _, credits in rows), default=0) or 1
    points = []
    for checked_at, credits in rows:
        x = (checked_at - since).total_seconds() / span * 100
        y = HEIGHT - credits / peak * (HEIGHT - 10)
        points.append((x, y, checked_at, credits))
    return {
        "points": " ".join(f"{x:.3f},{y:.3f}" for x, y, _, _ in points),
        "samples": [{"x": x, "y": y, "at": at, "credits": c} for x, y, at, c in points],
        "peak": peak,
        "low": min((c for *_, c in points), default=None),
        "days": days,
        "height": HEIGHT,
    }
