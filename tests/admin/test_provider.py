import pytest
from django.contrib.auth import get_user_model

from callbacks.models import Delivery
from lyricsapp.models import Task
from lyricsapp.provider.services import task_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("boss", "b@x", "pw"))
    return client


def test_it_filters_deliveries_by_source(admin_client):
    Delivery.objects.create(task_id="polled", outcome="received", http_status=200, source="poll")
    Delivery.objects.create(task_id="posted", outcome="received", http_status=200)
    response = admin_client.get("/admin/callbacks/delivery/?source__exact=poll")
    assert response.status_code == 200
    page = response.content.decode()
    assert "polled" in page and "posted" not in page


def test_it_shows_the_resubmission_chain(admin_client):
    first = Task.objects.create(task_id="first-try", status="failed", code=531)
    second = Task.objects.create(task_id="second-try", retry_of=first)
    response = admin_client.get(f"/admin/lyricsapp/task/{second.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "first-try</a> (Failed) → " in page and "second-try</a> (Pending)" in page


def test_the_chain_partial_lists_original_and_retries():
    from django.template.loader import render_to_string

    first = Task.objects.create(task_id="first-try", status="failed", code=531)
    second = Task.objects.create(task_id="second-try", retry_of=first)
    html = render_to_string("lyricsapp/_task_chain.html", {"task": first})
    assert html.index("first-try") < html.index("second-try")
    assert "credits were refunded" in html and "resubmitted automatically" in html
    alone = Task.objects.create(task_id="alone")
    assert render_to_string("lyricsapp/_task_chain.html", {"task": alone}).strip() == ""
    assert second.retry_chain() == [first, second]


def _refetch(admin_client, *tasks):
    return admin_client.post(
        "/admin/lyricsapp/task/",
        {"action": "refetch", "_selected_action": [task.pk for task in tasks]},
        follow=True,
    )


def test_it_refetches_a_lost_result_from_the_provider(admin_client, provider):
    poet = get_user_model().objects.create_user("poet")
    task = task_submit(user=poet, prompt="paper boats #lost #delay=0")

    response = _refetch(admin_client, task)

    assert response.status_code == 200
    assert "Re-fetched from the provider: 1 received." in response.content.decode()
    task.refresh_from_db()
    assert (task.status, task.code) == ("complete", 200)
    assert task.lyrics.count() == 2
    delivery = Delivery.objects.get(task_id=task.task_id)
    assert (delivery.source, delivery.outcome) == ("poll", "received")


def test_it_says_a_refetched_stored_result_is_a_duplicate(admin_client, provider):
    poet = get_user_model().objects.create_user("poet")
    task = task_submit(user=poet, prompt="paper boats #lost #delay=0")
    _refetch(admin_client, task)

    response = _refetch(admin_client, task)

    assert "Re-fetched from the provider: 1 duplicate." in response.content.decode()
    assert Delivery.objects.filter(task_id=task.task_id, outcome="duplicate").count() == 1


def test_it_names_a_task_the_provider_does_not_know(admin_client, provider):
    unknown = Task.objects.create(task_id="not-at-the-provider")

    response = _refetch(admin_client, unknown)

    page = response.content.decode()
    assert "Could not re-fetch not-at-the-provider" in page
    assert Task.objects.get(pk=unknown.pk).status == "pending"


def test_it_needs_the_provider_key_to_refetch(admin_client, settings):
    settings.SUNO_API_KEY = ""
    task = Task.objects.create(task_id="needs-a-key")

    response = _refetch(admin_client, task)

    assert "Re-fetching needs the provider&#x27;s key" in response.content.decode()
    assert Delivery.objects.count() == 0
