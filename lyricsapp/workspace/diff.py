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


def _common_ends(before, after):
    """How many tokens both start with, and end with (not overlapping)."""
    limit = min(len(before), len(after))
    head = 0
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return head, tail


def text_diff(old, new):
    """[(kind, text)] with kind "equal", "delete" or "insert", in reading order."""
    before, after = diff_tokens(old), diff_tokens(new)
    # An edit usually touches a few lines: compare only what lies between the
    # common start and end (SequenceMatcher is quadratic in the worst case).
    head, tail = _common_ends(before, after)
    parts = [("equal", "".join(before[:head]))] if head else []
    middle_before, middle_after = before[head : len(before) - tail], after[head : len(after) - tail]
    parts += _opcodes(middle_before, middle_after)
    if tail:
        parts.append(("equal", "".join(before[len(before) - tail :])))
    return _merged(parts)


def _merged(parts):
    merged = []
    for kind, text in parts:
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        elif text:
            merged.append((kind, text))
    return merged


def _opcodes(before, after):
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
