from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LyricsAppConfig(AppConfig):
    name = "lyricsapp"
    verbose_name = _("Lyrics library")

    def ready(self):
        # Copies a user's preferences into the session at login.
        from lyricsapp import preferences  # noqa: F401
