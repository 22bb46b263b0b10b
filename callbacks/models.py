from django.db import models

from lyricsapp.models import Task


class Delivery(models.Model):
    """One authenticated HTTP request to the callback endpoint, kept as it came.

    Written before anything else is decided, and for invalid bodies too, so an
    operator can always see what the provider sent and replay it.
    """

    class Outcome(models.TextChoices):
        RECEIVED = "received", "Received (stored a new result)"
        DUPLICATE = "duplicate", "Duplicate (same result again)"
        CONFLICT = "conflict", "Conflict (different result for a stored task)"
        INVALID = "invalid", "Invalid (rejected with a 4xx)"
        UNCONFIRMED = "unconfirmed", "Unconfirmed (held until the provider's record confirms it)"

    class Source(models.TextChoices):
        CALLBACK = "callback", "Callback (POSTed by the provider)"
        POLL = "poll", "Poll (read from the provider's record-info)"
        DEADLINE = "deadline", "Deadline (no result in time)"

    received_at = models.DateTimeField(db_default=models.functions.Now(), db_index=True)
    raw_body = models.BinaryField(help_text="The request body, byte for byte.")
    body_size = models.PositiveIntegerField(
        default=0, help_text="Size announced or read; larger than the body kept for a 413."
    )
    content_type = models.CharField(max_length=255, blank=True, default="")
    headers = models.JSONField(default=dict, blank=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    # The task id as read from the body; a plain string rather than a foreign
    # key so that deliveries for unknown or invalid task ids are kept too.
    task_id = models.CharField(
        max_length=Task._meta.get_field("task_id").max_length,
        blank=True,
        default="",
        db_index=True,
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices, db_index=True)
    http_status = models.PositiveSmallIntegerField()
    # A database default, so that raw INSERTs that predate the column still work.
    source = models.CharField(
        max_length=16, choices=Source.choices, default=Source.CALLBACK, db_default=Source.CALLBACK
    )
    error = models.TextField(blank=True, default="")
    error_detail = models.JSONField(null=True, blank=True)
    # Whether the request passed the authentication in force when it came
    # (token, and signature when a key is set). Only these may be replayed.
    authenticated = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Passed the token and signature checks in force when it came.",
    )
    replay_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replays"
    )

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "deliveries"

    def __str__(self):
        return f"Delivery #{self.pk} {self.outcome} {self.task_id or '-'}"
