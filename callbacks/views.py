import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError
from rest_framework import exceptions, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from callbacks import auth
from callbacks.body import read_body
from callbacks.confirm import callback_hold
from callbacks.openapi import callback_schema
from callbacks.payload import TASK_ID_MAX, InvalidPayload, decode_json, parse_callback
from callbacks.services import RequestInfo, callback_store, delivery_record_invalid
from project.client_ip import client_ip

logger = logging.getLogger(__name__)

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


def _recorded_headers(request):
    return {
        name: "[redacted]" if name.lower() in REDACTED_HEADERS else value
        for name, value in request.headers.items()
    }


def _signature_failure(task_id):
    if not task_id:
        return "invalid webhook signature: the body holds no readable task id to verify it against"
    return "invalid webhook signature"


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
        """Check, record and store one delivery; the answer in the contract's shape."""
        refused = self._authentication_error(request)
        if refused:
            return refused
        content_type = request.META.get("CONTENT_TYPE", "")
        info = dict(
            content_type=content_type[:255],
            headers=_recorded_headers(request),
            remote_addr=client_ip(request),
            # Recorded only once the token and, with a key, the signature passed.
            authenticated=True,
        )
        body = read_body(request, settings.CALLBACK_MAX_BYTES)
        if body.error:
            if auth.signature_required():
                # Nothing to verify a signature against: answered, not recorded.
                return _error(body.status, body.error, body.detail)
            request_info = RequestInfo(raw_body=b"", body_size=body.size, **info)
            return self._refuse(request_info, body.status, body.error, body.detail)
        request_info = RequestInfo(raw_body=body.raw, body_size=len(body.raw), **info)

        # Parse whatever the content type says: with a key set, the signature
        # is checked first wherever the task id can be read, and a request
        # that cannot be verified is a 401 with nothing recorded.
        try:
            callback, invalid = parse_callback(decode_json(body.raw)), None
        except InvalidPayload as exc:
            callback, invalid = None, exc
        task_id = callback.task_id if callback else invalid.task_id
        if auth.signature_required() and not (
            task_id and auth.signature_is_valid(request, task_id)
        ):
            return _error(status.HTTP_401_UNAUTHORIZED, _signature_failure(task_id))

        if not _is_json(content_type):
            return self._refuse(
                request_info,
                status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
                f"content type must be application/json, not {content_type or 'missing'!r}",
            )
        if invalid:
            return self._refuse(
                request_info, status.HTTP_400_BAD_REQUEST, invalid.error, invalid.detail, task_id
            )
        return self._store(callback, request_info)

    def _authentication_error(self, request):
        """The 401 of a request without the token or with a stale signature, else None."""
        if not auth.token_is_valid(request):
            return _error(status.HTTP_401_UNAUTHORIZED, "missing or invalid callback token")
        signature_error = auth.signature_timestamp_error(request)
        if signature_error:
            return _error(status.HTTP_401_UNAUTHORIZED, signature_error)
        return None

    def _store(self, callback, request_info):
        if settings.SUNO_CONFIRM_CALLBACKS:
            outcome, first = callback_hold(callback=callback, request=request_info)
            answer = "received" if outcome == "unconfirmed" and first else "duplicate"
        else:
            outcome = callback_store(callback=callback, request=request_info)
            answer = "received" if outcome == "received" else "duplicate"
        return Response({"status": answer, "task_id": callback.task_id})

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
