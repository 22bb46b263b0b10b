"""The team's note on a lyric, with its last editor and time."""

from django.core.exceptions import ValidationError
from django.db.models.functions import Now
from django.utils.translation import gettext

from lyricsapp.models import Note
from lyricsapp.workspace.models import NOTE_MAX_LENGTH


def lyric_note_set(*, lyric, text, user):
    if len(text) > NOTE_MAX_LENGTH or "\x00" in text:
        raise ValidationError(
            gettext("A note has at most %(limit)d characters and no NUL.")
            % {"limit": NOTE_MAX_LENGTH}
        )
    note, _ = Note.objects.update_or_create(
        lyric=lyric, defaults={"text": text, "updated_by": user, "updated_at": Now()}
    )
    return note
