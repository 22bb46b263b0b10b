"""An item status longer than the column is stored cut, not answered with a 503.

Found by schemathesis: "others kept as given" statuses of any length reached
the varchar(32) column and failed the insert.
"""

import json

import pytest

from callbacks.models import Delivery
from lyricsapp.models import Lyric, Task
from tests.callback_helpers import post_callback


@pytest.mark.django_db
def test_it_stores_a_long_item_status_cut_to_the_column(client):
    status = "s" * 40
    body = {
        "code": 200,
        "data": {"task_id": "long-status", "data": [{"title": "t", "text": "x", "status": status}]},
    }
    raw = json.dumps(body)
    response = post_callback(client, raw)
    assert response.status_code == 200
    assert response.json() == {"status": "received", "task_id": "long-status"}
    assert Lyric.objects.get().status == "s" * 32
    assert Task.objects.get().status == "failed"
    delivery = Delivery.objects.get()
    assert delivery.outcome == "received"
    assert bytes(delivery.raw_body) == raw.encode()
