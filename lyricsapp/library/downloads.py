"""A lyric as a downloadable file: plain text, Markdown or JSON, all UTF-8."""

import json
import re

from django.utils.translation import gettext

from lyricsapp.processing.lyrics_text import split_sections
from lyricsapp.workspace.versions import ORIGINAL_FORMATS  # noqa: F401  (re-exported)

FORMATS = {
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json; charset=utf-8",
}

# Characters no file system accepts, and control characters.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def lyric_sections(lyric):
    """Sections as stored by the follow-up work, or read from the text until then."""
    if lyric.sections is not None:
        return lyric.sections
    return split_sections(lyric.text)


def export_filename(lyric, extension):
    stem = " ".join(_UNSAFE.sub(" ", lyric.title).split()).strip(".")[:80].strip()
    stem = stem or f"lyric-{lyric.pk}"
    return f"{stem}.{extension}"


def lyric_as_data(lyric):
    """The same fields as the read API's lyric detail."""
    return {
        "id": lyric.pk,
        "task_id": lyric.task.task_id,
        "position": lyric.position,
        "title": lyric.title,
        "text": lyric.text,
        "status": lyric.status,
        "error_message": lyric.error_message,
        "sections": lyric_sections(lyric),
        "line_count": lyric.line_count,
        "word_count": lyric.word_count,
        "language": lyric.language,
    }


def text_body(title, text):
    return f"{title}\n\n{text}".strip() + "\n"


def markdown_body(title, sections, level=1):
    parts = [f"{'#' * level} {title or gettext('Untitled')}"]
    for section in sections:
        if section["label"]:
            parts.append(f"{'#' * (level + 1)} {section['label']}")
        # Two trailing spaces keep the line breaks in rendered Markdown.
        parts.append("  \n".join(section["text"].splitlines()))
    return "\n\n".join(parts) + "\n"


def lyric_export(lyric, extension):
    """The file's content as bytes."""
    if extension == "txt":
        body = text_body(lyric.title, lyric.text)
    elif extension == "md":
        body = markdown_body(lyric.title, lyric_sections(lyric))
    elif extension == "json":
        body = json.dumps(lyric_as_data(lyric), ensure_ascii=False, indent=2) + "\n"
    else:
        raise ValueError(f"unknown format {extension!r}")
    return body.encode("utf-8")


def original_filename(lyric, extension):
    stem = " ".join(_UNSAFE.sub(" ", lyric.provider_title).split()).strip(".")[:70].strip()
    return f"{stem or f'lyric-{lyric.pk}'} (original).{extension}"


def lyric_original_export(lyric, extension):
    """The provider's own title and text, whatever was edited since."""
    title, text = lyric.provider_title, lyric.provider_text
    if extension == "txt":
        body = text_body(title, text)
    elif extension == "md":
        body = markdown_body(title, split_sections(text))
    else:
        raise ValueError(f"unknown format {extension!r}")
    return body.encode("utf-8")


def collection_export(collection, lyrics, extension):
    """A collection as one file: its lyrics in order, each under its title."""
    if extension == "txt":
        parts = [text_body(collection.name, collection.description)]
        parts += [text_body(lyric.title, lyric.text) for lyric in lyrics]
        body = "\n\n".join(part.strip() for part in parts) + "\n"
    elif extension == "md":
        parts = [f"# {collection.name}"]
        if collection.description:
            parts.append(collection.description)
        for lyric in lyrics:
            parts.append(markdown_body(lyric.title, lyric_sections(lyric), level=2).strip())
        body = "\n\n".join(parts) + "\n"
    else:
        raise ValueError(f"unknown format {extension!r}")
    return body.encode("utf-8")


def collection_filename(collection, extension):
    stem = " ".join(_UNSAFE.sub(" ", collection.name).split()).strip(".")[:80].strip()
    return f"{stem or f'collection-{collection.pk}'}.{extension}"
