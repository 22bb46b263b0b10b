"""Which language a request gets: Accept-Language, the cookie, the user's profile."""

import pytest
from django.contrib.auth import get_user_model

from lyricsapp.models import UserProfile

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-password-1"


@pytest.mark.parametrize(
    "header",
    ["zh-CN", "zh", "zh-Hans", "zh-TW", "zh-hans-CN", "zh-CN,zh;q=0.9,en;q=0.8", "zh-HK"],
)
def test_it_answers_in_simplified_chinese_for_every_chinese_header(client, header):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert "<title>登录 · 歌词库</title>" in body
    assert response["Content-Language"] == "zh-hans"


@pytest.mark.parametrize("header", ["", "en-US", "fr-FR", "en;q=0.9,zh-CN;q=0.5"])
def test_it_answers_in_english_otherwise(client, header):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=header)
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "<title>Log in · Lyrics library</title>" in body


def test_the_switcher_sets_a_cookie_that_wins_over_the_header(client):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies["django_language"].value == "zh-hans"
    body = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert '<html lang="zh-hans">' in body and "用户名" in body

    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    body = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="en">' in body and "Username" in body


def test_the_switcher_is_on_every_page_and_refuses_unknown_languages(client):
    body = client.get("/accounts/login/").content.decode()
    assert 'action="/i18n/setlang/"' in body
    assert '<option value="zh-hans" lang="zh-hans">简体中文</option>' in body
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/accounts/login/"})
    assert "django_language" not in response.cookies
    assert client.get("/i18n/setlang/").status_code == 405


def test_a_signed_in_users_choice_is_kept_in_the_profile_and_applied_at_login(client):
    user = get_user_model().objects.create_user("lin", password=PASSWORD)
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert UserProfile.objects.get(user=user).language == "zh-hans"

    # A fresh browser with no cookie and an English header: the profile decides.
    client.logout()
    client.cookies.clear()
    response = client.post(
        "/accounts/login/",
        {"username": "lin", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en-US",
        follow=True,
    )
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert "<h1>歌词库</h1>" in body
    body = client.get("/tasks/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert "<h1>任务</h1>" in body


def test_a_user_without_a_choice_follows_the_browser(client):
    user = get_user_model().objects.create_user("sam", password=PASSWORD)
    client.force_login(user)
    assert "<h1>任务</h1>" in client.get("/tasks/", HTTP_ACCEPT_LANGUAGE="zh-TW").content.decode()
    assert "<h1>Tasks</h1>" in client.get("/tasks/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert not UserProfile.objects.filter(user=user).exists()
