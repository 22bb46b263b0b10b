"""The workspace parts of an archive: edit versions, tags, collections, notes
and favourites.

Each section has an exporter (the items of the selected tasks, in a stable
order) and an importer (items already validated as a list, written in the
import's transaction). A section whose models do not exist yet exports an
empty list and accepts only an empty one, so an archive never claims to
hold what was not restored.
"""

from collections.abc import Callable
from dataclasses import dataclass

from lyricsapp.archive.format import WORKSPACE_SECTIONS


class SectionError(ValueError):
    """An item of a workspace section that cannot be imported."""


def _nothing(*, cursor, selection_sql, params):
    return iter(())


def _only_empty(name):
    def importer(*, cursor, items, report):
        for _ in items:
            raise SectionError(f"{name}: this server cannot import {name} yet")

    return importer


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable
    import_: Callable


SECTIONS = {name: Section(name, _nothing, _only_empty(name)) for name in WORKSPACE_SECTIONS}


def lyric_tags(*, cursor, lyric_ids):
    """{lyric id: [tag names]} for the front matter of each lyric file."""
    return {}
