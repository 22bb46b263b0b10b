"""Concurrent deliveries of one task id store exactly one task.

Each thread has its own database connection (Django's are per thread) and
they all post at once, so the unique constraint and ON CONFLICT are what
keep the task single, not the test's ordering.
"""

import threading
from collections import Counter

import pytest
from django.db import connection
from django.test import Client

from callbacks.models import Delivery
from lyricsapp.models import Lyric, Task
from tests.callback_helpers import callback_body, encode, lyric_rows, post_callback

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 32
TASK_ID = "3b66882fde0a5d398bd269cab6d9542b"


def post_all_at_once(bodies):
    """POST each body from its own thread, released together; return the responses."""
    barrier = threading.Barrier(len(bodies))
    responses = [None] * len(bodies)
    errors = []

    def deliver(index, raw):
        try:
            client = Client()
            barrier.wait(timeout=30)
            responses[index] = post_callback(client, raw)
        except Exception as exc:  # reported below, with the thread that raised it
            errors.append((index, exc))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=deliver, args=(i, encode(body))) for i, body in enumerate(bodies)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert all(not thread.is_alive() for thread in threads)
    return responses


def items(title):
    return [
        {"title": f"{title} 1", "text": f"[Verse]\n{title}", "status": "complete"},
        {"title": f"{title} 2", "text": "", "status": "failed", "error_message": "no"},
    ]


def test_it_stores_one_task_from_a_storm_of_identical_deliveries():
    body = callback_body(TASK_ID, items=items("星夜"))

    responses = post_all_at_once([body] * THREADS)

    assert [r.status_code for r in responses] == [200] * THREADS
    answers = Counter(r.json()["status"] for r in responses)
    assert answers == {"received": 1, "duplicate": THREADS - 1}
    assert {r.json()["task_id"] for r in responses} == {TASK_ID}
    task = Task.objects.get()
    assert (task.task_id, task.status, task.code) == (TASK_ID, "complete", 200)
    assert lyric_rows(task) == [
        ("星夜 1", "[Verse]\n星夜", "complete", ""),
        ("星夜 2", "", "failed", "no"),
    ]
    assert Lyric.objects.count() == 2
    outcomes = Counter(Delivery.objects.values_list("outcome", flat=True))
    assert outcomes == {"received": 1, "duplicate": THREADS - 1}
    assert task.result_delivery == Delivery.objects.get(outcome="received")


def test_it_stores_one_result_from_a_storm_of_two_different_contents():
    first = callback_body(TASK_ID, items=items("Alpha"))
    second = callback_body(TASK_ID, items=items("Omega"))
    bodies = [first, second] * (THREADS // 2)

    responses = post_all_at_once(bodies)

    assert [r.status_code for r in responses] == [200] * THREADS
    assert Counter(r.json()["status"] for r in responses) == {
        "received": 1,
        "duplicate": THREADS - 1,
    }
    task = Task.objects.get()
    winner = task.result_delivery
    assert winner.outcome == "received"
    # The stored lyrics are all from the winning body, never a mix.
    title = "Alpha" if b"Alpha" in bytes(winner.raw_body) else "Omega"
    assert lyric_rows(task) == [
        (f"{title} 1", f"[Verse]\n{title}", "complete", ""),
        (f"{title} 2", "", "failed", "no"),
    ]
    # Every other delivery of the winning body is a duplicate, every one of the
    # other body a conflict.
    for delivery in Delivery.objects.exclude(pk=winner.pk):
        same = title.encode() in bytes(delivery.raw_body)
        assert delivery.outcome == ("duplicate" if same else "conflict"), delivery
    outcomes = Counter(Delivery.objects.values_list("outcome", flat=True))
    assert outcomes == {"received": 1, "duplicate": THREADS // 2 - 1, "conflict": THREADS // 2}


def test_a_pending_task_takes_exactly_one_result_under_a_storm():
    Task.objects.create(task_id=TASK_ID, status="pending")
    first = callback_body(TASK_ID, items=items("Alpha"))
    second = callback_body(TASK_ID, items=items("Omega"))

    responses = post_all_at_once([first, second] * (THREADS // 2))

    assert [r.status_code for r in responses] == [200] * THREADS
    assert Counter(r.json()["status"] for r in responses)["received"] == 1
    task = Task.objects.get()
    assert task.status == "complete"
    title = "Alpha" if b"Alpha" in bytes(task.result_delivery.raw_body) else "Omega"
    assert [row[0] for row in lyric_rows(task)] == [f"{title} 1", f"{title} 2"]
    outcomes = Counter(Delivery.objects.values_list("outcome", flat=True))
    assert outcomes == {"received": 1, "duplicate": THREADS // 2 - 1, "conflict": THREADS // 2}


def test_it_stores_many_new_tasks_at_once():
    bodies = [callback_body(f"task-{i:02d}", items=items(f"T{i}")) for i in range(THREADS)]

    responses = post_all_at_once(bodies)

    assert [r.json()["status"] for r in responses] == ["received"] * THREADS
    assert Task.objects.count() == THREADS
    assert Lyric.objects.count() == 2 * THREADS
    assert set(Delivery.objects.values_list("outcome", flat=True)) == {"received"}
