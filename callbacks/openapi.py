"""OpenAPI description of the callback endpoint (contract section 3).

The view reads its body itself (see callbacks/payload.py), so drf-spectacular
cannot infer anything: the request body is generated here from the payload's
pydantic model, every spelling included, and the responses are written out.
"""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from pydantic import AliasChoices
from pydantic.json_schema import GenerateJsonSchema

from callbacks.auth import TOKEN_HEADER
from callbacks.payload import CallbackBody


class _EverySpelling(GenerateJsonSchema):
    """JSON Schema of a model with each alias of a field as a property of its own.

    pydantic names a field by its first alias only; the provider may send any
    of them, and a required field is satisfied by any one.
    """

    def model_schema(self, schema):
        return self._with_spellings(schema["cls"], super().model_schema(schema))

    def dataclass_schema(self, schema):
        return self._with_spellings(schema["cls"], super().dataclass_schema(schema))

    def _with_spellings(self, cls, json_schema):
        for field in cls.__pydantic_fields__.values():
            if isinstance(field.validation_alias, AliasChoices):
                self._add_spellings(json_schema, field.validation_alias.choices)
        return json_schema

    @staticmethod
    def _add_spellings(target, choices):
        first, *others = choices
        properties = target["properties"]
        for other in others:
            properties[other] = {
                **properties[first],
                "description": f"Alternative spelling of {first}.",
            }
        if first in target.get("required", ()):
            target["required"].remove(first)
            target.setdefault("anyOf", []).extend({"required": [name]} for name in choices)
            if not target["required"]:
                del target["required"]


def _openapi_3_0(node, definitions):
    """JSON Schema 2020-12 as OpenAPI 3.0 takes it: inline, nullable, no titles."""
    if isinstance(node, list):
        return [_openapi_3_0(value, definitions) for value in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node.pop("$ref").rsplit("/", 1)[-1]
        return _openapi_3_0({**definitions[name], **node}, definitions)
    result = {}
    for key, value in node.items():
        if key == "properties":
            result[key] = {name: _openapi_3_0(sub, definitions) for name, sub in value.items()}
        elif key not in ("title", "$defs"):
            result[key] = _openapi_3_0(value, definitions)
    variants = result.pop("anyOf", [])
    if {"type": "null"} in variants:
        variants.remove({"type": "null"})
        result["nullable"] = True
    if len(variants) == 1 and "required" not in variants[0]:
        result = {**variants[0], **result}
    elif variants:
        result["anyOf"] = variants
    return result


def callback_body_schema():
    """The request body component, generated from :class:`CallbackBody`."""
    schema = CallbackBody.model_json_schema(
        by_alias=True, mode="validation", schema_generator=_EverySpelling
    )
    return _openapi_3_0(schema, schema.get("$defs", {}))


CALLBACK_BODY = callback_body_schema()
# The task id's rules as published (tests hold them to the parser's).
TASK_ID = CALLBACK_BODY["properties"]["data"]["properties"]["task_id"]

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
            "description": "Each offending field's path (up to ten) and what is wrong with it.",
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


def _error_response(status, description, example):
    """An answer of the ``{"error"}`` shape, with one example (name, summary, error)."""
    name, summary, error = example
    return OpenApiResponse(
        ERROR_BODY,
        description=description,
        examples=[
            _example(
                name, {"error": error}, summary, response_only=True, status_codes=[str(status)]
            )
        ],
    )


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
        401: _error_response(
            401,
            "Missing or wrong token, or a bad signature. Nothing stored.",
            ("bad token", "Wrong token", "missing or invalid callback token"),
        ),
        413: _error_response(
            413,
            "Body over CALLBACK_MAX_BYTES. Recorded without the body.",
            ("too large", "Body too large", "body is larger than the limit of 1048576 bytes"),
        ),
        415: _error_response(
            415,
            "Content type is not JSON. Recorded.",
            (
                "not json",
                "Wrong content type",
                "content type must be application/json, not 'text/plain'",
            ),
        ),
        503: _error_response(
            503,
            "Database unavailable: retry after the Retry-After header's seconds.",
            ("database down", "Database unavailable", "database unavailable, please retry"),
        ),
    },
)
