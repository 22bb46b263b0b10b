"""Pages, the API and /metrics answer 503 (not 500) while PostgreSQL is down."""

import pytest

from tests.database_helpers import database_at

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/tasks/", "text/html; charset=utf-8"),
        ("/api/v1/tasks/", "application/json"),
        ("/metrics", "application/json"),
    ],
)
def test_it_answers_503_while_the_database_is_down(
    client, django_user_model, closed_port, path, content_type
):
    user = django_user_model.objects.create_user("reader", password="pw-for-tests")
    client.force_login(user)

    with database_at(closed_port):
        response = client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == content_type
    assert b"database is unavailable" in response.content


def test_it_still_answers_healthz_while_the_database_is_down(client, closed_port):
    with database_at(closed_port):
        response = client.get("/healthz")

    assert response.status_code == 200
