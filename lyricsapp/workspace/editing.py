"""Editing a lyric's title and text, with every save kept as a version.

The lyric row holds the current version, so search, lists and the API read
it as before; the provider's own title and text are copied to
original_title/original_text on the first edit and never changed again.

A save names the version it started from. It locks the lyric's task and then
the lyric (the order the follow-up work takes them, so the two never
deadlock), and refuses a stale one with EditConflict: of two concurrent
saves from the same version exactly one wins. After the commit the task's
follow-up work runs again through the usual publish path, so sections,
counts and language follow the new text; the sweeper is the net as ever.
"""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Subquery
from django.utils.translation import gettext, gettext_lazy

from lyricsapp.models import Lyric, Task
from lyricsapp.processing.publish import processing_enqueue_on_commit
from lyricsapp.workspace.models import VERSION_MESSAGE_MAX_LENGTH
from lyricsapp.workspace.versions import lyric_version_get

TITLE_MAX_LENGTH = 500
TEXT_MAX_LENGTH = 100_000
NUL_MESSAGE = gettext_lazy("The text may not contain NUL characters.")


class EditConflict(Exception):
    """The lyric moved on since the editor's version: ``lyric`` is the current one."""

    def __init__(self, lyric):
        super().__init__(f"lyric {lyric.pk} is at version {lyric.version}")
        self.lyric = lyric


def edit_validate(*, title, text, message=""):
    """ValidationError naming each field that cannot be saved (forms and the API check first)."""
    errors = {}
    limits = (
        ("title", title, TITLE_MAX_LENGTH),
        ("text", text, TEXT_MAX_LENGTH),
        ("message", message, VERSION_MESSAGE_MAX_LENGTH),
    )
    for field, value, limit in limits:
        if len(value) > limit:
            errors[field] = gettext("At most %(limit)d characters.") % {"limit": limit}
        elif "\x00" in value:
            errors[field] = str(NUL_MESSAGE)
    if errors:
        raise ValidationError(errors)


def _lock(lyric_id):
    owner = Lyric.objects.filter(pk=lyric_id).values("task_id")
    task = Task.objects.select_for_update().filter(pk=Subquery(owner)).first()
    if task is None:
        raise Lyric.DoesNotExist(f"no lyric {lyric_id}")
    lyric = Lyric.objects.select_for_update().get(pk=lyric_id)
    lyric.task = task
    return lyric


# The version row, the lyric and the task's follow-up state in one round trip
# (PostgreSQL runs each data-modifying WITH to completion). The lyric row is
# rewritten once: each rewrite adds it to every index, three GIN ones included.
# Its derived fields are emptied until the follow-up work runs again; SET reads
# the row's old title and text, which become the original on the first edit.
_SAVE_SQL = """
WITH version AS (
    INSERT INTO lyricsapp_lyricversion (lyric_id, number, title, text, author_id, created_at,
                                        message)
    VALUES (%(lyric)s, %(number)s, %(title)s, %(text)s, %(author)s, now(), %(message)s)
), lyric AS (
    UPDATE lyricsapp_lyric
    SET original_title = COALESCE(original_title, title),
        original_text = COALESCE(original_text, text),
        title = %(title)s, text = %(text)s, version = %(number)s,
        sections = NULL, line_count = NULL, word_count = NULL, char_count = NULL, language = ''
    WHERE id = %(lyric)s
)
UPDATE lyricsapp_task
SET processed_at = NULL, processing_attempts = 0, processing_error = '',
    processing_failed_at = NULL
WHERE id = %(task)s AND completed_at IS NOT NULL
"""


def _new_version(lyric, *, user, title, text, message):
    """Store version lyric.version + 1; the task is processed again after the commit."""
    number = lyric.version + 1
    with connection.cursor() as cursor:
        cursor.execute(
            _SAVE_SQL,
            {
                "lyric": lyric.pk,
                "task": lyric.task.pk,
                "number": number,
                "title": title,
                "text": text,
                "author": user.pk if user is not None else None,
                "message": message,
            },
        )
    if lyric.original_title is None:
        lyric.original_title, lyric.original_text = lyric.title, lyric.text
    lyric.version, lyric.title, lyric.text = number, title, text
    lyric.sections = lyric.line_count = lyric.word_count = lyric.char_count = None
    lyric.language = ""
    if lyric.task.completed_at is not None:
        processing_enqueue_on_commit(task_id=lyric.task.task_id)
    return lyric


@transaction.atomic
def lyric_edit_save(*, lyric_id, user, title, text, base_version, message=""):
    """Save title and text as version base_version + 1; the lyric as it now is.

    A title or text of None keeps the current one. Raises EditConflict when base_version is not the current version, and
    ValidationError for a field that cannot be saved. Saving what is already
    there creates no version.
    """
    edit_validate(title=title or "", text=text or "", message=message)
    lyric = _lock(lyric_id)
    if lyric.version != base_version:
        raise EditConflict(lyric)
    title = lyric.title if title is None else title
    # Browsers send a textarea's lines with CRLF; the provider's text uses LF.
    text = lyric.text if text is None else text.replace("\r\n", "\n").replace("\r", "\n")
    if (title, text) == (lyric.title, lyric.text):
        return lyric
    return _new_version(lyric, user=user, title=title, text=text, message=message)


@transaction.atomic
def lyric_version_restore(*, lyric_id, number, user, base_version=None):
    """Make version ``number``'s content a new version; None when there is no such version.

    With base_version, refuses a stale restore like a stale save.
    """
    lyric = _lock(lyric_id)
    if base_version is not None and lyric.version != base_version:
        raise EditConflict(lyric)
    version = lyric_version_get(lyric=lyric, number=number)
    if version is None:
        return None
    message = gettext("Restored version %(number)d") % {"number": number}
    return _new_version(lyric, user=user, title=version.title, text=version.text, message=message)
