import pytest
from django.contrib.auth.models import User
from taggit.models import Tag

from lyricsapp.models import TaggedLyric
from lyricsapp.workspace.tags import lyric_tags_set


@pytest.fixture
def admin_page(client, db):
    client.force_login(User.objects.create_superuser("boss", password="a-long-password-1"))
    return client


@pytest.mark.django_db
def test_it_merges_selected_tags_into_one(admin_page, editor, lyrics):
    lyric_tags_set(lyric=lyrics[0], names=["rock"], user=editor)
    lyric_tags_set(lyric=lyrics[1], names=["Rock music", "rock"], user=editor)
    selected = list(Tag.objects.values_list("pk", flat=True))
    url = "/admin/taggit/tag/"
    form = admin_page.post(url, {"action": "merge", "_selected_action": selected})
    assert form.status_code == 200 and "Merge into" in form.content.decode()

    response = admin_page.post(
        url, {"action": "merge", "_selected_action": selected, "into": "rock"}, follow=True
    )
    assert "Merged 1 tag into “rock”." in response.content.decode()
    assert list(Tag.objects.values_list("name", flat=True)) == ["rock"]
    assert TaggedLyric.objects.count() == 2


@pytest.mark.django_db
def test_it_refuses_a_bad_target_name(admin_page, editor, lyrics):
    lyric_tags_set(lyric=lyrics[0], names=["a", "b"], user=editor)
    selected = list(Tag.objects.values_list("pk", flat=True))
    response = admin_page.post(
        "/admin/taggit/tag/",
        {"action": "merge", "_selected_action": selected, "into": "x" * 101},
        follow=True,
    )
    assert "at most 100 characters" in response.content.decode()
    assert Tag.objects.count() == 2


@pytest.mark.django_db
def test_it_lists_tags_with_counts_and_shows_lyrics_with_tags(admin_page, editor, lyrics):
    lyric_tags_set(lyric=lyrics[0], names=["demo"], user=editor)
    assert admin_page.get("/admin/taggit/tag/").status_code == 200
    html = admin_page.get(f"/admin/lyricsapp/lyric/{lyrics[0].pk}/change/").content.decode()
    assert "demo" in html
    assert admin_page.get("/admin/lyricsapp/lyric/").status_code == 200
