import pytest

from lyricsapp.models import Lyric, LyricVersion, Task


@pytest.mark.django_db
def test_it_shows_the_form_with_the_current_version(editor_client, lyric):
    page = editor_client.get(f"/lyrics/{lyric.pk}/edit/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="base_version" value="1"' in body
    assert "the waves come in" in body


@pytest.mark.django_db
def test_it_saves_a_new_version_and_keeps_the_original(editor_client, editor, lyric):
    page = editor_client.post(
        f"/lyrics/{lyric.pk}/edit/",
        {
            "title": "Tide II",
            "text": "[Verse]\nthe tide goes out",
            "base_version": 1,
            "message": "darker",
        },
    )
    assert page.status_code == 302 and page["Location"] == f"/lyrics/{lyric.pk}/"
    lyric.refresh_from_db()
    assert (lyric.version, lyric.title, lyric.text) == (2, "Tide II", "[Verse]\nthe tide goes out")
    assert (lyric.original_title, lyric.original_text) == (
        "Tide",
        "[Verse]\nthe waves come in\n[Chorus]\nhold on",
    )
    version = LyricVersion.objects.get(lyric=lyric)
    assert (version.number, version.author, version.message) == (2, editor, "darker")
    # The follow-up work runs again on the new text.
    assert lyric.sections is None
    assert Task.objects.get(pk=lyric.task_id).processed_at is None


@pytest.mark.django_db
def test_it_keeps_the_users_text_on_a_conflict(editor_client, other_editor, lyric):
    from lyricsapp.workspace.editing import lyric_edit_save

    lyric_edit_save(
        lyric_id=lyric.pk,
        user=other_editor,
        title="Tide",
        base_version=1,
        text="[Verse]\nthe waves roll in\n[Chorus]\nhold on",
    )
    page = editor_client.post(
        f"/lyrics/{lyric.pk}/edit/",
        {"title": "Mine", "text": "my own words", "base_version": 1},
    )
    assert page.status_code == 409
    body = page.content.decode()
    assert "Someone else saved first" in body
    assert "my own words</textarea>" in body
    assert 'value="Mine"' in body
    assert "<del>come</del><ins>roll</ins>" in body
    assert 'name="base_version" value="2"' in body
    lyric.refresh_from_db()
    assert (lyric.version, lyric.title) == (2, "Tide")


@pytest.mark.django_db
def test_it_saves_over_the_other_version_once_the_conflict_was_seen(editor_client, lyric):
    Lyric.objects.filter(pk=lyric.pk).update(version=2)
    page = editor_client.post(
        f"/lyrics/{lyric.pk}/edit/", {"title": "Mine", "text": "mine", "base_version": 2}
    )
    assert page.status_code == 302
    assert Lyric.objects.get(pk=lyric.pk).version == 3


@pytest.mark.django_db
def test_it_refuses_a_nul_or_a_missing_version(editor_client, lyric):
    page = editor_client.post(
        f"/lyrics/{lyric.pk}/edit/", {"title": "x", "text": "a\x00b", "base_version": 1}
    )
    assert page.status_code == 400
    page = editor_client.post(f"/lyrics/{lyric.pk}/edit/", {"title": "x", "text": "y"})
    assert page.status_code == 400
    assert Lyric.objects.get(pk=lyric.pk).version == 1


@pytest.mark.django_db
def test_it_makes_no_version_when_nothing_changed(editor_client, lyric):
    page = editor_client.post(
        f"/lyrics/{lyric.pk}/edit/",
        {"title": lyric.title, "text": lyric.text, "base_version": 1},
    )
    assert page.status_code == 302
    assert not LyricVersion.objects.exists()


@pytest.mark.django_db
def test_it_refuses_readers_and_hides_the_link(reader_client, lyric):
    assert reader_client.get(f"/lyrics/{lyric.pk}/edit/").status_code == 403
    assert (
        reader_client.post(
            f"/lyrics/{lyric.pk}/edit/", {"title": "x", "text": "y", "base_version": 1}
        ).status_code
        == 403
    )
    body = reader_client.get(f"/lyrics/{lyric.pk}/").content.decode()
    assert f"/lyrics/{lyric.pk}/edit/" not in body
    assert "Make a share link" not in body
    assert Lyric.objects.get(pk=lyric.pk).version == 1


@pytest.mark.django_db
def test_it_links_the_editor_with_the_e_shortcut(editor_client, lyric):
    body = editor_client.get(f"/lyrics/{lyric.pk}/").content.decode()
    assert f'href="/lyrics/{lyric.pk}/edit/" data-shortcut="e"' in body


@pytest.mark.django_db
def test_it_is_404_for_a_missing_lyric(editor_client, db):
    assert editor_client.get("/lyrics/999999/edit/").status_code == 404


@pytest.mark.django_db
def test_it_stores_a_browsers_crlf_lines_as_lf(editor_client, lyric):
    text = lyric.text.replace("\n", "\r\n")
    page = editor_client.post(
        f"/lyrics/{lyric.pk}/edit/", {"title": lyric.title, "text": text, "base_version": 1}
    )
    assert page.status_code == 302
    assert Lyric.objects.get(pk=lyric.pk).version == 1  # nothing changed
