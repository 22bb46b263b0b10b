"""Links and polling address the task itself, whatever its id holds.

Each href is resolved the way a browser resolves it (the URL Standard's dot
segments, percent-encoded ones included), then requested: it must be that
task's page. The real-browser check is in test_browser_security.py.
"""

import re

import pytest
from django.contrib.auth.models import User

from tests.library_helpers import make_lyric, make_task

ODD_IDS = [
    "..",
    ".",
    "%2F",
    "?",
    "#",
    "a/b",
    "../../admin",
    "./x",
    "%2e%2e",
    "a/../b",
    "/lead",
    "x?y#z",
]
# The URL Standard: these path segments are "." and ".." (ASCII case-insensitive).
SINGLE_DOT = {".", "%2e"}
DOUBLE_DOT = {"..", ".%2e", "%2e.", "%2e%2e"}


def browser_path(href):
    """The path a browser requests for a root-relative href (query and fragment cut)."""
    path = re.split(r"[?#]", href, maxsplit=1)[0]
    segments = path.split("/")[1:]
    out = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment.lower() in DOUBLE_DOT:
            if out:
                out.pop()
            if last:
                out.append("")
        elif segment.lower() in SINGLE_DOT:
            if last:
                out.append("")
        else:
            out.append(segment)
    return "/" + "/".join(out)


def test_browser_path_resolves_like_a_browser():
    assert browser_path("/tasks/../../admin/") == "/admin/"
    assert browser_path("/tasks/%2E%2E/") == "/"
    assert browser_path("/tasks/a%2Fb/") == "/tasks/a%2Fb/"


@pytest.fixture
def user_client(client, db):
    client.force_login(User.objects.create_user("reader"))
    return client


@pytest.mark.parametrize("task_id", ODD_IDS)
def test_the_task_list_links_and_polls_the_task_itself(user_client, task_id):
    task = make_task(status="pending", task_id=task_id)
    body = user_client.get("/tasks/").content.decode()
    row = re.search(rf'<tr id="task-{task.pk}".*?</tr>', body, re.S).group(0)
    link = re.search(r'<a class="mono" href="([^"]*)"', row).group(1)
    poll = re.search(r'hx-get="([^"]*)"', row).group(1)

    page = user_client.get(browser_path(link))
    assert page.status_code == 200, (task_id, link)
    assert page.context["task"].pk == task.pk
    row_page = user_client.get(browser_path(poll))
    assert row_page.status_code == 200
    assert f'id="task-{task.pk}"' in row_page.content.decode()


@pytest.mark.parametrize("task_id", ODD_IDS)
def test_the_lyric_and_library_pages_link_the_task_itself(user_client, task_id):
    task = make_task(status="complete", task_id=task_id)
    lyric = make_lyric(task=task, title="odd", text="[Verse]\nla")
    for url in (f"/lyrics/{lyric.pk}/", "/"):
        body = user_client.get(url).content.decode()
        link = re.search(r'task <a[^>]* href="([^"]*)"', body).group(1)
        assert user_client.get(browser_path(link)).context["task"].pk == task.pk, (url, link)


@pytest.mark.parametrize("task_id", ["..", "."])
def test_it_links_dot_ids_by_the_row_key(user_client, task_id):
    task = make_task(task_id=task_id)
    body = user_client.get("/tasks/").content.decode()
    assert f'href="/task-keys/{task.pk}/"' in body


def test_it_encodes_every_reserved_character_in_one_segment(user_client):
    make_task(task_id="../../admin")
    body = user_client.get("/tasks/").content.decode()
    assert 'href="/tasks/..%2F..%2Fadmin/"' in body
    assert 'href="/tasks/../../admin/"' not in body
