"""A selection of lyrics as one ZIP of Markdown files (the bulk "export" action)."""

import io
import zipfile

from lyricsapp.library.downloads import export_filename, lyric_export


def lyrics_zip(lyrics):
    """The ZIP's bytes: one ``.md`` per lyric, named after its title (numbered when twice)."""
    buffer = io.BytesIO()
    seen = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for lyric in lyrics:
            name = export_filename(lyric, "md")
            if name.casefold() in seen:
                name = f"{name[:-3]} ({lyric.pk}).md"
            seen.add(name.casefold())
            archive.writestr(name, lyric_export(lyric, "md"))
    return buffer.getvalue()
