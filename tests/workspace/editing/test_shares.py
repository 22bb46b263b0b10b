from datetime import timedelta

import pytest
from django.utils import timezone

from lyricsapp.models import Collection, ShareLink


@pytest.mark.django_db
def test_it_makes_a_lyric_link_through_the_api(editor_api, editor, lyric, client):
    response = editor_api.post(f"/api/v1/lyrics/{lyric.pk}/share/", {}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert len(body["token"]) == 43 and body["expires_at"] is None
    assert body["url"].endswith(f"/s/{body['token']}/")
    link = ShareLink.objects.get()
    assert (link.lyric, link.created_by) == (lyric, editor)
    assert client.get(f"/s/{body['token']}/").status_code == 200


@pytest.mark.django_db
def test_it_makes_a_collection_link_with_an_expiry(editor_api):
    album = Collection.objects.create(name="A")
    expires = (timezone.now() + timedelta(days=2)).isoformat()
    response = editor_api.post(
        f"/api/v1/collections/{album.pk}/share/", {"expires_at": expires}, format="json"
    )
    assert response.status_code == 201 and response.json()["expires_at"]
    assert ShareLink.objects.get().collection == album


@pytest.mark.django_db
@pytest.mark.parametrize("expires", ["2001-01-01T00:00:00Z", "soon"])
def test_it_refuses_a_past_or_bad_expiry(editor_api, lyric, expires):
    response = editor_api.post(
        f"/api/v1/lyrics/{lyric.pk}/share/", {"expires_at": expires}, format="json"
    )
    assert response.status_code == 400 and "expires_at" in response.json()
    assert not ShareLink.objects.exists()


@pytest.mark.django_db
def test_it_revokes_through_the_api(editor_api, lyric, client):
    token = editor_api.post(f"/api/v1/lyrics/{lyric.pk}/share/").json()["token"]
    assert editor_api.delete(f"/api/v1/shares/{token}/").status_code == 204
    assert ShareLink.objects.get().revoked_at is not None
    assert client.get(f"/s/{token}/").status_code == 404
    assert editor_api.delete(f"/api/v1/shares/{token}/").status_code == 404
    assert editor_api.delete("/api/v1/shares/not-a-token/").status_code == 404


@pytest.mark.django_db
def test_it_refuses_readers(reader_api, lyric):
    assert reader_api.post(f"/api/v1/lyrics/{lyric.pk}/share/").status_code == 403
    link = ShareLink.objects.create(lyric=lyric)
    assert reader_api.delete(f"/api/v1/shares/{link.token}/").status_code == 403
    assert ShareLink.objects.get().revoked_at is None


@pytest.mark.django_db
def test_it_lists_live_links_and_revokes_from_the_page(editor_client, lyric):
    page = editor_client.post("/shares/new/", {"lyric": lyric.pk})
    assert page.status_code == 302 and page["Location"] == "/shares/"
    live = ShareLink.objects.get()
    ShareLink.objects.create(lyric=lyric, revoked_at=timezone.now())
    body = editor_client.get("/shares/").content.decode()
    assert f"/s/{live.token}/" in body and body.count("/revoke/") == 1
    page = editor_client.post(f"/shares/{live.token}/revoke/")
    assert page.status_code == 302
    assert ShareLink.objects.filter(revoked_at__isnull=True).count() == 0
    assert editor_client.post(f"/shares/{live.token}/revoke/").status_code == 404


@pytest.mark.django_db
def test_it_refuses_a_past_expiry_on_the_page(editor_client, lyric):
    page = editor_client.post("/shares/new/", {"lyric": lyric.pk, "expires_at": "2001-01-01T10:00"})
    assert page.status_code == 302 and page["Location"] == f"/lyrics/{lyric.pk}/"
    assert not ShareLink.objects.exists()


@pytest.mark.django_db
def test_it_refuses_readers_on_the_pages(reader_client, lyric):
    link = ShareLink.objects.create(lyric=lyric)
    assert reader_client.post("/shares/new/", {"lyric": lyric.pk}).status_code == 403
    assert reader_client.post(f"/shares/{link.token}/revoke/").status_code == 403
    body = reader_client.get("/shares/").content.decode()
    assert "Revoke" not in body and link.token in body
