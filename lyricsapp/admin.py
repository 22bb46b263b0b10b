from django.contrib import admin, messages
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from callbacks.admin import raw_body_display
from callbacks.models import Delivery
from lyricsapp.models import Lyric, Task
from lyricsapp.processing import tasks_reprocess


class LyricInline(admin.StackedInline):
    model = Lyric
    extra = 0
    can_delete = False
    fields = (
        "position",
        "title",
        "status",
        "error_message",
        "text",
        "language",
        "line_count",
        "word_count",
        "char_count",
        "sections",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ProcessingFilter(admin.SimpleListFilter):
    """Where the follow-up work stands: done, waiting, or given up after retries."""

    title = "processing"
    parameter_name = "processing"

    def lookups(self, request, model_admin):
        return [
            ("processed", "Processed"),
            ("waiting", "Waiting"),
            ("failed", "Processing failed"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "processed":
            return queryset.filter(processed_at__isnull=False)
        if self.value() == "waiting":
            return queryset.filter(
                Q(processed_at__isnull=True)
                & Q(completed_at__isnull=False)
                & Q(processing_failed_at__isnull=True)
            )
        if self.value() == "failed":
            return queryset.filter(processing_failed_at__isnull=False)
        return queryset


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = (
        "task_id",
        "status",
        "code",
        "created_at",
        "completed_at",
        "processing",
        "processing_attempts",
    )
    list_filter = ("status", ProcessingFilter, "code")
    actions = ["reprocess"]
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
        "delivery_history",
    )
    exclude = ("owner", "prompt")

    @admin.display(description="processing")
    def processing(self, obj):
        if obj.processing_failed_at:
            return f"failed at {obj.processing_failed_at:%Y-%m-%d %H:%M:%S}: {obj.processing_error}"
        if obj.processed_at:
            return f"processed {obj.processed_at:%Y-%m-%d %H:%M:%S}"
        if obj.completed_at:
            return "waiting"
        return "-"

    @admin.action(description="Reprocess the selected tasks (sections, counts, language)")
    def reprocess(self, request, queryset):
        task_ids = tasks_reprocess(task_ids=list(queryset.values_list("task_id", flat=True)))
        skipped = queryset.count() - len(task_ids)
        self.message_user(
            request,
            f"{len(task_ids)} task(s) queued for processing again."
            + (f" {skipped} without a result yet were left alone." if skipped else ""),
            messages.SUCCESS,
        )

    @admin.display(description="meaning of the code")
    def code_meaning(self, obj):
        return obj.code_meaning

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
