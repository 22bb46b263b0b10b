"""A word-level diff of two texts, for the history and conflict pages.

Words are compared whole, except in CJK scripts, which are written without
spaces: there each character is a token, so a Chinese line diffs by character.
Whitespace runs (newlines included) are tokens too, so the result renders back
into both texts exactly.
"""

import difflib
import re

from lyricsapp.cjk import CJK_CHARACTERS

_TOKEN = re.compile(rf"[{CJK_CHARACTERS}]|\s+|[^\s{CJK_CHARACTERS}]+")


def diff_tokens(text):
    return _TOKEN.findall(text or "")


def text_diff(old, new):
    """[(kind, text)] with kind "equal", "delete" or "insert", in reading order."""
    before, after = diff_tokens(old), diff_tokens(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    parts = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(("equal", "".join(before[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(("delete", "".join(before[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(("insert", "".join(after[j1:j2])))
    return parts


def diff_changed(parts):
    return any(kind != "equal" for kind, _ in parts)
