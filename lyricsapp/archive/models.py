"""Archive jobs: an export or an import run by a Celery worker, with progress."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class ArchiveJob(models.Model):
    class Kind(models.TextChoices):
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")
        RECOVER = "recover", _("Recover from the provider")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    # Where the selection came from: the API's list filters, or the library
    # page's form (which also filters by code and dates).
    class Origin(models.TextChoices):
        API = "api", _("API filters")
        LIBRARY = "library", _("Library page")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0, help_text=_("Percent done."))
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.API)
    filters = models.JSONField(default=dict, blank=True)
    # The archive written (export) or uploaded (import), under ARCHIVE_ROOT.
    file_name = models.CharField(max_length=255, blank=True, default="")
    file_size = models.BigIntegerField(null=True, blank=True)
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(db_default=Now())
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the file is deleted (exports: EXPORT_RETENTION_HOURS after done).
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["expires_at"],
                name="archive_job_expiring",
                condition=models.Q(expires_at__isnull=False),
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.id} ({self.status})"
