import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lyricsapp.models import Task
from tests.api_helpers import make_delivery, make_task

CHANGELIST = "/admin/lyricsapp/task/"


def _library():
    moon = make_task(
        "moon-task",
        msg="All generated successfully.",
        lyrics=[
            {"title": "星夜狂想", "text": "[Verse]\n月光洒满了窗台", "status": "complete"},
            {"title": "Second", "text": "la la", "status": "complete"},
        ],
    )
    make_delivery("moon-task", body={"code": 200, "data": {"task_id": "moon-task"}})
    make_delivery("moon-task", outcome="duplicate")
    refused = make_task("refused-task", status="failed", code=400)
    odd = make_task("odd-task", status="failed", code=999)
    pending = make_task("pending-task", status="pending", code=None)
    return moon, refused, odd, pending


def _listed(response):
    assert response.status_code == 200
    return {task.task_id for task in response.context["cl"].result_list}


@pytest.mark.django_db
def test_it_lists_tasks_with_title_and_delivery_count(admin_client):
    _library()
    response = admin_client.get(CHANGELIST)
    assert _listed(response) == {"moon-task", "refused-task", "odd-task", "pending-task"}
    html = response.content.decode()
    assert "星夜狂想" in html
    moon = next(t for t in response.context["cl"].result_list if t.task_id == "moon-task")
    assert moon.deliveries == 2
    assert moon.first_title == "星夜狂想"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, expected",
    [
        ("?status__exact=failed", {"refused-task", "odd-task"}),
        ("?code=400", {"refused-task"}),
        ("?code=other", {"odd-task"}),
        ("?code=none", {"pending-task"}),
        ("?q=moon-task", {"moon-task"}),
        ("?q=月光", {"moon-task"}),
        ("?q=星夜", {"moon-task"}),
        ("?q=LA+LA", {"moon-task"}),
        ("?q=absent", set()),
    ],
)
def test_it_filters_and_searches(admin_client, query, expected):
    _library()
    assert _listed(admin_client.get(CHANGELIST + query)) == expected


@pytest.mark.django_db
def test_it_filters_by_date(admin_client):
    _library()
    Task.objects.filter(task_id="odd-task").update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    today = timezone.localdate()
    this_month = f"?created_at__year={today.year}&created_at__month={today.month}"
    assert "odd-task" not in _listed(admin_client.get(CHANGELIST + this_month))
    since = (timezone.now() - datetime.timedelta(days=7)).isoformat()
    recent = _listed(admin_client.get(CHANGELIST, {"created_at__gte": since}))
    assert recent == {"moon-task", "refused-task", "pending-task"}


@pytest.mark.django_db
def test_its_list_takes_the_same_queries_for_any_number_of_tasks(admin_client):
    def queries_for_list():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(CHANGELIST).status_code == 200
        return len(captured)

    for n in range(3):
        make_task(f"a{n}", lyrics=[{"title": "x"}])
        make_delivery(f"a{n}")
    few = queries_for_list()
    for n in range(40):
        make_task(f"b{n}", lyrics=[{"title": "x"}, {"title": "y"}])
        make_delivery(f"b{n}")
    assert queries_for_list() == few
    # session, user, planner estimate, bounded count, page (titles and
    # delivery counts as subqueries); no DISTINCT for the date hierarchy
    assert few == 5


@pytest.mark.django_db
def test_it_shows_lyrics_deliveries_and_raw_bodies(admin_client, django_assert_max_num_queries):
    moon, *_ = _library()
    moon.result_delivery = moon_delivery = make_delivery(
        "moon-task", body={"code": 200, "msg": "月光 raw"}
    )
    moon.save()
    with django_assert_max_num_queries(12):
        response = admin_client.get(f"{CHANGELIST}{moon.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "月光洒满了窗台" in html
    assert f"/admin/callbacks/delivery/{moon_delivery.pk}/change/" in html
    assert "duplicate" in html
    assert "月光 raw" in html  # the stored result's raw body, readable
    assert "Success: the lyrics were generated." in html
    assert 'name="_save"' not in html  # every field is read-only


def _export(admin_client, action, tasks):
    response = admin_client.post(
        CHANGELIST, {"action": action, "_selected_action": [t.pk for t in tasks]}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content).decode()


@pytest.mark.django_db
def test_it_exports_selected_tasks_as_json(admin_client, client, django_user_model):
    moon, refused, odd, _ = _library()
    exported = json.loads(_export(admin_client, "export_json", [moon, refused]))
    assert [t["task_id"] for t in exported] == ["refused-task", "moon-task"]
    assert exported[1]["deliveries"] == 2
    assert [lyric["title"] for lyric in exported[1]["lyrics"]] == ["星夜狂想", "Second"]
    # The same document as the read API's task detail.
    client.force_login(django_user_model.objects.create_user("reader"))
    assert client.get("/api/v1/tasks/moon-task/").json() == exported[1]


@pytest.mark.django_db
def test_it_exports_selected_tasks_as_csv_one_row_per_lyric(admin_client):
    moon, refused, odd, _ = _library()
    rows = list(csv.DictReader(io.StringIO(_export(admin_client, "export_csv", [moon, odd]))))
    assert [(r["task_id"], r["lyric_position"], r["lyric_title"]) for r in rows] == [
        ("odd-task", "", ""),
        ("moon-task", "0", "星夜狂想"),
        ("moon-task", "1", "Second"),
    ]
    assert rows[1]["lyric_text"] == "[Verse]\n月光洒满了窗台"
    assert rows[1]["deliveries"] == "2"
    assert rows[0]["code"] == "999"


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["export_json", "export_csv"])
def test_its_exports_take_the_same_queries_for_any_number_of_tasks(admin_client, action):
    def queries_for(tasks):
        with CaptureQueriesContext(connection) as captured:
            _export(admin_client, action, tasks)
        return len(captured)

    few = queries_for([make_task(f"a{n}", lyrics=[{"title": "x"}]) for n in range(2)])
    many = queries_for(
        [make_task(f"b{n}", lyrics=[{"title": "x"}, {"title": "y"}]) for n in range(60)]
    )
    assert many == few


@pytest.mark.django_db
def test_it_offers_no_add_button(admin_client):
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403
