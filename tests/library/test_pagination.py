"""The one count strategy (lyricsapp.pagination) shared by pages, API and admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lyricsapp import pagination
from lyricsapp.library import listing as library
from lyricsapp.models import Lyric
from lyricsapp.pagination import BoundedCountPaginator, bounded_count
from tests.library_helpers import make_lyric


def analyse():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE lyricsapp_lyric")


@pytest.mark.django_db
def test_it_skips_counting_when_the_estimate_is_far_above_the_cap(monkeypatch):
    monkeypatch.setattr(pagination, "ESTIMATE_MARGIN", 2)
    for n in range(60):
        make_lyric(title=f"Song {n}", text="love again")
    analyse()
    queryset = library.lyrics_filtered(q="love")
    with CaptureQueriesContext(connection) as queries:
        count, exact = bounded_count(queryset, cap=5)
    assert (count > 5, exact) == (True, False)
    assert [q["sql"].split()[0] for q in queries] == ["EXPLAIN"]


@pytest.mark.django_db
def test_it_counts_few_matches_exactly_with_a_limited_subquery():
    for n in range(8):
        make_lyric(title=f"Song {n}", text="月光" if n % 2 else "星空")
    queryset = library.lyrics_filtered(q="月光")
    with CaptureQueriesContext(connection) as queries:
        assert bounded_count(queryset, cap=5) == (4, True)
    counting = [q["sql"] for q in queries if "COUNT(*)" in q["sql"]]
    assert len(counting) == 1
    assert "LIMIT 6" in counting[0]
    count, exact = bounded_count(queryset, cap=3)
    assert (count >= 4, exact) == (True, False)


@pytest.mark.django_db
def test_a_first_page_that_is_not_full_is_its_own_count():
    for n in range(3):
        make_lyric(title=f"Song {n}")
    paginator = BoundedCountPaginator(Lyric.objects.order_by("-id"), 20)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(1)
        assert (paginator.count, paginator.exact, paginator.num_pages) == (3, True, 1)
    assert len(queries) == 1
    assert not page.has_next()


@pytest.mark.django_db
def test_the_page_numbers_come_from_get_elided_page_range():
    for n in range(200):
        make_lyric(title=f"Song {n}")
    paginator = BoundedCountPaginator(Lyric.objects.order_by("-id"), 5)
    dots = paginator.ELLIPSIS
    assert paginator.page_range_elided(10) == [1, dots, 8, 9, 10, 11, 12, dots, 40]
    paginator = BoundedCountPaginator(Lyric.objects.order_by("-id"), 5)
    paginator.cap = 50
    analyse()
    # An estimated count: the last pages are unknown, the gap says there is more.
    assert paginator.page_range_elided(10) == [1, dots, 8, 9, 10, 11, 12, dots]


def test_the_pages_write_counts_with_humanizes_intcomma():
    from lyricsapp.templatetags.humanize_count import count_phrase

    capped = library.Page(list(range(20)), 1000, True, 1)
    assert count_phrase(capped, "lyrics") == "1–20 of more than 1,000 lyrics"
    exact = library.Page(list(range(20)), 12345, False, 2)
    assert count_phrase(exact, "lyrics") == "21–40 of 12,345 lyrics"


@pytest.mark.django_db
def test_a_deep_page_skips_ids_only_and_holds_the_same_rows(monkeypatch):
    # Deep pages select the page's ids first, so the OFFSET walks the index
    # alone instead of joining every row it skips.
    monkeypatch.setattr(pagination, "DEFERRED_JOIN_FROM", 10)
    for n in range(30):
        make_lyric(title=f"Song {n}", text="月光" if n % 3 else "星空")
    queryset = library.lyrics_filtered(q="月光")
    expected = list(queryset.order_by("-id").values_list("pk", flat=True)[10:15])

    paginator = BoundedCountPaginator(queryset.order_by("-id"), 5)
    with CaptureQueriesContext(connection) as queries:
        rows = [lyric.pk for lyric in paginator.page(3)]

    assert rows == expected
    paging = [q["sql"] for q in queries if "OFFSET" in q["sql"]]
    assert len(paging) == 1 and " IN (SELECT " in paging[0] and "OFFSET 10)" in paging[0]
    shallow = BoundedCountPaginator(queryset.order_by("-id"), 5).page(2)
    assert "IN (SELECT" not in str(shallow.object_list.query)


@pytest.mark.django_db
def test_it_counts_a_large_estimate_without_parallel_workers():
    # Launching workers costs more than counting 1,001 rows at most.
    for n in range(8):
        make_lyric(title=f"Song {n}")
    analyse()
    with CaptureQueriesContext(connection) as queries:
        assert bounded_count(Lyric.objects.filter(title__startswith="Song"), cap=5)[0] >= 6
    settings = [q["sql"] for q in queries if "set_config" in q["sql"]]
    assert len(settings) == 1 and "max_parallel_workers_per_gather" in settings[0]
    with CaptureQueriesContext(connection) as queries:
        assert bounded_count(Lyric.objects.filter(title__startswith="Song"), cap=100) == (8, True)
    assert not [q for q in queries if "set_config" in q["sql"]]
