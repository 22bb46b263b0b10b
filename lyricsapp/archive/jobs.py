"""Archive jobs: create, run (in a Celery worker) and expire.

Progress is written at most once a second, in its own short statement, so a
page polling it sees it move while the export or import runs.
"""

import logging
import os
import time
from datetime import timedelta
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import QueryDict
from django.utils import timezone

from lyricsapp.archive.export import Selection, archive_chunks, tasks_of_lyrics
from lyricsapp.archive.importer import archive_import
from lyricsapp.archive.reader import ArchiveError
from lyricsapp.archive.selection import filters_clean, selection_from_filters
from lyricsapp.library.forms import LibraryFilterForm, cleaned, workspace_filters
from lyricsapp.library.listing import lyrics_filtered
from lyricsapp.models import ArchiveJob
from lyricsapp.provider.recover import tasks_recover

logger = logging.getLogger(__name__)
PROGRESS_EVERY_SECONDS = 1.0


def archive_path(name):
    return Path(settings.ARCHIVE_ROOT) / name


def library_lyrics(filters, user=None):
    """The lyrics the library page shows for these query parameters (``tag``: a list)."""
    query = QueryDict(mutable=True)
    for name, value in filters.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    data = cleaned(LibraryFilterForm(query))
    return lyrics_filtered(
        q=data["q"] or "",
        status=data["status"] or "",
        code=data["code"],
        date_from=data["date_from"],
        date_to=data["date_to"],
        user=user,
        **workspace_filters(data, query),
    )


def job_selection(job):
    if job.origin == ArchiveJob.Origin.LIBRARY:
        return Selection.of(tasks_of_lyrics(library_lyrics(job.filters, job.requested_by)))
    return selection_from_filters(job.filters)


def _publish_on_commit(task, job):
    # By name through Celery's registry: the tasks module imports this one.
    name = f"lyricsapp.archive.tasks.{task}"
    transaction.on_commit(lambda: current_app.send_task(name, args=(str(job.pk),)))


def export_job_create(*, user, filters, origin=ArchiveJob.Origin.API):
    """A pending export; raises FilterError for invalid API filters."""
    if origin == ArchiveJob.Origin.API:
        filters = filters_clean(filters)
    job = ArchiveJob.objects.create(
        kind=ArchiveJob.Kind.EXPORT, origin=origin, filters=filters, requested_by=user
    )
    _publish_on_commit("export_run", job)
    return job


class _Progress:
    """Writes a job's percentage from a connection of its own: the export and
    the import hold one transaction each (a read-only snapshot, or all or
    nothing), where an update would be refused or stay invisible until the end."""

    def __init__(self, job):
        self.job, self.last = job, 0.0
        self.connection = None

    def __call__(self, done, total):
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY_SECONDS:
            return
        self.last = now
        percent = min(99, int(done * 100 / total)) if total else 0
        if self.connection is None:
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
        with self.connection.cursor() as cursor:
            cursor.execute(
                "UPDATE lyricsapp_archivejob SET progress = %s WHERE id = %s",
                [percent, self.job.pk],
            )

    def close(self):
        if self.connection is not None:
            self.connection.close()


def _start(job_id):
    updated = ArchiveJob.objects.filter(pk=job_id, status=ArchiveJob.Status.PENDING).update(
        status=ArchiveJob.Status.RUNNING
    )
    return ArchiveJob.objects.get(pk=job_id) if updated else None


def _finish(job, **fields):
    fields.setdefault("status", ArchiveJob.Status.DONE)
    fields.setdefault("progress", 100)
    ArchiveJob.objects.filter(pk=job.pk).update(finished_at=timezone.now(), **fields)


def export_job_run(*, job_id):
    """Write the job's archive to ARCHIVE_ROOT; a second delivery of the message does nothing."""
    job = _start(job_id)
    if job is None:
        return
    name = f"exports/{job.pk}.zip"
    path = archive_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    progress = _Progress(job)
    try:
        with open(partial, "wb") as out:
            for chunk in archive_chunks(selection=job_selection(job), progress=progress):
                out.write(chunk)
        os.replace(partial, path)
    except Exception as exc:
        partial.unlink(missing_ok=True)
        logger.exception("export %s failed", job.pk)
        _finish(job, status=ArchiveJob.Status.FAILED, error=f"{type(exc).__name__}: {exc}")
        return
    finally:
        progress.close()
    expires = timezone.now() + timedelta(hours=settings.EXPORT_RETENTION_HOURS)
    _finish(job, file_name=name, file_size=path.stat().st_size, expires_at=expires)


def import_job_create(*, user, upload):
    """Store an uploaded archive and queue its import."""
    job = ArchiveJob.objects.create(kind=ArchiveJob.Kind.IMPORT, requested_by=user)
    name = f"imports/{job.pk}.zip"
    path = archive_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job.file_name, job.file_size = name, path.stat().st_size
    job.save(update_fields=["file_name", "file_size"])
    _publish_on_commit("import_run", job)
    return job


def import_job_run(*, job_id):
    job = _start(job_id)
    if job is None:
        return
    path = archive_path(job.file_name)
    progress = _Progress(job)
    try:
        report = archive_import(source=path, progress=progress)
    except ArchiveError as exc:
        _finish(job, status=ArchiveJob.Status.FAILED, error=str(exc))
    except Exception as exc:
        logger.exception("import %s failed", job.pk)
        _finish(job, status=ArchiveJob.Status.FAILED, error=f"{type(exc).__name__}: {exc}")
    else:
        _finish(job, report=report.as_dict())
    finally:
        progress.close()
        # The uploaded file has served its purpose either way.
        path.unlink(missing_ok=True)


def recover_job_create(*, user, task_ids):
    job = ArchiveJob.objects.create(
        kind=ArchiveJob.Kind.RECOVER, requested_by=user, filters={"task_ids": task_ids}
    )
    _publish_on_commit("recover_run", job)
    return job


def recover_job_run(*, job_id):
    job = _start(job_id)
    if job is None:
        return
    progress = _Progress(job)
    try:
        report = tasks_recover(task_ids=job.filters["task_ids"], progress=progress)
    except Exception as exc:
        logger.exception("recover %s failed", job.pk)
        _finish(job, status=ArchiveJob.Status.FAILED, error=f"{type(exc).__name__}: {exc}")
    else:
        _finish(job, report=report.as_dict())
    finally:
        progress.close()


def exports_expire(*, now=None):
    """Delete export files past their retention, and their jobs; returns how many."""
    now = now or timezone.now()
    expired = ArchiveJob.objects.filter(expires_at__lte=now)
    count = 0
    for job in expired.iterator():
        if job.file_name:
            archive_path(job.file_name).unlink(missing_ok=True)
        job.delete()
        count += 1
    return count
