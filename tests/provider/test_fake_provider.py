import json

import pytest
from django.contrib.auth import get_user_model

from callbacks.models import Delivery
from lyricsapp.models import Task
from lyricsapp.provider.services import task_submit
from tests.provider_fixtures import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def user(provider, app_server, settings):
    settings.PUBLIC_BASE_URL = app_server.url
    return get_user_model().objects.create_user("poet")


def test_it_delivers_duplicates_in_both_casings(provider, user):
    task = task_submit(user=user, prompt="echo chamber #dup #snake")
    fake_task = provider.tasks[task.task_id]
    wait_for(lambda: len(fake_task.attempts) == 2)
    deliveries = Delivery.objects.filter(task_id=task.task_id).order_by("id")
    assert [d.outcome for d in deliveries] == ["received", "duplicate"]
    first, second = (json.loads(bytes(d.raw_body)) for d in deliveries)
    assert "task_id" in first["data"] and "data" in first["data"]
    assert "taskId" in second["data"] and "lyricsData" in second["data"]
    assert Task.objects.get(pk=task.pk).lyrics.count() == 2


def test_it_retries_a_refused_callback_on_the_providers_schedule(provider, user, settings):
    provider.config.retry_scale = 0.01  # 0.6, 3 and 9 s instead of 1, 5 and 15 minutes
    settings.SUNO_CALLBACK_TOKEN = "rotated"  # the URL the fake holds is now refused
    task = task_submit(user=user, prompt="knock knock")
    settings.SUNO_CALLBACK_TOKEN = "test-token"
    fake_task = provider.tasks[task.task_id]
    fake_task.callback_url = fake_task.callback_url.replace("token=rotated", "token=wrong")
    wait_for(lambda: len(fake_task.attempts) >= 2, timeout=5)
    assert fake_task.attempts[:2] == [401, 401]
    fake_task.callback_url = fake_task.callback_url.replace("token=wrong", "token=test-token")
    wait_for(lambda: fake_task.delivered, timeout=8)
    assert fake_task.attempts == [401, 401, 200]
    assert Task.objects.get(pk=task.pk).status == "complete"


def test_it_signs_callbacks_when_the_app_requires_it(provider, user, settings):
    settings.SUNO_WEBHOOK_HMAC_KEY = "shared-hmac-key"
    provider.config.hmac_key = "shared-hmac-key"
    task = task_submit(user=user, prompt="signed and sealed")
    wait_for(lambda: provider.tasks[task.task_id].delivered)
    assert provider.tasks[task.task_id].attempts == [200]
    delivery = Delivery.objects.get(task_id=task.task_id)
    assert "X-Webhook-Signature" in delivery.headers
    assert Task.objects.get(pk=task.pk).status == "complete"


def test_it_keeps_the_owner_when_the_callback_wins_the_race(provider, user):
    """The provider may call back before the submitting request has stored the task."""
    from callbacks.payload import parse_callback
    from callbacks.services import RequestInfo, callback_store
    from lyricsapp.provider.services import _task_record_submission

    body = provider.callback_body(provider._plan("quick", "http://x/cb", {"lost": ""}), camel=False)
    body["data"]["task_id"] = "raced"
    raw = json.dumps(body).encode()
    callback_store(
        callback=parse_callback(body),
        request=RequestInfo(raw, len(raw), "application/json", {}, "127.0.0.1"),
    )
    task = _task_record_submission(task_id="raced", user=user, prompt="quick", retry_of=None)
    assert (task.status, task.owner, task.prompt) == ("complete", user, "quick")
    assert task.submitted_at is not None
    assert Task.objects.count() == 1
