"""The lyrics admin; Django's admin autodiscovery imports this package."""

from lyricsapp.admin import tasks  # noqa: F401  (registers the task admin)
from lyricsapp.alerts import admin as alerts_admin  # noqa: F401, E402
from lyricsapp.archive import admin as archive_admin  # noqa: F401, E402  (archive jobs)
from lyricsapp.events import admin as events_admin  # noqa: F401, E402
