"""Reading the library: filtered, searched, paginated lyrics and tasks.

Counting every match of a frequent term costs more than finding a page of
them (a full scan at a million lyrics), so counts stop at COUNT_CAP and the
pages say "more than 10,000". Page numbers go as far as the capped count;
past it, "Older" links continue with a keyset cursor (``id < last id``),
which costs the same on any page.
"""

import html
import math
import re
from dataclasses import dataclass, field

from django.utils.safestring import mark_safe

from lyricsapp.models import Lyric, Task
from lyricsapp.search import lyrics_matching, normalize_query

PAGE_SIZE = 20
COUNT_CAP = 10_000
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


def capped_count(queryset, cap=None):
    """(count, capped): exact up to ``cap``; beyond it only "more than cap"."""
    cap = COUNT_CAP if cap is None else cap
    count = queryset.order_by()[: cap + 1].count()
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


def paginate(queryset, *, page=1, cursor=None, newest_first=True):
    """One page of ``queryset`` ordered by id, by page number or keyset cursor."""
    order = "-id" if newest_first else "id"
    queryset = queryset.order_by(order)
    if cursor is not None:
        older = {"id__lt": cursor} if newest_first else {"id__gt": cursor}
        rows = list(queryset.filter(**older)[: PAGE_SIZE + 1])
        items = rows[:PAGE_SIZE]
        next_cursor = items[-1].id if len(rows) > PAGE_SIZE else None
        return Page(items, len(items), False, 1, cursor=cursor, next_cursor=next_cursor)
    count, capped = capped_count(queryset)
    last = max(1, math.ceil(count / PAGE_SIZE))
    number = min(max(1, page), last)
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
