import io
import zipfile

import pytest
from django.utils.http import urlencode

from lyricsapp.models import Favorite, Lyric, TaggedLyric
from lyricsapp.workspace.tags import lyric_tags_set


@pytest.mark.django_db
def test_it_shows_checkboxes_and_the_action_bar(editor_client, lyrics):
    html = editor_client.get("/?q=love").content.decode()
    assert html.count('class="row-select"') == 5
    assert 'form="bulk-form"' in html
    assert "Select all 5 matching lyrics" in html
    assert 'name="query" value="q=love"' in html


@pytest.mark.django_db
def test_it_tags_the_rows_ticked(editor_client, lyrics):
    chosen = [lyrics[0].pk, lyrics[1].pk]
    response = editor_client.post(
        "/lyrics/bulk/", {"ids": chosen, "action": "tag", "value": "demo", "next": "/?q=love"}
    )
    assert response.status_code == 302 and response["Location"] == "/?q=love"
    assert set(TaggedLyric.objects.values_list("content_object_id", flat=True)) == set(chosen)
    assert "2 of 2 selected lyrics changed." in editor_client.get("/").content.decode()


@pytest.mark.django_db
def test_it_acts_on_all_matching_the_query(editor_client, editor, lyrics):
    lyric_tags_set(lyric=lyrics[2], names=["x"], user=editor)
    query = urlencode({"tag": "x"})
    editor_client.post("/lyrics/bulk/", {"all": "1", "query": query, "action": "favorite"})
    assert list(Favorite.objects.values_list("lyric_id", flat=True)) == [lyrics[2].pk]
    editor_client.post("/lyrics/bulk/", {"all": "1", "query": "q=love", "action": "trash"})
    assert Lyric.objects.filter(trashed_at__isnull=False).count() == 5
    html = editor_client.get("/?trashed=true").content.decode()
    assert '<option value="restore">' in html


@pytest.mark.django_db
def test_it_exports_the_selection_as_a_zip(reader_client, lyrics):
    response = reader_client.post(
        "/lyrics/bulk/", {"ids": [lyrics[0].pk, lyrics[1].pk], "action": "export"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == ["Moonlight 0.md", "Moonlight 1.md"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"action": "tag", "value": "x"}, "Select at least one lyric"),
        ({"ids": ["1x"], "action": "trash"}, "is not a lyric id"),
        ({"ids": ["1"], "action": "tag", "value": "x" * 101}, "at most 100 characters"),
        ({"ids": ["1"], "action": "boom"}, "Unknown action"),
    ],
)
def test_it_answers_400_naming_the_problem(editor_client, lyrics, data, words):
    response = editor_client.post("/lyrics/bulk/", data)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not TaggedLyric.objects.exists()


@pytest.mark.django_db
def test_it_lets_readers_export_only(reader_client, lyrics):
    response = reader_client.post("/lyrics/bulk/", {"ids": [lyrics[0].pk], "action": "trash"})
    assert response.status_code == 403
    html = reader_client.get("/").content.decode()
    assert '<option value="export">' in html and '<option value="trash">' not in html
