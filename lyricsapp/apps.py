from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LyricsAppConfig(AppConfig):
    name = "lyricsapp"
    verbose_name = _("Lyrics library")

    def ready(self):
        # Register the Celery tasks in every process: lower layers (the
        # publisher, confirm mode) reach them through Celery's registry by name.
        # Copies a user's preferences into the session at login.
        from lyricsapp.library import preferences  # noqa: F401
        from lyricsapp.processing import tasks as processing_tasks  # noqa: F401
        from lyricsapp.provider import tasks as provider_tasks  # noqa: F401
