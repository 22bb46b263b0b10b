"""Every page in English and in Simplified Chinese, with dates, numbers and
relative times for the language and the user's time zone."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from lyricsapp.models import Task, UserProfile
from tests.i18n.helpers import ZH
from tests.library_helpers import make_lyric, make_task

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


@pytest.fixture
def reader(client):
    user = get_user_model().objects.create_user("reader", password="pw", is_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def library():
    task = make_task(status="complete", task_id="3b66882fde0a5d398bd269cab6d9542b")
    lyric = make_lyric(
        task=task,
        title="星夜狂想",
        text="[Verse]\n月光洒满了窗台\n我在想你",
        line_count=2,
        word_count=9,
        language="zh",
    )
    make_task(status="failed", code=531, msg="Generation failed, credits refunded.")
    make_task(status="pending")
    return lyric


def _get(client, url, headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (EN, ["<title>Library · Lyrics library</title>", "1 lyric", "Search titles and lyrics"]),
        (ZH, ["<title>歌词库 · 歌词库</title>", "共 1 首歌词", "搜索标题和歌词：月光、moon"]),
    ],
)
def test_the_library_speaks_the_language(client, reader, library, headers, expected):
    body = _get(client, "/", headers)
    for text in expected:
        assert text in body


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (EN, ["No lyrics match", "Nothing contains “夜曲”.", "clear the filters"]),
        (ZH, ["没有匹配的歌词", "没有歌词包含“夜曲”。", "清除筛选条件"]),
    ],
)
def test_the_library_explains_an_empty_search(client, reader, library, headers, expected):
    body = _get(client, "/?q=夜曲", headers)
    for text in expected:
        assert text in body


def test_the_empty_library_says_what_to_do_in_chinese(client, reader):
    body = _get(client, "/", ZH)
    assert "还没有歌词" in body and "服务商一回调，歌词就会出现在这里" in body


def test_the_search_finds_chinese_and_counts_in_chinese(client, reader, library):
    body = _get(client, "/?q=月光", ZH)
    assert "共 1 首歌词匹配“<strong>月光</strong>”" in body
    assert "<mark>月光</mark>" in body


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (EN, ["Copy all", "2 lines", "9 words", "Chinese", "Copy Verse", "Download as .md"]),
        (ZH, ["复制全部", "2 行", "9 词", "中文", "复制 Verse", "下载为 .md 文件"]),
    ],
)
def test_the_lyric_page_speaks_the_language(client, reader, library, headers, expected):
    body = _get(client, f"/lyrics/{library.pk}/", headers)
    for text in expected:
        assert text in body


def test_an_untitled_download_is_named_in_the_language(client, reader):
    lyric = make_lyric(title="", text="[Verse]\n月光")
    response = client.get(f"/lyrics/{lyric.pk}/download.md", **ZH)
    assert response.content.decode().startswith("# 无标题\n")


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (EN, ["3 tasks", "credits were refunded: please retry", "Failed", "Pending", "Meaning"]),
        (ZH, ["共 3 个任务", "生成失败，您的积分已退还：请重试。", "失败", "等待中", "含义"]),
    ],
)
def test_the_task_list_explains_codes_in_the_language(client, reader, library, headers, expected):
    body = _get(client, "/tasks/", headers)
    for text in expected:
        assert text in body


def test_the_task_page_speaks_chinese(client, reader, library):
    task = Task.objects.get(code=531)
    body = _get(client, f"/tasks/{task.task_id}/", ZH)
    assert f"<title>任务 {task.task_id[:15]}" in body
    assert "状态码 531" in body and "服务商消息：" in body and "投递记录" in body


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (EN, ["Results per day", "Failures by code", "The last 14 days.", ": 1 Failed</title>"]),
        (ZH, ["每日结果", "按状态码统计的失败", "最近 14 天。", "：失败 1 个</title>"]),
    ],
)
def test_the_dashboard_draws_its_legends_in_the_language(
    client, reader, library, headers, expected
):
    body = _get(client, "/dashboard/", headers)
    for text in expected:
        assert text in body
    assert "3 个任务" not in body or headers is ZH


def test_the_new_page_explains_everything_in_chinese(client, reader, settings):
    settings.SUNO_API_KEY = ""
    body = _get(client, "/new/", ZH)
    assert "提交功能未开启" in body and "SUNO_API_KEY" in body


def test_a_prompt_error_is_in_chinese(client, reader, provider):
    response = client.post("/new/", {"prompt": ""}, **ZH)
    assert response.status_code == 400
    assert "该字段是必填项。" in response.content.decode()
    provider.submit_errors.append(429)
    response = client.post("/new/", {"prompt": "月光"}, **ZH)
    assert response.status_code == 402  # the provider's "insufficient credits"
    assert "服务商账户的积分已用完" in response.content.decode()


def test_a_submitted_prompt_is_confirmed_in_chinese(client, reader, provider):
    response = client.post("/new/", {"prompt": "月光下的城市"}, follow=True, **ZH)
    task = Task.objects.get()
    assert f"已提交：任务 {task.task_id} 正在等待结果。" in response.content.decode()


def test_times_follow_the_users_zone_and_language(client, reader):
    task = make_task(status="complete")
    moment = dt.datetime(2026, 1, 1, 0, 0, 5, tzinfo=dt.UTC)
    Task.objects.filter(pk=task.pk).update(created_at=moment)
    body = _get(client, f"/tasks/{task.task_id}/", ZH)
    assert "2026年1月1日 00:00:05" in body
    response = client.post("/settings/", {"language": "", "time_zone": "Asia/Shanghai"}, **ZH)
    assert response.status_code == 302
    assert UserProfile.objects.get(user=reader).time_zone == "Asia/Shanghai"
    body = _get(client, f"/tasks/{task.task_id}/", ZH)
    assert "2026年1月1日 08:00:05" in body
    body = _get(client, f"/tasks/{task.task_id}/", EN)
    assert "Jan 1, 2026, 08:00:05" in body


def test_relative_times_are_written_for_the_language(client, reader):
    task = make_task(status="complete")
    Task.objects.filter(pk=task.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=3, seconds=10)
    )
    assert "(3 分钟前)" in _get(client, f"/tasks/{task.task_id}/", ZH)
    assert "(3\xa0minutes ago)" in _get(client, f"/tasks/{task.task_id}/", EN)


def test_the_settings_page_saves_language_and_zone(client, reader):
    body = _get(client, "/settings/", ZH)
    assert "<h1>设置</h1>" in body and 'value="Asia/Shanghai"' in body
    response = client.post(
        "/settings/", {"language": "zh-hans", "time_zone": "Asia/Taipei"}, follow=True, **EN
    )
    body = response.content.decode()
    assert "设置已保存。" in body and '<html lang="zh-hans">' in body
    assert response.redirect_chain[-1][0] == "/settings/"
    profile = UserProfile.objects.get(user=reader)
    assert (profile.language, profile.time_zone) == ("zh-hans", "Asia/Taipei")
    response = client.post("/settings/", {"language": "xx", "time_zone": "Mars/Base"}, **EN)
    assert response.status_code == 400
    assert UserProfile.objects.get(user=reader).time_zone == "Asia/Taipei"


def test_the_admin_follows_the_language(client, reader):
    reader.is_superuser = True
    reader.save()
    body = _get(client, "/admin/", ZH)
    assert "歌词库管理后台" in body and "歌词、任务和回调" in body and "服务商回调" in body
    body = _get(client, "/admin/lyricsapp/task/", ZH)
    assert "后续处理" in body and "重新处理所选任务" in body and "将所选任务导出为 CSV" in body
    body = _get(client, "/admin/callbacks/delivery/", ZH)
    assert "投递记录" in body and "重放：用已保存的原始请求体重新入库" in body


def test_an_admin_sets_a_users_language_and_zone_in_chinese(client, reader):
    reader.is_superuser = True
    reader.save()
    other = get_user_model().objects.create_user("mei")
    url = f"/admin/auth/user/{other.pk}/change/"
    body = _get(client, url, ZH)
    assert "语言和时区" in body and "浏览器的语言" in body
    data = {
        "username": "mei",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "profile-TOTAL_FORMS": "1",
        "profile-INITIAL_FORMS": "0",
        "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1",
        "profile-0-language": "zh-hans",
        "profile-0-time_zone": "Asia/Shanghai",
    }
    response = client.post(url, data, **ZH)
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = UserProfile.objects.get(user=other)
    assert (profile.language, profile.time_zone) == ("zh-hans", "Asia/Shanghai")
