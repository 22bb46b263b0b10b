"""The list total stays cheap: exact up to a cap, the planner's estimate above it."""

import pytest
from django.db import connection

from lyricsapp.models import Lyric
from lyricsapp.pagination import BoundedCountPaginator, table_estimate
from tests.api_helpers import make_task, token_client


@pytest.fixture
def api(django_user_model):
    return token_client(django_user_model.objects.create_user("reader"))


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(BoundedCountPaginator, "cap", 25)


@pytest.fixture
def lyrics_45():
    make_task("t", lyrics=[{"title": f"song {n}", "text": "la"} for n in range(45)])


@pytest.mark.django_db
def test_it_counts_exactly_below_the_cap(api, lyrics_45):
    body = api.get("/api/v1/lyrics/?q=song").json()
    assert body["count"] == 45
    assert api.get("/api/v1/lyrics/?q=song&page=3").json()["count"] == 45


@pytest.mark.django_db
def test_it_caps_the_count_of_a_filtered_list(api, lyrics_45, small_cap):
    body = api.get("/api/v1/lyrics/?q=song&page=2").json()
    assert body["count"] == 25
    assert len(body["results"]) == 5
    assert body["next"] is None
    assert api.get("/api/v1/lyrics/?q=song&page=3").status_code == 404


@pytest.mark.django_db
def test_it_uses_the_planner_estimate_for_a_large_unfiltered_list(api, lyrics_45, small_cap):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE lyricsapp_lyric")
    assert table_estimate(Lyric) == 45
    body = api.get("/api/v1/lyrics/").json()
    assert body["count"] == 45
    assert body["next"].endswith("?page=2")
    third = api.get("/api/v1/lyrics/?page=3").json()
    assert len(third["results"]) == 5
