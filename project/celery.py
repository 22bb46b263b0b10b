"""The Celery app: `celery -A project worker` and `celery -A project beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

app = Celery("project")
app.config_from_object("project.celery_settings:CONFIG")
app.autodiscover_tasks()
# The task modules live in sub-packages of lyricsapp, not in <app>.tasks.
app.autodiscover_tasks(["lyricsapp.processing", "lyricsapp.provider"])
