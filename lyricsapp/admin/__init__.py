"""The lyrics admin; Django's admin autodiscovery imports this package."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lyricsapp.admin import tasks  # noqa: F401  (registers the task admin)

admin.site.site_header = _("Lyrics library administration")
admin.site.site_title = _("Lyrics library admin")
admin.site.index_title = _("Lyrics, tasks and callbacks")
