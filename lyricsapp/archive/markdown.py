"""A lyric's Markdown file, straight from its text: the export's fast path.

``markdown_body(title, split_sections(text))`` builds a dict per section and
joins each section's lines in Python; for an unprocessed lyric (no stored
sections) that was the largest part of an export's time per lyric. This
gives the same text from one ``re.split`` (tests/archive/test_archive_markdown.py
compares the two on edge cases and generated text). Rare text takes the
reference path: line breaks other than ``\\n`` and ``\\r`` (``str.splitlines``
splits on them too) and over-long labels (split_sections reads them as text).
"""

import re

from django.utils.translation import gettext

from lyricsapp.library.downloads import markdown_body
from lyricsapp.processing.lyrics_text import _LABEL_LINE, _MAX_LABEL, split_sections

# The label rule of split_sections, a whole line, with "^" written as the
# "\n" before it (the text gets one in front): a pattern that starts with a
# literal is searched for several times faster. split() gives [text, line,
# label, text, line, label, text, ...].
assert _LABEL_LINE.pattern.startswith("^") and _LABEL_LINE.pattern.endswith("$")
_SPLIT = re.compile(f"(\n{_LABEL_LINE.pattern[1:-1]})(?=\n|\\Z)")
# Two trailing spaces keep the line breaks in rendered Markdown.
_LINE, _MARKDOWN_LINE = "\n", "  \n"


def _other_breaks(text):
    """Breaks str.splitlines() splits on besides \n (\r is normalised first);
    ``in`` is several times faster than a regex character class here."""
    return (
        "\x0b" in text
        or "\x0c" in text
        or "\x1c" in text
        or "\x1d" in text
        or "\x1e" in text
        or not text.isascii()
        and ("\x85" in text or "\u2028" in text or "\u2029" in text)
    )


def markdown_of_text(title, text):
    """The same text as ``markdown_body(title, split_sections(text))``."""
    text = text or ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    pieces = _SPLIT.split("\n" + text)
    labels = pieces[2::3]
    if _other_breaks(text) or any(len(label) > _MAX_LABEL for label in labels):
        return markdown_body(title, split_sections(text))
    parts = [f"# {title or gettext('Untitled')}"]
    first = pieces[0].strip()
    if first:
        parts.append(first.replace(_LINE, _MARKDOWN_LINE))
    parts += [
        f"## {label.strip()}\n\n{body.strip().replace(_LINE, _MARKDOWN_LINE)}"
        for label, body in zip(labels, pieces[3::3], strict=True)
    ]
    return "\n\n".join(parts) + "\n"
