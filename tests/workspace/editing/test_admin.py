import pytest

from lyricsapp.models import Collection, ShareLink
from lyricsapp.workspace.editing import lyric_edit_save


@pytest.mark.django_db
def test_it_shows_a_lyrics_versions_read_only(admin_client, admin_user, lyric):
    lyric_edit_save(
        lyric_id=lyric.pk,
        user=admin_user,
        title="T2",
        text="v2",
        base_version=1,
        message="first pass",
    )
    page = admin_client.get(f"/admin/lyricsapp/lyric/{lyric.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "first pass" in body and "v2" in body
    assert admin_client.get("/admin/lyricsapp/lyric/").status_code == 200


@pytest.mark.django_db
def test_it_lists_and_edits_collections(admin_client, lyric):
    album = Collection.objects.create(name="Album")
    album.items.create(lyric=lyric, position=1)
    assert admin_client.get("/admin/lyricsapp/collection/").status_code == 200
    page = admin_client.get(f"/admin/lyricsapp/collection/{album.pk}/change/")
    assert page.status_code == 200 and "Album" in page.content.decode()


@pytest.mark.django_db
def test_it_revokes_share_links(admin_client, lyric):
    links = [ShareLink.objects.create(lyric=lyric) for _ in range(2)]
    page = admin_client.post(
        "/admin/lyricsapp/sharelink/",
        {"action": "revoke", "_selected_action": [link.pk for link in links]},
    )
    assert page.status_code == 302
    assert ShareLink.objects.filter(revoked_at__isnull=True).count() == 0
