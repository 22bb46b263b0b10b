"""A malformed archive is refused with a clear message, and nothing is written."""

import io
import json
import struct
import subprocess
import sys
import zipfile

import pytest
from django.core.management import CommandError, call_command

from lyricsapp.archive.importer import archive_import
from lyricsapp.archive.reader import ArchiveError
from lyricsapp.models import Lyric, Task

pytestmark = pytest.mark.django_db

TASK = {"task_id": "t1", "status": "complete", "code": 200, "created_at": "2026-01-01T00:00:00Z"}
LYRIC = {"task_id": "t1", "position": 0, "title": "A", "text": "b", "status": "complete"}


def manifest(**changes):
    document = {
        "format": "lyrics-archive",
        "version": 1,
        "exported_at": "2026-01-01T00:00:00Z",
        "counts": {"tasks": 1, "lyrics": 1},
        "tasks": [TASK],
        "lyrics": [LYRIC],
        "versions": [],
        "tags": [],
        "collections": [],
        "notes": [],
        "favorites": [],
    }
    document.update(changes)
    return json.dumps(document)


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def refused(data):
    with pytest.raises(ArchiveError) as error:
        archive_import(source=io.BytesIO(data))
    assert Task.objects.count() == 0
    assert Lyric.objects.count() == 0
    return str(error.value)


def test_a_valid_minimal_archive_is_imported():
    report = archive_import(source=io.BytesIO(zipped({"manifest.json": manifest()})))
    assert report.summary() == "added 1, unchanged 0, conflicts 0"


def test_it_refuses_a_file_that_is_not_a_zip():
    assert refused(b"just some text") == "The file is not a ZIP archive."


def test_it_refuses_an_archive_without_a_manifest():
    assert refused(zipped({"lyrics/t1/0.txt": "A"})) == "The archive has no manifest.json."


def test_it_refuses_a_manifest_that_is_not_json():
    assert "manifest.json is not valid JSON" in refused(zipped({"manifest.json": "{nope"}))


def test_it_refuses_a_manifest_of_another_format():
    message = refused(zipped({"manifest.json": json.dumps({"format": "other"})}))
    assert "not a lyrics archive" in message


def test_it_refuses_a_newer_format_version():
    message = refused(zipped({"manifest.json": manifest(version=2)}))
    assert message.startswith("The archive is format version 2; this server reads version 1")


@pytest.mark.parametrize(
    "name", ["../x", "lyrics/../../etc/passwd", "/abs/path", "C:evil", "a\\..\\b"]
)
def test_it_refuses_unsafe_member_names(name):
    message = refused(zipped({"manifest.json": manifest(), name: "x"}))
    assert message == f"Unsafe file name in the archive: {name!r}."


def test_it_refuses_a_zip_bomb_by_its_declared_sizes():
    # 100 MB of zeros compresses to about 100 kB: a ratio no lyrics have.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", manifest())
        with archive.open("bomb.bin", "w") as member:
            chunk = bytes(1 << 20)
            for _ in range(100):
                member.write(chunk)
    message = refused(buffer.getvalue())
    assert "bomb.bin would expand from" in message and "zip bomb" in message


def test_it_refuses_a_member_declaring_ten_gigabytes():
    data = bytearray(zipped({"manifest.json": manifest()}))
    # Rewrite the central directory's sizes: 1 MB compressed, 10 GB uncompressed
    # (ZIP64 extra field), as a crafted archive would declare them.
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<II", data, central + 20, 1 << 20, 0xFFFFFFFF)
    name_length, extra_length = struct.unpack_from("<HH", data, central + 28)
    assert extra_length == 0
    extra = struct.pack("<HHQ", 1, 8, 10 << 30)
    struct.pack_into("<H", data, central + 30, len(extra))
    start = central + 46 + name_length
    data[start:start] = extra
    end = data.rindex(b"PK\x05\x06")
    size = struct.unpack_from("<I", data, end + 12)[0]
    struct.pack_into("<I", data, end + 12, size + len(extra))
    message = refused(bytes(data))
    assert "zip bomb" in message or "expand" in message


def test_it_refuses_a_member_larger_than_it_declares():
    data = bytearray(zipped({"manifest.json": manifest()}))
    central = data.rindex(b"PK\x01\x02")
    (size,) = struct.unpack_from("<I", data, central + 24)
    struct.pack_into("<I", data, central + 24, size // 2)
    message = refused(bytes(data))
    assert "manifest.json" in message


def test_it_refuses_an_invalid_item_and_writes_nothing_before_it():
    bad = {**LYRIC, "task_id": "t2", "position": -1}
    tasks = [TASK, {**TASK, "task_id": "t2"}]
    data = zipped({"manifest.json": manifest(tasks=tasks, lyrics=[LYRIC, bad], counts={})})
    assert refused(data) == ("manifest.json lyrics[1].position: must be an integer from 0 to 32767")


def test_it_refuses_lyrics_of_a_task_the_manifest_does_not_list():
    data = zipped({"manifest.json": manifest(lyrics=[{**LYRIC, "task_id": "ghost"}])})
    assert refused(data) == "manifest.json has lyrics of task 'ghost', which is not in its tasks."


def test_it_refuses_a_task_listed_twice():
    data = zipped({"manifest.json": manifest(tasks=[TASK, TASK], counts={})})
    assert refused(data) == "manifest.json lists task 't1' twice."


def test_it_refuses_a_lyric_listed_twice():
    lyrics = [LYRIC, {**LYRIC, "id": 99}]
    data = zipped({"manifest.json": manifest(lyrics=lyrics, counts={})})
    assert refused(data) == "manifest.json lists lyric 0 of task 't1' twice."


def test_it_refuses_two_lyrics_with_one_id():
    lyrics = [{**LYRIC, "id": 7}, {**LYRIC, "id": 7, "position": 1}]
    data = zipped({"manifest.json": manifest(lyrics=lyrics, counts={})})
    assert refused(data) == "manifest.json gives two lyrics the id 7."


def test_it_refuses_counts_that_do_not_match():
    data = zipped({"manifest.json": manifest(counts={"tasks": 5, "lyrics": 1})})
    assert refused(data) == "manifest.json counts 5 tasks but lists 1: it is incomplete."


def test_the_command_fails_with_the_reason(tmp_path):
    path = tmp_path / "bad.zip"
    path.write_bytes(zipped({"manifest.json": manifest(version=9)}))

    with pytest.raises(CommandError, match="format version 9"):
        call_command("import_library", str(path))


def test_the_command_exits_1_with_a_message(tmp_path):
    path = tmp_path / "bad.zip"
    path.write_bytes(b"not a zip")

    result = subprocess.run(
        [sys.executable, "manage.py", "import_library", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1
    assert "The file is not a ZIP archive." in result.stderr
    assert "Nothing was imported." in result.stderr
