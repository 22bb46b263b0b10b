"""Wrong API tokens are throttled per client address (a DRF throttle, counted in Redis)."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db
URL = "/api/v1/lyrics/"


def get(client, token, address="203.0.113.7"):
    return client.get(URL, HTTP_AUTHORIZATION=f"Token {token}", REMOTE_ADDR=address)


def test_it_answers_429_after_ten_wrong_tokens_a_minute(client):
    assert [get(client, f"wrong-{n}").status_code for n in range(10)] == [401] * 10
    response = get(client, "wrong-11")
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 1 <= wait <= 60
    assert response.json() == {
        "detail": f"Too many wrong API tokens from your address. Expected available in {wait} "
        "seconds."
    }


def test_it_refuses_even_a_right_token_from_that_address_meanwhile(client):
    token = Token.objects.create(user=get_user_model().objects.create_user("reader")).key
    for n in range(10):
        get(client, f"wrong-{n}")
    assert get(client, token).status_code == 429
    # Another address is not affected.
    assert get(client, token, address="198.51.100.9").status_code == 200


def test_it_does_not_count_right_tokens(client):
    token = Token.objects.create(user=get_user_model().objects.create_user("reader")).key
    assert {get(client, token).status_code for _ in range(15)} == {200}
