"""The names of the languages a lyric can be detected in (LYRICS_LANGUAGES)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "en": _("English"),
    "zh": _("Chinese"),
    "ja": _("Japanese"),
    "ko": _("Korean"),
    "es": _("Spanish"),
    "pt": _("Portuguese"),
    "fr": _("French"),
    "de": _("German"),
    "it": _("Italian"),
    "ru": _("Russian"),
    "id": _("Indonesian"),
    "vi": _("Vietnamese"),
}


def language_name(code):
    """ "zh" -> "Chinese" in the active language; an unknown code as it is."""
    return str(NAMES.get(code, code))
