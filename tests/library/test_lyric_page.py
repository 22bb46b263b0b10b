import json
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User

from tests.library_helpers import make_lyric

TEXT = "Intro line\n[Verse]\n月光洒满了窗台\n<b>not bold</b>\n\n[Chorus]\nLa la la"


@pytest.fixture
def user_client(client, db):
    client.force_login(User.objects.create_user("reader", password="a-long-password-1"))
    return client


@pytest.fixture
def lyric(db):
    return make_lyric(title="星夜 <狂想>", text=TEXT)


def test_it_requires_login(client, lyric):
    response = client.get(f"/lyrics/{lyric.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    download = client.get(f"/lyrics/{lyric.pk}/download.txt")
    assert download.status_code == 302


def test_it_shows_sections_split_from_the_text(user_client, lyric):
    response = user_client.get(f"/lyrics/{lyric.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert ">Intro<" in body
    assert ">Verse<" in body
    assert ">Chorus<" in body
    assert "月光洒满了窗台" in body
    assert 'data-copy="#section-text-2"' in body
    assert 'data-copy="#lyric-full"' in body


def test_it_prefers_stored_sections(user_client, lyric):
    lyric.sections = [{"label": "Stored", "text": "from the worker"}]
    lyric.save()
    body = user_client.get(f"/lyrics/{lyric.pk}/").content.decode()
    assert ">Stored<" in body
    assert ">Chorus<" not in body


def test_it_escapes_the_lyric(user_client, lyric):
    body = user_client.get(f"/lyrics/{lyric.pk}/").content.decode()
    assert "<b>not bold</b>" not in body
    assert "&lt;b&gt;not bold&lt;/b&gt;" in body
    assert "星夜 &lt;狂想&gt;" in body


def test_it_is_404_for_a_missing_lyric(user_client, db):
    assert user_client.get("/lyrics/999999/").status_code == 404
    assert user_client.get("/lyrics/999999/download.txt").status_code == 404


def test_it_downloads_text(user_client, lyric):
    response = user_client.get(f"/lyrics/{lyric.pk}/download.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == ("星夜 <狂想>\n\n" + TEXT + "\n").encode("utf-8")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''" + quote("星夜 狂想.txt")
    )


def test_it_downloads_markdown(user_client, lyric):
    response = user_client.get(f"/lyrics/{lyric.pk}/download.md")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("# 星夜 <狂想>\n\nIntro line\n\n## Verse\n\n月光洒满了窗台  \n<b>")
    assert "## Chorus\n\nLa la la\n" in text
    assert "filename*=utf-8''" in response["Content-Disposition"]


def test_it_downloads_json(user_client, lyric):
    response = user_client.get(f"/lyrics/{lyric.pk}/download.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "月光".encode() in response.content  # UTF-8, not \u escapes
    data = json.loads(response.content)
    assert data["id"] == lyric.pk
    assert data["task_id"] == lyric.task.task_id
    assert data["title"] == "星夜 <狂想>"
    assert data["sections"][1] == {"label": "Verse", "text": "月光洒满了窗台\n<b>not bold</b>"}


def test_it_uses_an_ascii_name_as_is(user_client, db):
    lyric = make_lyric(title="Midnight Train", text="x")
    response = user_client.get(f"/lyrics/{lyric.pk}/download.txt")
    assert response["Content-Disposition"] == 'attachment; filename="Midnight Train.txt"'


def test_it_names_an_untitled_download_by_id(user_client, db):
    lyric = make_lyric(title="", text="x")
    response = user_client.get(f"/lyrics/{lyric.pk}/download.md")
    assert response["Content-Disposition"] == f'attachment; filename="lyric-{lyric.pk}.md"'


def test_it_rejects_an_unknown_format(user_client, lyric):
    assert user_client.get(f"/lyrics/{lyric.pk}/download.exe").status_code == 404
