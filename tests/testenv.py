"""Loaded with ``-p tests.testenv`` before Django's settings are read.

Tests run with DEBUG off, like production, so the secrets must be explicit.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ.setdefault("SUNO_CALLBACK_TOKEN", "test-token")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Messages the tests publish go to a Redis database of their own, never to the
# development broker's queue (worker tests start private redis-servers anyway).
TEST_BROKER_URL = "redis://127.0.0.1:6379/14"
os.environ.setdefault("CELERY_BROKER_URL", TEST_BROKER_URL)
# The event receivers of the tests listen on 127.0.0.1.
os.environ.setdefault("EVENTS_ALLOW_PRIVATE", "true")
