"""Celery's configuration: Django's ``CELERY_*`` settings as a plain dict.

Celery looks several settings up on every publish. Read through Django's lazy
settings with a namespace, each miss raises and catches exceptions on the way,
which cost more than a third of a publish on the callback's hot path; a dict
answers at once. Imported by Celery when it first needs its configuration,
after Django's settings are loaded.
"""

from django.conf import settings

PREFIX = "CELERY_"

CONFIG = {
    name.removeprefix(PREFIX).lower(): getattr(settings, name)
    for name in dir(settings)
    if name.startswith(PREFIX)
}
# Celery's Django fixup reads this one under its Django name.
CONFIG["CELERY_DB_REUSE_MAX"] = settings.CELERY_DB_REUSE_MAX
