"""Songbooks: a collection or a selection of lyrics as a PDF, with WeasyPrint.

A cover (title, description), a table of contents with page numbers, one song
a page with its section labels styled, CJK set in Noto CJK (Debian's
fonts-noto-cjk, found through fontconfig: nothing is downloaded).
"""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from lyricsapp.library.downloads import lyric_sections

# A songbook is one request's work: more songs than this are refused.
MAX_SONGS = 500


def songbook_pdf(*, title, description, lyrics):
    """The PDF's bytes for ``lyrics`` (Lyric objects, in book order)."""
    from weasyprint import CSS, HTML  # imported here: loading Pango takes a moment

    songs = [
        {"number": n, "title": lyric.title, "sections": lyric_sections(lyric)}
        for n, lyric in enumerate(lyrics, 1)
    ]
    html = render_to_string(
        "lyricsapp/songbook/book.html",
        {"title": title, "description": description, "songs": songs, "made": timezone.now()},
    )
    stylesheet = CSS(filename=finders.find("css/songbook.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
