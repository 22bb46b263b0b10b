"""The workspace in real headless Chromium, driven with the keyboard where it has keys.

With SAVE_SCREENSHOTS=1 (make screenshots) the library's filters and bulk bar
and the lyric page's workspace panel are saved to docs/screenshots/.
"""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from lyricsapp.models import Favorite, Lyric, Note, TaggedLyric
from lyricsapp.workspace.tags import lyric_tags_set
from tests.library.test_browser import PASSWORD, browser, logged_in_page, shot  # noqa: F401
from tests.library_helpers import make_lyric, make_task

pytestmark = pytest.mark.browser


@pytest.fixture
def workspace(transactional_db):
    # "reader" is the name logged_in_page signs in with; a new user is an editor.
    user = User.objects.create_user("reader", password=PASSWORD)
    task = make_task()
    lyrics = [
        make_lyric(task=task, position=n, title=title, text=f"[Verse]\n{text}\n\n[Chorus]\nla la")
        for n, (title, text) in enumerate(
            [
                ("Moonlight Drive", "we drive all night"),
                ("星夜狂想", "月光洒满了窗台"),
                ("Harbour Lights", "ships come home"),
                ("Paper Planes", "fold the morning"),
            ]
        )
    ]
    lyric_tags_set(lyric=lyrics[2], names=["demo", "ballad"], user=user)
    return user, lyrics


def test_it_stars_tags_notes_trashes_and_bulk_tags_with_the_keyboard(
    browser,  # noqa: F811
    live_server,
    workspace,
    tmp_path,
):
    user, lyrics = workspace
    page = logged_in_page(browser, live_server)

    # ? shows the keys; Escape closes them.
    page.keyboard.press("?")
    expect(page.locator("#keys-dialog")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#keys-dialog")).to_be_hidden()

    # j moves to the first row (the newest lyric), s stars it.
    page.keyboard.press("j")
    expect(page.locator("[data-row]").first).to_have_class(re.compile("current"))
    page.keyboard.press("s")
    page.wait_for_load_state()
    expect(page.locator("[data-row]").first.locator(".star.on")).to_be_visible()
    assert Favorite.objects.filter(user=user, lyric=lyrics[3]).exists()

    # / focuses the search; x ticks rows for a bulk action.
    page.keyboard.press("/")
    expect(page.locator("#id_q")).to_be_focused()
    page.keyboard.press("Escape")
    for _ in range(2):
        page.keyboard.press("j")
        page.keyboard.press("x")
    expect(page.locator(".bulk-count")).to_have_text("2 selected")
    page.locator("#id_bulk_value").fill("bulk-demo")
    page.keyboard.press("Enter")
    expect(page.locator("ul.messages")).to_contain_text("2 of 2 selected")
    assert TaggedLyric.objects.filter(tag__name="bulk-demo").count() == 2

    # Filters stay in the URL; the screenshot shows them with the bulk bar.
    page.goto(f"{live_server.url}/?tag=bulk-demo&favorite=true")
    expect(page.locator("[data-row]")).to_have_count(1)
    page.goto(f"{live_server.url}/?tag=bulk-demo")
    expect(page.locator("details.filters")).to_have_attribute("open", "")
    page.locator(".row-select").first.check()
    shot(page, "library-workspace", tmp_path)

    # Enter opens the current row; e does nothing where nothing is editable.
    page.goto(f"{live_server.url}/")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("e")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf".*/lyrics/{lyrics[2].pk}/$"))

    # A tag, with the existing ones suggested as you type.
    page.locator("#id_tag_name").press_sequentially("de")
    expect(page.locator("#tag-suggestions option[value='demo']")).to_be_attached()
    page.locator("#id_tag_name").press_sequentially("mo-2")
    page.keyboard.press("Enter")
    expect(page.locator(".tag-list")).to_contain_text("demo-2")

    # The note, saved with its author.
    page.locator("#id_note_text").fill("Use the second chorus")
    page.locator("#id_note_text").press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".workspace-note")).to_contain_text("Last edited by reader")
    assert Note.objects.get(lyric=lyrics[2]).text == "Use the second chorus"

    # s stars from the lyric page too.
    page.keyboard.press("s")
    expect(page.locator(".workspace .button.star")).to_have_attribute("aria-pressed", "true")
    shot(page, "lyric-workspace", tmp_path)

    # Trash and back.
    page.get_by_role("button", name="Move to the trash").click()
    expect(page.locator(".workspace")).to_contain_text("In the trash since")
    assert Lyric.objects.get(pk=lyrics[2].pk).trashed_at is not None
    page.get_by_role("button", name="Restore from the trash").click()
    expect(page.get_by_role("button", name="Move to the trash")).to_be_visible()
    assert Lyric.objects.get(pk=lyrics[2].pk).trashed_at is None
