"""Admin of outbound events: endpoints (secret shown once), the outbox, every
message with its attempts, and replay."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lyricsapp.events.delivery import message_replay
from lyricsapp.events.models import EVENT_TYPES, Event, EventAttempt, EventMessage, WebhookEndpoint
from lyricsapp.events.ssrf import UnsafeURL, url_check
from lyricsapp.events.tasks import endpoints_deliver_later


def deliver_later(endpoint_ids):
    try:
        endpoints_deliver_later(endpoint_ids)
    except Exception:  # the sweep delivers them when the broker is back
        return False
    return True


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(max_length=2000, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=[(name, f"{name}: {words}") for name, words in EVENT_TYPES.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every event type."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "events", "description", "enabled"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            url_check(url)
        except UnsafeURL as exc:
            raise forms.ValidationError(str(exc)) from exc
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ("url", "description", "event_list", "enabled", "disabled_at")
    list_filter = ("enabled",)
    readonly_fields = ("disabled_at", "disabled_reason", "created_at")
    actions = ["enable_again"]

    @admin.display(description=_("events"))
    def event_list(self, obj):
        return ", ".join(obj.events) or _("all")

    def save_model(self, request, obj, form, change):
        if change and form.cleaned_data.get("enabled") and "enabled" in form.changed_data:
            obj.disabled_at, obj.disabled_reason = None, ""
        super().save_model(request, obj, form, change)
        if not change:
            # The only time the secret is shown.
            messages.warning(
                request,
                _("Signing secret of %(url)s (shown this once, keep it now): %(secret)s")
                % {"url": obj.url, "secret": obj.secret},
            )

    @admin.action(description=_("Enable again and send what waits"))
    def enable_again(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        queryset.update(enabled=True, disabled_at=None, disabled_reason="")
        deliver_later(ids)
        self.message_user(request, _("Enabled again; waiting messages are being sent."))


class EventAttemptInline(admin.TabularInline):
    model = EventAttempt
    extra = 0
    can_delete = False
    fields = ("created_at", "success", "status_code", "latency_ms", "error", "response")
    readonly_fields = fields
    ordering = ("id",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EventMessage)
class EventMessageAdmin(admin.ModelAdmin):
    list_display = ("event", "endpoint", "status", "attempts", "next_attempt_at", "delivered_at")
    list_filter = ("status", "endpoint")
    list_select_related = ("event", "endpoint")
    readonly_fields = (
        "event",
        "endpoint",
        "status",
        "attempts",
        "next_attempt_at",
        "created_at",
        "delivered_at",
    )
    inlines = [EventAttemptInline]
    actions = ["replay"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send again (replay)"))
    def replay(self, request, queryset):
        endpoint_ids = message_replay(message_ids=list(queryset.values_list("pk", flat=True)))
        deliver_later(endpoint_ids)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "%(count)d event will be sent again.",
                "%(count)d events will be sent again.",
                count,
            )
            % {"count": count},
        )


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("type", "subject", "created_at", "dispatched_at")
    list_filter = ("type",)
    search_fields = ("subject",)
    readonly_fields = ("public_id", "type", "subject", "data", "created_at", "dispatched_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
