"""The workspace's periodic work (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

import logging

from celery import shared_task

from lyricsapp.workspace.trash import trash_purge

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def purge_trash():
    purged = trash_purge()
    if purged:
        logger.info("purged %d lyrics from the trash", purged)
    return purged
