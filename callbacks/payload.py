"""Parse and validate a lyrics callback body.

The provider's own pages disagree on field names (``task_id``/``taskId``,
``data``/``lyricsData``, ``error_message``/``errorMessage``), so every variant
is accepted. Hand-written rather than a DRF serializer: it runs on every
callback and a serializer costs more than the whole database write.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field

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


class InvalidPayload(Exception):
    """The body is not a callback. ``detail`` maps field paths to messages."""

    def __init__(self, error, detail=None, task_id=""):
        super().__init__(error)
        self.error = error
        self.detail = detail or {}
        self.task_id = task_id


@dataclass(frozen=True)
class LyricItem:
    title: str
    text: str
    status: str
    error_message: str


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
        canonical = json.dumps(
            [self.code, [[i.title, i.text, i.status, i.error_message] for i in self.items]],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def clean_text(value):
    """Make a string storable in PostgreSQL: drop NULs, replace lone surrogates."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    if _SURROGATES.search(value):
        value = _SURROGATES.sub("\ufffd", value)
    return value


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


def _optional_string(obj, path, *names):
    """The first present key among ``names``; null or missing gives ""."""
    for name in names:
        if name in obj:
            value = obj[name]
            if value is None:
                return ""
            if not isinstance(value, str):
                raise InvalidPayload(
                    "invalid callback body", {f"{path}{name}": "must be a string or null"}
                )
            return clean_text(value)
    return ""


def _first_present(obj, *names):
    for name in names:
        if name in obj:
            return name, obj[name]
    return names[0], None


def task_id_problem(value):
    """Why ``value`` is not a valid task id, or None (also used by archive imports)."""
    if not isinstance(value, str):
        return "must be a string"
    if not 1 <= len(value) <= TASK_ID_MAX:
        return f"must be 1 to {TASK_ID_MAX} characters long"
    if _BAD_TASK_ID_CHAR.search(value):
        return "must not contain whitespace or control characters"
    return None


def _task_id(data):
    present = [name for name in ("task_id", "taskId") if name in data]
    if not present:
        raise InvalidPayload("invalid callback body", {"data.task_id": "this field is required"})
    values = {name: data[name] for name in present}
    for name, value in values.items():
        problem = task_id_problem(value)
        if problem:
            raise InvalidPayload("invalid callback body", {f"data.{name}": problem})
    if len(set(values.values())) > 1:
        raise InvalidPayload("invalid callback body", {"data.taskId": "differs from data.task_id"})
    return next(iter(values.values()))


def _items(data, task_id):
    name, raw_items = _first_present(data, "data", "lyricsData")
    if raw_items is None:
        return []
    if not isinstance(raw_items, list):
        raise InvalidPayload(
            "invalid callback body", {f"data.{name}": "must be a list or null"}, task_id
        )
    if len(raw_items) > ITEMS_MAX:
        raise InvalidPayload(
            "invalid callback body",
            {f"data.{name}": f"must hold at most {ITEMS_MAX} items"},
            task_id,
        )
    items = []
    for index, raw in enumerate(raw_items):
        path = f"data.{name}[{index}]."
        if not isinstance(raw, dict):
            raise InvalidPayload("invalid callback body", {path[:-1]: "must be an object"}, task_id)
        try:
            items.append(
                LyricItem(
                    title=_optional_string(raw, path, "title"),
                    text=_optional_string(raw, path, "text"),
                    status=_optional_string(raw, path, "status")[:LYRIC_STATUS_MAX],
                    error_message=_optional_string(raw, path, "error_message", "errorMessage"),
                )
            )
        except InvalidPayload as exc:
            exc.task_id = task_id
            raise
    return items


def parse_callback(body):
    """Turn a decoded JSON document into a :class:`Callback` or raise InvalidPayload."""
    if not isinstance(body, dict):
        raise InvalidPayload("invalid callback body", {"body": "must be a JSON object"})
    data = body.get("data")
    if not isinstance(data, dict):
        raise InvalidPayload("invalid callback body", {"data": "must be an object"})
    task_id = _task_id(data)
    try:
        if "code" not in body:
            raise InvalidPayload("invalid callback body", {"code": "this field is required"})
        code = body["code"]
        if isinstance(code, bool) or not isinstance(code, int):
            raise InvalidPayload("invalid callback body", {"code": "must be an integer"})
        if not -INT32 <= code < INT32:
            raise InvalidPayload("invalid callback body", {"code": "is out of range"})
        msg = _optional_string(body, "", "msg")
        callback_type = _optional_string(data, "data.", "callbackType", "callback_type")
    except InvalidPayload as exc:
        exc.task_id = task_id
        raise
    return Callback(
        task_id=task_id,
        code=code,
        msg=msg,
        callback_type=callback_type[:CALLBACK_TYPE_MAX],
        items=_items(data, task_id),
    )
