from django.apps import AppConfig


class LyricsAppConfig(AppConfig):
    name = "lyricsapp"
    verbose_name = "Lyrics library"

    def ready(self):
        from lyricsapp.workspace import permissions

        permissions.connect_signals()

        # Register the Celery tasks in every process: lower layers (the
        # publisher, confirm mode) reach them through Celery's registry by name.
        from lyricsapp.archive import tasks as archive_tasks  # noqa: F401
        from lyricsapp.processing import tasks as processing_tasks  # noqa: F401
        from lyricsapp.provider import tasks as provider_tasks  # noqa: F401
