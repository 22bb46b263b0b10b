"""A realistic small library for the archive tests: results stored through
the callback endpoint (CJK, Latin, failed, odd task ids), a pending task, and
the workspace (edits, tags, collections, notes, favourites, the trash)."""

import io
import json
import zipfile

from django.utils import timezone

from lyricsapp.archive.export import archive_chunks
from lyricsapp.models import Lyric, Task
from lyricsapp.workspace.models import Collection, CollectionItem, Favorite, LyricVersion, Note
from tests.callback_helpers import callback_body, post_callback

CJK_TEXT = '[Verse]\n月光洒满了窗台\n我在想你\n\n[Chorus]\n星星\t闪烁 "引号" \\ 反斜杠'
ODD_IDS = ["../escape", "任务/一", "x" * 128, "CON.txt", "a%2Fb"]


def store(client, task_id, *, code=200, items=None):
    response = post_callback(client, callback_body(task_id, code=code, items=items))
    assert response.status_code == 200, response.content
    return Task.objects.get(task_id=task_id)


def build_library(client, users):
    alice, bob = users
    store(
        client,
        "cjk-task",
        items=[
            {"title": "星夜狂想", "text": CJK_TEXT, "status": "complete", "error_message": ""},
            {
                "title": "Moonlight",
                "text": "[Intro]\nCity lights\u2028line",
                "status": "complete",
                "error_message": "",
            },
        ],
    )
    store(client, "failed-task", code=501, items=None)
    store(
        client,
        "partial-task",
        code=200,
        items=[
            {"title": "", "text": "", "status": "failed", "error_message": "blocked: 版权"},
            {"title": "Rain\x01", "text": "drops", "status": "complete", "error_message": ""},
        ],
    )
    for task_id in ODD_IDS:
        store(client, task_id)
    Task.objects.create(
        task_id="pending-task", status="pending", prompt="一首关于雨的歌", submitted_by=alice
    )
    edited = Lyric.objects.get(task__task_id="cjk-task", position=0)
    edited.original_title, edited.original_text = edited.title, edited.text
    edited.title, edited.text, edited.version = "星夜 (edited)", "[Verse]\n新的词", 2
    edited.save()
    LyricVersion.objects.create(
        lyric=edited,
        number=2,
        title=edited.title,
        text=edited.text,
        author=alice,
        message="shorter",
    )
    edited.tags.add("中文", "ballad")
    moon = Lyric.objects.get(task__task_id="cjk-task", position=1)
    # Processed by the follow-up work: its sections are stored.
    moon.sections = [{"label": "Intro", "text": "City lights\u2028line"}]
    moon.line_count, moon.word_count, moon.char_count = 1, 3, 14
    moon.save()
    moon.tags.add("ballad")
    Note.objects.create(lyric=moon, text="Use for the demo 演示", updated_by=bob)
    Favorite.objects.create(user=alice, lyric=moon)
    Favorite.objects.create(user=bob, lyric=edited)
    album = Collection.objects.create(
        name="Album 专辑", description="Night songs", created_by=alice
    )
    odd = Lyric.objects.get(task__task_id="../escape")
    for position, lyric in enumerate([moon, odd, edited]):
        CollectionItem.objects.create(collection=album, lyric=lyric, position=position)
    trashed = Lyric.objects.get(task__task_id="CON.txt")
    trashed.trashed_at = timezone.now()
    trashed.save()


def export_bytes(**kwargs):
    return b"".join(archive_chunks(**kwargs))


def manifest_of(data):
    return json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))


def without_time(manifest):
    return {k: v for k, v in manifest.items() if k != "exported_at"}


def empty_library():
    """Everything an archive holds, deleted (users stay: they are not archived)."""
    Collection.objects.all().delete()
    Task.objects.all().delete()
    from taggit.models import Tag

    Tag.objects.all().delete()


def with_manifest(data, manifest_bytes):
    """The archive ``data`` with its manifest replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = manifest_bytes if info.filename == "manifest.json" else source.read(info)
            target.writestr(info.filename, content)
    return out.getvalue()
