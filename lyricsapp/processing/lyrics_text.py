"""Reading lyrics text: its [Label] sections and its size in lines, words and characters."""

import re

# A label stands alone on its line: "[Verse 2]", "[Pre-Chorus]", "[Chorus x2]".
# It holds at least one visible character and no other bracket.
_LABEL_LINE = re.compile(r"^[ \t]*\[([^\[\]\n]*[^\[\]\s][^\[\]\n]*)\][ \t]*$", re.MULTILINE)
_MAX_LABEL = 80

# Scripts written without spaces between words: each character is a word.
# Han (with extensions and compatibility ideographs), kana, Hangul syllables.
_CJK = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
    "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9d"
    "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
# Any other run of letters or digits, with inner apostrophes or hyphens
# ("don't", "rock-n-roll") kept as one word.
_WORD = re.compile(rf"[^\W_{_CJK}]+(?:['’\-][^\W_{_CJK}]+)*")


def _normalise_newlines(text):
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def split_sections(text):
    """One {"label", "text"} per [Label] block, in order, text stripped.

    Text before the first label gets the label "" (and is left out when blank).
    A label keeps its spelling ("Chorus x2"); a block may be empty ("[Outro]" last).
    """
    text = _normalise_newlines(text)
    sections = []
    position = 0
    label = None
    for match in _LABEL_LINE.finditer(text):
        if len(match.group(1)) > _MAX_LABEL:
            continue
        body = text[position : match.start()].strip()
        if body or label is not None:
            sections.append({"label": label or "", "text": body})
        label = match.group(1).strip()
        position = match.end()
    body = text[position:].strip()
    if body or label is not None:
        sections.append({"label": label or "", "text": body})
    return sections


def lyric_lines(sections):
    """The sung lines: every non-blank line of every section, labels left out."""
    return [
        line.strip() for section in sections for line in section["text"].split("\n") if line.strip()
    ]


def count_words(text):
    """Words of ``text``; each CJK character counts as one word."""
    text = text or ""
    return len(_CJK_CHAR.findall(text)) + len(_WORD.findall(text))


def text_counts(sections):
    """(lines, words, characters) of the sung text: labels, blank lines and
    whitespace are not counted, so the figures do not depend on formatting."""
    lines = lyric_lines(sections)
    joined = "\n".join(lines)
    characters = sum(1 for char in joined if not char.isspace())
    return len(lines), count_words(joined), characters
