import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import connection, models
from django.db.models.functions import Now
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

# What the provider's result codes mean, from its callback documentation.
CODE_MEANINGS = {
    200: _("Success: the lyrics were generated."),
    400: _("Rejected: the lyrics contain copyrighted content."),
    408: _("Timed out: the provider hit a time limit."),
    413: _("Conflict: the content matches an existing work."),
    451: _("Unavailable for legal reasons."),
    500: _("Provider server error while processing the request."),
    501: _("Lyrics generation failed."),
    531: _("Generation failed and the credits were refunded: please retry."),
}


# Storage parameter of the lyrics' GIN indexes (also set in migration 0003 and
# in generate_lyrics, which rebuilds them after a bulk load).
GIN_PENDING_LIST_KB = 256


def column_range(model, field_name):
    """(lowest, highest) value the field's database column holds: int32 for an
    IntegerField on PostgreSQL. Django's own table, so no bound is written twice."""
    field = model._meta.get_field(field_name)
    return connection.ops.integer_field_range(field.get_internal_type())


# The lyrics' search indexes, name -> definition, for bulk loads and restores
# that build them once at the end (generate_lyrics, import_library
# --rebuild-indexes). Must match the migrations.
SEARCH_INDEXES = {
    "lyric_text_trgm": "CREATE INDEX lyric_text_trgm ON lyricsapp_lyric USING gin (text gin_trgm_ops)",
    "lyric_title_trgm": "CREATE INDEX lyric_title_trgm ON lyricsapp_lyric USING gin (title gin_trgm_ops)",
    "lyric_search_keys_gin": "CREATE INDEX lyric_search_keys_gin ON lyricsapp_lyric "
    "USING gin (lyric_search_keys(title, text))",
}
SEARCH_INDEXES = {
    name: f"{sql} WITH (gin_pending_list_limit = {GIN_PENDING_LIST_KB}) WHERE searchable"
    for name, sql in SEARCH_INDEXES.items()
}


def code_meaning(code):
    if code is None:
        return gettext("No result yet.")
    if code in CODE_MEANINGS:
        return str(CODE_MEANINGS[code])
    return gettext("Unknown code %(code)s: not documented by the provider.") % {"code": code}


# Stored, not processed yet, not given up on: the follow-up work's backlog.
# One definition for every ORM use (TaskQuerySet.unprocessed, the partial
# index below); the raw SQL that repeats it (the worker's claim and held
# query, the /metrics backlog) is checked against it by
# tests/processing/test_unprocessed.py.
UNPROCESSED = models.Q(
    completed_at__isnull=False, processed_at__isnull=True, processing_failed_at__isnull=True
)


class TaskQuerySet(models.QuerySet):
    def unprocessed(self):
        return self.filter(UNPROCESSED)


class Task(models.Model):
    """One provider task, identified by its task id (the idempotency key)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        COMPLETE = "complete", _("Complete")
        FAILED = "failed", _("Failed")

    task_id = models.CharField(_("task id"), max_length=128, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    code = models.IntegerField(_("code"), null=True, blank=True)
    msg = models.TextField(_("provider message"), blank=True, default="")
    callback_type = models.CharField(_("callback type"), max_length=64, blank=True, default="")
    created_at = models.DateTimeField(_("created"), db_default=Now())
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # The delivery whose result was stored; later ones never change the task.
    result_delivery = models.ForeignKey(
        "callbacks.Delivery",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("result delivery"),
    )
    # sha256 of the normalised result, to tell a duplicate from a conflict.
    result_hash = models.CharField(_("result hash"), max_length=64, blank=True, default="")

    # Follow-up work (Celery).
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    processing_attempts = models.PositiveIntegerField(_("processing attempts"), default=0)
    processing_error = models.TextField(_("processing error"), blank=True, default="")
    processing_failed_at = models.DateTimeField(_("processing failed"), null=True, blank=True)

    # Tasks submitted from this app, and by whom (kept as "deleted user").
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_tasks",
        verbose_name=_("submitted by"),
    )
    prompt = models.TextField(_("prompt"), blank=True, default="")
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    retry_of = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="retried_by",
        verbose_name=_("retry of"),
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["-created_at", "-id"]
        permissions = [("submit_task", "Can submit prompts to the provider")]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="task_newest"),
            models.Index(fields=["status", "-created_at"], name="task_status_newest"),
            models.Index(fields=["code", "-created_at"], name="task_code_newest"),
            # The sweeper's question: stored but not yet processed.
            models.Index(fields=["completed_at"], name="task_unprocessed", condition=UNPROCESSED),
            models.Index(
                fields=["submitted_at"],
                name="task_pending",
                condition=models.Q(status="pending"),
            ),
        ]

    def __str__(self):
        return self.task_id

    @property
    def code_meaning(self):
        return code_meaning(self.code)

    def repeat_outcome(self, result_hash):
        """What another delivered result is to this task: None while it has no
        result yet, else a duplicate (same result) or a conflict (another one)."""
        if self.status == self.Status.PENDING:
            return None
        return "duplicate" if self.result_hash == result_hash else "conflict"

    def retry_depth(self):
        """How many resubmissions lie between this task and the original prompt."""
        depth, task = 0, self
        while task.retry_of_id is not None:
            depth += 1
            task = task.retry_of
        return depth

    def retry_chain(self):
        """The whole chain this task belongs to, from the original to the latest retry."""
        first = self
        while first.retry_of_id is not None:
            first = first.retry_of
        chain = [first]
        while True:
            following = Task.objects.filter(retry_of=chain[-1]).first()
            if following is None:
                return chain
            chain.append(following)


class Lyric(models.Model):
    """One generated lyric: an item of a task's result, in the provider's order."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="lyrics", verbose_name=_("task")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.TextField(_("title"), blank=True, default="")
    text = models.TextField(_("text"), blank=True, default="")
    status = models.CharField(_("status"), max_length=32, blank=True, default="")
    error_message = models.TextField(_("error message"), blank=True, default="")
    created_at = models.DateTimeField(_("created"), db_default=Now())

    # Filled by the follow-up work; empty until the task's processed_at is set.
    sections = models.JSONField(_("sections"), null=True, blank=True)
    line_count = models.PositiveIntegerField(_("lines"), null=True, blank=True)
    word_count = models.PositiveIntegerField(_("words"), null=True, blank=True)
    char_count = models.PositiveIntegerField(_("characters"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True, default="")
    # In the search indexes (which are partial: WHERE searchable). A callback
    # stores its lyrics with False, so the insert on its hot path skips the
    # three GIN indexes; the follow-up work sets True, and search finds a
    # lyric from then on (milliseconds later). Every other writer (imports,
    # bulk loads, the ORM) gets True.
    searchable = models.BooleanField(_("searchable"), default=True, db_default=True)

    # The workspace. title and text above hold the current version (so search,
    # sections and counts follow it); the provider's own title and text are
    # copied here on the first edit and never changed (null: never edited).
    original_title = models.TextField(null=True, blank=True)
    original_text = models.TextField(null=True, blank=True)
    # 1 is the provider's original; each saved edit or restore adds one.
    version = models.PositiveIntegerField(default=1, db_default=1)
    trashed_at = models.DateTimeField(null=True, blank=True)
    tags = TaggableManager(through="lyricsapp.TaggedLyric", blank=True)

    class Meta:
        verbose_name = _("lyric")
        verbose_name_plural = _("lyrics")
        ordering = ["-id"]
        permissions = [
            ("edit_workspace", "Can star, tag, note, edit, collect, trash and share lyrics")
        ]
        constraints = [
            models.UniqueConstraint(fields=["task", "position"], name="lyric_unique_task_position")
        ]
        indexes = [
            models.Index(fields=["status", "-id"], name="lyric_status_newest"),
            models.Index(fields=["language", "-id"], name="lyric_language_newest"),
            # Few lyrics are edited or in the trash: small partial indexes.
            models.Index(
                fields=["-id"], name="lyric_edited_newest", condition=models.Q(version__gt=1)
            ),
            models.Index(
                fields=["trashed_at"],
                name="lyric_trashed",
                condition=models.Q(trashed_at__isnull=False),
            ),
            # A small pending list (256 kB, not 4 MB): each callback that has to
            # merge it into the index waits milliseconds, not tens of them.
            GinIndex(
                fields=["text"],
                name="lyric_text_trgm",
                opclasses=["gin_trgm_ops"],
                gin_pending_list_limit=GIN_PENDING_LIST_KB,
                condition=models.Q(searchable=True),
            ),
            GinIndex(
                fields=["title"],
                name="lyric_title_trgm",
                opclasses=["gin_trgm_ops"],
                gin_pending_list_limit=GIN_PENDING_LIST_KB,
                condition=models.Q(searchable=True),
            ),
        ]

    def __str__(self):
        # The provider's task id, not the foreign key's integer: callers that
        # show many lyrics select the task with them (the admin's inline does).
        return self.title or gettext("Lyric %(number)s of %(task)s") % {
            "number": self.position + 1,
            "task": self.task.task_id,
        }

    @property
    def edited(self):
        return self.version > 1

    @property
    def provider_title(self):
        return self.title if self.original_title is None else self.original_title

    @property
    def provider_text(self):
        return self.text if self.original_text is None else self.original_text


# Registered with this app (they live in lyricsapp.workspace).


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


class UserProfile(models.Model):
    """A user's own language and time zone; empty means the browser's and the server's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    # One of settings.LANGUAGES (checked by the forms, so that adding a
    # language needs no migration).
    language = models.CharField(_("language"), max_length=16, blank=True, default="")
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self):
        return str(self.user)


from lyricsapp.workspace.models import (  # noqa: E402, F401
    Collection,
    CollectionItem,
    Favorite,
    LyricVersion,
    Note,
    ShareLink,
    TaggedLyric,
)
