import pytest
import redis

from tests.api_helpers import make_task, token_client

# editor, reader, editor_client and reader_client come from tests/workspace/conftest.py.


@pytest.fixture
def other_editor(django_user_model, db):
    return django_user_model.objects.create_user("other", password="pw")


@pytest.fixture
def editor_api(editor):
    return token_client(editor)


@pytest.fixture
def reader_api(reader):
    return token_client(reader)


@pytest.fixture
def lyric(db):
    from django.utils import timezone

    task = make_task(
        "ws-task",
        completed_at=timezone.now(),
        processed_at=timezone.now(),
        lyrics=[{"title": "Tide", "text": "[Verse]\nthe waves come in\n[Chorus]\nhold on"}],
    )
    return task.lyrics.get()


@pytest.fixture(autouse=True)
def _fresh_share_quota():
    from django.conf import settings

    client = redis.Redis.from_url(settings.REDIS_URL)
    keys = list(client.scan_iter(match="LIMITS:LIMITER/share-page/*"))
    if keys:
        client.delete(*keys)
    client.close()
