"""/metrics behind METRICS_TOKEN, /readyz without exception names, API docs behind a login."""

import pytest

from tests.brokers import free_port, publishing_to


@pytest.mark.django_db
def test_it_serves_metrics_openly_without_a_token_set(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-token", "Token metrics-secret-1", "metrics-secret-1", "Bearer "],
)
def test_it_refuses_metrics_without_the_bearer_token(client, settings, authorization):
    settings.METRICS_TOKEN = "metrics-secret-1"
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json() == {"error": "a valid bearer token is required"}
    assert b"lyrics_" not in response.content


@pytest.mark.django_db
def test_it_serves_metrics_with_the_bearer_token(client, settings):
    settings.METRICS_TOKEN = "metrics-secret-1"
    response = client.get("/metrics", headers={"Authorization": "Bearer metrics-secret-1"})
    assert response.status_code == 200
    assert b"lyrics_callbacks_total" in response.content


@pytest.mark.django_db
def test_it_names_no_exception_class_to_anonymous_callers(client):
    with publishing_to(f"redis://127.0.0.1:{free_port()}/0"):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "failed": ["broker"],
        "checks": {"database": "ok", "broker": "unavailable"},
    }
    assert b"Error" not in response.content


@pytest.mark.django_db
def test_it_names_the_exception_class_to_staff(admin_client):
    with publishing_to(f"redis://127.0.0.1:{free_port()}/0"):
        response = admin_client.get("/readyz")
    assert response.json()["checks"]["broker"].startswith("unavailable: ")
    assert response.json()["checks"]["broker"] != "unavailable: "


@pytest.mark.django_db
def test_it_needs_a_login_for_the_schema(client, settings):
    settings.PUBLIC_API_DOCS = False
    response = client.get("/api/schema/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert b"/api/v1/" not in response.content


@pytest.mark.django_db
def test_it_sends_anonymous_readers_of_the_docs_to_the_login(client, settings):
    settings.PUBLIC_API_DOCS = False
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/api/docs/"
    script = client.get("/api/docs/?script=")
    assert script.status_code == 302
    assert b"schema" not in script.content


@pytest.mark.django_db
def test_it_serves_schema_and_docs_to_a_logged_in_user(admin_client, settings):
    settings.PUBLIC_API_DOCS = False
    assert admin_client.get("/api/schema/", {"format": "json"}).json()["openapi"].startswith("3.")
    assert admin_client.get("/api/docs/").status_code == 200
    script = admin_client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


@pytest.mark.django_db
def test_it_serves_schema_and_docs_to_anyone_with_public_api_docs(client, settings):
    settings.PUBLIC_API_DOCS = True
    assert client.get("/api/schema/", {"format": "json"}).status_code == 200
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_it_serves_the_schema_to_a_token(client, settings, django_user_model):
    from rest_framework.authtoken.models import Token

    settings.PUBLIC_API_DOCS = False
    token = Token.objects.create(user=django_user_model.objects.create_user("reader"))
    response = client.get(
        "/api/schema/", {"format": "json"}, headers={"Authorization": f"Token {token.key}"}
    )
    assert response.status_code == 200
