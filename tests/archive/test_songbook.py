"""Songbooks as PDF: cover, contents, one song a page, CJK in Noto CJK."""

import subprocess

import pytest

from lyricsapp.archive.songbook import songbook_pdf
from lyricsapp.models import Lyric
from lyricsapp.workspace.models import Collection, CollectionItem
from tests.api_helpers import make_task

pytestmark = pytest.mark.django_db


def song(n):
    if n % 2:
        return (
            f"月光之歌 {n}",
            f"[Verse]\n月光洒满了窗台 第{n}行\n我在想你\n\n[Chorus]\n星星闪烁 {n}",
        )
    return (
        f"Moonlight Song {n}",
        f"[Verse]\nCity lights are fading, line {n}\n\n[Chorus]\nHold on {n}",
    )


def library(count):
    for n in range(1, count + 1):
        title, text = song(n)
        make_task(f"task-{n}", lyrics=[{"title": title, "text": text, "status": "complete"}])
    return list(Lyric.objects.order_by("id"))


def pdftotext(pdf, tmp_path):
    path = tmp_path / "book.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_fifty_mixed_songs_appear_in_order_one_a_page(tmp_path):
    lyrics = library(50)

    pdf = songbook_pdf(title="星夜歌集 Night songs", description="Songs for 演示", lyrics=lyrics)

    assert pdf.startswith(b"%PDF")
    pages = pdftotext(pdf, tmp_path).split("\f")
    assert "星夜歌集 Night songs" in pages[0] and "Songs for 演示" in pages[0]
    assert "Contents" in pages[1]
    song_pages = []
    for n in range(1, 51):
        title, text = song(n)
        line = text.splitlines()[1]
        page = next(i for i, page in enumerate(pages) if line in page)
        assert title in pages[page]
        song_pages.append(page)
    assert song_pages == sorted(song_pages)
    assert len(set(song_pages)) == 50  # one song a page
    assert "VERSE" in pages[song_pages[0]] and "CHORUS" in pages[song_pages[0]]


def test_a_collection_downloads_as_a_songbook(client, django_user_model, tmp_path):
    client.force_login(django_user_model.objects.create_user("reader"))
    lyrics = library(3)
    album = Collection.objects.create(name="专辑 Album", description="Three songs")
    for position, lyric in enumerate(reversed(lyrics)):
        CollectionItem.objects.create(collection=album, lyric=lyric, position=position)

    response = client.get(f"/collections/{album.pk}/songbook.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdftotext(response.content, tmp_path)
    assert "专辑 Album" in text
    assert text.index("月光之歌 3") < text.index("Moonlight Song 2") < text.rindex("月光之歌 1")


def test_the_library_search_downloads_as_a_songbook(client, django_user_model, tmp_path):
    client.force_login(django_user_model.objects.create_user("reader"))
    library(4)

    response = client.get("/songbook.pdf", {"q": "City lights"})

    text = pdftotext(response.content, tmp_path)
    assert "Moonlight Song 2" in text and "Moonlight Song 4" in text
    assert "月光之歌" not in text
