"""An import gives each task the result hash its callback would: computed as
the lyrics stream past when they come in the exporter's order, and by
PostgreSQL from the staged rows when they do not."""

import io
import zipfile

import pytest

from lyricsapp.archive import result_hashes
from lyricsapp.archive.importer import archive_import
from lyricsapp.models import Task
from tests.archive.library import (
    build_library,
    empty_library,
    export_bytes,
    with_manifest,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(client, django_user_model):
    build_library(client, [django_user_model.objects.create_user(n) for n in ("alice", "bob")])
    return export_bytes()


def _hashes():
    return dict(Task.objects.exclude(status="pending").values_list("task_id", "result_hash"))


def _lyric_lines(archive):
    lines = zipfile.ZipFile(io.BytesIO(archive)).read("manifest.json").decode().split("\n")
    start = lines.index('"lyrics":[') + 1
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("{"))
    return lines, start, end


def _with_lyrics_in(archive, order):
    """The archive with its lyric lines put in ``order`` (a function of the list)."""
    lines, start, end = _lyric_lines(archive)
    items = [line.rstrip(",") for line in lines[start:end]]
    items = order(items)
    lines[start:end] = [item + "," for item in items[:-1]] + [items[-1]]
    return with_manifest(archive, "\n".join(lines).encode())


def _restored_hashes(data, monkeypatch):
    streamed = []
    copy_to = result_hashes.ResultHashes.copy_to
    monkeypatch.setattr(
        result_hashes.ResultHashes,
        "copy_to",
        lambda self, copy: streamed.append(True) or copy_to(self, copy),
    )
    empty_library()
    report = archive_import(source=io.BytesIO(data))
    assert report.summary() == "added 9, unchanged 0, conflicts 0"
    return _hashes(), bool(streamed)


def test_it_hashes_each_task_as_its_callback_did(archive, monkeypatch):
    by_callbacks = _hashes()

    hashes, streamed = _restored_hashes(archive, monkeypatch)

    assert streamed
    # cjk-task's first lyric was edited after its callback: its archived
    # result is the edited one.
    assert {k: v for k, v in hashes.items() if k != "cjk-task"} == {
        k: v for k, v in by_callbacks.items() if k != "cjk-task"
    }
    assert len(hashes) == 8 and all(len(h) == 64 for h in hashes.values())


def test_lyrics_in_another_order_are_hashed_by_the_database(archive, monkeypatch):
    expected, _ = _restored_hashes(archive, monkeypatch)

    hashes, streamed = _restored_hashes(_with_lyrics_in(archive, lambda x: x[::-1]), monkeypatch)

    assert not streamed
    assert hashes == expected


def test_a_task_whose_lyrics_come_in_two_runs_is_hashed_by_the_database(archive, monkeypatch):
    expected, _ = _restored_hashes(archive, monkeypatch)
    lines, start, end = _lyric_lines(archive)
    first_two = [line for line in lines[start:end] if '"task_id":"cjk-task"' in line]
    assert len(first_two) == 2

    def split_cjk_task(items):
        # cjk-task's second lyric moved to the end: both runs in position order.
        second = next(i for i in items if '"task_id":"cjk-task"' in i and '"position":1' in i)
        return [i for i in items if i is not second] + [second]

    hashes, streamed = _restored_hashes(_with_lyrics_in(archive, split_cjk_task), monkeypatch)

    assert streamed  # tried, then refused by the unique index
    assert hashes == expected
