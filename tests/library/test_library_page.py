import datetime as dt

import pytest
from django.contrib.auth.models import User

from lyricsapp.library import listing as library
from lyricsapp.models import Lyric
from tests.library_helpers import make_lyric, make_task


@pytest.fixture
def user_client(client, db):
    user = User.objects.create_user("reader", password="a-long-password-1")
    client.force_login(user)
    return client


def test_it_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_it_lists_newest_first(user_client):
    make_lyric(title="Older song")
    make_lyric(title="Newer song")
    response = user_client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Newer song") < body.index("Older song")
    assert "2 lyrics" in body


def test_it_sorts_oldest_first(user_client):
    make_lyric(title="Older song")
    make_lyric(title="Newer song")
    body = user_client.get("/?sort=oldest").content.decode()
    assert body.index("Older song") < body.index("Newer song")


def test_it_searches_chinese_and_highlights(user_client):
    make_lyric(title="星夜狂想", text="[Verse]\n月光洒满了窗台")
    make_lyric(title="Moonlight", text="Driving all night")
    response = user_client.get("/", {"q": "月光"})
    body = response.content.decode()
    assert "星夜狂想" in body
    assert "Moonlight" not in body
    assert "<mark>月光</mark>洒满了窗台" in body
    assert "1 lyric" in body


def test_it_searches_latin_case_insensitively(user_client):
    make_lyric(title="Moonlight", text="Driving all night")
    body = user_client.get("/", {"q": "MOON"}).content.decode()
    assert "Moonlight" in body


def test_it_escapes_lyrics_and_the_query(user_client):
    make_lyric(title="<script>alert(1)</script>", text="<img src=x onerror=alert(2)> love")
    body = user_client.get("/", {"q": "<img"}).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<img src=x" not in body
    assert "<mark>&lt;img</mark> src=x onerror=alert(2)&gt; love" in body


def test_it_filters_by_status(user_client):
    make_lyric(title="Good one")
    make_lyric(title="Bad one", status="failed", error_message="went wrong")
    body = user_client.get("/", {"status": "failed"}).content.decode()
    assert "Bad one" in body
    assert "Good one" not in body


def test_it_filters_by_code(user_client):
    make_lyric(title="Fine", task=make_task(code=200))
    make_lyric(title="Refunded", status="failed", task=make_task(status="failed", code=531))
    body = user_client.get("/", {"code": "531"}).content.decode()
    assert "Refunded" in body
    assert "Fine" not in body


def test_it_filters_by_date_range(user_client):
    old = make_lyric(title="Last year")
    Lyric.objects.filter(pk=old.pk).update(created_at=dt.datetime(2020, 5, 1, tzinfo=dt.UTC))
    make_lyric(title="Today")
    body = user_client.get("/", {"date_from": "2020-04-30", "date_to": "2020-05-02"})
    body = body.content.decode()
    assert "Last year" in body
    assert "Today" not in body


def test_it_ignores_invalid_filters(user_client):
    make_lyric(title="Still here")
    response = user_client.get("/", {"code": "abc", "date_from": "nope", "page": "-3"})
    assert response.status_code == 200
    assert "Still here" in response.content.decode()


def test_it_paginates(user_client):
    for n in range(library.PAGE_SIZE + 5):
        make_lyric(title=f"Song number {n:02d}")
    first = user_client.get("/").content.decode()
    assert "1–20 of 25 lyrics" in first
    assert "Song number 24" in first
    second = user_client.get("/", {"page": 2}).content.decode()
    assert "21–25 of 25 lyrics" in second
    assert "Song number 00" in second
    assert "Song number 24" not in second


def test_it_caps_the_count_and_continues_with_a_cursor(user_client, monkeypatch):
    monkeypatch.setattr(library, "COUNT_CAP", 30)
    for n in range(45):
        make_lyric(title=f"Song number {n:02d}")
    last = user_client.get("/", {"page": 2}).content.decode()
    assert "of more than 30 lyrics" in last
    assert "cursor=" in last
    cursor = last.split("cursor=")[1].split('"')[0]
    older = user_client.get("/", {"cursor": cursor}).content.decode()
    assert "Song number 04" in older
    assert "Song number 05" not in older  # shown on page 2 already
    assert "Song number 00" in older


def test_it_says_when_nothing_matches(user_client):
    make_lyric(title="Something")
    body = user_client.get("/", {"q": "鲸鳞"}).content.decode()
    assert "No lyrics match" in body


def test_it_has_the_navigation(user_client):
    body = user_client.get("/").content.decode()
    for label in ("Library", "Tasks", "Dashboard", "New", "Log out"):
        assert f">{label}<" in body


def test_it_skips_counting_when_the_estimate_is_far_above_the_cap(db, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(library, "COUNT_CAP", 5)
    monkeypatch.setattr(library, "ESTIMATE_MARGIN", 2)
    for n in range(60):
        make_lyric(title=f"Song {n}", text="love again")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE lyricsapp_lyric")
    queryset = library.lyrics_filtered(q="love")
    with CaptureQueriesContext(connection) as queries:
        assert library.capped_count(queryset, searched=True) == (5, True)
    assert [q["sql"].split()[0] for q in queries] == ["EXPLAIN"]


def test_it_counts_few_matches_exactly_from_the_index(db, monkeypatch):
    monkeypatch.setattr(library, "COUNT_CAP", 5)
    for n in range(8):
        make_lyric(title=f"Song {n}", text="月光" if n % 2 else "星空")
    queryset = library.lyrics_filtered(q="月光")
    assert library.capped_count(queryset, searched=True) == (4, False)
    monkeypatch.setattr(library, "COUNT_CAP", 3)
    assert library.capped_count(queryset, searched=True) == (3, True)


def test_a_page_past_the_end_offers_the_first_page(user_client):
    first = make_lyric(title="Only one")
    body = user_client.get("/", {"q": "Only", "cursor": first.pk}).content.decode()
    assert "No more lyrics" in body
    assert 'href="?q=Only"' in body
