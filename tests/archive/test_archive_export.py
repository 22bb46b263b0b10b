"""The archive's content: manifest, one Markdown and one text file per lyric."""

import io
import zipfile

import pytest
import yaml
from django.core.management import call_command

from lyricsapp.archive.export import Selection, tasks_of_lyrics
from lyricsapp.archive.format import task_dir
from lyricsapp.models import Lyric, Task
from lyricsapp.processing.services import tasks_process
from tests.archive.library import ODD_IDS, build_library, export_bytes, manifest_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(django_user_model):
    return [django_user_model.objects.create_user(name) for name in ("alice", "bob")]


@pytest.fixture
def library(client, users):
    build_library(client, users)


def test_it_writes_a_manifest_with_every_section_and_the_counts(library):
    manifest = manifest_of(export_bytes())

    assert list(manifest) == [
        "format", "version", "exported_at", "counts", "tasks", "lyrics",
        "versions", "tags", "collections", "notes", "favorites",
    ]  # fmt: skip
    assert manifest["format"] == "lyrics-archive"
    assert manifest["version"] == 1
    assert manifest["counts"] == {"tasks": Task.objects.count(), "lyrics": Lyric.objects.count()}
    assert len(manifest["tasks"]) == Task.objects.count()
    assert len(manifest["lyrics"]) == Lyric.objects.count()
    assert [t["task_id"] for t in manifest["tasks"]][0] == "pending-task"  # newest first
    pending = manifest["tasks"][0]
    assert pending["status"] == "pending"
    assert pending["prompt"] == "一首关于雨的歌"
    assert pending["submitted_by"] == "alice"
    failed = next(t for t in manifest["tasks"] if t["task_id"] == "failed-task")
    assert (failed["status"], failed["code"]) == ("failed", 501)


def test_it_writes_each_lyric_with_the_api_fields_and_the_workspace(library):
    manifest = manifest_of(export_bytes())
    edited = next(item for item in manifest["lyrics"] if item["title"] == "星夜 (edited)")

    assert edited["version"] == 2
    assert edited["edited"] is True
    assert edited["original_title"] == "星夜狂想"
    assert edited["tags"] == ["ballad", "中文"]
    assert edited["collections"] == [manifest["collections"][0]["id"]]
    assert manifest["versions"] == [
        {
            "task_id": "cjk-task",
            "position": 0,
            "number": 2,
            "title": "星夜 (edited)",
            "text": "[Verse]\n新的词",
            "author": "alice",
            "created_at": manifest["versions"][0]["created_at"],
            "message": "shorter",
        }
    ]
    assert manifest["tags"] == [{"name": "ballad", "count": 2}, {"name": "中文", "count": 1}]
    assert [(n["task_id"], n["text"]) for n in manifest["notes"]] == [
        ("cjk-task", "Use for the demo 演示")
    ]
    assert [(f["position"], f["user"]) for f in manifest["favorites"]] == [(0, "bob"), (1, "alice")]
    album = manifest["collections"][0]
    assert album["name"] == "Album 专辑"
    assert [(m["task_id"], m["position"]) for m in album["lyrics"]] == [
        ("cjk-task", 1),
        ("../escape", 0),
        ("cjk-task", 0),
    ]
    trashed = next(item for item in manifest["lyrics"] if item["task_id"] == "CON.txt")
    assert trashed["trashed_at"] is not None


def test_it_writes_markdown_with_front_matter_and_plain_text(library):
    archive = zipfile.ZipFile(io.BytesIO(export_bytes()))
    markdown = archive.read("lyrics/cjk-task/1.md").decode()
    _, front, body = markdown.split("---\n", 2)

    assert yaml.safe_load(front) == {
        "task_id": "cjk-task",
        "position": 1,
        "title": "Moonlight",
        "status": "complete",
        "language": "",
        "tags": ["ballad"],
        "created_at": yaml.safe_load(front)["created_at"],
    }
    assert body.startswith("\n# Moonlight\n\n## Intro\n")
    assert (
        archive.read("lyrics/cjk-task/1.txt").decode()
        == "Moonlight\n\n[Intro]\nCity lights\u2028line\n"
    )
    cjk = archive.read("lyrics/cjk-task/0.md").decode()
    assert yaml.safe_load(cjk.split("---\n")[1])["title"] == "星夜 (edited)"
    assert archive.testzip() is None


def test_it_encodes_task_ids_that_are_not_safe_file_names(library):
    names = zipfile.ZipFile(io.BytesIO(export_bytes())).namelist()
    folders = {name.split("/")[1] for name in names if name.startswith("lyrics/")}

    assert "../escape" not in folders and "任务/一" not in folders
    assert {task_dir(task_id) for task_id in ODD_IDS} <= folders
    assert task_dir("../escape") == "%2E%2E%2Fescape"
    assert task_dir("a%2Fb") == "a%252Fb"
    assert len(task_dir("x" * 128)) == 128
    assert task_dir("长" * 128).startswith("%sha256-")
    assert all(".." not in name.split("/") and not name.startswith("/") for name in names)
    assert len({task_dir(task_id) for task_id in ODD_IDS}) == len(ODD_IDS)


def test_it_exports_the_whole_tasks_of_the_lyrics_a_filter_selects(library):
    selected = tasks_of_lyrics(Lyric.objects.filter(title="Moonlight"))
    manifest = manifest_of(export_bytes(selection=Selection.of(selected)))

    assert [t["task_id"] for t in manifest["tasks"]] == ["cjk-task"]
    assert [(item["position"], item["task_id"]) for item in manifest["lyrics"]] == [
        (0, "cjk-task"),
        (1, "cjk-task"),
    ]
    assert manifest["counts"] == {"tasks": 1, "lyrics": 2}
    assert [f["user"] for f in manifest["favorites"]] == ["bob", "alice"]


def test_the_command_writes_the_archive_for_a_search(library, tmp_path):
    # Search finds what the follow-up work has made searchable.
    tasks_process(task_ids=list(Task.objects.values_list("task_id", flat=True)))
    target = tmp_path / "out.zip"

    call_command("export_library", "--output", str(target), "--q", "City lights")

    manifest = manifest_of(target.read_bytes())
    assert [t["task_id"] for t in manifest["tasks"]] == ["cjk-task"]
    assert not (tmp_path / "out.zip.partial").exists()
