"""Every page in real Chromium under the Content-Security-Policy: no violation anywhere.

Violations are caught twice: the page's ``securitypolicyviolation`` events and
Chromium's console ("Refused to ..."). Also: odd task ids followed by the
browser itself land on the task's own page.
"""

import re
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User

from callbacks.models import Delivery
from lyricsapp.models import Task
from tests.library.test_browser import PASSWORD, browser, library, logged_in_page  # noqa: F401
from tests.library_helpers import make_task
from tests.live_gunicorn import Gunicorn

pytestmark = pytest.mark.browser

WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


class CSPWatch:
    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(WATCH_CSP)
        page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.console.append(f"{self.page.url}: {message.text}")

    def visit(self, url, wait_for=None):
        response = self.page.goto(url)
        assert response.status < 500, url
        assert "script-src 'self'" in response.headers["content-security-policy"], url
        if wait_for:
            self.page.wait_for_selector(wait_for, timeout=15_000)
        self.page.wait_for_load_state("networkidle")
        events = self.page.evaluate("window.__csp")
        assert events == [], f"{url}: {events}"

    def assert_clean(self):
        assert self.console == []


@pytest.fixture
def operator(library):  # noqa: F811
    User.objects.filter(username="reader").update(is_superuser=True)
    Delivery.objects.create(
        task_id=Task.objects.get(task_id="3b66882fde0a5d398bd269cab6d9542b").task_id,
        outcome="received",
        http_status=200,
        raw_body=b'{"code": 200, "data": {"task_id": "x"}}',
        authenticated=True,
    )
    return library


def test_it_shows_no_csp_violation_on_any_page(browser, live_server, operator, settings):  # noqa: F811
    settings.PUBLIC_API_DOCS = False
    base = live_server.url
    context = browser.new_context()
    login_page = context.new_page()
    watch = CSPWatch(login_page)
    watch.visit(f"{base}/accounts/login/")
    page = logged_in_page(browser, live_server)
    watch = CSPWatch(page)
    task = Task.objects.get(task_id="3b66882fde0a5d398bd269cab6d9542b")
    delivery = Delivery.objects.get(task_id=task.task_id)
    user = User.objects.get(username="reader")
    for path, wait_for in [
        ("/", None),
        ("/?q=%E6%9C%88%E5%85%89", "mark"),
        (f"/lyrics/{operator.pk}/", None),
        ("/tasks/", None),
        (f"/tasks/{task.task_id}/", None),
        ("/dashboard/", None),
        ("/new/", None),
        ("/api/docs/", ".swagger-ui .info .title"),
        ("/admin/", None),
        ("/admin/lyricsapp/task/", None),
        (f"/admin/lyricsapp/task/{task.pk}/change/", None),
        ("/admin/callbacks/delivery/", None),
        (f"/admin/callbacks/delivery/{delivery.pk}/change/", None),
        ("/admin/auth/user/", None),
        (f"/admin/auth/user/{user.pk}/change/", None),
        ("/admin/auth/user/add/", None),
        ("/admin/axes/accessattempt/", None),
        ("/admin/axes/accesslog/", None),
    ]:
        watch.visit(f"{base}{path}", wait_for)
    # The pending row polls with htmx under the policy, without a violation.
    watch.visit(f"{base}/tasks/")
    with page.expect_response(re.compile(r".*/task-rows/\d+/")):
        pass
    assert page.evaluate("window.__csp") == []
    # Logging out: the logged-out page.
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp") == []
    watch.assert_clean()
    context.close()


def test_it_shows_the_lockout_page_without_a_csp_violation(browser, live_server, operator):  # noqa: F811
    page = browser.new_page()
    watch = CSPWatch(page)
    watch.visit(f"{live_server.url}/accounts/login/")
    for _ in range(5):
        page.get_by_label("Username").fill("reader")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Too many failed logins").is_visible()
    assert page.evaluate("window.__csp") == []
    watch.assert_clean()
    assert AccessAttempt.objects.get().failures_since_start == 5
    page.close()


@pytest.fixture(scope="module")
def gunicorn(django_db_setup, django_db_blocker, tmp_path_factory):
    """The real server: how it decodes %2F in a path is what matters here."""
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with django_db_blocker.unblock():
        server = Gunicorn(log).start()
    yield server
    server.stop()


@pytest.mark.parametrize(
    ("task_id", "path"),
    [
        ("../../admin", "/tasks/..%2F..%2Fadmin/"),
        ("a/b?c#d", "/tasks/a%2Fb%3Fc%23d/"),
        ("%2F", "/tasks/%252F/"),
        ("..", None),
        (".", None),
    ],
)
def test_the_browser_follows_odd_task_ids_to_the_task(browser, gunicorn, library, task_id, path):  # noqa: F811
    task = make_task(status="complete", task_id=task_id)
    server = SimpleNamespace(url=f"http://127.0.0.1:{gunicorn.port}")
    page = logged_in_page(browser, server)
    page.goto(f"{server.url}/tasks/")
    page.locator(f"#task-{task.pk} a.mono").click()
    page.wait_for_load_state()
    assert page.url == f"{server.url}{path or f'/task-keys/{task.pk}/'}"
    heading = page.locator("h1 .mono")
    assert heading.count() == 1, page.content()[:2000]
    assert heading.inner_text() == task_id
    page.context.close()
