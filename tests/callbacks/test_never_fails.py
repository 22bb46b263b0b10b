"""No input yields a 5xx: every field replaced by every kind of value gives a 200 or a 400."""

import copy
import itertools

import pytest

from callbacks.models import Delivery
from lyricsapp.models import Lyric, Task
from tests.callback_helpers import callback_body, post_callback

ODD_VALUES = [
    None,
    0,
    -1,
    2**40,
    1.5,
    True,
    "",
    "x" * 300,
    "\x00",
    "\ud800",
    "月光🌸",
    [],
    [None],
    {},
    {"nested": {"deeper": [1, {"a": None}]}},
]


def leaf_paths(node, path=()):
    """Every key and index of a document, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key)
            yield from leaf_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*path, index)
            yield from leaf_paths(value, (*path, index))


def replaced(document, path, value):
    document = copy.deepcopy(document)
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return document


@pytest.mark.django_db
def test_it_answers_every_mutation_with_200_or_400(client):
    base = callback_body("base")
    base["data"]["data"].append({"title": "b", "text": "", "status": "failed"})
    paths = list(leaf_paths(base))
    for number, (path, value) in enumerate(itertools.product(paths, ODD_VALUES)):
        task_id = f"fuzz-{number}"
        document = replaced(base, ("data", "task_id"), task_id)
        document = replaced(document, path, value)
        response = post_callback(client, document)
        case = f"{'.'.join(map(str, path))} = {value!r}"
        assert response.status_code in (200, 400), case
        delivery = Delivery.objects.order_by("-id").first()
        if response.status_code == 400:
            assert delivery.outcome == "invalid", case
            assert set(response.json()) == {"error", "detail"}, case
        else:
            answer = response.json()
            assert answer["status"] == "received", case
            assert delivery.outcome == "received", case
            assert Task.objects.filter(task_id=answer["task_id"]).exists(), case
    stored = Task.objects.count()
    assert stored > 0
    assert Delivery.objects.filter(outcome="received").count() == stored
    assert Lyric.objects.filter(task__isnull=True).count() == 0
