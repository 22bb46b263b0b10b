"""`python manage.py generate_lyrics --count N`: realistic lyrics for demos and benchmarks."""

import io
import re

import pytest
from django.core.management import call_command

from lyricsapp.management.commands.generate_lyrics import Command
from lyricsapp.models import Lyric, Task
from tests.library.test_lyric_indexes import assert_small_pending_lists

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def test_it_loads_cjk_and_latin_lyrics_and_reports_progress():
    out = io.StringIO()

    call_command("generate_lyrics", count=40, stdout=out)

    assert Lyric.objects.count() == 40
    assert Task.objects.count() == 20
    with_cjk = sum(1 for text in Lyric.objects.values_list("text", flat=True) if CJK.search(text))
    assert 0 < with_cjk < 40
    assert "40 / 40 lyrics" in out.getvalue()
    assert "Loaded 40 lyrics" in out.getvalue()


def test_its_rebuilt_search_indexes_are_the_migrations_ones():
    command = Command(stdout=io.StringIO())

    command._drop_indexes()
    command._create_indexes()

    assert_small_pending_lists()
