import pytest
from django.contrib.auth import get_user_model

from lyricsapp.models import Task
from lyricsapp.provider.services import task_retry_refunded, task_submit, tasks_reconcile
from tests.provider_fixtures import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def calling_back(provider, app_server, settings):
    """The fake provider calls back to the app on its live port."""
    settings.PUBLIC_BASE_URL = app_server.url
    return provider


def _finished(task):
    def check():
        task.refresh_from_db()
        return task.status != "pending"

    wait_for(check)
    return task


def test_it_resubmits_a_refunded_task_once_and_links_the_chain(calling_back):
    calling_back.outcomes.extend([531, None])
    user = get_user_model().objects.create_user("poet")
    original = _finished(task_submit(user=user, prompt="lanterns over the river"))
    assert (original.status, original.code) == ("failed", 531)

    report = tasks_reconcile()
    assert report.resubmitted == 1
    retry = Task.objects.get(retry_of=original)
    assert (retry.owner, retry.prompt) == (user, "lanterns over the river")
    _finished(retry)
    assert retry.status == "complete"
    assert retry.lyrics.count() == 2
    assert original.retry_chain() == [original, retry]
    assert retry.retry_chain() == [original, retry]
    assert tasks_reconcile().resubmitted == 0  # once is enough


def test_it_stops_after_the_configured_number_of_retries(calling_back, settings):
    settings.SUNO_RETRY_REFUNDED = 1
    calling_back.outcomes.extend([531, 531])
    user = get_user_model().objects.create_user("poet")
    original = _finished(task_submit(user=user, prompt="twice unlucky"))
    assert tasks_reconcile().resubmitted == 1
    retry = _finished(Task.objects.get(retry_of=original))
    assert (retry.status, retry.code) == ("failed", 531)
    assert tasks_reconcile().resubmitted == 0
    assert Task.objects.count() == 2
    assert [t.task_id for t in retry.retry_chain()] == [original.task_id, retry.task_id]


def test_it_leaves_other_failures_and_foreign_tasks_alone(calling_back, settings):
    calling_back.outcomes.extend([501])
    user = get_user_model().objects.create_user("poet")
    failed = _finished(task_submit(user=user, prompt="plain failure"))
    assert failed.code == 501
    # A 531 that arrived by callback for a task not submitted here.
    Task.objects.create(task_id="foreign", status="failed", code=531)
    assert tasks_reconcile().resubmitted == 0
    assert task_retry_refunded(task_id="foreign") is None
    settings.SUNO_RETRY_REFUNDED = 0
    calling_back.outcomes.extend([531])
    refunded = _finished(task_submit(user=user, prompt="retries off"))
    assert refunded.code == 531
    assert tasks_reconcile().resubmitted == 0
    assert Task.objects.filter(retry_of__isnull=False).count() == 0
