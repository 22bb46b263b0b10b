"""The library in real headless Chromium (Debian's package, driven by Playwright).

``make test`` installs /usr/bin/chromium when it is missing. With
SAVE_SCREENSHOTS=1 the pages are also saved to docs/screenshots/.
"""

import datetime as dt
import os
import random
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from lyricsapp.models import Task
from lyricsapp.provider.fake.lyrics import fake_lyric
from tests.library_helpers import make_lyric, make_task

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "a-long-password-1"
LYRIC_TEXT = "[Verse]\n月光洒满了窗台\n我在想你\n\n[Chorus]\n星空下 <b>我们</b> 唱歌\n\n[Bridge]\nMoonlight on the road"


@pytest.fixture(scope="module")
def browser():

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # made by the tests themselves are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def library(transactional_db):
    """A small library that looks like a real one."""
    User.objects.create_user("reader", password=PASSWORD, is_staff=True)
    rng = random.Random(4)
    now = timezone.now()
    for n in range(36):
        task = make_task(status="complete", code=200)
        title, text = fake_lyric(rng, cjk=n % 2 == 0)
        make_lyric(task=task, title=title, text=text)
        # Spread over two weeks, processed a few seconds later, for the dashboard.
        created = now - dt.timedelta(days=n % 12, minutes=n)
        Task.objects.filter(pk=task.pk).update(
            created_at=created,
            completed_at=created,
            processed_at=created + dt.timedelta(seconds=rng.uniform(0.2, 3 + n % 5)),
        )
    make_task(status="pending", task_id="a1f0c2d9e8b7a6f5e4d3c2b1a0f9e8d7")
    make_task(status="failed", code=400, msg="Lyrics contain copyrighted content.")
    make_task(status="failed", code=531, msg="Generation failed, credits refunded.")
    task = make_task(status="complete", code=200, task_id="3b66882fde0a5d398bd269cab6d9542b")
    star = make_lyric(task=task, title="星夜狂想", text=LYRIC_TEXT)
    make_lyric(task=task, position=1, title="星夜狂想 (second take)", text="[Verse]\n夜晚的星空")
    return star


def shot(page, name, tmp_path):
    folder = SCREENSHOTS if os.environ.get("SAVE_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=False)


def logged_in_page(browser, live_server, tmp_path=None, **context_options):
    context = browser.new_context(
        viewport=context_options.pop("viewport", {"width": 1200, "height": 860}),
        accept_downloads=True,
        **context_options,
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    if tmp_path is not None:
        shot(page, "login", tmp_path)
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_it_logs_in_searches_chinese_and_copies_a_section(browser, live_server, library, tmp_path):
    page = logged_in_page(browser, live_server, tmp_path)
    assert page.get_by_role("heading", name="Library").is_visible()

    page.get_by_label("Search titles and lyrics").fill("月光")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r".*q=%E6%9C%88%E5%85%89"))
    assert page.locator("mark", has_text="月光").first.is_visible()
    assert "matching" in page.locator("#result-count").inner_text()
    shot(page, "library", tmp_path)

    page.locator(".result-title").get_by_role("link", name="星夜狂想").first.click()
    page.wait_for_url(f"{live_server.url}/lyrics/{library.pk}/")
    chorus = page.locator("#section-text-2")
    assert chorus.inner_text() == "星空下 <b>我们</b> 唱歌"  # shown as text, not HTML
    shot(page, "lyric", tmp_path)

    page.get_by_role("button", name="Copy Chorus").click()
    expect(page.locator("#toast")).to_have_text("Copied Chorus")
    assert page.evaluate("navigator.clipboard.readText()") == "星空下 <b>我们</b> 唱歌"

    page.get_by_role("button", name="Copy all").click()
    expect(page.locator("#toast")).to_have_text("Copied the whole lyric")
    assert page.evaluate("navigator.clipboard.readText()") == LYRIC_TEXT


def test_it_downloads_a_lyric(browser, live_server, library, tmp_path):
    page = logged_in_page(browser, live_server)
    page.goto(f"{live_server.url}/lyrics/{library.pk}/")
    with page.expect_download() as info:
        page.get_by_role("link", name=".md").click()
    download = info.value
    assert download.suggested_filename == "星夜狂想.md"
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content.startswith("# 星夜狂想\n\n## Verse\n\n月光洒满了窗台  \n我在想你")


def test_it_explains_a_failed_task(browser, live_server, library, tmp_path):
    page = logged_in_page(browser, live_server)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Tasks").click()
    row = page.locator("tr", has_text="531")
    assert "credits were refunded: please retry" in row.inner_text()
    assert "copyrighted content" in page.locator("tr", has_text="400").inner_text()
    shot(page, "tasks", tmp_path)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    assert page.get_by_role("heading", name="Failures by code").is_visible()
    shot(page, "dashboard", tmp_path)


def test_a_pending_task_turns_complete_without_a_reload(browser, live_server, library):
    task = make_task(status="pending", task_id="waiting-for-the-provider")
    page = logged_in_page(browser, live_server)
    page.goto(f"{live_server.url}/tasks/")
    row = page.locator(f"#task-{task.pk}")
    assert "Pending" in row.inner_text()
    page.evaluate("window.stillTheSamePage = true")

    Task.objects.filter(pk=task.pk).update(status="complete", code=200)

    page.wait_for_function(
        f"document.querySelector('#task-{task.pk}').innerText.includes('Success')",
        timeout=10_000,
    )
    assert "Complete" in row.inner_text()
    assert page.evaluate("window.stillTheSamePage") is True


def test_it_fits_a_phone_and_respects_dark_mode(browser, live_server, library, tmp_path):
    page = logged_in_page(
        browser, live_server, viewport={"width": 390, "height": 844}, color_scheme="dark"
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the library scrolls sideways on a phone"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(19, 18, 23)"
    shot(page, "phone-dark", tmp_path)
    page.goto(f"{live_server.url}/lyrics/{library.pk}/")
    shot(page, "lyric-dark", tmp_path)


def submitted_prompts(user):
    """A few prompts of the user's, one failed with 531 and resubmitted."""
    now = timezone.now()
    rows = [
        ("9c1e5a0f3b7d4e2a8c6b1d0e9f8a7b6c", "complete", 200, "海边的旧照片", None),
        ("4d2b8e6f1a3c5e7b9d0f2a4c6e8b0d1f", "failed", 531, "letters never sent", None),
        ("7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b", "complete", 200, "letters never sent", 1),
        ("b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3", "failed", 400, "a song about a famous band", None),
        ("e1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1", "pending", 200, "winter coats and warm hands", None),
    ]
    tasks = []
    for n, (task_id, status, code, prompt, retry) in enumerate(rows):
        tasks.append(
            make_task(
                status=status,
                code=code,
                task_id=task_id,
                owner=user,
                prompt=prompt,
                submitted_at=now - dt.timedelta(minutes=10 - n),
                retry_of=tasks[retry] if retry is not None else None,
            )
        )
    return tasks


def test_the_new_page_lists_recent_prompts_and_links_the_chain(
    browser, live_server, library, settings, tmp_path
):
    settings.SUNO_API_KEY = "shown-enabled"
    submitted_prompts(User.objects.get(username="reader"))
    page = logged_in_page(browser, live_server)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="New").click()
    assert page.get_by_label("Prompt").is_visible()
    assert page.get_by_role("button", name="Write lyrics").is_visible()
    row = page.locator("tr", has_text="resubmission of")
    assert "letters never sent" in row.inner_text()
    shot(page, "new", tmp_path)

    row.get_by_role("link", name="4d2b8e6f1a3c5e7b9d0").click()
    page.wait_for_url(f"{live_server.url}/tasks/4d2b8e6f1a3c5e7b9d0f2a4c6e8b0d1f/")
    chain = page.locator(".retry-chain li")
    expect(chain).to_have_count(2)
    assert "(this task)" in chain.nth(0).inner_text()
    assert "resubmitted automatically" in chain.nth(1).inner_text()
    shot(page, "task-chain", tmp_path)


def test_it_says_how_to_turn_submitting_on(browser, live_server, library, settings, tmp_path):
    settings.SUNO_API_KEY = ""
    page = logged_in_page(
        browser, live_server, viewport={"width": 390, "height": 844}, color_scheme="dark"
    )
    page.goto(f"{live_server.url}/new/")
    assert page.get_by_role("heading", name="Submitting is off").is_visible()
    assert page.get_by_role("button", name="Write lyrics").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "new-off-phone-dark", tmp_path)
