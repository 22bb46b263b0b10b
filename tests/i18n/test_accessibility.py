"""axe-core on every page, in English and Chinese, light and dark.

axe-core is installed from npm at a pinned version by the Makefile
(node_modules/, git-ignored) and injected through Playwright: nothing comes
from a CDN. A violation of impact "serious" or "critical" fails the test.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User

from lyricsapp.models import Task
from tests.library.test_browser import PASSWORD, browser, library  # noqa: F401

pytestmark = pytest.mark.browser

AXE = Path(django_settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}"""


def _pages(library):  # noqa: F811
    task = Task.objects.get(code=531)
    return [
        "/",
        "/?q=月光",
        "/?q=nothing-matches-this",
        f"/lyrics/{library.pk}/",
        "/tasks/",
        f"/tasks/{task.task_id}/",
        "/dashboard/",
        "/new/",
        "/settings/",
        "/admin/",
        "/admin/lyricsapp/task/",
        f"/admin/lyricsapp/task/{task.pk}/change/",
        "/admin/callbacks/delivery/",
    ]


def _violations(page):
    page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_no_page_has_serious_accessibility_violations(
    browser,  # noqa: F811
    live_server,
    library,  # noqa: F811
    settings,
    locale,
    scheme,
):
    assert AXE.exists(), "axe-core is missing: make node_modules/axe-core/axe.min.js"
    settings.SUNO_API_KEY = "shown-enabled"
    User.objects.filter(username="reader").update(is_superuser=True)  # the admin's pages too
    # bypass_csp: the page's Content-Security-Policy would refuse the injected axe.
    context = browser.new_context(locale=locale, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    found = {}
    page.goto(f"{live_server.url}/accounts/login/")
    found["/accounts/login/"] = _violations(page)
    page.get_by_label("Username" if locale == "en-US" else "用户名").fill("reader")
    page.get_by_label("Password" if locale == "en-US" else "密码").fill(PASSWORD)
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    for path in _pages(library):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        found[path] = _violations(page)
    context.close()
    failures = {path: v for path, v in found.items() if v}
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)


def test_the_check_catches_a_serious_violation(browser):  # noqa: F811
    page = browser.new_page()
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>'
    )
    assert [v["id"] for v in _violations(page)] == ["image-alt"]
    page.close()
