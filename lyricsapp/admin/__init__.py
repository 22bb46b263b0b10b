"""The lyrics admin; Django's admin autodiscovery imports this package."""

from lyricsapp.admin import tasks  # noqa: F401  (registers the task admin)
