"""Reading a lyric's versions: 1 is the provider's original, 2 and up are saved edits."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext

from lyricsapp.models import LyricVersion

# The provider's original is downloadable in these formats (the lyric page's links).
ORIGINAL_FORMATS = ("txt", "md")


@dataclass
class Version:
    number: int
    title: str
    text: str
    author: str | None  # a username; None for the provider (version 1) or a deleted user
    created_at: datetime
    message: str

    @property
    def is_original(self):
        return self.number == 1

    @property
    def iso_time(self):
        return self.created_at.isoformat()

    @property
    def local_time(self):
        """In the active time zone, written the same way in every language."""
        return f"{timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    @property
    def author_name(self):
        if self.is_original:
            return gettext("provider")
        if self.author is None:
            return gettext("deleted user")
        return self.author


def original_version(lyric):
    return Version(1, lyric.provider_title, lyric.provider_text, None, lyric.created_at, "")


_FIELDS = ("number", "title", "text", "author__username", "created_at", "message")


def lyric_versions(*, lyric, with_text=True):
    """Every version, oldest first, the original included (without their text when
    with_text is False: a history of hundreds of versions lists them cheaply)."""
    rows = LyricVersion.objects.filter(lyric=lyric).order_by("number")
    if with_text:
        found = [Version(*row) for row in rows.values_list(*_FIELDS)]
    else:
        fields = [name for name in _FIELDS if name != "text"]
        found = [Version(n, t, "", a, c, m) for n, t, a, c, m in rows.values_list(*fields)]
    return [original_version(lyric), *found]


def lyric_version_get(*, lyric, number):
    """One version, or None when the lyric has no such number."""
    if number == 1:
        return original_version(lyric)
    row = LyricVersion.objects.filter(lyric=lyric, number=number).values_list(*_FIELDS).first()
    return None if row is None else Version(*row)
