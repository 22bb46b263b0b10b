import json

import pytest
import redis
from django.contrib.auth import get_user_model

from lyricsapp.models import Lyric, Task
from lyricsapp.processing.services import task_process


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", "a@example.com", "pw")
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_it_reprocesses_the_selected_tasks(admin_client, redis_server):
    failed = Task.objects.create(
        task_id="gave-up",
        status="complete",
        completed_at="2026-01-01T00:00Z",
        processing_attempts=5,
        processing_error="RuntimeError: boom",
        processing_failed_at="2026-01-01T00:05Z",
    )
    Lyric.objects.create(task=failed, position=0, text="[Verse]\nHello there")
    Task.objects.create(task_id="never-answered")

    response = admin_client.post(
        "/admin/lyricsapp/task/",
        {
            "action": "reprocess",
            "_selected_action": [failed.pk, Task.objects.get(task_id="never-answered").pk],
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "1 task queued for processing again" in response.content.decode()
    failed.refresh_from_db()
    assert failed.processing_failed_at is None
    assert failed.processing_attempts == 0
    assert failed.processing_error == ""
    queued = redis.Redis.from_url(redis_server.url).lrange("celery", 0, -1)
    assert [json.loads(m)["headers"]["argsrepr"] for m in queued] == ["('gave-up',)"]
    # What the queued message then does.
    assert task_process(task_id="gave-up") is True
    assert Lyric.objects.get().sections == [{"label": "Verse", "text": "Hello there"}]


@pytest.mark.django_db
def test_it_shows_the_processing_failed_state(admin_client):
    Task.objects.create(
        task_id="gave-up",
        status="complete",
        completed_at="2026-01-01T00:00Z",
        processing_attempts=5,
        processing_error="RuntimeError: boom",
        processing_failed_at="2026-01-01T00:05Z",
    )
    Task.objects.create(task_id="fine", status="complete", completed_at="2026-01-01T00:00Z")

    response = admin_client.get("/admin/lyricsapp/task/?processing=failed")

    assert response.status_code == 200
    page = response.content.decode()
    assert "gave-up" in page
    assert "failed at 2026-01-01 00:05:00: RuntimeError: boom" in page
    assert ">fine<" not in page
