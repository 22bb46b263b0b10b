"""Messages outside the pages: the API's errors, the 503 page, command output."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DatabaseError
from django.test import RequestFactory
from django.utils import translation
from rest_framework.authtoken.models import Token

from lyricsapp.management.terminal import display_width, terminal_language
from project.middleware import DatabaseUnavailableMiddleware
from tests.i18n.helpers import ZH

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_headers():
    user = get_user_model().objects.create_user("poet")
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"}


def test_api_errors_follow_the_language_and_field_names_stay_english(client, token_headers):
    response = client.get("/api/v1/tasks/", **ZH)
    assert response.status_code in (401, 403)
    assert response.json() == {"detail": "身份认证信息未提供。"}
    assert client.get("/api/v1/nothing-here/", **ZH).json() == {"detail": "未找到。"}
    response = client.get("/api/v1/tasks/?status=lost", **ZH, **token_headers)
    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert "lost" in response.json()["status"][0] and "选择" in response.json()["status"][0]
    response = client.get("/api/v1/tasks/", **ZH, **token_headers)
    assert set(response.json()) >= {"count", "results"}


def test_api_submit_errors_follow_the_language(client, token_headers, settings):
    settings.SUNO_API_KEY = ""
    response = client.post(
        "/api/v1/tasks/", {"prompt": "x"}, content_type="application/json", **ZH, **token_headers
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "提交功能未开启：请设置 SUNO_API_KEY 并重启应用"}
    response = client.post(
        "/api/v1/tasks/", {"prompt": "x"}, content_type="application/json", **token_headers
    )
    assert response.json() == {"detail": "submitting is off: set SUNO_API_KEY and restart the app"}


def test_api_provider_errors_follow_the_language(client, token_headers, provider):
    provider.submit_errors.append(455)
    response = client.post(
        "/api/v1/tasks/", {"prompt": "月光"}, content_type="application/json", **ZH, **token_headers
    )
    assert response.status_code == 503
    assert response.json() == {"detail": "服务商正在维护。请稍后再试。", "provider_code": 455}


def test_the_database_outage_page_is_in_the_language():
    request = RequestFactory().get("/")
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    with translation.override("zh-hans"):
        response = middleware.process_exception(request, DatabaseError("down"))
    body = response.content.decode()
    assert response.status_code == 503
    assert (
        '<html lang="zh-hans">' in body and "暂时无法使用" in body and "数据库暂时无法访问" in body
    )


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh-hans"),
        ({"LANG": "zh_TW.UTF-8"}, "zh-hans"),
        ({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, "zh-hans"),
        ({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_commands_pick_the_terminals_language(environ, language):
    assert terminal_language(environ) == language


def test_the_run_banner_speaks_chinese_in_a_chinese_terminal(monkeypatch, settings):
    settings.DEBUG = True
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    out = io.StringIO()
    call_command("run_banner", stdout=out)
    text = out.getvalue()
    assert "歌词库正在启动。" in text
    assert "回调 URL：" in text and "（填入服务商的 callBackUrl 参数）" in text
    assert "用户名“admin”" in text
    # The URL and the hint under it start in the same terminal column.
    lines = text.splitlines()
    url_line = next(line for line in lines if "回调 URL：" in line)
    hint_line = next(line for line in lines if "callBackUrl" in line)
    column = display_width(url_line[: url_line.index("http")])
    assert column == len(url_line[: url_line.index("http")]) + 3  # 回, 调 and ： are wide
    assert len(hint_line) - len(hint_line.lstrip(" ")) == column
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    out = io.StringIO()
    call_command("run_banner", stdout=out)
    assert "Lyrics library is starting." in out.getvalue()
