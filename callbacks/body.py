"""Read a callback's body within CALLBACK_MAX_BYTES, chunked bodies included.

Django reads ``request.body`` only up to CONTENT_LENGTH, so a body sent with
``Transfer-Encoding: chunked`` (no Content-Length) would read as empty.
gunicorn decodes chunked input itself: it is read here straight from
``wsgi.input``, never more than the limit plus one byte.
"""

from dataclasses import dataclass

from rest_framework import status

from callbacks.models import Delivery
from lyricsapp.models import column_range

# Delivery.body_size is a PostgreSQL integer: a larger announced size is
# recorded as its highest value, rather than failing the insert and answering 503.
BODY_SIZE_MAX = column_range(Delivery, "body_size")[1]


@dataclass(frozen=True)
class Body:
    raw: bytes = b""
    size: int = 0
    status: int = 200
    error: str = ""
    detail: dict | None = None


def _too_large(size, limit):
    return Body(
        size=min(size, BODY_SIZE_MAX),
        status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        error=f"body is larger than the limit of {limit} bytes",
    )


def _is_chunked(request):
    encoding = request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
    return "chunked" in encoding and not request.META.get("CONTENT_LENGTH")


def _read_stream(stream, size):
    """Up to ``size`` bytes: a chunked stream may hand them out in pieces."""
    parts, left = [], size
    while left > 0:
        part = stream.read(left)
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def read_body(request, limit) -> Body:
    """The body, or why it was refused (400 bad framing, 413 over ``limit``)."""
    if _is_chunked(request):
        try:
            raw = _read_stream(request.environ["wsgi.input"], limit + 1)
        except Exception:  # the server's own framing errors vary: a broken chunk
            return Body(
                status=status.HTTP_400_BAD_REQUEST,
                error="the chunked body could not be read",
                detail={"Transfer-Encoding": "malformed chunked encoding"},
            )
        return _too_large(len(raw), limit) if len(raw) > limit else Body(raw=raw, size=len(raw))
    try:
        announced = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        announced = -1
    if announced < 0:
        return Body(
            status=status.HTTP_400_BAD_REQUEST,
            error="invalid Content-Length header",
            detail={"Content-Length": "must be a non-negative integer"},
        )
    # Decide 413 from the announced size before reading anything.
    if announced > limit:
        return _too_large(announced, limit)
    raw = request.read(limit + 1)
    return _too_large(len(raw), limit) if len(raw) > limit else Body(raw=raw, size=len(raw))
