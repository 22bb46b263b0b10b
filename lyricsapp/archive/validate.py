"""Check each manifest item before it is written, with the item's place in
the message ("lyrics[12].position: must be an integer from 0 to 32767")."""

from django.utils.translation import gettext as _

from callbacks.payload import CALLBACK_TYPE_MAX, INT32, LYRIC_STATUS_MAX, task_id_problem
from lyricsapp.archive import format as fmt
from lyricsapp.archive.reader import ArchiveError
from lyricsapp.models import Task
from lyricsapp.workspace.models import NOTE_MAX_LENGTH

POSITION_MAX = 32767
LANGUAGE_MAX = 16
INT64 = 2**63
TAG_MAX = 100  # taggit's Tag.name
# Read once: Task.Status.values builds its list on every access (9 µs a task).
TASK_STATUSES = tuple(Task.Status.values)


def fail(where, message):
    raise ArchiveError(
        _("manifest.json %(where)s: %(problem)s") % {"where": where, "problem": message}
    )


def text_field(item, where, name, *, max_length=None, required=False):
    value = item.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        fail(f"{where}.{name}", _("must be a string"))
    if "\x00" in value:
        fail(f"{where}.{name}", _("must not contain NUL characters"))
    if max_length is not None and len(value) > max_length:
        fail(
            f"{where}.{name}",
            _("must be at most %(max)s characters") % {"max": max_length},
        )
    return value


def integer_field(item, where, name, *, low, high, required=False):
    value = item.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        fail(
            f"{where}.{name}",
            _("must be an integer from %(low)s to %(high)s") % {"low": low, "high": high},
        )
    return value


def optional_text(item, where, name):
    """A string or null (null is kept: "never edited" differs from "")."""
    if item.get(name) is None:
        return None
    return text_field(item, where, name)


def name_list(item, where, name, *, max_length):
    value = item.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        fail(f"{where}.{name}", _("must be a list of strings"))
    for index, entry in enumerate(value):
        text_field(
            {"v": entry}, f"{where}.{name}[{index}]", "v", max_length=max_length, required=True
        )
    return value


def time_field(item, where, name, *, required=False):
    value = item.get(name)
    if value is None and not required:
        return None
    try:
        return fmt.parse_timestamp(value)
    except (TypeError, ValueError):
        fail(f"{where}.{name}", _("must be an ISO 8601 time with its time zone"))


def _sections(item, where):
    value = item.get("sections")
    if value is None:
        return None
    ok = isinstance(value, list) and all(
        isinstance(s, dict) and isinstance(s.get("label"), str) and isinstance(s.get("text"), str)
        for s in value
    )
    if not ok:
        fail(f"{where}.sections", _('must be a list of {"label", "text"} or null'))
    return fmt.dumps(value)


def task_row(item, index):
    """(task_id, status, code, msg, callback_type, created_at, completed_at,
    processed_at, prompt, submitted_by) of one manifest task."""
    where = f"tasks[{index}]"
    if not isinstance(item, dict):
        fail(where, _("must be an object"))
    problem = task_id_problem(item.get("task_id"))
    if problem:
        fail(f"{where}.task_id", problem)
    if item.get("status") not in TASK_STATUSES:
        fail(
            f"{where}.status",
            _("must be one of %(values)s") % {"values": ", ".join(TASK_STATUSES)},
        )
    return (
        item["task_id"],
        item["status"],
        integer_field(item, where, "code", low=-INT32, high=INT32 - 1),
        text_field(item, where, "msg"),
        text_field(item, where, "callback_type", max_length=CALLBACK_TYPE_MAX),
        time_field(item, where, "created_at", required=True),
        time_field(item, where, "completed_at"),
        time_field(item, where, "processed_at"),
        text_field(item, where, "prompt"),
        optional_text(item, where, "submitted_by"),
    )


def lyric_row(item, index):
    """(id, task_id, position, title, text, status, error_message, sections,
    line_count, word_count, char_count, language, created_at, tags, note,
    version, original_title, original_text, trashed_at) of one lyric."""
    where = f"lyrics[{index}]"
    if not isinstance(item, dict):
        fail(where, _("must be an object"))
    problem = task_id_problem(item.get("task_id"))
    if problem:
        fail(f"{where}.task_id", problem)
    counts = {"low": 0, "high": INT32 - 1}
    return (
        integer_field(item, where, "id", low=1, high=INT64 - 1),
        item["task_id"],
        integer_field(item, where, "position", low=0, high=POSITION_MAX, required=True),
        text_field(item, where, "title"),
        text_field(item, where, "text"),
        text_field(item, where, "status", max_length=LYRIC_STATUS_MAX),
        text_field(item, where, "error_message"),
        _sections(item, where),
        integer_field(item, where, "line_count", **counts),
        integer_field(item, where, "word_count", **counts),
        integer_field(item, where, "char_count", **counts),
        text_field(item, where, "language", max_length=LANGUAGE_MAX),
        time_field(item, where, "created_at"),
        name_list(item, where, "tags", max_length=TAG_MAX),
        text_field(item, where, "note", max_length=NOTE_MAX_LENGTH),
        integer_field(item, where, "version", low=1, high=INT32 - 1),
        optional_text(item, where, "original_title"),
        optional_text(item, where, "original_text"),
        time_field(item, where, "trashed_at"),
    )
