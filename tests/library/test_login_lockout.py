"""Login throttling (django-axes): per username and client address, on both login pages."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User

PASSWORD = "a-long-password-1"
PAGES = ["/accounts/login/", "/admin/login/"]


@pytest.fixture
def user(db):
    return User.objects.create_user("reader", password=PASSWORD, is_staff=True)


def attempt(client, page, password, username="reader", address="203.0.113.7", **extra):
    return client.post(
        page, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def fail(client, page, times, **kwargs):
    return [attempt(client, page, "wrong", **kwargs).status_code for _ in range(times)]


@pytest.mark.parametrize("page", PAGES)
def test_it_locks_out_after_five_failures_the_right_password_included(client, user, page):
    assert fail(client, page, 4) == [200] * 4
    response = attempt(client, page, "wrong")
    assert response.status_code == 429
    response = attempt(client, page, PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many failed logins" in body
    assert "failed 5 times in a row, so it is paused for 15 minutes" in body
    assert "even the right password is refused" in body
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("page", PAGES)
def test_it_locks_the_pair_only(client, user, page):
    fail(client, page, 5)
    # The same user from another address, and another user from the same one.
    assert attempt(client, page, PASSWORD, address="198.51.100.9").status_code == 302
    client.logout()
    User.objects.create_user("other", password=PASSWORD, is_staff=True)
    assert attempt(client, page, PASSWORD, username="other").status_code == 302


def test_it_counts_both_pages_together(client, user):
    fail(client, "/accounts/login/", 3)
    fail(client, "/admin/login/", 2)
    assert attempt(client, "/accounts/login/", PASSWORD).status_code == 429


def test_it_forgets_failures_after_a_successful_login(client, user):
    fail(client, "/accounts/login/", 4)
    assert attempt(client, "/accounts/login/", PASSWORD).status_code == 302
    client.logout()
    assert fail(client, "/accounts/login/", 4) == [200] * 4
    assert attempt(client, "/accounts/login/", PASSWORD).status_code == 302


def test_it_uses_the_client_address_a_trusted_proxy_reports(client, user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    fail(client, "/accounts/login/", 5, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    locked = attempt(
        client, "/accounts/login/", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    assert locked.status_code == 429
    # Another client behind the same proxy is not locked out.
    other = attempt(
        client, "/accounts/login/", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.9"
    )
    assert other.status_code == 302


def test_it_lets_an_admin_unlock(client, user, admin_client):
    fail(client, "/accounts/login/", 5)
    assert attempt(client, "/accounts/login/", PASSWORD).status_code == 429
    lock = AccessAttempt.objects.get(username="reader")
    changelist = "/admin/axes/accessattempt/"
    assert "reader" in admin_client.get(changelist).content.decode()
    response = admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [lock.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert attempt(client, "/accounts/login/", PASSWORD).status_code == 302
