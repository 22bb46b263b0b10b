import pytest
import redis
from django.contrib.auth.models import Group

from tests.api_helpers import make_task, token_client


@pytest.fixture
def editor(django_user_model, db):
    return django_user_model.objects.create_user("editor", password="pw")


@pytest.fixture
def other_editor(django_user_model, db):
    return django_user_model.objects.create_user("other", password="pw")


@pytest.fixture
def reader(django_user_model, db):
    user = django_user_model.objects.create_user("reader", password="pw")
    user.groups.set([Group.objects.get(name="Readers")])
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


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
