import datetime

import pytest
from django.utils import timezone

from tests.api_helpers import make_delivery, make_task, token_client

LIST = "/api/v1/tasks/"
LIST_FIELDS = {
    "task_id",
    "status",
    "code",
    "msg",
    "callback_type",
    "created_at",
    "completed_at",
    "processed_at",
    "deliveries",
}
LYRIC_FIELDS = {
    "id",
    "task_id",
    "position",
    "title",
    "text",
    "status",
    "error_message",
    "sections",
    "line_count",
    "word_count",
    "language",
}


@pytest.fixture
def api(django_user_model):
    return token_client(django_user_model.objects.create_user("reader"))


def _at(minutes):
    return timezone.now() - datetime.timedelta(minutes=minutes)


@pytest.mark.django_db
def test_it_answers_401_with_a_challenge_to_anonymous_users(client):
    make_task("t1")
    for url in (LIST, f"{LIST}t1/"):
        response = client.get(url)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        assert response.json() == {"detail": "Authentication credentials were not provided."}


@pytest.mark.django_db
def test_it_answers_401_to_a_wrong_token(client):
    response = client.get(LIST, HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


@pytest.mark.django_db
def test_it_accepts_a_logged_in_session(client, django_user_model):
    make_task("t1")
    client.force_login(django_user_model.objects.create_user("reader"))
    response = client.get(LIST)
    assert response.status_code == 200
    assert [t["task_id"] for t in response.json()["results"]] == ["t1"]


@pytest.mark.django_db
def test_it_lists_tasks_newest_first(api):
    make_task("old", created_at=_at(30))
    make_task("new", created_at=_at(1))
    make_task("middle", created_at=_at(10))
    body = api.get(LIST).json()
    assert body["count"] == 3
    assert body["next"] is None and body["previous"] is None
    assert [t["task_id"] for t in body["results"]] == ["new", "middle", "old"]
    assert set(body["results"][0]) == LIST_FIELDS


@pytest.mark.django_db
def test_it_filters_by_status_and_code(api):
    make_task("ok", status="complete", code=200)
    make_task("refused", status="failed", code=400)
    make_task("broken", status="failed", code=501)
    make_task("waiting", status="pending", code=None)

    def ids(query):
        response = api.get(LIST + query)
        assert response.status_code == 200
        return sorted(t["task_id"] for t in response.json()["results"])

    assert ids("?status=failed") == ["broken", "refused"]
    assert ids("?code=501") == ["broken"]
    assert ids("?status=failed&code=400") == ["refused"]
    assert ids("?status=pending") == ["waiting"]
    assert ids("?status=&code=") == ["broken", "ok", "refused", "waiting"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, field",
    [("?status=done", "status"), ("?code=abc", "code"), ("?code=99999999999", "code")],
)
def test_it_rejects_invalid_filters_with_400(api, query, field):
    response = api.get(LIST + query)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert all(isinstance(message, str) for message in response.json()[field])


@pytest.mark.django_db
def test_it_paginates_twenty_per_page(api):
    for n in range(25):
        make_task(f"t{n:02}", created_at=_at(100 - n))
    first = api.get(LIST).json()
    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["results"][0]["task_id"] == "t24"
    assert first["next"].endswith("/api/v1/tasks/?page=2")
    second = api.get(first["next"]).json()
    assert [t["task_id"] for t in second["results"]] == ["t04", "t03", "t02", "t01", "t00"]
    assert second["next"] is None
    assert second["previous"].endswith("/api/v1/tasks/")
    assert api.get(LIST + "?page=3").status_code == 404


@pytest.mark.django_db
def test_it_shows_a_task_with_its_lyrics_and_delivery_count(api):
    task = make_task(
        "3b66882fde0a5d398bd269cab6d9542b",
        msg="All generated successfully.",
        callback_type="complete",
        completed_at=timezone.now(),
        lyrics=[
            {"title": "星夜狂想", "text": "[Verse]\n月光洒满了窗台", "status": "complete"},
            {"title": "", "text": "", "status": "failed", "error_message": "blocked"},
        ],
    )
    make_delivery(task.task_id)
    make_delivery(task.task_id, outcome="duplicate")
    make_delivery("another-task")

    response = api.get(f"{LIST}{task.task_id}/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == LIST_FIELDS | {"lyrics"}
    assert body["task_id"] == task.task_id
    assert body["status"] == "complete"
    assert body["code"] == 200
    assert body["msg"] == "All generated successfully."
    assert body["callback_type"] == "complete"
    assert body["completed_at"] is not None
    assert body["processed_at"] is None
    assert body["deliveries"] == 2
    assert [lyric["position"] for lyric in body["lyrics"]] == [0, 1]
    first = body["lyrics"][0]
    assert set(first) == LYRIC_FIELDS
    assert first["task_id"] == task.task_id
    assert first["title"] == "星夜狂想"
    assert first["sections"] is None and first["word_count"] is None
    assert body["lyrics"][1]["error_message"] == "blocked"


@pytest.mark.django_db
def test_it_counts_zero_deliveries_for_a_submitted_task(api):
    make_task("submitted", status="pending", code=None)
    body = api.get(f"{LIST}submitted/").json()
    assert body["deliveries"] == 0
    assert body["lyrics"] == []


@pytest.mark.django_db
def test_it_finds_task_ids_with_punctuation(api):
    make_task("a.b-c_d~e:f")
    response = api.get(f"{LIST}a.b-c_d~e:f/")
    assert response.status_code == 200
    assert response.json()["task_id"] == "a.b-c_d~e:f"


@pytest.mark.django_db
@pytest.mark.parametrize("task_id", ["unknown", "%00", "x" * 129, "a%2Fb"])
def test_it_answers_404_in_json_for_unknown_tasks(api, task_id):
    make_task("known")
    response = api.get(f"{LIST}{task_id}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.django_db
def test_it_lists_in_a_fixed_number_of_queries(api, django_assert_num_queries):
    for n in range(30):
        task = make_task(f"t{n}", lyrics=[{"title": "a"}, {"title": "b"}])
        make_delivery(task.task_id)
    # token, planner estimate, bounded count, page (delivery counts are subqueries)
    with django_assert_num_queries(4):
        response = api.get(LIST)
    assert len(response.json()["results"]) == 20
    # token, bounded count, page
    with django_assert_num_queries(3):
        response = api.get(LIST + "?status=complete")
    assert response.json()["count"] == 30


@pytest.mark.django_db
def test_it_shows_a_task_in_a_fixed_number_of_queries(api, django_assert_num_queries):
    make_task("many", lyrics=[{"title": str(n)} for n in range(10)])
    # token, task with its delivery count, its lyrics
    with django_assert_num_queries(3):
        response = api.get(f"{LIST}many/")
    assert len(response.json()["lyrics"]) == 10
