"""What a delivery records about its request: headers (secrets redacted) and the client address."""

import pytest
from django.test import override_settings

from callbacks.models import Delivery
from tests.callback_helpers import TOKEN, callback_body, post_callback

pytestmark = pytest.mark.django_db


def recorded_addr(client, remote_addr, forwarded=None, proxies=0):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        response = post_callback(client, callback_body(), **extra)
    assert response.status_code == 200
    return Delivery.objects.get().remote_addr


def test_it_records_the_peer_address(client):
    assert recorded_addr(client, "203.0.113.7") == "203.0.113.7"


def test_it_ignores_x_forwarded_for_without_trusted_proxies(client):
    assert recorded_addr(client, "203.0.113.7", forwarded="198.51.100.1") == "203.0.113.7"


def test_it_takes_the_client_from_one_trusted_proxy(client):
    # A client may send its own X-Forwarded-For; the proxy appends the real one.
    addr = recorded_addr(client, "10.0.0.2", forwarded="6.6.6.6, 198.51.100.1", proxies=1)
    assert addr == "198.51.100.1"


def test_it_takes_the_client_from_two_trusted_proxies(client):
    addr = recorded_addr(client, "10.0.0.3", forwarded="6.6.6.6, 198.51.100.1, 10.0.0.2", proxies=2)
    assert addr == "198.51.100.1"


def test_it_falls_back_to_the_peer_when_the_chain_is_short(client):
    assert recorded_addr(client, "10.0.0.2", forwarded="198.51.100.1", proxies=2) == "10.0.0.2"


def test_it_records_ipv6(client):
    addr = recorded_addr(client, "10.0.0.2", forwarded="2001:db8::1", proxies=1)
    assert addr == "2001:db8::1"


@pytest.mark.parametrize("forwarded", ["not-an-address", "198.51.100.1:4711", "unknown"])
def test_it_stores_no_address_rather_than_a_wrong_one(client, forwarded):
    assert recorded_addr(client, "10.0.0.2", forwarded=forwarded, proxies=1) is None
    assert Delivery.objects.get().outcome == "received"


@pytest.mark.parametrize("forwarded", ["", " , "])
def test_it_uses_the_peer_when_the_proxy_sent_nothing(client, forwarded):
    assert recorded_addr(client, "10.0.0.2", forwarded=forwarded, proxies=1) == "10.0.0.2"


def test_it_copes_with_a_scoped_ipv6_peer(client):
    assert recorded_addr(client, "fe80::1%eth0") == "fe80::1"


def test_it_copes_with_a_scoped_ipv6_from_a_proxy(client):
    assert recorded_addr(client, "10.0.0.2", forwarded="fe80::2%en0", proxies=1) == "fe80::2"


def test_it_redacts_the_token_header(client):
    response = post_callback(
        client,
        callback_body(),
        token=None,
        headers={"X-Callback-Token": TOKEN, "User-Agent": "sunoapi-callback/1.0"},
    )
    assert response.status_code == 200
    headers = Delivery.objects.get().headers
    assert headers["X-Callback-Token"] == "[redacted]"
    assert headers["User-Agent"] == "sunoapi-callback/1.0"
    assert headers["Content-Type"] == "application/json"
    assert TOKEN not in str(headers)


def test_it_redacts_credentials_of_invalid_deliveries_too(client):
    response = post_callback(
        client,
        b"not json",
        headers={"Authorization": "Bearer secret", "Cookie": "sessionid=abc"},
    )
    assert response.status_code == 400
    headers = Delivery.objects.get().headers
    assert headers["Authorization"] == "[redacted]"
    assert headers["Cookie"] == "[redacted]"
    assert "secret" not in str(headers)
    assert "abc" not in str(headers)
