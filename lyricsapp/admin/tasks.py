from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_admin_lightweight_date_hierarchy.admin import RangeBasedDateHierarchyListFilter

from callbacks.admin import outcome_word, raw_body_display
from callbacks.models import Delivery
from lyricsapp.admin import exports
from lyricsapp.admin.filters import CodeFilter, ProcessingFilter
from lyricsapp.library.search import lyrics_matching
from lyricsapp.library.selectors import delivery_count
from lyricsapp.models import Lyric, Task
from lyricsapp.pagination import BoundedCountPaginator
from lyricsapp.processing.services import tasks_reprocess
from lyricsapp.provider.client import ProviderError, provider_enabled, web_client
from lyricsapp.provider.services import task_confirm


def _when(moment):
    """A moment in the active time zone, written the same way in every language."""
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M:%S}"


class LyricInline(admin.StackedInline):
    model = Lyric
    extra = 0
    can_delete = False
    ordering = ("position",)
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

    def get_queryset(self, request):
        # Each lyric's heading (Lyric.__str__) names its task's task id.
        return super().get_queryset(request).select_related("task")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    class Media:
        # Raw bodies wrap (a class, not a style attribute: see the CSP).
        css = {"all": ["css/admin.css"]}

    list_display = (
        "task_id",
        "first_title",
        "status",
        "code",
        "deliveries",
        "created_at",
        "completed_at",
        "processing",
    )
    list_filter = (
        RangeBasedDateHierarchyListFilter,
        "status",
        CodeFilter,
        ProcessingFilter,
        "created_at",
        "processed_at",
    )
    search_fields = ("=task_id",)
    search_help_text = _("A task id exactly, or words from a lyric's title or text.")
    ordering = ("-created_at", "-id")
    # Only the columns an index can sort at a million rows.
    sortable_by = ("task_id", "status", "code", "created_at")
    date_hierarchy = "created_at"
    # No SELECT DISTINCT over a million rows to draw the date links.
    date_hierarchy_drilldown = False
    show_full_result_count = False
    paginator = BoundedCountPaginator
    list_per_page = 50
    inlines = [LyricInline]
    actions = ["export_json", "export_csv", "reprocess", "refetch"]
    # Each re-fetch is a request to the provider, within its rate limit.
    refetch_limit = 20
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
        "result_body",
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
    exclude = ("submitted_by", "prompt")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            # Two small subqueries per row on the page instead of 2 x 50 queries.
            first_title = (
                Lyric.objects.filter(task=OuterRef("pk")).order_by("position").values("title")[:1]
            )
            queryset = queryset.annotate(
                first_title=Subquery(first_title), deliveries=delivery_count()
            )
        return queryset

    def get_search_results(self, request, queryset, search_term):
        """Exact task id, or the library's search over lyric titles and texts."""
        term = search_term.strip()
        if not term:
            return queryset, False
        matching = lyrics_matching(Lyric.objects.all(), term).values("task_id")
        return queryset.filter(task_id=term) | queryset.filter(pk__in=matching), False

    @admin.display(description=_("title"))
    def first_title(self, obj):
        return obj.first_title or "—"

    @admin.display(description=_("deliveries"))
    def deliveries(self, obj):
        return obj.deliveries

    @admin.display(description=_("processing"))
    def processing(self, obj):
        if obj.processing_failed_at:
            return gettext("failed at %(when)s: %(error)s") % {
                "when": _when(obj.processing_failed_at),
                "error": obj.processing_error,
            }
        if obj.processed_at:
            return gettext("processed %(when)s") % {"when": _when(obj.processed_at)}
        if obj.completed_at:
            return gettext("waiting")
        return "-"

    @admin.action(
        description=_("Reprocess the selected tasks (sections, counts, language)"),
        permissions=["change"],
    )
    def reprocess(self, request, queryset):
        task_ids = tasks_reprocess(task_ids=list(queryset.values_list("task_id", flat=True)))
        skipped = queryset.count() - len(task_ids)
        message = ngettext(
            "%(count)s task queued for processing again.",
            "%(count)s tasks queued for processing again.",
            len(task_ids),
        ) % {"count": len(task_ids)}
        if skipped:
            message += " " + ngettext(
                "%(count)s without a result yet was left alone.",
                "%(count)s without a result yet were left alone.",
                skipped,
            ) % {"count": skipped}
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(
        description=_("Re-fetch the selected tasks from the provider"), permissions=["change"]
    )
    def refetch(self, request, queryset):
        """Read each task's record at the provider and store it, as polling does:
        a pending task gets its result, a stored one records a duplicate or conflict."""
        if not provider_enabled():
            self.message_user(
                request,
                gettext("Re-fetching needs the provider's key: set SUNO_API_KEY."),
                messages.ERROR,
            )
            return
        task_ids = list(queryset.values_list("task_id", flat=True)[: self.refetch_limit + 1])
        if len(task_ids) > self.refetch_limit:
            self.message_user(
                request,
                gettext("Select at most %(limit)s tasks to re-fetch at once.")
                % {"limit": self.refetch_limit},
                messages.ERROR,
            )
            return
        outcomes, errors = {}, []
        # Within the request: wait at most a second for each slot of the shared limit.
        with web_client() as client:
            for task_id in task_ids:
                try:
                    outcome = outcome_word(task_confirm(task_id=task_id, client=client))
                except ProviderError as exc:
                    errors.append(f"{task_id}: {exc.words}")
                    continue
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
        summary = gettext(", ").join(
            f"{count} {outcome}" for outcome, count in sorted(outcomes.items())
        )
        if summary:
            self.message_user(
                request,
                gettext("Re-fetched from the provider: %(summary)s.") % {"summary": summary},
                messages.SUCCESS,
            )
        for error in errors:
            self.message_user(
                request, gettext("Could not re-fetch %(error)s") % {"error": error}, messages.ERROR
            )

    @admin.display(description=_("meaning of the code"))
    def code_meaning(self, obj):
        return obj.code_meaning

    @admin.display(description=_("stored result's raw body"))
    def result_body(self, obj):
        if obj.result_delivery_id is None:
            return "—"
        return raw_body_display(obj.result_delivery)

    @admin.display(description=_("resubmission chain"))
    def retry_chain_display(self, obj):
        chain = obj.retry_chain()
        if len(chain) < 2:
            return "-"
        return format_html_join(
            " → ",
            '<a href="{}">{}</a> ({})',
            (
                (
                    reverse("admin:lyricsapp_task_change", args=[t.pk]),
                    t.task_id,
                    t.get_status_display(),
                )
                for t in chain
            ),
        )

    @admin.display(description=_("deliveries"))
    def delivery_history(self, obj):
        deliveries = Delivery.objects.filter(task_id=obj.task_id).order_by("id")[:50]
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">#{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
            (
                (
                    reverse("admin:callbacks_delivery_change", args=[d.pk]),
                    d.pk,
                    _when(d.received_at),
                    d.outcome
                    + (
                        gettext(" (replay of #%(id)s)") % {"id": d.replay_of_id}
                        if d.replay_of_id
                        else ""
                    ),
                    d.http_status,
                    raw_body_display(d),
                )
                for d in deliveries
            ),
        )
        if not rows:
            return gettext("No deliveries recorded.")
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th>"
            "<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            gettext("delivery"),
            gettext("received"),
            gettext("outcome"),
            gettext("status"),
            gettext("body"),
            rows,
        )

    @admin.action(description=_("Export selected tasks as JSON"), permissions=["view"])
    def export_json(self, request, queryset):
        return exports.tasks_export_json(queryset)

    @admin.action(description=_("Export selected tasks as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return exports.tasks_export_csv(queryset)

    def has_add_permission(self, request):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Every field is read-only: a Save button would save nothing.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)
