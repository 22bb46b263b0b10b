from collections import Counter

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from callbacks.models import Delivery
from callbacks.replay import BodyNotKept, NotAuthenticated, delivery_replay
from lyricsapp.pagination import BoundedCountPaginator

# What happened to a delivered (or re-fetched) result, in a word.
OUTCOME_WORDS = {
    None: pgettext_lazy("delivery outcome", "still pending"),
    "received": pgettext_lazy("delivery outcome", "received"),
    "duplicate": pgettext_lazy("delivery outcome", "duplicate"),
    "conflict": pgettext_lazy("delivery outcome", "conflict"),
    "invalid": pgettext_lazy("delivery outcome", "invalid"),
    "unconfirmed": pgettext_lazy("delivery outcome", "unconfirmed"),
}


def outcome_word(outcome):
    return str(OUTCOME_WORDS.get(outcome, outcome))


def raw_body_display(delivery):
    """The body as text when it is UTF-8, otherwise as hex."""
    raw = bytes(delivery.raw_body or b"")
    if not raw:
        if delivery.body_size:
            return ngettext(
                "(not kept: %(size)s byte, over the limit)",
                "(not kept: %(size)s bytes, over the limit)",
                delivery.body_size,
            ) % {"size": delivery.body_size}
        return gettext("(empty)")
    try:
        return format_html('<pre class="raw-body">{}</pre>', raw.decode("utf-8"))
    except UnicodeDecodeError:
        return format_html(
            '<pre class="raw-body">{}</pre>', gettext("hex: %(bytes)s") % {"bytes": raw.hex(" ")}
        )


class ReadOnlyAdminMixin:
    """Deliveries are evidence: nobody adds, edits or deletes them by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HttpStatusFilter(admin.SimpleListFilter):
    """The statuses a delivery can have, without a DISTINCT over the whole table."""

    title = _("HTTP status")
    parameter_name = "http_status"
    STATUSES = {
        200: _("200 stored"),
        400: _("400 invalid body"),
        413: _("413 too large"),
        415: _("415 not JSON"),
    }

    def lookups(self, request, model_admin):
        return [(str(code), label) for code, label in self.STATUSES.items()]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(http_status=int(value)) if value.isdigit() else queryset.none()


class ReplayFilter(admin.SimpleListFilter):
    title = _("replay")
    parameter_name = "replay"

    def lookups(self, request, model_admin):
        return [("yes", _("Replays")), ("no", _("From the provider"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(replay_of__isnull=False)
        if self.value() == "no":
            return queryset.filter(replay_of__isnull=True)
        return queryset


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    class Media:
        # Raw bodies wrap (a class, not a style attribute: see the CSP).
        css = {"all": ["css/admin.css"]}

    list_display = (
        "id",
        "received_at",
        "task_id",
        "outcome_code",
        "http_status",
        "body_size",
        "replay",
        "short_error",
    )
    list_filter = ("outcome", "source", "authenticated", HttpStatusFilter, ReplayFilter)
    search_fields = ("=task_id",)
    search_help_text = _("A task id exactly.")
    ordering = ("-id",)
    sortable_by = ("id", "received_at", "outcome_code")
    date_hierarchy = "received_at"
    date_hierarchy_drilldown = False
    # Counting a million deliveries for the paginator is not worth a slow page.
    show_full_result_count = False
    paginator = BoundedCountPaginator
    list_per_page = 50
    actions = ["replay_deliveries"]
    replay_limit = 500
    fields = (
        "received_at",
        "task_id",
        "outcome",
        "source",
        "authenticated",
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

    def get_search_results(self, request, queryset, search_term):
        """The task id exactly, through its index. (The admin's "=" compares
        upper-cased, which no index serves: a scan of every delivery.)"""
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(task_id=term), False

    def get_queryset(self, request):
        # The list never needs the bodies; the change page reads one.
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            queryset = queryset.defer("raw_body", "headers", "error_detail")
        return queryset

    @admin.display(description=_("raw body"))
    def body(self, obj):
        return raw_body_display(obj)

    @admin.display(description=_("outcome"), ordering="outcome")
    def outcome_code(self, obj):
        # The short value: the choice labels explain it in the filter.
        return obj.outcome

    @admin.display(description=_("replay of"))
    def replay(self, obj):
        return f"#{obj.replay_of_id}" if obj.replay_of_id else ""

    @admin.display(description=_("error"))
    def short_error(self, obj):
        return Truncator(obj.error).chars(80)

    @admin.action(
        description=_("Replay: run ingestion again from the stored raw body"),
        permissions=["replay"],
    )
    def replay_deliveries(self, request, queryset):
        outcomes = Counter()
        skipped, refused = [], []
        # Re-read the selection with its bodies (the list defers them).
        selected = list(
            Delivery.objects.filter(pk__in=queryset.values("pk")).order_by("id")[
                : self.replay_limit + 1
            ]
        )
        if len(selected) > self.replay_limit:
            # It runs in the request: "select all" over a million is a mistake.
            self.message_user(
                request,
                gettext("Select at most %(limit)s deliveries to replay at once.")
                % {"limit": self.replay_limit},
                messages.ERROR,
            )
            return
        for delivery in selected:
            try:
                outcomes[delivery_replay(delivery=delivery)] += 1
            except BodyNotKept:
                skipped.append(f"#{delivery.pk}")
            except NotAuthenticated:
                refused.append(f"#{delivery.pk}")
        if outcomes:
            total = outcomes.total()
            summary = gettext(", ").join(
                f"{count} {outcome_word(outcome)}" for outcome, count in sorted(outcomes.items())
            )
            message = ngettext(
                "Replayed %(total)s delivery: %(summary)s.",
                "Replayed %(total)s deliveries: %(summary)s.",
                total,
            ) % {"total": total, "summary": summary}
            self.message_user(request, message, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                gettext("Not replayed (body over the size limit, not kept): %(ids)s.")
                % {"ids": gettext(", ").join(skipped)},
                messages.WARNING,
            )
        if refused:
            self.message_user(
                request,
                gettext(
                    "Not replayed (did not pass the token and signature checks when it came): "
                    "%(ids)s."
                )
                % {"ids": gettext(", ").join(refused)},
                messages.ERROR,
            )

    def has_replay_permission(self, request):
        # A replay records new deliveries.
        return request.user.has_perm("callbacks.add_delivery")
