"""Secrets that may hold several comma-separated values, and keeping them out of logs.

``SUNO_CALLBACK_TOKEN`` and ``SUNO_WEBHOOK_HMAC_KEY`` accept a list so that a
secret can be rotated without refusing a single callback: every value is
accepted, the first one is used for new submissions (docs/security.md).
"""

import re

from django.conf import settings

REDACTED = "[redacted]"
# A token in a query string, whatever its value (wrong guesses included).
_TOKEN_PARAM = re.compile(r"(?i)((?:^|[?&;\s\"'])token=)[^&\s\"']*")
# user:password@ in a URL (a broker or database URL in an error message).
_URL_PASSWORD = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]*(@)")


def secret_values(value):
    """The non-empty values of a comma-separated secret setting, in order."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def callback_tokens():
    return secret_values(settings.SUNO_CALLBACK_TOKEN)


def hmac_keys():
    return secret_values(settings.SUNO_WEBHOOK_HMAC_KEY)


def callback_token_current():
    """The token new submissions carry: the first value."""
    tokens = callback_tokens()
    return tokens[0] if tokens else ""


def _known_secrets():
    values = callback_tokens() + hmac_keys()
    for name in ("SUNO_API_KEY", "METRICS_TOKEN", "SECRET_KEY"):
        values.append(getattr(settings, name, "") or "")
    # Longest first, so that a value containing another is replaced whole.
    return sorted((v for v in values if len(v) >= 4), key=len, reverse=True)


def redact(text):
    """``text`` with every token parameter, URL password and configured secret replaced."""
    if not text:
        return text
    text = _TOKEN_PARAM.sub(lambda m: m.group(1) + REDACTED, text)
    text = _URL_PASSWORD.sub(lambda m: m.group(1) + REDACTED + m.group(2), text)
    try:
        secrets = _known_secrets()
    except Exception:  # settings not configured (e.g. gunicorn's master before Django loads)
        secrets = []
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text
