"""An error nobody foresaw still answers 503 with Retry-After, never a 500."""

import pytest

from callbacks import views
from tests.callback_helpers import callback_body, post_callback


@pytest.mark.django_db
def test_it_answers_503_instead_of_500(client, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "callback_store", broken)
    response = post_callback(client, callback_body())
    assert response.status_code == 503
    assert response.json() == {"error": "temporary failure, please retry"}
    assert int(response["Retry-After"]) > 0
