"""OpenAPI description of the callback endpoint (contract section 3).

The view reads its body by hand (see callbacks/payload.py), so drf-spectacular
cannot infer anything: the request and responses are written out here, with
every spelling the provider's pages use and the examples from its own page.
"""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema

from callbacks.auth import TOKEN_HEADER
from callbacks.payload import INT32, TASK_ID_MAX

# Python's str.isspace() characters, C0/C1 controls and DEL: what
# callbacks.payload refuses in a task id, spelled for an ECMA-262 regex.
_NOT_IN_TASK_ID = r"\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
TASK_ID = {
    "type": "string",
    "minLength": 1,
    "maxLength": TASK_ID_MAX,
    "pattern": f"^[^{_NOT_IN_TASK_ID}]+$",
    "description": "The provider's task id: 1 to 128 characters, no whitespace or controls.",
}
OPTIONAL_TEXT = {"type": "string", "nullable": True}
ITEM = {
    "type": "object",
    "description": "One generated lyric. Unknown fields are kept in the stored raw body.",
    "properties": {
        "title": OPTIONAL_TEXT,
        "text": OPTIONAL_TEXT,
        "status": {
            **OPTIONAL_TEXT,
            "description": "complete or failed; other values are kept as given.",
        },
        "error_message": {**OPTIONAL_TEXT, "description": "Set when status is failed."},
        "errorMessage": {**OPTIONAL_TEXT, "description": "Alternative spelling of error_message."},
    },
}
ITEMS = {
    "type": "array",
    "nullable": True,
    "items": ITEM,
    "description": "The lyrics; null, empty or missing in failure callbacks.",
}
CALLBACK_BODY = {
    "type": "object",
    "required": ["code", "data"],
    "properties": {
        "code": {
            "type": "integer",
            "minimum": -INT32,
            "maximum": INT32 - 1,
            "description": "The provider's result code: 200 success; 400, 408, 413, 451, "
            "500, 501, 531 failures. Unknown codes are stored as they are.",
        },
        "msg": OPTIONAL_TEXT,
        "data": {
            "type": "object",
            "description": "Either task_id or taskId is required (equal when both are sent); "
            "the items come in data or lyricsData.",
            "properties": {
                "callbackType": {
                    **OPTIONAL_TEXT,
                    "description": "complete, error, ...; kept as given.",
                },
                "callback_type": {
                    **OPTIONAL_TEXT,
                    "description": "Alternative spelling of callbackType.",
                },
                "task_id": TASK_ID,
                "taskId": {**TASK_ID, "description": "Alternative spelling of task_id."},
                "data": ITEMS,
                "lyricsData": {**ITEMS, "description": "Alternative name of data."},
            },
            "anyOf": [{"required": ["task_id"]}, {"required": ["taskId"]}],
        },
    },
}

ACCEPTED_BODY = {
    "type": "object",
    "required": ["status", "task_id"],
    "properties": {
        "status": {"type": "string", "enum": ["received", "duplicate"]},
        "task_id": {"type": "string"},
    },
}
ERROR_BODY = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string"}},
}
INVALID_BODY = {
    "type": "object",
    "required": ["error", "detail"],
    "properties": {
        "error": {"type": "string"},
        "detail": {
            "type": "object",
            "description": "The offending field's path and what is wrong with it.",
            "additionalProperties": {"type": "string"},
        },
    },
}

SUCCESS_EXAMPLE = {
    "code": 200,
    "msg": "All generated successfully.",
    "data": {
        "callbackType": "complete",
        "task_id": "3b66882fde0a5d398bd269cab6d9542b",
        "data": [
            {
                "error_message": "",
                "status": "complete",
                "text": "[Verse]\n月光洒满了窗台...",
                "title": "星夜狂想",
            }
        ],
    },
}
FAILURE_EXAMPLE = {
    "code": 531,
    "msg": "Generation failed, credits refunded. Please retry.",
    "data": {"callbackType": "error", "task_id": "3b66882fde0a5d398bd269cab6d9542b", "data": None},
}
VARIANT_EXAMPLE = {
    "code": 200,
    "msg": "All generated successfully.",
    "data": {
        "callbackType": "complete",
        "taskId": "3b66882fde0a5d398bd269cab6d9542b",
        "lyricsData": [
            {"errorMessage": "", "status": "complete", "text": "[Verse]\n...", "title": "星夜狂想"},
            {
                "errorMessage": "Lyrics generation failed",
                "status": "failed",
                "text": "",
                "title": "",
            },
        ],
    },
}


def _example(name, value, summary, **kwargs):
    return OpenApiExample(name, value=value, summary=summary, **kwargs)


callback_schema = extend_schema(
    operation_id="suno_lyrics_callback",
    summary="Receive a lyrics callback from the provider",
    description=(
        "The provider POSTs one JSON document per task when it finishes. Every authenticated "
        "request is recorded as a delivery; the first result stored for a task id is final, "
        "and later deliveries of it answer `duplicate`. The token comes in the `token` query "
        "parameter or the `X-Callback-Token` header."
    ),
    tags=["callbacks"],
    auth=[],
    parameters=[
        OpenApiParameter(
            "token",
            str,
            OpenApiParameter.QUERY,
            description="The shared secret SUNO_CALLBACK_TOKEN (or send the header).",
        ),
        OpenApiParameter(
            TOKEN_HEADER,
            str,
            OpenApiParameter.HEADER,
            description="The shared secret, instead of the query parameter.",
        ),
    ],
    request={"application/json": CALLBACK_BODY},
    examples=[
        _example("success", SUCCESS_EXAMPLE, "Lyrics generated", request_only=True),
        _example("failure", FAILURE_EXAMPLE, "Generation failed (items null)", request_only=True),
        _example(
            "spelling variant",
            VARIANT_EXAMPLE,
            "taskId, lyricsData and errorMessage spellings",
            request_only=True,
        ),
    ],
    responses={
        200: OpenApiResponse(
            ACCEPTED_BODY,
            description="Stored, or a repeat of a stored task (nothing changed).",
            examples=[
                _example(
                    "received",
                    {"status": "received", "task_id": "3b66882fde0a5d398bd269cab6d9542b"},
                    "A new task was stored",
                    response_only=True,
                    status_codes=["200"],
                ),
                _example(
                    "duplicate",
                    {"status": "duplicate", "task_id": "3b66882fde0a5d398bd269cab6d9542b"},
                    "The task was already stored",
                    response_only=True,
                    status_codes=["200"],
                ),
            ],
        ),
        400: OpenApiResponse(
            INVALID_BODY,
            description="Not UTF-8, not JSON, or not of the callback's shape. Recorded.",
            examples=[
                _example(
                    "missing task id",
                    {
                        "error": "invalid callback body",
                        "detail": {"data.task_id": "this field is required"},
                    },
                    "No task id in data",
                    response_only=True,
                    status_codes=["400"],
                )
            ],
        ),
        401: OpenApiResponse(
            ERROR_BODY,
            description="Missing or wrong token, or a bad signature. Nothing stored.",
            examples=[
                _example(
                    "bad token",
                    {"error": "missing or invalid callback token"},
                    "Wrong token",
                    response_only=True,
                    status_codes=["401"],
                )
            ],
        ),
        413: OpenApiResponse(
            ERROR_BODY,
            description="Body over CALLBACK_MAX_BYTES. Recorded without the body.",
            examples=[
                _example(
                    "too large",
                    {"error": "body is larger than the limit of 1048576 bytes"},
                    "Body too large",
                    response_only=True,
                    status_codes=["413"],
                )
            ],
        ),
        415: OpenApiResponse(
            ERROR_BODY,
            description="Content type is not JSON. Recorded.",
            examples=[
                _example(
                    "not json",
                    {"error": "content type must be application/json, not 'text/plain'"},
                    "Wrong content type",
                    response_only=True,
                    status_codes=["415"],
                )
            ],
        ),
        503: OpenApiResponse(
            ERROR_BODY,
            description="Database unavailable: retry after the Retry-After header's seconds.",
            examples=[
                _example(
                    "database down",
                    {"error": "database unavailable, please retry"},
                    "Database unavailable",
                    response_only=True,
                    status_codes=["503"],
                )
            ],
        ),
    },
)
