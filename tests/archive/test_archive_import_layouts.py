"""An import reads the exporter's manifest line by line in one pass, and any
other layout of the same JSON with the streaming parser, with the same result."""

import io
import json
import zipfile

import pytest

from lyricsapp.archive import reader
from lyricsapp.archive.importer import archive_import
from lyricsapp.models import Lyric
from tests.archive.library import (
    build_library,
    empty_library,
    export_bytes,
    manifest_of,
    with_manifest,
    without_time,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(client, django_user_model):
    build_library(client, [django_user_model.objects.create_user(n) for n in ("alice", "bob")])
    return export_bytes()


def _restored(data):
    empty_library()
    report = archive_import(source=io.BytesIO(data))
    return report.summary(), without_time(manifest_of(export_bytes()))


def test_the_exporters_manifest_is_read_without_the_streaming_parser(archive, monkeypatch):
    expected = without_time(manifest_of(archive))

    def refused(*args, **kwargs):
        raise AssertionError("streaming parser used")

    monkeypatch.setattr(reader.ijson, "items", refused)
    monkeypatch.setattr(reader.Manifest, "value", lambda self, key: manifest_of(archive)[key])

    assert _restored(archive) == ("added 9, unchanged 0, conflicts 0", expected)


@pytest.mark.parametrize("layout", ["indented", "favorites last reindented", "one line"])
def test_any_other_layout_of_the_same_json_imports_the_same(archive, layout):
    expected = without_time(manifest_of(archive))
    archive_manifest = zipfile.ZipFile(io.BytesIO(archive)).read("manifest.json").decode()
    text = archive_manifest
    if layout == "indented":
        text = json.dumps(json.loads(archive_manifest), ensure_ascii=False, indent=2)
    elif layout == "one line":
        text = json.dumps(json.loads(archive_manifest), ensure_ascii=False)
    else:  # tasks and lyrics are loaded line by line before the mismatch
        head, favorites = archive_manifest.split('"favorites":[')
        text = head + '"favorites":  [' + favorites

    assert _restored(with_manifest(archive, text.encode())) == (
        "added 9, unchanged 0, conflicts 0",
        expected,
    )
    assert Lyric.objects.count() == len(expected["lyrics"])


def test_a_line_that_is_not_json_is_refused_by_the_streaming_parsers_message(archive):
    text = zipfile.ZipFile(io.BytesIO(archive)).read("manifest.json").decode()
    broken = text.replace('"status":"complete"', '"status":complete', 1)

    empty_library()
    with pytest.raises(reader.ArchiveError, match="not valid JSON"):
        archive_import(source=io.BytesIO(with_manifest(archive, broken.encode())))
    assert Lyric.objects.count() == 0


def _first_title_replaced(archive, raw_title):
    text = zipfile.ZipFile(io.BytesIO(archive)).read("manifest.json").decode()
    title = Lyric.objects.order_by("id").values_list("title", flat=True).first()
    assert f'"title":{json.dumps(title, ensure_ascii=False)}' in text
    return text.replace(
        f'"title":{json.dumps(title, ensure_ascii=False)}', f'"title":"{raw_title}"', 1
    )


def test_an_escaped_surrogate_pair_is_read_as_its_character(archive):
    text = _first_title_replaced(archive, "\\ud83c\\udf38 bloom")

    empty_library()
    report = archive_import(source=io.BytesIO(with_manifest(archive, text.encode())))

    assert report.added == 9
    assert Lyric.objects.filter(title="\U0001f338 bloom").count() == 1


def test_a_lone_escaped_surrogate_is_replaced_by_the_streaming_parser(archive):
    # The line reader refuses it; the streaming parser, which reads the
    # archive again, stores a replacement character the database accepts.
    text = _first_title_replaced(archive, "a\\ud800b")

    empty_library()
    report = archive_import(source=io.BytesIO(with_manifest(archive, text.encode())))

    assert report.added == 9
    title = Lyric.objects.order_by("id").values_list("title", flat=True).first()
    assert len(title) == 3 and title[0] == "a" and title[2] == "b"
    assert "\ud800" not in title


def test_an_integer_beyond_64_bits_gets_the_integer_message(archive):
    text = zipfile.ZipFile(io.BytesIO(archive)).read("manifest.json").decode()
    text = text.replace('"position":0', '"position":123456789012345678901234567890', 1)

    empty_library()
    with pytest.raises(reader.ArchiveError, match=r"position: must be an integer from 0 to"):
        archive_import(source=io.BytesIO(with_manifest(archive, text.encode())))
    assert Lyric.objects.count() == 0
