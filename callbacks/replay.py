"""Run ingestion again on a recorded delivery, from its stored raw body."""

from callbacks.models import Delivery
from callbacks.payload import TASK_ID_MAX, InvalidPayload, decode_json, parse_callback
from callbacks.services import RequestInfo, callback_store, delivery_record_invalid


class BodyNotKept(Exception):
    """The delivery was refused as too large, so there is nothing to replay."""


class NotAuthenticated(Exception):
    """The delivery did not pass the token and signature checks: never replayed."""


def delivery_replay(*, delivery: Delivery) -> str:
    """Replay one delivery; return the outcome of the new delivery it records.

    The same path as the endpoint's, minus authentication and the content-type
    check: only a delivery that passed authentication when it came is replayed. A task's first stored
    result is final, so replaying a stored result records a duplicate and
    changes nothing; replaying an invalid body records it invalid again.
    """
    if not delivery.authenticated:
        raise NotAuthenticated(f"delivery #{delivery.pk} was not authenticated: not replayed")
    raw = bytes(delivery.raw_body or b"")
    if not raw and delivery.body_size:
        raise BodyNotKept(f"delivery #{delivery.pk} was over the size limit: no body kept")
    request = RequestInfo(
        raw_body=raw,
        body_size=len(raw),
        content_type=delivery.content_type,
        headers=delivery.headers,
        remote_addr=delivery.remote_addr,
        authenticated=True,
    )
    try:
        callback = parse_callback(decode_json(raw))
    except InvalidPayload as exc:
        delivery_record_invalid(
            request=request,
            http_status=400,
            error=exc.error,
            error_detail=exc.detail,
            task_id=exc.task_id[:TASK_ID_MAX],
            replay_of=delivery,
        )
        return Delivery.Outcome.INVALID
    return callback_store(callback=callback, request=request, replay_of=delivery)
