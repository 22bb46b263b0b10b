"""The whole path with real parts: submit on /new/, the fake provider calls the
app back over HTTP, a real Celery worker does the follow-up work, and the lyric
is in the library with its sections and language."""

import pytest
from django.contrib.auth import get_user_model

from lyricsapp.models import Lyric, Task
from tests.provider_fixtures import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_it_takes_a_prompt_to_a_processed_lyric_in_the_library(
    client, provider, app_server, start_worker, settings
):
    settings.PUBLIC_BASE_URL = app_server.url
    start_worker()
    user = get_user_model().objects.create_user("poet")
    client.force_login(user)

    response = client.post("/new/", {"prompt": "lanterns on the river"})

    assert response.status_code == 302
    task = Task.objects.get(owner=user)

    def processed():
        task.refresh_from_db()
        return task.processed_at is not None

    wait_for(processed, timeout=30)
    assert (task.status, task.code) == ("complete", 200)
    lyric = Lyric.objects.filter(task=task).order_by("position").first()
    assert lyric.sections and lyric.sections[0]["label"]
    assert lyric.line_count > 0 and lyric.word_count > 0
    assert lyric.language == "en"
    library = client.get("/", {"q": "Lanterns"}).content.decode()
    assert lyric.title in library
    page = client.get(f"/lyrics/{lyric.pk}/").content.decode()
    assert lyric.sections[0]["label"] in page
