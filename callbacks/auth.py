"""Who may deliver callbacks: a shared token, and optionally an HMAC signature."""

import base64
import hashlib
import hmac
import time

from django.conf import settings

TOKEN_HEADER = "X-Callback-Token"  # noqa: S105 (a header name)
TIMESTAMP_HEADER = "X-Webhook-Timestamp"
SIGNATURE_HEADER = "X-Webhook-Signature"
MAX_CLOCK_SKEW = 300


def token_is_valid(request):
    """The token from the query string or the header, compared in constant time."""
    supplied = request.GET.get("token") or request.headers.get(TOKEN_HEADER) or ""
    expected = settings.SUNO_CALLBACK_TOKEN
    return bool(expected) and hmac.compare_digest(
        supplied.encode("utf-8", "surrogatepass"), expected.encode("utf-8")
    )


def signature_timestamp_error(request, now=None):
    """Check the signature headers before the body is read; None when fine or off."""
    if not settings.SUNO_WEBHOOK_HMAC_KEY:
        return None
    timestamp = request.headers.get(TIMESTAMP_HEADER, "")
    if not request.headers.get(SIGNATURE_HEADER):
        return f"missing {SIGNATURE_HEADER} header"
    try:
        sent_at = int(timestamp)
    except ValueError:
        return f"missing or malformed {TIMESTAMP_HEADER} header"
    if abs((now or time.time()) - sent_at) > MAX_CLOCK_SKEW:
        return f"{TIMESTAMP_HEADER} is more than {MAX_CLOCK_SKEW} s away from our clock"
    return None


def sign(key, task_id, timestamp):
    """base64(HMAC-SHA256(key, "<task_id>.<timestamp>")), the provider family's scheme."""
    message = f"{task_id}.{timestamp}".encode()
    digest = hmac.new(key.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def signature_is_valid(request, task_id):
    key = settings.SUNO_WEBHOOK_HMAC_KEY
    if not key:
        return True
    expected = sign(key, task_id, request.headers.get(TIMESTAMP_HEADER, ""))
    supplied = request.headers.get(SIGNATURE_HEADER, "")
    return hmac.compare_digest(supplied.encode("utf-8", "surrogatepass"), expected.encode())
