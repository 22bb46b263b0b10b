import base64
import secrets

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

# Every event type; the ones not published yet are accepted in subscriptions.
EVENT_TYPES = {
    "task.completed": _("A task's result was stored and holds at least one complete lyric."),
    "task.failed": _("A task's result was stored as failed."),
    "lyric.processed": _("A lyric's sections, counts and language were filled in."),
    "lyric.edited": _("A lyric's title or text was edited."),
    "export.ready": _("An archive export finished and can be downloaded."),
}


def secret_new():
    """A Standard Webhooks secret: whsec_ and 24 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


class WebhookEndpoint(models.Model):
    url = models.URLField(_("URL"), max_length=2000)
    # Empty: every event type.
    events = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True, default="")
    secret = models.CharField(max_length=100, default=secret_new, editable=False)
    enabled = models.BooleanField(_("enabled"), default=True)
    # Set when a day of failed deliveries disabled the endpoint (an alert rule).
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    disabled_reason = models.TextField(_("disabled because"), blank=True, default="")
    created_at = models.DateTimeField(_("created at"), db_default=Now())

    class Meta:
        app_label = "lyricsapp"
        ordering = ["id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.url

    def subscribes(self, event_type):
        return not self.events or event_type in self.events


class Event(models.Model):
    """The outbox: written in the transaction that changed the state it tells of.

    ``data`` may be left empty by the writer (the callback's hot path); it is
    then filled from ``subject`` (a task id or lyric id) when dispatched.
    """

    public_id = models.UUIDField(db_default=RandomUUID(), editable=False)
    type = models.CharField(_("type"), max_length=64)
    subject = models.CharField(max_length=128, blank=True, default="")
    data = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), db_default=Now())
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "lyricsapp"
        ordering = ["-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(
                fields=["id"], name="event_undispatched", condition=models.Q(dispatched_at=None)
            )
        ]

    def __str__(self):
        return f"{self.type} {self.subject}".strip()

    @property
    def webhook_id(self):
        return f"msg_{self.public_id.hex}"


class EventMessage(models.Model):
    """One event on its way to one endpoint; sent in order per endpoint."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="messages")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(db_default=Now())
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "lyricsapp"
        ordering = ["-id"]
        verbose_name = _("event message")
        verbose_name_plural = _("event messages")
        indexes = [
            models.Index(
                fields=["endpoint", "id"],
                name="eventmessage_pending",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self):
        return f"{self.event} to {self.endpoint}"


class EventAttempt(models.Model):
    """Every HTTP attempt, with what the receiver answered."""

    message = models.ForeignKey(EventMessage, on_delete=models.CASCADE, related_name="log")
    created_at = models.DateTimeField(db_default=Now())
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.FloatField(null=True, blank=True)
    # The first kilobyte of the answer.
    response = models.TextField(blank=True, default="")
    error = models.TextField(blank=True, default="")
    success = models.BooleanField(default=False)

    class Meta:
        app_label = "lyricsapp"
        ordering = ["-id"]
        verbose_name = _("event attempt")
        verbose_name_plural = _("event attempts")

    def __str__(self):
        return f"{self.status_code or self.error[:40]}"
