"""The admin shows deliveries as evidence (read-only) and tasks with their lyrics and deliveries."""

import pytest
from django.urls import reverse

from callbacks.models import Delivery
from lyricsapp.models import Task
from lyricsapp.processing.services import task_process
from tests.callback_helpers import callback_body, fixture_bytes, post_callback

pytestmark = pytest.mark.django_db

TASK_ID = "3b66882fde0a5d398bd269cab6d9542b"


@pytest.fixture
def admin(client, django_user_model):
    # No password: hashing one would cost more than the test.
    user = django_user_model.objects.create(username="boss", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def delivery_with_body(raw, **fields):
    return Delivery.objects.create(
        raw_body=raw, body_size=len(raw), outcome="invalid", http_status=400, **fields
    )


def test_it_shows_a_delivery_body_decoded(admin):
    post_callback(admin, fixture_bytes("success_doc_example"))
    delivery = Delivery.objects.get()
    response = admin.get(reverse("admin:callbacks_delivery_change", args=[delivery.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "星夜狂想" in page
    assert "All generated successfully." in page
    assert TASK_ID in page
    # Read-only: no form to save.
    assert 'name="_save"' not in page


def test_it_escapes_the_body(admin):
    delivery = delivery_with_body(b'{"title": "<script>alert(1)</script>"}')
    response = admin.get(reverse("admin:callbacks_delivery_change", args=[delivery.pk]))
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_it_shows_a_body_that_is_not_utf8_as_hex(admin):
    delivery = delivery_with_body(b"\xff\xfe{\x00}\x00")
    response = admin.get(reverse("admin:callbacks_delivery_change", args=[delivery.pk]))
    assert response.status_code == 200
    assert "hex: ff fe 7b 00 7d 00" in response.content.decode()


def test_it_says_when_a_body_was_not_kept(admin):
    delivery = Delivery.objects.create(
        raw_body=b"", body_size=5_000_000, outcome="invalid", http_status=413
    )
    response = admin.get(reverse("admin:callbacks_delivery_change", args=[delivery.pk]))
    assert "not kept: 5000000 bytes" in response.content.decode()


def test_deliveries_cannot_be_added(admin):
    response = admin.get(reverse("admin:callbacks_delivery_add"))
    assert response.status_code == 403
    response = admin.post(
        reverse("admin:callbacks_delivery_add"),
        {"outcome": "received", "http_status": 200, "task_id": "forged"},
    )
    assert response.status_code == 403
    assert Delivery.objects.count() == 0


def test_deliveries_cannot_be_changed(admin):
    delivery = delivery_with_body(b"{}", task_id="original", error="bad")
    response = admin.post(
        reverse("admin:callbacks_delivery_change", args=[delivery.pk]),
        {"task_id": "forged", "outcome": "received", "http_status": 200, "error": ""},
    )
    assert response.status_code == 403
    delivery.refresh_from_db()
    assert (delivery.task_id, delivery.outcome, delivery.error) == ("original", "invalid", "bad")


def test_the_delivery_list_filters_by_outcome(admin):
    post_callback(admin, callback_body(TASK_ID))
    post_callback(admin, b"not json")
    url = reverse("admin:callbacks_delivery_changelist")
    assert admin.get(url).status_code == 200
    response = admin.get(url, {"outcome": "invalid"})
    assert response.status_code == 200
    assert [d.outcome for d in response.context["cl"].result_list] == ["invalid"]
    response = admin.get(url, {"q": TASK_ID})
    assert [d.task_id for d in response.context["cl"].result_list] == [TASK_ID]


def test_a_task_page_lists_its_lyrics_and_deliveries(admin):
    post_callback(admin, fixture_bytes("success_doc_example"))
    other = callback_body(TASK_ID, items=[{"title": "Rival", "text": "x", "status": "complete"}])
    post_callback(admin, other)
    task = Task.objects.get()
    response = admin.get(reverse("admin:lyricsapp_task_change", args=[task.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "星夜狂想" in page
    assert "Starry Night Fantasy" in page
    for delivery in Delivery.objects.all():
        assert reverse("admin:callbacks_delivery_change", args=[delivery.pk]) in page
    assert "received" in page
    assert "conflict" in page
    assert "Rival" in page  # the conflicting body, shown in the delivery history
    assert "Success: the lyrics were generated." in page


def test_the_task_list_filters_and_searches(admin):
    post_callback(admin, fixture_bytes("success_doc_example"))
    post_callback(admin, fixture_bytes("failure_code_531"))
    url = reverse("admin:lyricsapp_task_changelist")
    response = admin.get(url, {"status": "failed"})
    assert response.status_code == 200
    assert [t.code for t in response.context["cl"].result_list] == [531]
    response = admin.get(url, {"code": "200"})
    assert [t.task_id for t in response.context["cl"].result_list] == [TASK_ID]
    # Search finds lyrics once the follow-up work has made them searchable.
    task_process(task_id=TASK_ID)
    response = admin.get(url, {"q": "星夜狂想"})
    assert [t.task_id for t in response.context["cl"].result_list] == [TASK_ID]
    response = admin.get(url, {"q": TASK_ID})
    assert [t.task_id for t in response.context["cl"].result_list] == [TASK_ID]


def test_tasks_cannot_be_added_by_hand(admin):
    assert admin.get(reverse("admin:lyricsapp_task_add")).status_code == 403
