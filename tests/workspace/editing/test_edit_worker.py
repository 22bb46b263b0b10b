"""A saved edit goes through the usual follow-up work on a real Celery worker:
sections, counts, language and search follow the new text."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from lyricsapp.models import Lyric, Task
from tests.api_helpers import make_task
from tests.brokers import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_it_makes_a_just_edited_lyric_findable_by_its_new_words(client, start_worker):
    start_worker()
    now = timezone.now()
    task = make_task(
        "edited-w",
        completed_at=now,
        processed_at=now,
        lyrics=[{"title": "Harbour", "text": "[Verse]\nships in the night"}],
    )
    lyric = task.lyrics.get()
    Lyric.objects.filter(pk=lyric.pk).update(
        sections=[{"label": "Verse", "text": "ships in the night"}],
        line_count=1,
        word_count=4,
        language="en",
    )
    client.force_login(get_user_model().objects.create_user("poet"))

    page = client.post(
        f"/lyrics/{lyric.pk}/edit/",
        {
            "title": "港口",
            "text": "[Chorus]\n灯塔照亮了夜晚的海面\n\n[Bridge]\n海风吹过",
            "base_version": 1,
        },
    )

    assert page.status_code == 302
    wait_until(
        lambda: Task.objects.get(pk=task.pk).processed_at is not None,
        30,
        interval=0.1,
        message="the edited lyric processed",
    )
    lyric.refresh_from_db()
    assert [s["label"] for s in lyric.sections] == ["Chorus", "Bridge"]
    assert lyric.language == "zh" and lyric.line_count == 2
    assert lyric.word_count == 14  # a CJK character is a word
    library = client.get("/", {"q": "灯塔"}).content.decode()
    assert f'href="/lyrics/{lyric.pk}/"' in library
    assert client.get("/", {"q": "ships"}).content.decode().count(f"/lyrics/{lyric.pk}/") == 0
    api = client.get("/api/v1/lyrics/", {"q": "海风"}).json()
    assert [item["id"] for item in api["results"]] == [lyric.pk]
    detail = client.get(f"/lyrics/{lyric.pk}/").content.decode()
    assert "Chorus" in detail and "ships in the night" in detail  # the original, kept
