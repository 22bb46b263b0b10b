from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class CreditSample(models.Model):
    """One reading of the provider account's balance; the newest is the cache."""

    credits = models.IntegerField(_("credits"), null=True, blank=True)
    # Why the balance could not be read (credits is null then).
    error = models.TextField(_("error"), blank=True, default="")
    checked_at = models.DateTimeField(_("checked at"), db_default=Now(), db_index=True)

    class Meta:
        app_label = "lyricsapp"
        ordering = ["-checked_at", "-id"]
        verbose_name = _("credit sample")
        verbose_name_plural = _("credit samples")

    def __str__(self):
        return f"{self.credits} at {self.checked_at:%Y-%m-%d %H:%M}"


class ProviderHealth(models.Model):
    """Whether the provider answers: one row, updated by every call to it."""

    failing_since = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    last_ok_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "lyricsapp"
        verbose_name = _("provider health")
        verbose_name_plural = _("provider health")

    def __str__(self):
        return "failing" if self.failing_since else "ok"
