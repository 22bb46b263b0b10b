import io
import zipfile

import pytest

EXPORT = "/api/v1/lyrics/bulk/export/"


@pytest.mark.django_db
def test_it_exports_the_selection_as_markdown_files(reader_api, lyric, lyrics):
    response = reader_api.post(EXPORT, {"ids": [lyric.pk, lyrics[0].pk]}, format="json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["Moonlight 0.md", "星夜狂想.md"]
    assert archive.read("星夜狂想.md").decode().startswith("# 星夜狂想\n\n## Verse")


@pytest.mark.django_db
def test_it_numbers_files_with_the_same_title(api, lyrics):
    from lyricsapp.models import Lyric

    Lyric.objects.update(title="Same")
    response = api.post(EXPORT, {"query": {}}, format="json")
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len(names) == 5 and len(set(names)) == 5


@pytest.mark.django_db
def test_it_answers_400_for_a_bad_selection(api):
    response = api.post(EXPORT, {"ids": "all"}, format="json")
    assert response.status_code == 400
    assert "ids" in response.json()
