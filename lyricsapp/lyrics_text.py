"""Reading lyrics text: its [Label] sections."""

import re

# A label stands alone on its line: "[Verse 2]", "[Pre-Chorus]", "[Chorus x2]".
_LABEL_LINE = re.compile(r"^[ \t]*\[([^\[\]\n]{1,80})\][ \t]*$", re.MULTILINE)


def split_sections(text):
    """One {"label", "text"} per [Label] block, in order, text stripped.

    Text before the first label gets the label "" (and is left out when blank).
    """
    sections = []
    position = 0
    label = ""
    for match in _LABEL_LINE.finditer(text or ""):
        body = text[position : match.start()].strip()
        if body or label:
            sections.append({"label": label, "text": body})
        label = match.group(1).strip()
        position = match.end()
    body = (text or "")[position:].strip()
    if body or label:
        sections.append({"label": label, "text": body})
    return sections
