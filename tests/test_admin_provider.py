import pytest
from django.contrib.auth import get_user_model

from callbacks.models import Delivery
from lyricsapp.models import Task

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
    assert "first-try</a> (failed) → " in page and "second-try</a> (pending)" in page


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
