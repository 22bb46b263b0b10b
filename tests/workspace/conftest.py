import pytest
from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

from lyricsapp.workspace.permissions import READERS
from tests.library_helpers import make_lyric, make_task

PASSWORD = "a-long-password-1"


@pytest.fixture
def editor(db):
    # A new user joins the default group, Editors.
    return User.objects.create_user("editor", password=PASSWORD)


@pytest.fixture
def reader(db):
    user = User.objects.create_user("reader", password=PASSWORD)
    user.groups.set([Group.objects.get(name=READERS)])
    return user


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def api(editor):
    return _api(editor)


@pytest.fixture
def reader_api(reader):
    return _api(reader)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def lyric(db):
    return make_lyric(title="星夜狂想", text="[Verse]\n月光洒满了窗台", language="zh")


@pytest.fixture
def lyrics(db):
    task = make_task()
    return [
        make_lyric(title=f"Moonlight {n}", text=f"love song {n}", task=task, position=n)
        for n in range(5)
    ]
