"""Small builders shared by the read API and admin tests."""

import json

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from callbacks.models import Delivery
from lyricsapp.models import Lyric, Task


def make_task(task_id, *, status="complete", code=200, lyrics=(), **fields):
    task = Task.objects.create(task_id=task_id, status=status, code=code, **fields)
    for position, lyric in enumerate(lyrics):
        Lyric.objects.create(task=task, position=position, **lyric)
    return task


def make_delivery(task_id, *, outcome="received", body=None, http_status=200, **fields):
    raw = json.dumps(body if body is not None else {"task": task_id}, ensure_ascii=False).encode()
    return Delivery.objects.create(
        task_id=task_id,
        outcome=outcome,
        http_status=http_status,
        raw_body=raw,
        body_size=len(raw),
        content_type="application/json",
        **fields,
    )


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client
