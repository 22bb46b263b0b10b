"""A callback's lyrics join the search indexes when their follow-up work is done.

The callback stores them with searchable false, so its insert skips the GIN
indexes (docs/performance.md); search (pages, API, admin: lyrics_matching)
finds them once processed, or once their processing was given up on.
"""

import pytest
from django.test import override_settings

from lyricsapp.library.search import lyrics_matching
from lyricsapp.models import Lyric
from lyricsapp.processing.services import task_process, task_record_failure
from tests.callback_helpers import callback_body, post_callback

pytestmark = pytest.mark.django_db

TEXT = "[Verse]\n月光洒满了窗台\nMoonlight on the window"


def found(q):
    return list(lyrics_matching(Lyric.objects.all(), q).values_list("task__task_id", flat=True))


def test_it_stores_a_callbacks_lyrics_outside_the_search_indexes(client):
    post_callback(client, callback_body("s-1", text=TEXT))

    assert Lyric.objects.get().searchable is False
    assert found("月光") == []
    assert found("Moonlight") == []


def test_it_finds_a_lyric_once_processed(client):
    post_callback(client, callback_body("s-1", text=TEXT))

    assert task_process(task_id="s-1") is True

    assert Lyric.objects.get().searchable is True
    assert found("月光") == ["s-1"]
    assert found("oon") == ["s-1"]


@override_settings(LYRICS_PROCESSING_MAX_ATTEMPTS=2)
def test_it_finds_a_lyric_whose_processing_was_given_up_on(client):
    post_callback(client, callback_body("s-1", text=TEXT))

    task_record_failure(task_id="s-1", error="boom")
    assert found("月光") == []
    task_record_failure(task_id="s-1", error="boom")

    assert found("月光") == ["s-1"]


def test_it_lists_an_unprocessed_lyric_but_does_not_find_it_yet(admin_client, client):
    post_callback(client, callback_body("s-1", text=TEXT, title="Window Song"))

    listed = admin_client.get("/")
    searched = admin_client.get("/", {"q": "Window"})

    assert "Window Song" in listed.content.decode()
    assert "Window Song" not in searched.content.decode()
