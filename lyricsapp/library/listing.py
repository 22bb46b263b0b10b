"""Reading the library: filtered, searched, paginated lyrics and tasks.

Counting every match of a frequent term costs more than finding a page of
them (a full scan at a million lyrics). So a count is exact up to COUNT_CAP
and otherwise says "more than 1,000", decided the cheap way:

- the planner's row estimate comes first (EXPLAIN, about a millisecond; it is
  within a few times the truth, from the column and search-key statistics);
  at ten times the cap or more nothing is counted;
- otherwise the matches are few, and they are counted from the indexes
  (bitmap scans forced for that one statement) up to the cap.

Page numbers go as far as the count; past the cap, "Older" links continue
with a keyset cursor (``id < last id``), which costs the same on any page.
"""

import html
import json
import math
import re
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.safestring import mark_safe

from lyricsapp.library.search import lyrics_matching, normalize_query
from lyricsapp.models import Lyric, Task

PAGE_SIZE = 20
COUNT_CAP = 1_000
# Above COUNT_CAP * ESTIMATE_MARGIN estimated rows, counting is skipped.
ESTIMATE_MARGIN = 10
SNIPPET_RADIUS = 70


@dataclass
class Page:
    items: list
    count: int
    count_capped: bool
    number: int
    per_page: int = PAGE_SIZE
    cursor: int | None = None
    next_cursor: int | None = None
    page_numbers: list = field(default_factory=list)

    @property
    def last_number(self):
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def has_previous(self):
        return self.cursor is None and self.number > 1

    @property
    def has_next(self):
        return self.cursor is None and self.number < self.last_number

    @property
    def start_index(self):
        return 0 if not self.items else (self.number - 1) * self.per_page + 1

    @property
    def end_index(self):
        return self.start_index + len(self.items) - 1 if self.items else 0


def estimated_rows(queryset):
    """The planner's estimate of how many rows ``queryset`` returns."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0]["Plan"]["Plan Rows"]


def capped_count(queryset, *, searched=False, cap=None):
    """(count, capped): exact up to ``cap``; beyond it only "more than cap"."""
    cap = COUNT_CAP if cap is None else cap
    if estimated_rows(queryset) >= cap * ESTIMATE_MARGIN:
        return cap, True
    counting = queryset.order_by()[: cap + 1]
    if not searched:
        count = counting.count()
    else:
        # Few matches: the search indexes find them all at once, while walking
        # the table newest-first would run ILIKE on every row to the end.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            count = counting.count()
    return min(count, cap), count > cap


def page_numbers(number, last):
    """1 … 4 5 [6] 7 8 … 20: None marks a gap."""
    wanted = {1, last, *range(number - 2, number + 3)}
    numbers, previous = [], 0
    for n in sorted(n for n in wanted if 1 <= n <= last):
        if n - previous > 1:
            numbers.append(None)
        numbers.append(n)
        previous = n
    return numbers


def paginate(queryset, *, page=1, cursor=None, newest_first=True, searched=False):
    """One page of ``queryset`` ordered by id, by page number or keyset cursor."""
    order = "-id" if newest_first else "id"
    queryset = queryset.order_by(order)
    if cursor is not None:
        older = {"id__lt": cursor} if newest_first else {"id__gt": cursor}
        rows = list(queryset.filter(**older)[: PAGE_SIZE + 1])
        items = rows[:PAGE_SIZE]
        next_cursor = items[-1].id if len(rows) > PAGE_SIZE else None
        return Page(items, len(items), False, 1, cursor=cursor, next_cursor=next_cursor)
    first_rows = None
    if page <= 1:
        # A first page that is not full is its own exact count.
        first_rows = list(queryset[: PAGE_SIZE + 1])
    if first_rows is not None and len(first_rows) <= PAGE_SIZE:
        count, capped = len(first_rows), False
    else:
        count, capped = capped_count(queryset, searched=searched)
    last = max(1, math.ceil(count / PAGE_SIZE))
    number = min(max(1, page), last)
    if number == 1 and first_rows is not None:
        items = first_rows[:PAGE_SIZE]
    else:
        offset = (number - 1) * PAGE_SIZE
        items = list(queryset[offset : offset + PAGE_SIZE])
    next_cursor = items[-1].id if capped and number == last and items else None
    return Page(
        items,
        count,
        capped,
        number,
        next_cursor=next_cursor,
        page_numbers=page_numbers(number, last),
    )


def lyrics_filtered(*, q="", status="", code=None, date_from=None, date_to=None):
    queryset = Lyric.objects.select_related("task")
    if status:
        queryset = queryset.filter(status=status)
    if code is not None:
        queryset = queryset.filter(task__code=code)
    if date_from:
        queryset = queryset.filter(created_at__date__gte=date_from)
    if date_to:
        queryset = queryset.filter(created_at__date__lte=date_to)
    return lyrics_matching(queryset, q)


def tasks_filtered(*, status="", code=None):
    queryset = Task.objects.all()
    if status:
        queryset = queryset.filter(status=status)
    if code is not None:
        queryset = queryset.filter(code=code)
    return queryset


def snippet(text, q, radius=SNIPPET_RADIUS):
    """Escaped HTML: the text around the first match of ``q``, the match in <mark>."""
    text = " ".join((text or "").split())
    q = normalize_query(q)
    match = re.search(re.escape(q), text, re.IGNORECASE) if q else None
    if match is None:
        head = text[: radius * 2]
        ellipsis = "…" if len(text) > len(head) else ""
        return mark_safe(html.escape(head) + ellipsis)  # noqa: S308 (escaped here)
    start = max(0, match.start() - radius)
    end = min(len(text), match.end() + radius)
    return mark_safe(  # noqa: S308 (every part is escaped here)
        ("…" if start > 0 else "")
        + html.escape(text[start : match.start()])
        + "<mark>"
        + html.escape(match.group(0))
        + "</mark>"
        + html.escape(text[match.end() : end])
        + ("…" if end < len(text) else "")
    )
