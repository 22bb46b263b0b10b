"""The API's lists count the bounded way of lyricsapp.pagination: exact up to
the cap, the planner's estimate above it, pages down to a fixed depth."""

import pytest
from django.db import connection

from lyricsapp import pagination
from lyricsapp.pagination import BoundedCountPaginator
from tests.api_helpers import make_task, token_client


@pytest.fixture
def api(django_user_model):
    return token_client(django_user_model.objects.create_user("reader"))


@pytest.fixture
def lyrics_45(db):
    make_task("t", lyrics=[{"title": f"song {n}", "text": "la"} for n in range(45)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE lyricsapp_lyric")


@pytest.mark.django_db
def test_it_counts_exactly_below_the_cap(api, lyrics_45):
    body = api.get("/api/v1/lyrics/?q=song").json()
    assert body["count"] == 45
    assert body["next"].endswith("?page=2&q=song")
    third = api.get("/api/v1/lyrics/?q=song&page=3").json()
    assert third["count"] == 45
    assert len(third["results"]) == 5
    assert third["next"] is None
    assert api.get("/api/v1/lyrics/?q=song&page=4").status_code == 404


@pytest.mark.django_db
def test_above_the_cap_it_reports_the_planner_estimate(api, lyrics_45, monkeypatch):
    monkeypatch.setattr(BoundedCountPaginator, "cap", 25)
    body = api.get("/api/v1/lyrics/").json()
    assert body["count"] == 45  # the estimate after ANALYZE
    assert body["previous"] is None
    assert body["next"].endswith("?page=2")


@pytest.mark.django_db
def test_an_estimate_below_the_truth_hides_no_page(api, lyrics_45, monkeypatch):
    monkeypatch.setattr(BoundedCountPaginator, "cap", 25)
    monkeypatch.setattr(pagination, "estimated_rows", lambda queryset: 1)
    assert api.get("/api/v1/lyrics/?q=song").json()["count"] == 26
    third = api.get("/api/v1/lyrics/?q=song&page=3").json()
    assert len(third["results"]) == 5
    assert third["next"] is None
    response = api.get("/api/v1/lyrics/?q=song&page=4")
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


@pytest.mark.django_db
def test_pages_are_served_down_to_the_depth_limit(api, lyrics_45, monkeypatch):
    monkeypatch.setattr(BoundedCountPaginator, "depth", 40)
    second = api.get("/api/v1/lyrics/?page=2").json()
    assert len(second["results"]) == 20
    assert second["next"] is None
    assert api.get("/api/v1/lyrics/?page=3").status_code == 404
    assert api.get("/api/v1/lyrics/?page=last").json()["results"] == second["results"]
