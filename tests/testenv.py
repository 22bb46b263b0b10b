"""Loaded with ``-p tests.testenv`` before Django's settings are read.

Tests run with DEBUG off, like production, so the secrets must be explicit.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ.setdefault("SUNO_CALLBACK_TOKEN", "test-token")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
