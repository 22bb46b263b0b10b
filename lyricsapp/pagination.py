"""One pagination and count strategy for the library pages, the read API and the admin.

An exact ``count(*)`` of a frequent search term reads most of the table (over
a second at a million lyrics), and so does counting up to a large cap. So
every list counts the same bounded way (docs/performance.md):

1. The planner's row estimate comes first (``EXPLAIN``, about a millisecond,
   within a few times the truth from the column and search-key statistics).
   At ``COUNT_CAP * ESTIMATE_MARGIN`` rows or more nothing is counted.
2. Otherwise the matches are few, and they are counted from the indexes
   (bitmap scans forced for that one statement) with
   ``SELECT count(*) FROM (... LIMIT COUNT_CAP + 1)``.

A count is therefore exact up to ``COUNT_CAP``; beyond it the paginator
reports the estimate (at least ``COUNT_CAP + 1``) and ``exact`` is False:
the pages say "more than 1,000", the API's ``count`` holds the estimate.

Page numbers reach ``PAGE_DEPTH`` rows at most (OFFSET costs a row walked per
row skipped); the library pages continue past that with a keyset cursor
(lyricsapp.library). With an estimated count every page down to that depth
may be asked for, and whether there is a next one is read from one extra row,
so an estimate that is too low never hides a page; a page past the real end
is an EmptyPage (the API's 404).
"""

import json
import math

from django.core.paginator import EmptyPage, Page, Paginator
from django.db import connections, transaction
from django.db.models import QuerySet, Subquery
from django.utils.functional import cached_property

COUNT_CAP = 1_000
# At this many times the cap estimated, counting is skipped.
ESTIMATE_MARGIN = 10
PAGE_DEPTH = 10_000
# From this many rows skipped, a page is fetched as "the rows whose id is among
# the next ids": the OFFSET then walks the index alone, where it would
# otherwise join and compute every row it skips (8,000 joins for page 400).
DEFERRED_JOIN_FROM = 1_000


def estimated_rows(queryset):
    """The planner's estimate of how many rows ``queryset`` returns."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _searched(queryset):
    """A text search (lyricsapp.library.search's ILIKE) or a workspace filter (an EXISTS
    on tags, stars or collections) rather than plain column filters: the planner would
    hash-join a scan of the whole table where the indexes find the few matches at once."""
    sql = str(queryset.query)
    return " ILIKE " in sql or " EXISTS(" in sql


def bounded_count(queryset, cap=COUNT_CAP):
    """(count, exact): exact up to ``cap``, else the planner's estimate (above ``cap``)."""
    estimate = estimated_rows(queryset)
    if estimate >= cap * ESTIMATE_MARGIN:
        return estimate, False
    # The counting query, without the annotations a page selects (a star's EXISTS).
    counting = queryset.order_by().values("pk")[: cap + 1]
    settings = []
    if estimate > cap:
        # No parallel workers, which the planner starts for a large estimate:
        # starting them costs more than counting the 1,001 rows at most (6
        # against 12 ms for "submitted_by=me" at 1M).
        settings.append("set_config('max_parallel_workers_per_gather', '0', true)")
    if _searched(counting):
        # Few matches: the search indexes find them all at once, where walking
        # the table newest-first would test every row to the end.
        settings += [
            "set_config('enable_seqscan', 'off', true)",
            "set_config('enable_indexscan', 'off', true)",
        ]
    if not settings:
        count = counting.count()
    else:
        with transaction.atomic(using=queryset.db), connections[queryset.db].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(settings))
            count = counting.count()
    if count <= cap:
        return count, True
    return max(estimate, cap + 1), False


class BoundedPage(Page):
    """A page fetched with one extra row, which tells whether another page follows.

    Nothing is read until the page is used (the admin builds one for its
    actions without showing it)."""

    def __init__(self, rows, number, paginator):
        self._rows = rows
        super().__init__(rows, number, paginator)

    @cached_property
    def _fetched(self):
        return list(self._rows)

    @property
    def object_list(self):
        if "_fetched" in self.__dict__:
            return self._fetched[: self.paginator.per_page]
        return self._rows[: self.paginator.per_page]

    def __len__(self):
        return len(self._fetched[: self.paginator.per_page])

    def __getitem__(self, index):
        return self._fetched[: self.paginator.per_page][index]

    @object_list.setter
    def object_list(self, value):
        """Page.__init__ assigns it; the rows stay in ``_rows``."""

    @property
    def more(self):
        return len(self._fetched) > self.paginator.per_page

    def has_next(self):
        return self.more and self.number < self.paginator.num_pages


class BoundedCountPaginator(Paginator):
    """A Django paginator whose count and depth are bounded (see the module docstring)."""

    cap = COUNT_CAP
    depth = PAGE_DEPTH

    @cached_property
    def _bounded(self):
        return bounded_count(self.object_list, self.cap)

    @cached_property
    def count(self):
        return self._bounded[0]

    @property
    def exact(self):
        return self._bounded[1]

    @cached_property
    def num_pages(self):
        """As far as the count goes; with an estimate, as deep as pages are served."""
        reachable = max(1, self.depth // self.per_page)
        if not self.exact:
            return reachable
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return min(max(1, math.ceil(self.count / self.per_page)), reachable)

    def page(self, number):
        counted = "_bounded" in self.__dict__
        number = self.validate_number(number) if counted or number != 1 else 1
        bottom = (number - 1) * self.per_page
        page = BoundedPage(self._rows(bottom, bottom + self.per_page + 1), number, self)
        if number == 1 and not counted and not page.more:
            # A first page that is not full is its own exact count.
            self.__dict__["_bounded"] = (len(page), True)
        elif not self.exact and number > 1 and not len(page):
            # Past the real end of an estimated count.
            raise EmptyPage("That page contains no results")
        return page

    def _rows(self, bottom, top):
        rows = self.object_list
        if bottom < DEFERRED_JOIN_FROM or not isinstance(rows, QuerySet):
            return rows[bottom:top]
        return rows.filter(pk__in=Subquery(rows.values("pk")[bottom:top]))

    def page_range_elided(self, number):
        """``get_elided_page_range``; past an estimated count the last pages are
        left out (they are not known), the final gap says there is more."""
        pages = list(self.get_elided_page_range(number, on_each_side=2, on_ends=1))
        if not self.exact and len(pages) > 1 and pages[-2] == self.ELLIPSIS:
            pages.pop()
        return pages
