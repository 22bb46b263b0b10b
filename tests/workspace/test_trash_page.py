import datetime as dt

import pytest
from django.utils import timezone

from callbacks.models import Delivery
from lyricsapp.models import Favorite, Lyric, Task
from lyricsapp.workspace.tasks import purge_trash
from tests.api_helpers import make_delivery


@pytest.mark.django_db
def test_it_trashes_and_restores_from_the_lyric_page(editor_client, lyrics):
    lyric = lyrics[0]
    response = editor_client.post(f"/lyrics/{lyric.pk}/trash/", {"next": "/"})
    assert response.status_code == 302
    assert Lyric.objects.get(pk=lyric.pk).trashed_at is not None
    listing = editor_client.get("/")
    assert lyric not in listing.context["page"].items
    assert "4 lyrics" in listing.content.decode()
    assert editor_client.get("/", {"q": "love song 0"}).context["page"].items == []
    assert editor_client.get("/", {"trashed": "true"}).context["page"].items == [lyric]
    html = editor_client.get(f"/lyrics/{lyric.pk}/").content.decode()
    assert "In the trash since" in html and "Restore from the trash" in html

    editor_client.post(f"/lyrics/{lyric.pk}/trash/", {"restore": "1"})
    assert Lyric.objects.get(pk=lyric.pk).trashed_at is None


@pytest.mark.django_db
def test_it_refuses_readers(reader_client, lyric):
    assert reader_client.post(f"/lyrics/{lyric.pk}/trash/").status_code == 403
    assert "Move to the trash" not in reader_client.get(f"/lyrics/{lyric.pk}/").content.decode()


@pytest.mark.django_db
def test_the_beat_task_purges_old_trash_and_keeps_deliveries(settings, editor, lyrics):
    settings.TRASH_RETENTION_DAYS = 30
    old, recent = lyrics[0], lyrics[1]
    Favorite.objects.create(user=editor, lyric=old)
    make_delivery(old.task.task_id)
    now = timezone.now()
    Lyric.objects.filter(pk=old.pk).update(trashed_at=now - dt.timedelta(days=31))
    Lyric.objects.filter(pk=recent.pk).update(trashed_at=now - dt.timedelta(days=29))

    assert purge_trash.apply().get() == 1

    assert not Lyric.objects.filter(pk=old.pk).exists()
    assert Lyric.objects.filter(pk=recent.pk).exists()
    assert not Favorite.objects.exists()
    assert Delivery.objects.filter(task_id=old.task.task_id).count() == 1
    assert Task.objects.filter(pk=old.task_id).exists()


def test_the_beat_schedule_runs_the_purge(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "lyricsapp.workspace.tasks.purge_trash" in tasks
