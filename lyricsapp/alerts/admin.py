"""Admin of alerts: targets (with a test alert), the log, and each rule's state."""

import apprise
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lyricsapp.alerts.models import AlertLog, AlertState, AlertTarget
from lyricsapp.alerts.services import alert_test


def private_url(url):
    """An apprise URL with its secrets hidden, for display."""
    plugin = apprise.Apprise.instantiate(url) if url else None
    return plugin.url(privacy=True) if plugin else (url.split("://", 1)[0] + "://…" if url else "")


@admin.register(AlertTarget)
class AlertTargetAdmin(admin.ModelAdmin):
    list_display = ("__str__", "shown_url", "enabled", "created_at")
    list_filter = ("enabled",)
    fields = ("url", "description", "enabled")
    actions = ["send_test_alert"]

    @admin.display(description=_("URL"))
    def shown_url(self, obj):
        return private_url(obj.url)

    @admin.action(description=_("Send a test alert"))
    def send_test_alert(self, request, queryset):
        logs = alert_test(targets=list(queryset.values_list("url", flat=True)))
        self.message_user(
            request, _("%(count)d test alerts queued; see the alert log.") % {"count": len(logs)}
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AlertLog)
class AlertLogAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "title", "kind", "shown_target", "status", "attempts", "sent_at")
    list_filter = ("kind", "status", "rule")
    search_fields = ("title", "body")
    exclude = ("target",)
    readonly_fields = ("shown_target",)

    @admin.display(description=_("target"))
    def shown_target(self, obj):
        return private_url(obj.target)


@admin.register(AlertState)
class AlertStateAdmin(ReadOnlyAdmin):
    list_display = ("rule", "active", "since", "changed_at", "detail")
    list_filter = ("active",)
