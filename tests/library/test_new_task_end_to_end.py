"""Submit on the page, the fake provider calls the app back over HTTP, the lyric is stored."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve

from callbacks.models import Delivery
from lyricsapp.models import Lyric, Task
from tests.provider_fixtures import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def submitted(client, provider, app_server, settings):
    settings.PUBLIC_BASE_URL = app_server.url
    user = get_user_model().objects.create_user("poet")
    client.force_login(user)
    response = client.post("/new/", {"prompt": "moonlight over harbour lights"})
    assert response.status_code == 302
    task = Task.objects.get(owner=user)

    def stored():
        task.refresh_from_db()
        return task.status == "complete"

    wait_for(stored)
    # The fake notes our answer only once it has read it, just after we stored.
    wait_for(lambda: provider.tasks[task.task_id].attempts)
    return task


def test_it_stores_the_result_the_provider_calls_back_with(submitted, provider):
    assert submitted.code == 200
    assert provider.tasks[submitted.task_id].attempts == [200]
    delivery = Delivery.objects.get(task_id=submitted.task_id)
    assert (delivery.source, delivery.outcome, delivery.remote_addr) == (
        "callback",
        "received",
        "127.0.0.1",
    )
    assert submitted.result_delivery_id == delivery.pk
    titles = list(Lyric.objects.filter(task=submitted).values_list("title", flat=True))
    assert sorted(titles) == [
        "Moonlight Over Harbour Lights (1)",
        "Moonlight Over Harbour Lights (2)",
    ]


def test_it_lists_the_finished_task_on_the_page(submitted, client):
    page = client.get("/new/").content.decode()
    assert submitted.task_id in page
    assert "Complete" in page


def test_it_shows_the_lyric_in_the_library(submitted, client):
    try:
        resolve("/")
    except Resolver404:
        pytest.skip("the library page is not on this branch yet")
    response = client.get("/")
    assert response.status_code == 200
    assert "Moonlight Over Harbour Lights (1)" in response.content.decode()
