from datetime import timedelta

import pytest
from django.utils import timezone

from lyricsapp.models import Collection, CollectionItem, ShareLink
from tests.api_helpers import make_task


@pytest.fixture
def link(lyric, editor):
    return ShareLink.objects.create(lyric=lyric, created_by=editor)


@pytest.mark.django_db
def test_it_shows_the_shared_lyric_without_login(client, link):
    page = client.get(f"/s/{link.token}/")
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex"
    body = page.content.decode()
    assert '<meta name="robots" content="noindex">' in body
    assert "Tide" in body and "the waves come in" in body and "data-copy=" in body
    assert "ws-task" not in body  # only titles and sections, not the task


@pytest.mark.django_db
def test_it_shows_a_shared_collection_in_order(client, editor):
    task = make_task("share-coll", lyrics=[{"title": f"S{i}", "text": f"w{i}"} for i in range(2)])
    album = Collection.objects.create(name="Live set")
    for position, lyric in enumerate(reversed(list(task.lyrics.order_by("position"))), start=1):
        CollectionItem.objects.create(collection=album, lyric=lyric, position=position)
    link = ShareLink.objects.create(collection=album)
    body = client.get(f"/s/{link.token}/").content.decode()
    assert "Live set" in body and body.index("S1") < body.index("S0")


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["unknown", "short", "symbols", "revoked", "expired"])
def test_it_answers_404(client, link, case):
    if case == "revoked":
        ShareLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    if case == "expired":
        ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(1))
    tokens = {
        "unknown": "A" * 43,
        "short": link.token[:10],
        "symbols": link.token[:42] + "%21",
        "revoked": link.token,
        "expired": link.token,
    }
    page = client.get(f"/s/{tokens[case]}/")
    assert page.status_code == 404
    assert page["X-Robots-Tag"] == "noindex"
    assert "does not exist, was revoked or has expired" in page.content.decode()


@pytest.mark.django_db
def test_it_rate_limits_per_client(client, link, settings):
    settings.SHARE_RATE_LIMIT = "3 per minute"
    for _ in range(3):
        assert client.get(f"/s/{link.token}/").status_code == 200
    page = client.get(f"/s/{link.token}/")
    assert page.status_code == 429
    assert int(page["Retry-After"]) >= 1
    other = client.get(f"/s/{link.token}/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
