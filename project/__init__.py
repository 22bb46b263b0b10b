# Load the Celery app with Django so that tasks published from views use it.
from project.celery import app as celery_app

__all__ = ("celery_app",)
