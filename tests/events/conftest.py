import pytest

from tests.callback_helpers import callback_body
from tests.callback_helpers import post_callback as post


@pytest.fixture
def post_callback(client):
    """Store a provider result for ``task_id`` through the callback endpoint."""
    return lambda task_id, **kwargs: post(client, callback_body(task_id, **kwargs))
