"""What the library and lyric pages show of the workspace (reads only)."""

from django.conf import settings

from lyricsapp.library.language_names import language_name
from lyricsapp.models import Collection
from lyricsapp.workspace.bulk import ACTIONS, BULK_LIMIT
from lyricsapp.workspace.favorites import lyric_is_favorite
from lyricsapp.workspace.models import NOTE_MAX_LENGTH
from lyricsapp.workspace.notes import lyric_note
from lyricsapp.workspace.permissions import can_edit
from lyricsapp.workspace.tags import TAG_MAX_LENGTH, lyric_tag_names


def _without_tag(query, name):
    params = query.copy()
    params.setlist("tag", [t for t in query.getlist("tag") if t.casefold() != name.casefold()])
    params.pop("page", None)
    params.pop("cursor", None)
    return params.urlencode()


# Beyond this many collections the pages ask for an id instead of listing them
# all in a <select> (1,000 options twice would be most of the page's time).
COLLECTION_CHOICES_MAX = 50


def _collection_choices():
    collections = list(Collection.objects.only("id", "name")[: COLLECTION_CHOICES_MAX + 1])
    many = len(collections) > COLLECTION_CHOICES_MAX
    return {"collections": [] if many else collections, "collections_many": many}


def library_workspace_context(request, data, workspace):
    # The languages detection can find (a DISTINCT over the table would read it all).
    languages = settings.LYRICS_LANGUAGES
    return {
        "can_edit": can_edit(request.user),
        "active_tags": [(name, _without_tag(request.GET, name)) for name in workspace["tags"]],
        "languages": [(code, language_name(code)) for code in languages],
        **_collection_choices(),
        "workspace": workspace,
        "workspace_open": any(workspace.values()),
        "bulk_limit": BULK_LIMIT,
        "bulk_actions": ACTIONS,
        "tag_max_length": TAG_MAX_LENGTH,
        "current_query": request.GET.urlencode(),
    }


def lyric_workspace_context(request, lyric):
    submitter = lyric.task.submitted_by
    return {
        "can_edit": can_edit(request.user),
        "is_favorite": lyric_is_favorite(lyric=lyric, user=request.user),
        "tag_names": lyric_tag_names(lyric),
        "note": lyric_note(lyric),
        "submitter": submitter,
        "tag_max_length": TAG_MAX_LENGTH,
        "note_max_length": NOTE_MAX_LENGTH,
        "trash_days": settings.TRASH_RETENTION_DAYS,
    }
