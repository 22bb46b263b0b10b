from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LyricsAppConfig(AppConfig):
    name = "lyricsapp"
    verbose_name = _("Lyrics library")

    def import_models(self):
        super().import_models()
        # The models of the sub-packages belong to this app (and its
        # migrations) too; lyricsapp.models, the bottom layer, imports none.
        from lyricsapp.alerts import models as alerts_models  # noqa: F401
        from lyricsapp.credits import models as credits_models  # noqa: F401
        from lyricsapp.events import models as events_models  # noqa: F401

    def ready(self):
        from lyricsapp.workspace import permissions

        permissions.connect_signals()

        # Register the Celery tasks in every process: lower layers (the
        # publisher, confirm mode) reach them through Celery's registry by name.
        from lyricsapp.alerts import tasks as alerts_tasks  # noqa: F401
        from lyricsapp.api import event_payloads  # noqa: F401  (fills the events' data)
        from lyricsapp.archive import tasks as archive_tasks  # noqa: F401
        from lyricsapp.events import tasks as events_tasks  # noqa: F401

        # Copies a user's preferences into the session at login.
        from lyricsapp.library import preferences  # noqa: F401
        from lyricsapp.processing import tasks as processing_tasks  # noqa: F401
        from lyricsapp.provider import tasks as provider_tasks  # noqa: F401
