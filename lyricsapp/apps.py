from django.apps import AppConfig


class LyricsAppConfig(AppConfig):
    name = "lyricsapp"
    verbose_name = "Lyrics library"
