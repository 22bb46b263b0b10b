from django.apps import AppConfig


class LyricsAppConfig(AppConfig):
    name = "lyricsapp"
    verbose_name = "Lyrics library"

    def ready(self):
        from lyricsapp.workspace import permissions

        permissions.connect_signals()
