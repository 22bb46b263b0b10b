"""The lyrics admin; Django's admin autodiscovery imports this package."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lyricsapp.admin import sharing, tasks, users, workspace  # noqa: F401  (register the admins)
from lyricsapp.alerts import admin as alerts_admin  # noqa: F401, E402
from lyricsapp.archive import admin as archive_admin  # noqa: F401, E402  (archive jobs)
from lyricsapp.events import admin as events_admin  # noqa: F401, E402

admin.site.site_header = _("Lyrics library administration")
admin.site.site_title = _("Lyrics library admin")
admin.site.index_title = _("Lyrics, tasks and callbacks")
