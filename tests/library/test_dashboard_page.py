import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from lyricsapp.models import Task
from tests.library_helpers import make_task


@pytest.fixture
def user_client(client, db):
    client.force_login(User.objects.create_user("reader", password="a-long-password-1"))
    return client


def test_it_draws_the_charts(user_client):
    make_task(status="complete")
    make_task(status="failed", code=531)
    make_task(status="failed", code=531)
    make_task(status="pending")
    processed = make_task(status="complete")
    Task.objects.filter(pk=processed.pk).update(
        processed_at=processed.completed_at + dt.timedelta(seconds=3)
    )
    response = user_client.get("/dashboard/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="complete"') == 1  # today's stacked bar
    assert "<title>" in body
    assert ": 2 Failed</title>" in body
    assert "credits were refunded" in body
    assert 'class="p95"' in body
    assert "3.0 s" in body
    assert ">5<" in body  # total tasks


def test_it_works_without_data(user_client):
    response = user_client.get("/dashboard/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "No failures" in body
    assert "Nothing processed" in body


def test_it_counts_days_in_the_window(user_client):
    old = make_task(status="complete")
    Task.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    body = user_client.get("/dashboard/").content.decode()
    assert "0 tasks in 14 days" in body
