"""The team's note on a lyric, with its last editor and time."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from lyricsapp.workspace.models import NOTE_MAX_LENGTH, Note


def note_text_clean(text):
    if not isinstance(text, str):
        raise ValidationError(gettext("The note must be text."), code="type")
    if "\x00" in text:
        raise ValidationError(gettext("The note may not contain NUL characters."), code="nul")
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            gettext("A note may be at most %(max)d characters long (this one has %(length)d).")
            % {"max": NOTE_MAX_LENGTH, "length": len(text)},
            code="max_length",
        )
    return text.strip()


def lyric_note_set(*, lyric, text, user=None):
    """Write the note (an empty text clears it, keeping who cleared it and when)."""
    text = note_text_clean(text)
    note, _ = Note.objects.update_or_create(
        lyric=lyric,
        defaults={"text": text, "updated_by": user, "updated_at": timezone.now()},
    )
    return note


def lyric_note(lyric):
    return Note.objects.select_related("updated_by").filter(lyric=lyric).first()
