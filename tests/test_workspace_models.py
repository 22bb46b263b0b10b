import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from lyricsapp.models import Collection, LyricVersion, Note, ShareLink
from lyricsapp.workspace.models import SHARE_TOKEN_LENGTH, new_share_token
from lyricsapp.workspace.permissions import can_edit, can_submit
from tests.api_helpers import make_task


@pytest.fixture
def lyric():
    task = make_task("models", lyrics=[{"title": "Tide", "text": "[Verse]\nwaves"}])
    return task.lyrics.get()


@pytest.mark.django_db
def test_it_starts_every_lyric_at_version_1_unedited(lyric):
    lyric.refresh_from_db()
    assert (lyric.version, lyric.edited, lyric.trashed_at) == (1, False, None)
    assert (lyric.provider_title, lyric.provider_text) == ("Tide", "[Verse]\nwaves")


@pytest.mark.django_db
def test_it_keeps_versions_and_notes_of_a_deleted_user(django_user_model, lyric):
    poet = django_user_model.objects.create_user("poet")
    LyricVersion.objects.create(lyric=lyric, number=2, title="T", text="x", author=poet)
    Note.objects.create(lyric=lyric, text="keep the bridge", updated_by=poet)
    poet.delete()
    version = LyricVersion.objects.get(lyric=lyric, number=2)
    note = Note.objects.get(lyric=lyric)
    assert (version.author, version.text) == (None, "x")
    assert (note.updated_by, note.text) == (None, "keep the bridge")


@pytest.mark.django_db
def test_it_makes_share_tokens_of_256_random_bits():
    tokens = {new_share_token() for _ in range(100)}
    assert len(tokens) == 100
    assert {len(token) for token in tokens} == {SHARE_TOKEN_LENGTH}


@pytest.mark.django_db
def test_it_refuses_a_share_link_to_nothing_or_to_two_things(lyric):
    collection = Collection.objects.create(name="Album")
    for targets in ({}, {"lyric": lyric, "collection": collection}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ShareLink.objects.create(**targets)
    assert ShareLink.objects.count() == 0


@pytest.mark.django_db
def test_it_refuses_a_second_version_with_the_same_number(lyric):
    LyricVersion.objects.create(lyric=lyric, number=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        LyricVersion.objects.create(lyric=lyric, number=2)


@pytest.mark.django_db
def test_it_puts_new_users_in_the_editors_group(django_user_model):
    user = django_user_model.objects.create_user("newcomer")
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    assert can_edit(user) and can_submit(user)


@pytest.mark.django_db
def test_it_lets_readers_only_read(django_user_model, settings):
    settings.WORKSPACE_DEFAULT_GROUP = "Readers"
    user = django_user_model.objects.create_user("reader")
    assert list(user.groups.values_list("name", flat=True)) == ["Readers"]
    assert user.has_perm("lyricsapp.view_lyric")
    assert not can_edit(user) and not can_submit(user)


@pytest.mark.django_db
def test_it_creates_both_groups_with_their_permissions():
    readers = set(Group.objects.get(name="Readers").permissions.values_list("codename", flat=True))
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert readers == {"view_lyric", "view_task", "view_collection", "view_tag"}
    assert editors == readers | {"edit_workspace", "submit_task"}


@pytest.mark.django_db
def test_it_refuses_prompts_from_readers(client, django_user_model, settings):
    settings.WORKSPACE_DEFAULT_GROUP = "Readers"
    settings.SUNO_API_KEY = "key"
    reader = django_user_model.objects.create_user("reader")
    client.force_login(reader)
    page = client.post("/new/", {"prompt": "waves"})
    assert page.status_code == 403
    assert "may only read" in page.content.decode()
    api = client.post("/api/v1/tasks/", {"prompt": "waves"}, content_type="application/json")
    assert api.status_code == 403
    assert "cannot submit" in api.json()["error"]
    from lyricsapp.models import Task

    assert not Task.objects.exists()
