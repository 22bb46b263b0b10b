"""Editing, history, conflicts, collections and share links in real headless Chromium,
driven with the keyboard. With SAVE_SCREENSHOTS=1 the pages go to docs/screenshots/."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from lyricsapp.models import Collection, CollectionItem, Lyric, ShareLink
from lyricsapp.workspace.editing import lyric_edit_save
from tests.library import test_browser as library_browser
from tests.library_helpers import make_lyric, make_task

# The module-scoped Chromium of the library's browser tests, and its helpers.
browser = library_browser.browser
logged_in_page, shot = library_browser.logged_in_page, library_browser.shot

pytestmark = pytest.mark.browser
PASSWORD = "a-long-password-1"
TEXT = "[Verse]\n月光洒满了窗台\n我在想你\n\n[Chorus]\nMoonlight on the road"


@pytest.fixture
def workspace(transactional_db):
    user = User.objects.create_user("reader", password=PASSWORD)  # an editor by default
    task = make_task(status="complete", code=200)
    lyric = make_lyric(task=task, title="星夜狂想", text=TEXT)
    album = Collection.objects.create(
        name="Night songs", description="For the live set", created_by=user
    )
    titles = ["Harbour lights", "Paper boats", "Last ferry"]
    for position, title in enumerate(titles, start=1):
        other = make_lyric(title=title, text=f"[Verse]\n{title.lower()} in the rain")
        CollectionItem.objects.create(collection=album, lyric=other, position=position)
    return lyric, album


def _order(album):
    return list(album.items.order_by("position").values_list("lyric__title", flat=True))


def test_it_edits_with_the_keyboard_and_shows_the_history(
    browser,
    live_server,
    workspace,
    tmp_path,
):
    lyric, _ = workspace
    page = logged_in_page(browser, live_server)
    page.goto(f"{live_server.url}/lyrics/{lyric.pk}/")
    page.locator('[data-shortcut="e"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/lyrics/{lyric.pk}/edit/")

    text = page.get_by_label("Text")
    text.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n\n[Bridge]\n星光照亮了回家的路")
    page.keyboard.press("Tab")
    page.keyboard.type("a bridge")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(f"{live_server.url}/lyrics/{lyric.pk}/")
    expect(page.get_by_role("heading", name="Bridge")).to_be_visible()
    assert Lyric.objects.get(pk=lyric.pk).version == 2

    page.get_by_role("link", name=re.compile("History")).click()
    page.wait_for_url(f"{live_server.url}/lyrics/{lyric.pk}/history/")
    expect(page.locator(".diff ins").first).to_contain_text("星光照亮了回家的路")
    expect(page.locator("table.versions")).to_contain_text("a bridge")
    shot(page, "history", tmp_path)

    page.get_by_label("Compare version").fill("1")
    page.get_by_label("with version").fill("2")
    page.get_by_role("button", name="Compare").press("Enter")
    page.wait_for_url(re.compile(r".*a=1&b=2"))
    expect(page.locator(".diff ins")).to_have_count(1)


def test_it_meets_a_conflict_and_keeps_its_text(browser, live_server, workspace):
    lyric, _ = workspace
    page = logged_in_page(browser, live_server)
    page.goto(f"{live_server.url}/lyrics/{lyric.pk}/edit/")
    # Someone else saves while this editor is typing.
    someone = User.objects.create_user("someone")
    lyric_edit_save(
        lyric_id=lyric.pk, user=someone, title="星夜", text=TEXT + "\nla la", base_version=1
    )
    text = page.get_by_label("Text")
    text.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("my own words, kept")
    page.keyboard.press("Control+Enter")

    expect(page.get_by_role("heading", name="Someone else saved first")).to_be_visible()
    expect(page.locator(".conflict ins").first).to_contain_text("la")
    assert page.get_by_label("Text").input_value() == "my own words, kept"
    assert Lyric.objects.get(pk=lyric.pk).text == TEXT + "\nla la"

    page.get_by_label("Text").focus()
    page.keyboard.press("Control+Enter")
    page.wait_for_url(f"{live_server.url}/lyrics/{lyric.pk}/")
    saved = Lyric.objects.get(pk=lyric.pk)
    assert (saved.version, saved.text) == (3, "my own words, kept")


def test_it_reorders_a_collection_with_the_keyboard(
    browser,
    live_server,
    workspace,
    tmp_path,
):
    _, album = workspace
    page = logged_in_page(browser, live_server)
    page.get_by_role("link", name="Collections").click()
    page.get_by_role("link", name="Night songs").click()
    first = page.locator(".collection-item").first
    first.focus()
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator("#reorder-status")).to_have_text("Moved to position 2 of 3.")
    expect(page.locator("[data-reorder]")).to_have_attribute("data-saved", "yes")
    assert _order(album) == ["Paper boats", "Harbour lights", "Last ferry"]
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator(".collection-item").last).to_contain_text("Harbour lights")
    page.wait_for_function("document.querySelector('[data-reorder]').dataset.saved === 'yes'")
    page.reload()
    expect(page.locator(".collection-item").last).to_contain_text("Harbour lights")
    assert _order(album) == ["Paper boats", "Last ferry", "Harbour lights"]
    shot(page, "collection", tmp_path)


def test_it_opens_a_share_link_logged_out(browser, live_server, workspace, tmp_path):
    lyric, _ = workspace
    page = logged_in_page(browser, live_server)
    page.goto(f"{live_server.url}/lyrics/{lyric.pk}/")
    page.get_by_role("button", name="Make a share link").press("Enter")
    page.wait_for_url(f"{live_server.url}/shares/")
    link = ShareLink.objects.get()
    expect(page.locator("table.shares")).to_contain_text(f"/s/{link.token}/")

    visitor = browser.new_context(viewport={"width": 1200, "height": 860})
    public = visitor.new_page()
    response = public.goto(f"{live_server.url}/s/{link.token}/")
    assert response.status == 200 and response.headers["x-robots-tag"] == "noindex"
    expect(public.get_by_role("heading", name="星夜狂想")).to_be_visible()
    expect(public.locator("#shared-1-1")).to_have_text("月光洒满了窗台\n我在想你")
    assert public.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    expect(public.get_by_role("link", name="Log out")).to_have_count(0)
    shot(public, "share", tmp_path)

    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Revoke").press("Enter")
    page.wait_for_url(f"{live_server.url}/shares/")
    assert public.goto(f"{live_server.url}/s/{link.token}/").status == 404
    assert questions == ["Revoke this link? It stops working at once."]
    visitor.close()
