from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class AlertTarget(models.Model):
    """An apprise URL alerts go to, besides those of ALERT_URLS."""

    url = models.TextField(
        _("apprise URL"), help_text=_("For example json://host/path, mailto://, tgram://, slack://")
    )
    description = models.CharField(_("description"), max_length=200, blank=True, default="")
    enabled = models.BooleanField(_("enabled"), default=True)
    created_at = models.DateTimeField(_("created at"), db_default=Now())

    class Meta:
        app_label = "lyricsapp"
        ordering = ["id"]
        verbose_name = _("alert target")
        verbose_name_plural = _("alert targets")

    def __str__(self):
        return self.description or self.url.split("://", 1)[0] + "://…"


class AlertState(models.Model):
    """Whether a rule's condition holds; alerts go out only when this changes."""

    rule = models.CharField(_("rule"), max_length=64, unique=True)
    active = models.BooleanField(_("active"), default=False)
    since = models.DateTimeField(_("since"), null=True, blank=True)
    detail = models.TextField(_("detail"), blank=True, default="")
    changed_at = models.DateTimeField(_("changed at"), db_default=Now())

    class Meta:
        app_label = "lyricsapp"
        ordering = ["rule"]
        verbose_name = _("alert state")
        verbose_name_plural = _("alert states")

    def __str__(self):
        return self.rule


class AlertLog(models.Model):
    """One alert for one target: recorded first, then sent by a Celery job."""

    class Kind(models.TextChoices):
        FIRING = "firing", _("Firing")
        RESOLVED = "resolved", _("Resolved")
        TEST = "test", _("Test")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    rule = models.CharField(_("rule"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True, default="")
    # The apprise URL (targets are settings or rows that may change later).
    target = models.TextField(_("target"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True, default="")
    created_at = models.DateTimeField(_("created at"), db_default=Now(), db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        app_label = "lyricsapp"
        ordering = ["-id"]
        verbose_name = _("alert log entry")
        verbose_name_plural = _("alert log")

    def __str__(self):
        return self.title
