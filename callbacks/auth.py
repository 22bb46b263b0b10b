"""Who may deliver callbacks: a shared token, and optionally an HMAC signature.

Both secrets may hold several comma-separated values (project/credentials.py):
any of them is accepted, so a secret can be rotated without a lost callback.
"""

import base64
import hashlib
import hmac
import time

from project.credentials import callback_tokens, hmac_keys

TOKEN_HEADER = "X-Callback-Token"  # noqa: S105 (a header name)
TIMESTAMP_HEADER = "X-Webhook-Timestamp"
SIGNATURE_HEADER = "X-Webhook-Signature"
MAX_CLOCK_SKEW = 300


def _matches_any(supplied, expected_values):
    """Constant time per value, and every value is compared (no early exit)."""
    supplied = supplied.encode("utf-8", "surrogatepass")
    matched = False
    for expected in expected_values:
        matched |= hmac.compare_digest(supplied, expected.encode("utf-8"))
    return matched


def token_is_valid(request):
    """The token from the query string or the header, compared in constant time."""
    supplied = request.GET.get("token") or request.headers.get(TOKEN_HEADER) or ""
    return _matches_any(supplied, callback_tokens())


def signature_required():
    return bool(hmac_keys())


def signature_timestamp_error(request, now=None):
    """Check the signature headers before the body is read; None when fine or off."""
    if not signature_required():
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
    message = f"{task_id}.{timestamp}".encode("utf-8", "surrogatepass")
    digest = hmac.new(key.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def signature_is_valid(request, task_id):
    """True when no key is set, or the signature is one of any current key's."""
    keys = hmac_keys()
    if not keys:
        return True
    timestamp = request.headers.get(TIMESTAMP_HEADER, "")
    supplied = request.headers.get(SIGNATURE_HEADER, "")
    return _matches_any(supplied, [sign(key, task_id, timestamp) for key in keys])
