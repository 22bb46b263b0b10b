import json

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from callbacks.models import Delivery
from lyricsapp.models import Lyric, Task
from tests.api_helpers import make_delivery
from tests.callback_helpers import post_callback

CHANGELIST = "/admin/callbacks/delivery/"
BODY = {
    "code": 200,
    "msg": "All generated successfully.",
    "data": {
        "callbackType": "complete",
        "task_id": "replayed-task",
        "data": [{"title": "星夜狂想", "text": "[Verse]\n月光", "status": "complete"}],
    },
}


def _deliver(client, body, content_type="application/json"):
    raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    post_callback(client, raw, content_type=content_type)
    return Delivery.objects.order_by("-id").first()


def _replay(admin_client, deliveries):
    return admin_client.post(
        CHANGELIST,
        {"action": "replay_deliveries", "_selected_action": [d.pk for d in deliveries]},
        follow=True,
    )


def _messages(response):
    return [str(m) for m in response.context["messages"]]


@pytest.mark.django_db
def test_it_replays_a_stored_result_as_a_duplicate_changing_nothing(client, admin_client):
    original = _deliver(client, BODY)
    assert original.outcome == "received"
    task_before = Task.objects.values().get()

    response = _replay(admin_client, [original])

    assert _messages(response) == ["Replayed 1 delivery: 1 duplicate."]
    replay = Delivery.objects.get(replay_of=original)
    assert replay.outcome == "duplicate"
    assert replay.http_status == 200
    assert bytes(replay.raw_body) == bytes(original.raw_body)
    assert replay.task_id == "replayed-task"
    assert Task.objects.values().get() == task_before
    assert Lyric.objects.count() == 1


@pytest.mark.django_db
def test_it_stores_the_result_of_a_delivery_refused_for_its_content_type(client, admin_client):
    # The provider sent valid JSON labelled text/plain: 415, nothing stored.
    refused = _deliver(client, BODY, content_type="text/plain")
    assert refused.http_status == 415
    assert not Task.objects.exists()

    response = _replay(admin_client, [refused])

    assert _messages(response) == ["Replayed 1 delivery: 1 received."]
    replay = Delivery.objects.get(replay_of=refused)
    assert replay.outcome == "received"
    task = Task.objects.get(task_id="replayed-task")
    assert task.status == "complete"
    assert task.result_delivery_id == replay.pk
    assert Lyric.objects.get().title == "星夜狂想"


@pytest.mark.django_db
def test_it_records_an_invalid_body_as_invalid_again(client, admin_client):
    broken = _deliver(client, b'{"code": 200, "data": ')
    assert broken.http_status == 400

    response = _replay(admin_client, [broken])

    assert _messages(response) == ["Replayed 1 delivery: 1 invalid."]
    replay = Delivery.objects.get(replay_of=broken)
    assert replay.outcome == "invalid"
    assert replay.http_status == 400
    assert replay.error == "body is not valid JSON"
    assert not Task.objects.exists()


@pytest.mark.django_db
def test_it_skips_a_delivery_whose_body_was_not_kept(admin_client):
    too_large = Delivery.objects.create(
        raw_body=b"", body_size=5_000_000, outcome="invalid", http_status=413, authenticated=True
    )
    response = _replay(admin_client, [too_large])
    assert _messages(response) == [
        f"Not replayed (body over the size limit, not kept): #{too_large.pk}."
    ]
    assert Delivery.objects.count() == 1


@pytest.mark.django_db
def test_it_replays_several_and_sums_up(client, admin_client):
    first = _deliver(client, BODY)
    other = _deliver(client, {**BODY, "data": {**BODY["data"], "task_id": "other"}})
    response = _replay(admin_client, [first, other, first])
    assert _messages(response) == ["Replayed 2 deliveries: 2 duplicate."]
    assert Delivery.objects.filter(replay_of__isnull=False).count() == 2


@pytest.mark.django_db
def test_it_refuses_to_replay_more_than_its_limit_at_once(client, admin_client, monkeypatch):
    from callbacks.admin import DeliveryAdmin

    monkeypatch.setattr(DeliveryAdmin, "replay_limit", 1)
    first = _deliver(client, BODY)
    other = _deliver(client, {**BODY, "data": {**BODY["data"], "task_id": "other"}})
    response = _replay(admin_client, [first, other])
    assert _messages(response) == ["Select at most 1 deliveries to replay at once."]
    assert not Delivery.objects.filter(replay_of__isnull=False).exists()


@pytest.mark.django_db
def test_it_offers_replay_only_to_who_may_add_deliveries(client, django_user_model):
    original = _deliver(client, BODY)
    staff = django_user_model.objects.create_user("viewer", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_delivery"))
    client.force_login(staff)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert "replay_deliveries" not in response.content.decode()
    client.post(CHANGELIST, {"action": "replay_deliveries", "_selected_action": [original.pk]})
    assert not Delivery.objects.filter(replay_of__isnull=False).exists()


@pytest.mark.django_db
def test_it_is_read_only(client, admin_client):
    original = _deliver(client, BODY)
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403
    assert admin_client.post(f"{CHANGELIST}{original.pk}/delete/").status_code == 403
    page = admin_client.get(f"{CHANGELIST}{original.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html
    assert "月光" in html  # the raw body, readable
    assert "delete_selected" not in admin_client.get(CHANGELIST).content.decode()


@pytest.mark.django_db
def test_it_shows_a_body_that_is_not_utf8_as_hex(admin_client):
    delivery = Delivery.objects.create(
        raw_body=b"\xff\xfe{}", body_size=4, outcome="invalid", http_status=400
    )
    html = admin_client.get(f"{CHANGELIST}{delivery.pk}/change/").content.decode()
    assert "hex: ff fe 7b 7d" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, expected",
    [
        ("?outcome__exact=duplicate", {"dup"}),
        ("?http_status=415", {"415"}),
        ("?replay=yes", {"replay"}),
        ("?q=dup", {"dup"}),
    ],
)
def test_it_filters_by_outcome_status_and_replay(admin_client, query, expected):
    first = make_delivery("first")
    make_delivery("dup", outcome="duplicate")
    make_delivery("415", outcome="invalid", http_status=415)
    make_delivery("replay", outcome="conflict", replay_of=first)
    response = admin_client.get(CHANGELIST + query)
    assert response.status_code == 200
    listed = {d.task_id for d in response.context["cl"].result_list}
    assert listed == expected


@pytest.mark.django_db
def test_it_searches_the_task_id_through_its_index(admin_client):
    make_delivery("Abc-1")
    make_delivery("abc-1")

    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get(CHANGELIST + "?q=+Abc-1+")

    assert [d.task_id for d in response.context["cl"].result_list] == ["Abc-1"]
    on_deliveries = [q["sql"] for q in captured if 'FROM "callbacks_delivery"' in q["sql"]]
    # An equality the task_id index serves, not UPPER(task_id) = UPPER(...).
    assert on_deliveries
    assert all('"callbacks_delivery"."task_id" = ' in sql for sql in on_deliveries)
    assert not any("UPPER(" in sql for sql in on_deliveries)


@pytest.mark.django_db
def test_its_list_takes_the_same_queries_for_any_number_of_deliveries(admin_client):
    def queries_for_list():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(CHANGELIST).status_code == 200
        return len(captured)

    make_delivery("a")
    few = queries_for_list()
    for n in range(60):
        make_delivery(f"b{n}", replay_of=Delivery.objects.first())
    assert queries_for_list() == few == 5
