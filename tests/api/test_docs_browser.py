"""/api/docs/ renders in a real browser with every request to the outside refused."""

import shutil
from urllib.parse import urlsplit

import pytest

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")
def test_it_renders_the_docs_offline(live_server, transactional_db, tmp_path, settings):
    settings.PUBLIC_API_DOCS = True
    outside = []

    def only_this_server(route):
        host = urlsplit(route.request.url).hostname
        if host in ("localhost", "127.0.0.1"):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            page = browser.new_page()
            page.route("**/*", only_this_server)
            page.goto(f"{live_server.url}/api/docs/")
            page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
            assert "Lyrics library API" in page.inner_text(".swagger-ui .info .title")
            page.wait_for_selector("text=/callbacks/suno/lyrics/")
            # tasks list + submit, task detail, lyrics list, lyric detail, callback,
            # credits, webhooks list + create, webhook get, put, patch, delete;
            # export create, detail and download; lyric trash, restore, star, unstar,
            # bulk action and bulk export; tags list
            assert page.locator(".opblock-summary-path").count() == 37
            page.screenshot(path=tmp_path / "docs.png", full_page=True)
        finally:
            browser.close()
    assert outside == []
