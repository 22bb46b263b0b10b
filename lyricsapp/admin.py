from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from callbacks.admin import raw_body_display
from callbacks.models import Delivery
from lyricsapp.models import Lyric, Task


class LyricInline(admin.StackedInline):
    model = Lyric
    extra = 0
    can_delete = False
    fields = ("position", "title", "status", "error_message", "text", "language", "word_count")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("task_id", "status", "code", "created_at", "completed_at", "processed_at")
    list_filter = ("status", "code")
    search_fields = ("=task_id", "lyrics__title")
    date_hierarchy = "created_at"
    show_full_result_count = False
    inlines = [LyricInline]
    readonly_fields = (
        "task_id",
        "status",
        "code",
        "code_meaning",
        "msg",
        "callback_type",
        "created_at",
        "completed_at",
        "result_delivery",
        "result_hash",
        "processed_at",
        "processing_attempts",
        "processing_error",
        "processing_failed_at",
        "submitted_at",
        "last_polled_at",
        "retry_of",
        "retry_chain_display",
        "delivery_history",
    )
    exclude = ("owner", "prompt")

    @admin.display(description="meaning of the code")
    def code_meaning(self, obj):
        return obj.code_meaning

    @admin.display(description="resubmission chain")
    def retry_chain_display(self, obj):
        chain = obj.retry_chain()
        if len(chain) < 2:
            return "-"
        return format_html_join(
            " → ",
            '<a href="{}">{}</a> ({})',
            (
                (reverse("admin:lyricsapp_task_change", args=[t.pk]), t.task_id, t.status)
                for t in chain
            ),
        )

    @admin.display(description="deliveries")
    def delivery_history(self, obj):
        deliveries = Delivery.objects.filter(task_id=obj.task_id).order_by("id")[:50]
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">#{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
            (
                (
                    reverse("admin:callbacks_delivery_change", args=[d.pk]),
                    d.pk,
                    d.received_at,
                    d.outcome,
                    d.http_status,
                    raw_body_display(d),
                )
                for d in deliveries
            ),
        )
        if not rows:
            return "No deliveries recorded."
        return format_html(
            "<table><thead><tr><th>delivery</th><th>received</th><th>outcome</th>"
            "<th>status</th><th>body</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    def has_add_permission(self, request):
        return False
