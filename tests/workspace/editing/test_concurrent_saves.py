"""Two editors save from the same version at the same moment: exactly one wins."""

import threading

import pytest
from django.db import connection

from lyricsapp.models import Lyric, LyricVersion
from lyricsapp.workspace.editing import EditConflict, lyric_edit_save


@pytest.mark.django_db(transaction=True)
def test_it_lets_only_one_of_two_concurrent_saves_win(django_user_model):
    from tests.api_helpers import make_task

    task = make_task("race", lyrics=[{"title": "T", "text": "start"}])
    lyric = task.lyrics.get()
    users = [django_user_model.objects.create_user(f"u{i}") for i in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def save(user, text):
        try:
            barrier.wait()
            lyric_edit_save(lyric_id=lyric.pk, user=user, title="T", text=text, base_version=1)
            outcomes.append("saved")
        except EditConflict as conflict:
            outcomes.append(("conflict", conflict.lyric.version))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(u, f"by {u.username}")) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes, key=str) == sorted(["saved", ("conflict", 2)], key=str)
    assert Lyric.objects.get(pk=lyric.pk).version == 2
    assert LyricVersion.objects.filter(lyric=lyric).count() == 1
