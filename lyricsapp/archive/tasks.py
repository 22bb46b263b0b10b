"""Celery tasks of archives and retention: thin, they take ids and call services."""

from celery import shared_task

from lyricsapp.archive import jobs, retention
from lyricsapp.processing.tasks import fresh_connection


@shared_task(bind=True, name="lyricsapp.archive.tasks.export_run", acks_late=True)
def export_run(self, job_id):
    fresh_connection(self)
    jobs.export_job_run(job_id=job_id)


@shared_task(bind=True, name="lyricsapp.archive.tasks.import_run", acks_late=True)
def import_run(self, job_id):
    fresh_connection(self)
    jobs.import_job_run(job_id=job_id)


@shared_task(bind=True, name="lyricsapp.archive.tasks.recover_run", acks_late=True)
def recover_run(self, job_id):
    fresh_connection(self)
    jobs.recover_job_run(job_id=job_id)


@shared_task(bind=True, name="lyricsapp.archive.tasks.exports_expire", ignore_result=True)
def exports_expire(self):
    fresh_connection(self)
    return jobs.exports_expire()


@shared_task(bind=True, name="lyricsapp.archive.tasks.deliveries_prune", ignore_result=True)
def deliveries_prune(self):
    fresh_connection(self)
    return retention.deliveries_prune()
