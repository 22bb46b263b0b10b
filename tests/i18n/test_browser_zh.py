"""A Chinese-speaking user in Chromium (browser language zh-CN), end to end.

Log in, search 月光, read, copy and download a lyric, submit a prompt,
understand a failed task, read the dashboard and open the admin: every step
asserts Chinese text. With SAVE_SCREENSHOTS=1 the pages are saved to
docs/screenshots/*-zh.png for the README.
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from lyricsapp.models import Task
from tests.library.test_browser import LYRIC_TEXT, PASSWORD, browser, library, shot  # noqa: F401

pytestmark = pytest.mark.browser


def chinese_page(browser, live_server, **options):  # noqa: F811
    context = browser.new_context(
        locale="zh-CN",
        viewport=options.pop("viewport", {"width": 1200, "height": 860}),
        accept_downloads=True,
        **options,
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    return context.new_page()


def log_in(page, live_server, password=PASSWORD):
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("用户名").fill("reader")
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_a_chinese_reader_walks_through_the_library(
    browser,  # noqa: F811
    live_server,
    library,  # noqa: F811
    provider,
    settings,
    tmp_path,
):
    User.objects.filter(username="reader").update(is_superuser=True)
    page = chinese_page(browser, live_server)
    log_in(page, live_server, password="wrong")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    expect(page.get_by_role("alert")).to_have_text("用户名和密码不匹配，请重试。")
    shot(page, "login-zh", tmp_path)

    log_in(page, live_server)
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="歌词库", exact=True)).to_be_visible()

    page.get_by_label("搜索标题和歌词").fill("月光")
    page.get_by_role("button", name="搜索", exact=True).click()
    page.wait_for_url(re.compile(r".*q=%E6%9C%88%E5%85%89"))
    assert "匹配“月光”" in page.locator("#result-count").inner_text()
    assert page.locator("mark", has_text="月光").first.is_visible()
    shot(page, "library-zh", tmp_path)

    page.locator(".result-title").get_by_role("link", name="星夜狂想").first.click()
    page.wait_for_url(f"{live_server.url}/lyrics/{library.pk}/")
    expect(page.get_by_role("group", name="复制和下载")).to_be_visible()
    shot(page, "lyric-zh", tmp_path)
    page.get_by_role("button", name="复制全部").click()
    expect(page.locator("#toast")).to_have_text("已复制整首歌词")
    assert page.evaluate("navigator.clipboard.readText()") == LYRIC_TEXT
    page.get_by_role("button", name="复制 Chorus").click()
    expect(page.locator("#toast")).to_have_text("已复制 Chorus")
    with page.expect_download() as info:
        page.get_by_role("link", name=".md").click()
    assert Path(info.value.path()).read_text(encoding="utf-8").startswith("# 星夜狂想\n")

    main_nav = page.get_by_role("navigation", name="主导航")
    main_nav.get_by_role("link", name="任务").click()
    expect(page.get_by_role("heading", name="任务", exact=True)).to_be_visible()
    row = page.locator("tr", has_text="531")
    assert "生成失败，您的积分已退还：请重试。" in row.inner_text()
    assert "失败" in row.inner_text()
    shot(page, "tasks-zh", tmp_path)

    main_nav.get_by_role("link", name="统计面板").click()
    expect(page.get_by_role("heading", name="按状态码统计的失败")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("每日结果"))).to_be_visible()
    assert "已完成" in page.locator(".legend").first.inner_text()
    shot(page, "dashboard-zh", tmp_path)

    main_nav.get_by_role("link", name="新建").click()
    page.get_by_label("提示词").fill("月光下的城市")
    page.get_by_role("button", name="生成歌词").click()
    expect(page.locator(".messages")).to_contain_text("正在等待结果")
    task = Task.objects.get(prompt="月光下的城市")
    assert "等待中" in page.locator("tr", has_text="月光下的城市").inner_text()
    assert task.status == "pending"

    main_nav.get_by_role("link", name="管理后台").click()
    expect(page.get_by_role("heading", name="歌词、任务和回调")).to_be_visible()
    content = page.locator("#content-main")
    expect(content.get_by_role("link", name="任务", exact=True)).to_be_visible()
    content.get_by_role("link", name="任务", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("选择 任务 来修改"))).to_be_visible()
    assert page.get_by_text("后续处理", exact=False).first.is_visible()
    shot(page, "admin-zh", tmp_path)


def test_the_switcher_turns_the_interface_to_english_and_back(
    browser,  # noqa: F811
    live_server,
    library,  # noqa: F811
):
    page = chinese_page(browser, live_server)
    log_in(page, live_server)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_label("语言").select_option("en")
    page.get_by_role("button", name="切换").click()
    expect(page.get_by_role("heading", name="Library", exact=True)).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(f"{live_server.url}/tasks/")
    expect(page.get_by_role("heading", name="Tasks", exact=True)).to_be_visible()
    page.get_by_label("Language").select_option("zh-hans")
    page.get_by_role("button", name="Switch").click()
    expect(page.get_by_role("heading", name="任务", exact=True)).to_be_visible()


def test_long_ids_fit_a_phone_in_chinese(browser, live_server, library):  # noqa: F811
    long_id = "f" * 120
    Task.objects.create(task_id=long_id, status="failed", code=531, msg="x" * 300)
    page = chinese_page(browser, live_server, viewport={"width": 375, "height": 812})
    log_in(page, live_server)
    page.wait_for_url(f"{live_server.url}/")
    for path in ("/", "/tasks/", f"/tasks/{long_id}/", f"/lyrics/{library.pk}/", "/dashboard/"):
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways on a phone ({width}px)"
