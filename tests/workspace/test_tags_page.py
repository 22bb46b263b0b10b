import pytest
from taggit.models import Tag

from lyricsapp.workspace.tags import lyric_tags_set


@pytest.mark.django_db
def test_it_adds_and_removes_tags_on_the_lyric_page(editor_client, lyric):
    response = editor_client.post(f"/lyrics/{lyric.pk}/tags/", {"name": "  Late  night "})
    assert response.status_code == 302
    assert list(lyric.tags.names()) == ["Late night"]
    html = editor_client.get(f"/lyrics/{lyric.pk}/").content.decode()
    assert "Late night" in html and 'list="tag-suggestions"' in html
    assert 'data-tag-suggest="/api/v1/tags/"' in html

    editor_client.post(f"/lyrics/{lyric.pk}/tags/", {"remove": "late NIGHT"})
    assert list(lyric.tags.names()) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "words"),
    [("x" * 101, "at most 100 characters"), ("   ", "empty"), ("a\x1bb", "control characters")],
)
def test_it_answers_400_naming_a_bad_tag(editor_client, lyric, name, words):
    response = editor_client.post(
        f"/lyrics/{lyric.pk}/tags/", {"name": name, "next": f"/lyrics/{lyric.pk}/"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert words in html and "Nothing was changed" in html
    assert f'href="/lyrics/{lyric.pk}/"' in html
    assert not Tag.objects.exists()


@pytest.mark.django_db
def test_it_refuses_readers(reader_client, lyric):
    assert reader_client.post(f"/lyrics/{lyric.pk}/tags/", {"name": "x"}).status_code == 403
    assert 'name="name"' not in reader_client.get(f"/lyrics/{lyric.pk}/").content.decode()


@pytest.mark.django_db
def test_it_lists_tags_with_counts(editor_client, editor, lyrics):
    lyric_tags_set(lyric=lyrics[0], names=["demo", "<b>bold</b>"], user=editor)
    lyric_tags_set(lyric=lyrics[1], names=["demo"], user=editor)
    html = editor_client.get("/tags/").content.decode()
    assert 'href="/?tag=demo">demo <span class="count">2</span>' in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html


@pytest.mark.django_db
def test_it_filters_the_library_by_several_tags_kept_in_the_links(editor_client, editor, lyrics):
    lyric_tags_set(lyric=lyrics[0], names=["a", "b"], user=editor)
    lyric_tags_set(lyric=lyrics[1], names=["a"], user=editor)
    response = editor_client.get("/?tag=a&tag=b")
    assert response.context["page"].items == [lyrics[0]]
    assert response.context["base_query"] == "tag=a&tag=b"
    html = response.content.decode()
    # Each active tag can be dropped on its own.
    assert 'href="?tag=b"' in html and 'href="?tag=a"' in html
