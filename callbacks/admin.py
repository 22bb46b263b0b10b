from django.contrib import admin
from django.utils.html import format_html

from callbacks.models import Delivery


def raw_body_display(delivery):
    """The body as text when it is UTF-8, otherwise as hex."""
    raw = bytes(delivery.raw_body or b"")
    if not raw:
        if delivery.body_size:
            return f"(not kept: {delivery.body_size} bytes, over the limit)"
        return "(empty)"
    try:
        return format_html('<pre class="raw-body">{}</pre>', raw.decode("utf-8"))
    except UnicodeDecodeError:
        return format_html('<pre class="raw-body">hex: {}</pre>', raw.hex(" "))


class ReadOnlyAdminMixin:
    """Deliveries are evidence: nobody edits or adds them by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "id",
        "received_at",
        "task_id",
        "outcome",
        "http_status",
        "remote_addr",
        "error",
    )
    list_filter = ("outcome", "source", "http_status")
    search_fields = ("=task_id",)
    date_hierarchy = "received_at"
    # Counting a million deliveries for the paginator is not worth a slow page.
    show_full_result_count = False
    fields = (
        "received_at",
        "task_id",
        "outcome",
        "source",
        "http_status",
        "error",
        "error_detail",
        "remote_addr",
        "content_type",
        "body_size",
        "headers",
        "body",
        "replay_of",
    )
    readonly_fields = fields

    @admin.display(description="raw body")
    def body(self, obj):
        return raw_body_display(obj)
