import time

import pytest

from tests.brokers import free_port, publishing_to


def test_it_answers_healthz_without_touching_anything(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_it_is_ready_when_database_and_broker_answer(client, redis_server):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


@pytest.mark.django_db
def test_it_names_the_broker_when_it_is_down(client):
    with publishing_to(f"redis://127.0.0.1:{free_port()}/0"):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["broker"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("unavailable")


@pytest.mark.django_db
def test_it_names_the_broker_when_it_hangs_and_answers_quickly(client, redis_server):
    with redis_server.frozen():
        started = time.monotonic()
        response = client.get("/readyz")
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json()["failed"] == ["broker"]
    assert elapsed < 2


@pytest.mark.django_db
def test_it_names_the_database_when_it_is_down(client, redis_server, settings, monkeypatch):
    from django.db import connection

    # A closed port stands for a database that went away.
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(connection.settings_dict, "PORT", str(free_port()))
    try:
        response = client.get("/readyz")
    finally:
        connection.close()
    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]
    assert response.json()["checks"]["broker"] == "ok"
