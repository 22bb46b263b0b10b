"""The archive format: names, field lists and encodings shared by writer and reader.

One home for what an archive holds, so the exporter and the importer cannot
drift apart. docs/archive.md describes the format for people.
"""

import json
import re
from datetime import UTC, datetime
from hashlib import sha256
from json.encoder import c_make_encoder, encode_basestring
from urllib.parse import quote

import orjson

FORMAT = "lyrics-archive"
VERSION = 1
MANIFEST = "manifest.json"
LYRICS_DIR = "lyrics"

# The API's task and lyric detail (contract sections 5 and 8). Left out:
# ``deliveries``, a count of this server's raw deliveries, which an archive
# does not hold (and retention prunes), and ``favorite``, which depends on who
# asks (the favorites section holds everyone's). Added: ``prompt``,
# ``submitted_by`` on the task, ``char_count`` and ``created_at`` on the lyric,
# so that a restore loses nothing the pages show.
TASK_FIELDS = [
    "task_id",
    "status",
    "code",
    "msg",
    "callback_type",
    "created_at",
    "completed_at",
    "processed_at",
    "prompt",
    "submitted_by",
]
LYRIC_FIELDS = [
    "id",
    "task_id",
    "position",
    "title",
    "text",
    "status",
    "error_message",
    "sections",
    "line_count",
    "word_count",
    "char_count",
    "language",
    "created_at",
    "tags",
    "collections",
    "note",
    "version",
    "original_title",
    "original_text",
    "edited",
    "trashed_at",
    "submitted_by",
]
# Workspace sections, in manifest order (lyricsapp/archive/sections.py).
WORKSPACE_SECTIONS = ["versions", "tags", "collections", "notes", "favorites"]

_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")
# File systems take 255 bytes per name; the position and extension need a few.
_MAX_SEGMENT = 200


def task_dir(task_id):
    """A file-name-safe folder for a task id; the manifest keeps the real id.

    Safe ids are used as they are. Others are percent-encoded (dots too, so
    ``..`` cannot climb out), and ids too long once encoded become a hash.
    An encoded name always holds a ``%``, which a safe id never does, so two
    ids never share a folder.
    """
    if _SAFE_SEGMENT.fullmatch(task_id) and len(task_id) <= _MAX_SEGMENT:
        return task_id
    encoded = quote(task_id, safe="-_").replace(".", "%2E")
    if len(encoded) > _MAX_SEGMENT:
        return "%sha256-" + sha256(task_id.encode("utf-8", "surrogatepass")).hexdigest()
    return encoded


def task_folder(task_id):
    """The folder of a task's files, with its trailing slash."""
    return f"{LYRICS_DIR}/{task_dir(task_id)}/"


def lyric_path(task_id, position, extension):
    return f"{task_folder(task_id)}{position}.{extension}"


def timestamp(value):
    """A datetime as the archive writes it: ISO 8601 in UTC, microseconds, Z."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sql_timestamp(column):
    """The same text as timestamp(), made by PostgreSQL (cheaper than in Python)."""
    return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""


def parse_timestamp(value):
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("a time needs its time zone")
    return parsed


# Characters YAML treats as line breaks inside a quoted scalar, where JSON
# leaves them alone: escaped so a title reads back exactly.
_YAML_BREAKS = str.maketrans({"\x85": "\\x85", "\u2028": "\\u2028", "\u2029": "\\u2029"})


_YAML_BREAK = re.compile("[\x85\u2028\u2029]")


def front_matter(lyric, tags):
    """YAML front matter; strings are JSON-quoted, which YAML reads back as they were."""
    quote_ = encode_basestring
    text = (
        f"---\ntask_id: {quote_(lyric['task_id'])}\n"
        f"position: {lyric['position']}\n"
        f"title: {quote_(lyric['title'])}\n"
        f"status: {quote_(lyric['status'])}\n"
        f"language: {quote_(lyric['language'])}\n"
        f"tags: [{', '.join(map(quote_, tags))}]\n"
        f"created_at: {quote_(lyric['created_at'] or '')}\n---\n\n"
    )
    # The breaks can only come from the quoted values: one check of the whole
    # text instead of one translation per value (the export's hot path).
    if not text.isascii() and _YAML_BREAK.search(text):
        text = text.translate(_YAML_BREAKS)
    return text


# One C encoder for every item: json.dumps, and JSONEncoder.encode, build a
# new one per call (a measurable share of an export's time per lyric).
_ENCODE = c_make_encoder(
    None, json.JSONEncoder().default, encode_basestring, None, ":", ",", False, False, True
)


def dumps(item):
    """One manifest item, compact and with CJK as it is: the same text as
    json.dumps(item, ensure_ascii=False, separators=(",", ":"))."""
    return "".join(_ENCODE(item, 0))


def dumps_bytes(item):
    """dumps(item) encoded to UTF-8, by orjson: several times faster, for the
    export's items, which come from PostgreSQL (valid UTF-8, integers within
    64 bits: orjson refuses anything else, so imported values go through
    dumps). tests/archive/test_archive_fast_paths.py checks the two agree."""
    return orjson.dumps(item)
