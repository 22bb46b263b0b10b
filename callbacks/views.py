import ipaddress
import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError
from rest_framework import exceptions, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from callbacks import auth
from callbacks.confirm import callback_hold
from callbacks.models import Delivery
from callbacks.openapi import callback_schema
from callbacks.payload import TASK_ID_MAX, InvalidPayload, decode_json, parse_callback
from callbacks.services import RequestInfo, callback_store, delivery_record_invalid
from lyricsapp.models import column_range

logger = logging.getLogger(__name__)

# Delivery.body_size is a PostgreSQL integer: a larger announced size is
# recorded as its highest value, rather than failing the insert and answering 503.
BODY_SIZE_MAX = column_range(Delivery, "body_size")[1]
REDACTED_HEADERS = {auth.TOKEN_HEADER.lower(), "authorization", "cookie"}


class AlwaysJSON(BaseContentNegotiation):
    """The provider's Accept header must never turn a stored callback into a 406."""

    def select_parser(self, request, parsers):
        return None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _is_json(content_type):
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _remote_addr(request):
    """REMOTE_ADDR, or the client a trusted proxy chain reported."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return _valid_ip(chain[-hops])
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


def _valid_ip(value):
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # PostgreSQL's inet has no zone ("fe80::1%eth0"): keep the bare address.
    if getattr(address, "scope_id", None):
        address = ipaddress.ip_address(address.packed)
    return str(address)


def _recorded_headers(request):
    return {
        name: "[redacted]" if name.lower() in REDACTED_HEADERS else value
        for name, value in request.headers.items()
    }


def _error(http_status, message, detail=None, headers=None):
    body = {"error": message}
    if detail is not None:
        body["detail"] = detail
    return Response(body, status=http_status, headers=headers)


class LyricsCallbackView(APIView):
    """Receive the provider's lyrics callback: record it, store the result once, answer fast."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = []
    parser_classes = []
    renderer_classes = [JSONRenderer]
    content_negotiation_class = AlwaysJSON

    @callback_schema
    def post(self, request):
        django_request = request._request
        try:
            return self._receive(django_request)
        except (DatabaseError, InterfaceError):
            logger.warning("database unavailable while receiving a callback", exc_info=True)
            return _error(
                status.HTTP_503_SERVICE_UNAVAILABLE,
                "database unavailable, please retry",
                headers={"Retry-After": str(settings.RETRY_AFTER_SECONDS)},
            )

    def _receive(self, request):
        if not auth.token_is_valid(request):
            return _error(status.HTTP_401_UNAUTHORIZED, "missing or invalid callback token")
        signature_error = auth.signature_timestamp_error(request)
        if signature_error:
            return _error(status.HTTP_401_UNAUTHORIZED, signature_error)

        limit = settings.CALLBACK_MAX_BYTES
        content_type = request.META.get("CONTENT_TYPE", "")
        info = dict(
            content_type=content_type[:255],
            headers=_recorded_headers(request),
            remote_addr=_remote_addr(request),
        )
        try:
            announced = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            announced = -1
        if announced < 0:
            return self._refuse(
                RequestInfo(raw_body=b"", body_size=0, **info),
                status.HTTP_400_BAD_REQUEST,
                "invalid Content-Length header",
                {"Content-Length": "must be a non-negative integer"},
            )
        # Decide 413 from the announced size before reading anything, and
        # never read more than the limit plus one byte.
        if announced > limit:
            return self._too_large(
                RequestInfo(raw_body=b"", body_size=min(announced, BODY_SIZE_MAX), **info), limit
            )
        raw_body = request.read(limit + 1)
        if len(raw_body) > limit:
            return self._too_large(
                RequestInfo(raw_body=b"", body_size=len(raw_body), **info), limit
            )
        request_info = RequestInfo(raw_body=raw_body, body_size=len(raw_body), **info)

        if not _is_json(content_type):
            return self._refuse(
                request_info,
                status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
                f"content type must be application/json, not {content_type or 'missing'!r}",
            )
        try:
            callback = parse_callback(decode_json(raw_body))
        except InvalidPayload as exc:
            # A bad signature is a 401 with nothing stored, whatever else is wrong;
            # it can be checked whenever the task id could be read.
            if exc.task_id and not auth.signature_is_valid(request, exc.task_id):
                return _error(status.HTTP_401_UNAUTHORIZED, "invalid webhook signature")
            return self._refuse(
                request_info, status.HTTP_400_BAD_REQUEST, exc.error, exc.detail, exc.task_id
            )
        if not auth.signature_is_valid(request, callback.task_id):
            return _error(status.HTTP_401_UNAUTHORIZED, "invalid webhook signature")

        if settings.SUNO_CONFIRM_CALLBACKS:
            outcome, first = callback_hold(callback=callback, request=request_info)
            answer = "received" if outcome == "unconfirmed" and first else "duplicate"
            return Response({"status": answer, "task_id": callback.task_id})
        outcome = callback_store(callback=callback, request=request_info)
        answer = "received" if outcome == "received" else "duplicate"
        return Response({"status": answer, "task_id": callback.task_id})

    def _too_large(self, request_info, limit):
        return self._refuse(
            request_info,
            status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            f"body is larger than the limit of {limit} bytes",
        )

    def _refuse(self, request_info, http_status, message, detail=None, task_id=""):
        delivery_record_invalid(
            request=request_info,
            http_status=http_status,
            error=message,
            error_detail=detail,
            task_id=task_id[:TASK_ID_MAX],
        )
        return _error(http_status, message, detail)

    def handle_exception(self, exc):
        # Keep the contract's {"error": ...} shape for 405 and friends.
        if isinstance(exc, exceptions.APIException):
            headers = {}
            if isinstance(exc, exceptions.MethodNotAllowed):
                headers["Allow"] = "POST, OPTIONS"
            return _error(exc.status_code, str(exc.detail), headers=headers)
        logger.exception("unexpected error while receiving a callback")
        # Never a 500: ask the provider to try again later instead.
        return _error(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "temporary failure, please retry",
            headers={"Retry-After": str(settings.RETRY_AFTER_SECONDS)},
        )
