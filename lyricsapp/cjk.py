"""What counts as CJK text: one definition for search, word counts and the fake provider.

Scripts written without spaces between words: Han ideographs (the unified
block, extensions A to H and the compatibility ideographs), Japanese kana
(hiragana, katakana, their phonetic extensions, half-width katakana with its
sound marks) and Korean hangul (jamo, compatibility jamo, syllables).

The database's ``lyric_search_keys()`` (migration 0004) holds the same ranges
in its regular expression; tests/test_cjk.py checks that both agree at every
range's edges. Changing the ranges here needs a migration that replaces the
function and rebuilds its index.
"""

import re

# (first, last) code points, inclusive.
CJK_RANGES = (
    (0x1100, 0x11FF),  # Hangul jamo
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width katakana and sound marks
    (0x20000, 0x323AF),  # extensions B to H, compatibility supplement
)


def _python_class(ranges):
    return "".join(f"{chr(first)}-{chr(last)}" for first, last in ranges)


# The characters as a regular-expression class body, for building other patterns.
CJK_CHARACTERS = _python_class(CJK_RANGES)
CJK_CHAR = re.compile(f"[{CJK_CHARACTERS}]")
CJK_RUN = re.compile(f"[{CJK_CHARACTERS}]+")


def postgres_class(ranges=CJK_RANGES):
    """The same class for a PostgreSQL regular expression (``\\uXXXX`` / ``\\UXXXXXXXX``)."""

    def escape(code):
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    return "[" + "".join(f"{escape(first)}-{escape(last)}" for first, last in ranges) + "]"


def has_cjk(text):
    return bool(CJK_CHAR.search(text or ""))
