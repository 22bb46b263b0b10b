"""Reading the library: filtered, searched, paginated lyrics and tasks.

Counts and page numbers are lyricsapp.pagination's, as in the API and the
admin: exact up to 1,000, "more than 1,000" beyond. Past the last numbered
page, "Older" links continue with a keyset cursor (``id < last id``), which
costs the same on any page.
"""

import html
import re
from dataclasses import dataclass, field

from django.core.paginator import InvalidPage
from django.utils.safestring import mark_safe

from lyricsapp.library.search import lyrics_matching, normalize_query
from lyricsapp.models import Lyric, Task
from lyricsapp.pagination import BoundedCountPaginator
from lyricsapp.workspace.selectors import lyrics_curated

PAGE_SIZE = 20
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
    has_previous: bool = False
    has_next: bool = False

    @property
    def start_index(self):
        return 0 if not self.items else (self.number - 1) * self.per_page + 1

    @property
    def end_index(self):
        return self.start_index + len(self.items) - 1 if self.items else 0


def _keyset_page(queryset, cursor, newest_first):
    older = {"id__lt": cursor} if newest_first else {"id__gt": cursor}
    rows = list(queryset.filter(**older)[: PAGE_SIZE + 1])
    items = rows[:PAGE_SIZE]
    next_cursor = items[-1].id if len(rows) > PAGE_SIZE else None
    return Page(items, len(items), False, 1, cursor=cursor, next_cursor=next_cursor)


def paginate(queryset, *, page=1, cursor=None, newest_first=True):
    """One page of ``queryset`` ordered by id, by page number or keyset cursor."""
    queryset = queryset.order_by("-id" if newest_first else "id")
    if cursor is not None:
        return _keyset_page(queryset, cursor, newest_first)
    paginator = BoundedCountPaginator(queryset, PAGE_SIZE)
    try:
        current = paginator.page(max(1, page))
    except InvalidPage:
        # Past the end: an empty page that links back to the first one.
        return Page([], 0, False, max(1, page))
    items = list(current)
    more = current.more and not current.has_next()
    return Page(
        items,
        # Beyond the cap the page says "more than 1,000", not the estimate.
        paginator.count if paginator.exact else paginator.cap,
        not paginator.exact,
        current.number,
        next_cursor=items[-1].id if more and items else None,
        page_numbers=[
            None if n == paginator.ELLIPSIS else n
            for n in paginator.page_range_elided(current.number)
        ],
        has_previous=current.has_previous(),
        has_next=current.has_next(),
    )


def lyrics_filtered(
    *, q="", status="", code=None, date_from=None, date_to=None, user=None, **workspace
):
    """The library's lyrics; ``workspace`` holds lyrics_curated's filters (trash left out)."""
    queryset = lyrics_curated(Lyric.objects.select_related("task"), user=user, **workspace)
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
