"""Import: idempotent by task id, conflicts left alone, the round trip exact."""

import io
import zipfile

import pytest
from django.core.management import call_command

from callbacks.models import Delivery
from lyricsapp.archive.importer import archive_import
from lyricsapp.models import Lyric, Task
from lyricsapp.workspace.models import Collection, Favorite, LyricVersion, Note
from tests.archive.library import (
    build_library,
    empty_library,
    export_bytes,
    manifest_of,
    with_manifest,
    without_time,
)
from tests.callback_helpers import callback_body, post_callback

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(django_user_model):
    return [django_user_model.objects.create_user(name) for name in ("alice", "bob")]


@pytest.fixture
def archive(client, users):
    build_library(client, users)
    return export_bytes()


def _import(data, **kwargs):
    return archive_import(source=io.BytesIO(data), **kwargs)


def test_the_round_trip_into_an_empty_library_gives_the_same_manifest(archive):
    empty_library()
    assert Lyric.objects.count() == 0

    report = _import(archive)

    assert report.summary() == "added 9, unchanged 0, conflicts 0"
    assert without_time(manifest_of(export_bytes())) == without_time(manifest_of(archive))
    assert LyricVersion.objects.get().author.username == "alice"
    assert Note.objects.get().updated_by.username == "bob"
    assert Favorite.objects.count() == 2
    assert Collection.objects.get().items.count() == 3
    assert Task.objects.get(task_id="pending-task").submitted_by.username == "alice"


def test_importing_the_same_archive_again_changes_nothing(archive):
    before = manifest_of(export_bytes())

    report = _import(archive)

    assert report.summary() == "added 0, unchanged 9, conflicts 0"
    assert report.lyrics_added == 0
    assert without_time(manifest_of(export_bytes())) == without_time(before)


def test_a_stored_task_with_another_result_is_a_conflict_and_left_alone(archive, client):
    empty_library()
    post_callback(
        client,
        callback_body(
            "cjk-task",
            items=[{"title": "Other", "text": "x", "status": "complete", "error_message": ""}],
        ),
    )

    report = _import(archive)

    assert report.conflicts == 1
    assert report.conflict_ids == ["cjk-task"]
    assert report.added == 8
    assert list(Lyric.objects.filter(task__task_id="cjk-task").values_list("title", flat=True)) == [
        "Other"
    ]


def test_an_imported_result_is_a_duplicate_for_a_later_callback(archive, client):
    empty_library()
    _import(archive)

    response = post_callback(client, callback_body("../escape"))

    assert response.json() == {"status": "duplicate", "task_id": "../escape"}
    assert Delivery.objects.filter(task_id="../escape").order_by("id").last().outcome == "duplicate"


def test_a_pending_task_here_takes_the_archived_result(archive):
    empty_library()
    Task.objects.create(task_id="cjk-task", status="pending")

    report = _import(archive)

    task = Task.objects.get(task_id="cjk-task")
    assert report.added == 9
    assert task.status == "complete"
    assert task.lyrics.count() == 2


def test_a_dry_run_reports_and_writes_nothing(archive):
    empty_library()

    report = _import(archive, dry_run=True)

    assert report.summary() == "added 9, unchanged 0, conflicts 0"
    assert Task.objects.count() == 0
    assert Collection.objects.count() == 0


def test_the_command_prints_the_counts_last(archive, tmp_path, capsys):
    empty_library()
    path = tmp_path / "library.zip"
    path.write_bytes(archive)

    call_command("import_library", str(path))

    assert capsys.readouterr().out.splitlines()[-1] == "added 9, unchanged 0, conflicts 0"


def test_favorites_of_unknown_people_are_skipped_and_counted(archive, django_user_model):
    empty_library()
    django_user_model.objects.filter(username="bob").delete()

    report = _import(archive)

    assert report.sections["favorites"] == {"added": 1, "skipped_unknown_users": 1}
    assert zipfile.ZipFile(io.BytesIO(archive)).testzip() is None


def _search_indexes():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'lyricsapp_lyric' "
            "AND indexdef LIKE '%USING gin%' ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


def _schema():
    """Every index and constraint of the tasks and lyrics, as defined."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename IN ('lyricsapp_task', "
            "'lyricsapp_lyric') UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE conrelid IN ('lyricsapp_task'::regclass, "
            "'lyricsapp_lyric'::regclass) ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


def test_a_restore_may_rebuild_the_indexes_at_the_end(archive):
    indexes = _search_indexes()
    assert len(indexes) == 3
    schema = _schema()
    assert len(schema) > 20
    assert any(
        "FOREIGN KEY (task_id) REFERENCES lyricsapp_task(id) DEFERRABLE" in d for d in schema
    )
    empty_library()

    report = _import(archive, rebuild_indexes=True)

    assert report.added == 9
    assert _search_indexes() == indexes
    assert _schema() == schema
    assert without_time(manifest_of(export_bytes())) == without_time(manifest_of(archive))
    assert Lyric.objects.filter(text__contains="月光").exists()


def test_a_restore_that_fails_late_leaves_every_index_and_key_in_place(archive):
    from lyricsapp.archive.reader import ArchiveError

    schema = _schema()
    text = zipfile.ZipFile(io.BytesIO(archive)).read("manifest.json").decode()
    assert text.count('"number":2') == 1
    broken = with_manifest(archive, text.replace('"number":2', '"number":1').encode())
    empty_library()

    with pytest.raises(ArchiveError, match=r"versions\[0\]\.number"):
        _import(broken, rebuild_indexes=True)

    assert _schema() == schema
    assert Task.objects.count() == Lyric.objects.count() == 0


def test_rebuilding_the_indexes_is_refused_for_a_library_that_is_not_empty(archive):
    from lyricsapp.archive.reader import ArchiveError

    with pytest.raises(ArchiveError, match="for an empty library"):
        _import(archive, rebuild_indexes=True)
    assert len(_search_indexes()) == 3
