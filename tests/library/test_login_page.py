import pytest
from django.contrib.auth.models import User


@pytest.fixture
def user(db):
    return User.objects.create_user("reader", password="a-long-password-1")


def test_it_shows_the_styled_form(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<label for="id_username">Username</label>' in body
    assert "css/app.css" in body
    assert "Log out" not in body


def test_it_logs_in_and_out(client, user):
    response = client.post(
        "/accounts/login/", {"username": "reader", "password": "a-long-password-1", "next": "/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_it_explains_a_wrong_password(client, user):
    response = client.post("/accounts/login/", {"username": "reader", "password": "wrong"})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
