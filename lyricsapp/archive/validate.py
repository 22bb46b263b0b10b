"""Check each manifest item before it is written, with the item's place in
the message ("lyrics[12].position: must be an integer from 0 to 32767")."""

from callbacks.payload import CALLBACK_TYPE_MAX, INT32, LYRIC_STATUS_MAX, task_id_problem
from lyricsapp.archive import format as fmt
from lyricsapp.archive.reader import ArchiveError
from lyricsapp.models import Task

POSITION_MAX = 32767
LANGUAGE_MAX = 16
INT64 = 2**63


def _fail(where, message):
    raise ArchiveError(f"manifest.json {where}: {message}")


def _text(item, where, name, *, max_length=None, required=False):
    value = item.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        _fail(f"{where}.{name}", "must be a string")
    if "\x00" in value:
        _fail(f"{where}.{name}", "must not contain NUL characters")
    if max_length is not None and len(value) > max_length:
        _fail(f"{where}.{name}", f"must be at most {max_length} characters")
    return value


def _integer(item, where, name, *, low, high, required=False):
    value = item.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        _fail(f"{where}.{name}", f"must be an integer from {low} to {high}")
    return value


def _time(item, where, name, *, required=False):
    value = item.get(name)
    if value is None and not required:
        return None
    try:
        return fmt.parse_timestamp(value)
    except (TypeError, ValueError):
        _fail(f"{where}.{name}", "must be an ISO 8601 time with its time zone")


def _sections(item, where):
    value = item.get("sections")
    if value is None:
        return None
    ok = isinstance(value, list) and all(
        isinstance(s, dict) and isinstance(s.get("label"), str) and isinstance(s.get("text"), str)
        for s in value
    )
    if not ok:
        _fail(f"{where}.sections", 'must be a list of {"label", "text"} or null')
    return fmt.dumps(value)


def task_row(item, index):
    """(task_id, status, code, msg, callback_type, created_at, completed_at,
    processed_at, prompt) of one manifest task."""
    where = f"tasks[{index}]"
    if not isinstance(item, dict):
        _fail(where, "must be an object")
    problem = task_id_problem(item.get("task_id"))
    if problem:
        _fail(f"{where}.task_id", problem)
    if item.get("status") not in Task.Status.values:
        _fail(f"{where}.status", f"must be one of {', '.join(Task.Status.values)}")
    return (
        item["task_id"],
        item["status"],
        _integer(item, where, "code", low=-INT32, high=INT32 - 1),
        _text(item, where, "msg"),
        _text(item, where, "callback_type", max_length=CALLBACK_TYPE_MAX),
        _time(item, where, "created_at", required=True),
        _time(item, where, "completed_at"),
        _time(item, where, "processed_at"),
        _text(item, where, "prompt"),
    )


def lyric_row(item, index):
    """(id, task_id, position, title, text, status, error_message, sections,
    line_count, word_count, char_count, language, created_at) of one lyric."""
    where = f"lyrics[{index}]"
    if not isinstance(item, dict):
        _fail(where, "must be an object")
    problem = task_id_problem(item.get("task_id"))
    if problem:
        _fail(f"{where}.task_id", problem)
    counts = {"low": 0, "high": INT32 - 1}
    return (
        _integer(item, where, "id", low=1, high=INT64 - 1),
        item["task_id"],
        _integer(item, where, "position", low=0, high=POSITION_MAX, required=True),
        _text(item, where, "title"),
        _text(item, where, "text"),
        _text(item, where, "status", max_length=LYRIC_STATUS_MAX),
        _text(item, where, "error_message"),
        _sections(item, where),
        _integer(item, where, "line_count", **counts),
        _integer(item, where, "word_count", **counts),
        _integer(item, where, "char_count", **counts),
        _text(item, where, "language", max_length=LANGUAGE_MAX),
        _time(item, where, "created_at"),
    )
