import pytest
from django.utils import timezone

from lyricsapp.models import Task


@pytest.mark.django_db
def test_it_shows_the_submitter_on_the_lyric_page_and_in_the_api(editor_client, api, editor, lyric):
    Task.objects.filter(pk=lyric.task_id).update(submitted_by=editor, submitted_at=timezone.now())
    assert "Submitted by editor" in editor_client.get(f"/lyrics/{lyric.pk}/").content.decode()
    assert api.get(f"/api/v1/lyrics/{lyric.pk}/").json()["submitted_by"] == "editor"


@pytest.mark.django_db
def test_it_says_deleted_user_when_the_submitter_is_gone(editor_client, reader, lyric):
    Task.objects.filter(pk=lyric.task_id).update(submitted_by=reader, submitted_at=timezone.now())
    reader.delete()
    html = editor_client.get(f"/lyrics/{lyric.pk}/").content.decode()
    assert "Submitted by a deleted user" in html


@pytest.mark.django_db
def test_it_shows_nothing_for_tasks_from_elsewhere(editor_client, lyric):
    assert "Submitted by" not in editor_client.get(f"/lyrics/{lyric.pk}/").content.decode()


@pytest.mark.django_db
def test_the_task_page_shows_the_submitter(editor_client, editor, lyric):
    task = lyric.task
    Task.objects.filter(pk=task.pk).update(submitted_by=editor, submitted_at=timezone.now())
    html = editor_client.get(f"/task-keys/{task.pk}/").content.decode()
    assert "Submitted by" in html and "editor" in html
    Task.objects.filter(pk=task.pk).update(submitted_by=None)
    assert "a deleted user" in editor_client.get(f"/task-keys/{task.pk}/").content.decode()
