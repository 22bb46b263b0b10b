"""Every payload variant the provider's pages show, one stored fixture each.

Each test posts the fixture's exact bytes and checks the answer, the stored
task, its lyrics and the delivery (raw body byte-exact).
"""

import pytest

from callbacks.models import Delivery
from lyricsapp.models import Task
from tests.callback_helpers import fixture_bytes, lyric_rows, post_callback

pytestmark = pytest.mark.django_db


def receive(client, name, task_id):
    raw = fixture_bytes(name)
    response = post_callback(client, raw)
    assert response.status_code == 200
    assert response.json() == {"status": "received", "task_id": task_id}
    task = Task.objects.get()
    assert task.task_id == task_id
    delivery = Delivery.objects.get()
    assert bytes(delivery.raw_body) == raw
    assert delivery.body_size == len(raw)
    assert delivery.outcome == "received"
    assert delivery.http_status == 200
    assert delivery.task_id == task_id
    assert delivery.content_type == "application/json"
    assert task.result_delivery == delivery
    assert task.completed_at is not None
    return task


def test_it_stores_the_documented_example(client):
    task = receive(client, "success_doc_example", "3b66882fde0a5d398bd269cab6d9542b")
    assert (task.status, task.code, task.msg, task.callback_type) == (
        "complete",
        200,
        "All generated successfully.",
        "complete",
    )
    assert lyric_rows(task) == [
        (
            "星夜狂想",
            "[Verse]\n月光洒满了窗台\n星星在低语\n\n[Chorus]\n星夜狂想 带我飞翔",
            "complete",
            "",
        ),
        (
            "Starry Night Fantasy",
            "[Verse]\nMoonlight on the windowsill\n\n[Chorus]\nFly with me tonight",
            "complete",
            "",
        ),
    ]


def test_it_reads_task_id_in_camel_case(client):
    task = receive(client, "success_camel_task_id", "5c79a2b4e81f4d0e9a3c6b7d8e9f0a1b")
    assert (task.status, task.code, task.callback_type) == ("complete", 200, "complete")
    assert task.msg == "All generated successfully."
    assert lyric_rows(task) == [
        ("Rooftop Rain", "[Verse]\nRain on the rooftop\n[Chorus]\nWe dance anyway", "complete", "")
    ]


def test_it_reads_lyrics_data_and_error_message_in_camel_case(client):
    task = receive(client, "success_lyrics_data", "9f8e7d6c5b4a39281706f5e4d3c2b1a0")
    assert (task.status, task.code, task.callback_type) == ("complete", 200, "complete")
    assert task.msg == "All generated successfully."
    assert lyric_rows(task) == [
        ("Neon Dreams", "[Intro]\nCity lights\n[Verse]\nNeon dreams", "complete", ""),
        ("Highway Hum", "[Verse]\nHighway hum", "complete", ""),
    ]


def test_it_stores_complete_and_failed_items_together(client):
    task = receive(client, "mixed_complete_failed", "0a1b2c3d4e5f60718293a4b5c6d7e8f9")
    # One complete lyric is enough for the task to be complete.
    assert (task.status, task.code, task.callback_type) == ("complete", 200, "complete")
    assert task.msg == "All generated successfully."
    assert lyric_rows(task) == [
        ("Ocean Waves", "[Verse]\nOcean waves\n[Chorus]\nCome back to me", "complete", ""),
        ("", "", "failed", "Lyrics contain copyrighted content."),
    ]


def test_it_fails_a_task_whose_only_item_failed(client):
    task = receive(client, "failed_item_camel_error_message", "1b2c3d4e5f60718293a4b5c6d7e8f90a")
    assert (task.status, task.code, task.msg) == ("failed", 200, "Generation finished.")
    assert task.callback_type == "complete"
    assert lyric_rows(task) == [("", "", "failed", "Content violates the usage policy.")]


def test_it_accepts_null_items(client):
    task = receive(client, "failure_data_null", "2c3d4e5f60718293a4b5c6d7e8f90a1b")
    assert (task.status, task.code, task.msg, task.callback_type) == (
        "failed",
        501,
        "Lyrics generation failed.",
        "error",
    )
    assert lyric_rows(task) == []


def test_it_accepts_missing_items(client):
    task = receive(client, "failure_data_missing", "3d4e5f60718293a4b5c6d7e8f90a1b2c")
    assert (task.status, task.code, task.callback_type) == ("failed", 500, "error")
    assert task.msg == "Internal error, please try again later."
    assert lyric_rows(task) == []


def test_it_fails_a_success_code_with_no_items(client):
    task = receive(client, "success_code_empty_list", "4e5f60718293a4b5c6d7e8f90a1b2c3d")
    assert (task.status, task.code, task.callback_type) == ("failed", 200, "complete")
    assert task.msg == "All generated successfully."
    assert lyric_rows(task) == []


@pytest.mark.parametrize(
    ("code", "task_id", "msg"),
    [
        (400, "a63c5c3c895323b279e6fc137d68649a", "Your lyrics contain copyrighted content."),
        (408, "6a269decaad641db5807693775ba2412", "Rate limited: the generation timed out."),
        (413, "722a506f58a73e67f9b87f4f9003941d", "The content matches an existing work."),
        (451, "f6fdc60b6e58c1439a88191e84fb70b2", "Unavailable for legal reasons."),
        (
            500,
            "6adeaf0fbf1b60ac50b9f7d3089ad451",
            "An unexpected error occurred while processing the request.",
        ),
        (501, "71837729b64b65336e621b25aada7189", "Lyrics generation failed."),
        (
            531,
            "26d23365566c8d9980119e8cc387d562",
            "Sorry, generation failed due to an issue. Your credits have been refunded. "
            "Please try again.",
        ),
        # Not in the provider's table: kept as data, not refused.
        (999, "6b7e0e866a900c005a5043440c5f18d0", "Something new the provider has not documented."),
    ],
)
def test_it_stores_each_failure_code(client, code, task_id, msg):
    task = receive(client, f"failure_code_{code}", task_id)
    assert (task.status, task.code, task.msg, task.callback_type) == ("failed", code, msg, "error")
    assert lyric_rows(task) == []


def test_it_keeps_unknown_fields_in_the_raw_body(client):
    task = receive(client, "extra_unknown_fields", "6a7b8c9d0e1f20314253647586970a1b")
    assert (task.status, task.code, task.callback_type) == ("complete", 200, "complete")
    assert task.msg == "All generated successfully."
    assert lyric_rows(task) == [("Paper Planes", "[Verse]\nPaper planes", "complete", "")]
    raw = bytes(Delivery.objects.get().raw_body)
    assert b'"requestId": "req-7781"' in raw
    assert b'"tags": [' in raw


def test_it_stores_cjk_and_emoji_text(client):
    task = receive(client, "cjk_emoji", "7b8c9d0e1f20314253647586970a1b2c")
    assert (task.status, task.code, task.callback_type) == ("complete", 200, "complete")
    assert task.msg == "全部生成成功 ✅"
    assert lyric_rows(task) == [
        (
            "春の歌 🌸 봄노래",
            "[主歌]\n櫻の花が舞う 🌸\n사랑해요 💕\n\n[副歌]\n🎵 唱吧 唱吧 🎶",
            "complete",
            "",
        )
    ]
