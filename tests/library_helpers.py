"""Rows for the library's page tests, written as the callback endpoint writes them."""

import itertools

from django.utils import timezone

from lyricsapp.models import Lyric, Task

_ids = itertools.count(1)


def make_task(*, status="complete", code=200, msg="", task_id=None, **fields):
    done = status != "pending"
    return Task.objects.create(
        task_id=task_id or f"task{next(_ids):06d}",
        status=status,
        code=code if done else None,
        msg=msg,
        completed_at=timezone.now() if done else None,
        **fields,
    )


def make_lyric(*, title="", text="", task=None, position=0, status="complete", **fields):
    task = task or make_task()
    return Lyric.objects.create(
        task=task, position=position, title=title, text=text, status=status, **fields
    )
