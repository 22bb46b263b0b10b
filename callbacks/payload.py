"""Parse and validate a lyrics callback body.

One declarative model (:class:`CallbackBody`, pydantic) says what a callback
is; the parser and the OpenAPI component (callbacks/openapi.py) both come from
it. The provider's own pages disagree on field names (``task_id``/``taskId``,
``data``/``lyricsData``, ``error_message``/``errorMessage``), so every spelling
is an alias; the first one present wins, as it always has.
docs/performance.md compares its cost with the hand-written parser it replaced.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Annotated

import orjson
from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic.dataclasses import dataclass as pydantic_dataclass
from pydantic_core import PydanticCustomError

TASK_ID_MAX = 128
# Column sizes: longer values are cut (the raw body keeps them whole) so that
# an unexpected value can never fail the insert.
CALLBACK_TYPE_MAX = 64
LYRIC_STATUS_MAX = 32
# The provider sends two lyrics per task; Lyric.position is a smallint, and a
# body of a million empty items would otherwise fail the insert forever.
ITEMS_MAX = 1000
INT32 = 2**31
# Lone UTF-16 surrogates: JSON allows "\ud800", PostgreSQL text does not.
_SURROGATES = re.compile("[\ud800-\udfff]")
# Whitespace, C0/C1 controls and DEL are not allowed in a task id.
_BAD_TASK_ID_CHAR = re.compile(r"[\s\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# Python's str.isspace() characters, C0/C1 controls and DEL: the same set,
# spelled for the ECMA-262 regex of the published schema.
_NOT_IN_TASK_ID = r"\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
TASK_ID_PATTERN = f"^[^{_NOT_IN_TASK_ID}]+$"
_TASK_ID_CHARS = "must not contain whitespace or control characters"


class InvalidPayload(Exception):
    """The body is not a callback. ``detail`` maps field paths to messages."""

    def __init__(self, error, detail=None, task_id=""):
        super().__init__(error)
        self.error = error
        self.detail = detail or {}
        self.task_id = task_id


def clean_text(value):
    """Make a string storable in PostgreSQL: drop NULs, replace lone surrogates."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    if _SURROGATES.search(value):
        value = _SURROGATES.sub("\ufffd", value)
    return value


def _text(limit=None):
    """A string or null, stored as cleaned text ("" for null), cut to ``limit``."""

    def to_stored(value):
        return "" if value is None else clean_text(value)[:limit]

    return Annotated[str | None, Strict(), AfterValidator(to_stored)]


def _task_id_chars(value):
    if _BAD_TASK_ID_CHAR.search(value):
        raise PydanticCustomError("task_id_chars", _TASK_ID_CHARS)
    return value


Text = _text()
TaskId = Annotated[
    str,
    Strict(),
    Field(
        min_length=1,
        max_length=TASK_ID_MAX,
        json_schema_extra={"pattern": TASK_ID_PATTERN},
        description=f"The provider's task id: 1 to {TASK_ID_MAX} characters, "
        "no whitespace or controls.",
    ),
    AfterValidator(_task_id_chars),
]


@pydantic_dataclass(frozen=True, config=ConfigDict(validate_by_name=True))
class LyricItem:
    """One generated lyric. Unknown fields are kept in the stored raw body."""

    title: Text = ""
    text: Text = ""
    status: _text(LYRIC_STATUS_MAX) = Field(
        "", description="complete or failed; other values are kept as given."
    )
    error_message: Text = Field(
        "",
        validation_alias=AliasChoices("error_message", "errorMessage"),
        description="Set when status is failed.",
    )


Items = Annotated[list[LyricItem], Field(max_length=ITEMS_MAX)]


class CallbackData(BaseModel):
    """Either task_id or taskId is required (equal when both are sent); the items
    come in data or lyricsData."""

    task_id: TaskId = Field(validation_alias=AliasChoices("task_id", "taskId"))
    # The second spelling, when sent too, must name the same task.
    task_id_again: TaskId | None = Field(None, validation_alias="taskId", exclude=True)
    callback_type: _text(CALLBACK_TYPE_MAX) = Field(
        "",
        validation_alias=AliasChoices("callbackType", "callback_type"),
        description="complete, error, ...; kept as given.",
    )
    items: Items | None = Field(
        None,
        validation_alias=AliasChoices("data", "lyricsData"),
        description="The lyrics; null, empty or missing in failure callbacks.",
    )

    @field_validator("task_id_again")
    @classmethod
    def _same_task(cls, value, info: ValidationInfo):
        if value is not None and info.data.get("task_id", value) != value:
            raise PydanticCustomError("task_id_differs", "differs from data.task_id")
        return value


class CallbackBody(BaseModel):
    """The provider's callback document (contract section 3)."""

    model_config = ConfigDict(title="LyricsCallback")

    data: CallbackData
    code: Annotated[int, Strict()] = Field(
        ge=-INT32,
        le=INT32 - 1,
        description="The provider's result code: 200 success; 400, 408, 413, 451, "
        "500, 501, 531 failures. Unknown codes are stored as they are.",
    )
    msg: Text = ""


@dataclass(frozen=True)
class Callback:
    task_id: str
    code: int
    msg: str
    callback_type: str
    items: list[LyricItem] = field(default_factory=list)

    @property
    def status(self):
        if self.code == 200 and any(item.status == "complete" for item in self.items):
            return "complete"
        return "failed"

    @property
    def result_hash(self):
        """Identify the result, not its spelling: key casing and msg wording
        may differ between retries of one delivery."""
        return result_hash(
            self.code, [[i.title, i.text, i.status, i.error_message] for i in self.items]
        )


def result_hash(code, items):
    """sha256 of the compact JSON [code, [[title, text, status, error_message],
    ...]], as json.dumps(ensure_ascii=False, separators=(",", ":")) writes it:
    callbacks and archive imports identify a result by it. orjson writes the
    same bytes for every character but a lone surrogate (tested), four times
    faster; it refuses those, which json.dumps writes as they are."""
    try:
        canonical = orjson.dumps([code, items])
    except orjson.JSONEncodeError:
        text = json.dumps([code, items], ensure_ascii=False, separators=(",", ":"))
        canonical = text.encode("utf-8", "surrogatepass")
    return hashlib.sha256(canonical).hexdigest()


def _reject_constant(name):
    raise ValueError(f"{name} is not valid JSON")


def decode_json(raw):
    """Decode bytes as strict UTF-8 JSON (no UTF-16 sniffing, no NaN)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidPayload(
            "body is not valid UTF-8", {"body": f"invalid byte at position {exc.start}"}
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise InvalidPayload("body is not valid JSON", {"body": str(exc)[:200]}) from None


def task_id_problem(value):
    """Why ``value`` is not a valid task id, or None (archive imports check ids too)."""
    if not isinstance(value, str):
        return "must be a string"
    if not 1 <= len(value) <= TASK_ID_MAX:
        return f"must be 1 to {TASK_ID_MAX} characters long"
    if _BAD_TASK_ID_CHAR.search(value):
        return _TASK_ID_CHARS
    return None


def parse_callback(body):
    """Turn a decoded JSON document into a :class:`Callback` or raise InvalidPayload."""
    try:
        parsed = CallbackBody.model_validate(body)
    except ValidationError as exc:
        raise _invalid(body, exc) from None
    data = parsed.data
    return Callback(
        task_id=data.task_id,
        code=parsed.code,
        msg=parsed.msg,
        callback_type=data.callback_type,
        items=data.items or [],
    )


# What each kind of error says; the exact wording is part of the contract.
_MESSAGES = {
    "missing": "this field is required",
    "string_type": "must be a string or null",
    "int_type": "must be an integer",
    "greater_than_equal": "is out of range",
    "less_than_equal": "is out of range",
    "string_too_short": f"must be 1 to {TASK_ID_MAX} characters long",
    "string_too_long": f"must be 1 to {TASK_ID_MAX} characters long",
    "list_type": "must be a list or null",
    "too_long": f"must hold at most {ITEMS_MAX} items",
    "model_type": "must be an object",
    "dataclass_type": "must be an object",
}
# Where a field's own wording differs from its kind's.
_MESSAGES_AT = {
    "body": {"model_type": "must be a JSON object"},
    "data": {"missing": "must be an object"},
    **dict.fromkeys(
        ("data.task_id", "data.taskId"),
        # pydantic refuses lone surrogates itself when it checks a length.
        {"string_type": "must be a string", "string_unicode": _TASK_ID_CHARS},
    ),
}
# A body with a thousand bad items needs no thousand lines of answer.
_ERRORS_SHOWN = 10


def _path(loc):
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else part
    return path or "body"


def _invalid(body, exc):
    detail = {}
    task_id_failed = False
    for error in exc.errors(include_url=False, include_context=False, include_input=False):
        path = _path(error["loc"])
        kind = error["type"]
        task_id_failed |= path in ("body", "data", "data.task_id", "data.taskId")
        message = _MESSAGES_AT.get(path, {}).get(kind) or _MESSAGES.get(kind, error["msg"])
        detail.setdefault(path, message)
        if len(detail) == _ERRORS_SHOWN:
            break
    task_id = "" if task_id_failed else _valid_task_id(body)
    return InvalidPayload("invalid callback body", detail, task_id)


def _valid_task_id(body):
    """The task id of a body whose task id passed validation (to record with it)."""
    data = body["data"]
    return data["task_id"] if "task_id" in data else data["taskId"]
