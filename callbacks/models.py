from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lyricsapp.models import Task


class Delivery(models.Model):
    """One authenticated HTTP request to the callback endpoint, kept as it came.

    Written before anything else is decided, and for invalid bodies too, so an
    operator can always see what the provider sent and replay it.
    """

    class Outcome(models.TextChoices):
        RECEIVED = "received", _("Received (stored a new result)")
        DUPLICATE = "duplicate", _("Duplicate (same result again)")
        CONFLICT = "conflict", _("Conflict (different result for a stored task)")
        INVALID = "invalid", _("Invalid (rejected with a 4xx)")
        UNCONFIRMED = (
            "unconfirmed",
            _("Unconfirmed (held until the provider's record confirms it)"),
        )

    class Source(models.TextChoices):
        CALLBACK = "callback", _("Callback (POSTed by the provider)")
        POLL = "poll", _("Poll (read from the provider's record-info)")
        DEADLINE = "deadline", _("Deadline (no result in time)")

    received_at = models.DateTimeField(
        _("received"), db_default=models.functions.Now(), db_index=True
    )
    raw_body = models.BinaryField(_("raw body"), help_text=_("The request body, byte for byte."))
    body_size = models.PositiveIntegerField(
        _("body size"),
        default=0,
        help_text=_("Size announced or read; larger than the body kept for a 413."),
    )
    content_type = models.CharField(_("content type"), max_length=255, blank=True, default="")
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    remote_addr = models.GenericIPAddressField(_("remote address"), null=True, blank=True)
    # The task id as read from the body; a plain string rather than a foreign
    # key so that deliveries for unknown or invalid task ids are kept too.
    task_id = models.CharField(
        _("task id"),
        max_length=Task._meta.get_field("task_id").max_length,
        blank=True,
        default="",
        db_index=True,
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, db_index=True)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"))
    # A database default, so that raw INSERTs that predate the column still work.
    source = models.CharField(
        _("source"),
        max_length=16,
        choices=Source.choices,
        default=Source.CALLBACK,
        db_default=Source.CALLBACK,
    )
    error = models.TextField(_("error"), blank=True, default="")
    error_detail = models.JSONField(_("error detail"), null=True, blank=True)
    # Whether the request passed the authentication in force when it came
    # (token, and signature when a key is set). Only these may be replayed.
    authenticated = models.BooleanField(
        _("authenticated"),
        default=False,
        db_default=False,
        help_text=_("Passed the token and signature checks in force when it came."),
    )
    replay_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replays",
        verbose_name=_("replay of"),
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self):
        return gettext("Delivery #%(id)s %(outcome)s %(task)s") % {
            "id": self.pk,
            "outcome": self.outcome,
            "task": self.task_id or "-",
        }
