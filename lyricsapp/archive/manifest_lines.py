"""Read a manifest in the exporter's own layout: one item a line.

The exporter writes each item of the manifest's lists on a line of its own
(``"tasks":[``, then ``{...},`` lines, the last without its comma, then
``]``). Read that way, each item is one ``orjson.loads``, and the sections come
one after the other in a single read, where the streaming parser (ijson)
took a pass over the whole manifest per section, seven in all.

Anything else, including any valid JSON laid out otherwise, raises
LayoutMismatch and the import starts again with the streaming parser, which
reads any layout and words the errors for people. So this path never decides
what is valid: it only accepts a document that is plainly valid.
"""

import re

import orjson

from lyricsapp.archive.format import WORKSPACE_SECTIONS

SECTIONS = ["tasks", "lyrics", *WORKSPACE_SECTIONS]
_HEAD_KEYS = {"format", "version", "exported_at", "counts"}
_SECTION = re.compile(rb'"([a-z]+)":\[')
READ = 1 << 20


class LayoutMismatch(Exception):
    """The manifest is not laid out as the exporter writes it."""


def _loads(line):
    """One item, about four times faster than json.loads. orjson refuses
    what the database would (invalid UTF-8, lone escaped surrogates) and
    NaN and Infinity. It reads an integer beyond 64 bits as a float, which
    the checks refuse as they refuse the integer (no field takes a float)."""
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        raise LayoutMismatch("not one JSON value") from None


def _lines(stream):
    rest = b""
    while chunk := stream.read(READ):
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        yield from lines
    yield rest


class ManifestLines:
    """The sections of a manifest read line by line, in the order written."""

    def __init__(self, stream):
        self._lines = _lines(stream)
        head = next(self._lines)
        if not head.endswith(b","):
            raise LayoutMismatch("head")
        value = _loads(head[:-1] + b"}")
        if not isinstance(value, dict) or not set(value) <= _HEAD_KEYS:
            raise LayoutMismatch("head")
        self._next = 0  # index in SECTIONS of the section to read next

    def items(self, name):
        """The items of section ``name``, which must be the next one."""
        if self._next >= len(SECTIONS) or SECTIONS[self._next] != name:
            raise LayoutMismatch(name)
        self._next += 1
        header = next(self._lines, None)
        match = _SECTION.fullmatch(header or b"")
        if not match or match.group(1).decode() != name:
            raise LayoutMismatch(name)
        return self._section(last=self._next == len(SECTIONS))

    def _section(self, *, last):
        line = next(self._lines, None)
        if line not in (b"]", b"],"):
            # Items: each but the last ends with its comma.
            while line is not None and line.endswith(b","):
                yield _loads(line[:-1])
                line = next(self._lines, None)
            if line is None:
                raise LayoutMismatch("cut short")
            yield _loads(line)
            line = next(self._lines, None)
        if line != (b"]" if last else b"],"):
            raise LayoutMismatch("end of section")
        if last and [next(self._lines, None) for _ in range(3)] != [b"}", b"", None]:
            raise LayoutMismatch("end of manifest")
