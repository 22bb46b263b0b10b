import json

import pytest

from callbacks.models import Delivery
from lyricsapp.models import Lyric, Task

URL = "/callbacks/suno/lyrics/?token=test-token"


@pytest.mark.django_db
def test_it_stores_a_new_task(client):
    body = {
        "code": 200,
        "msg": "All generated successfully.",
        "data": {
            "callbackType": "complete",
            "task_id": "3b66882fde0a5d398bd269cab6d9542b",
            "data": [
                {
                    "error_message": "",
                    "status": "complete",
                    "text": "[Verse]\n月光",
                    "title": "星夜",
                }
            ],
        },
    }
    response = client.post(URL, json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"status": "received", "task_id": "3b66882fde0a5d398bd269cab6d9542b"}
    task = Task.objects.get()
    assert task.status == "complete"
    assert Lyric.objects.get().title == "星夜"
    assert Delivery.objects.get().outcome == "received"
