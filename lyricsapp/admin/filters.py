"""List filters of the task admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lyricsapp.models import CODE_MEANINGS


class CodeFilter(admin.SimpleListFilter):
    """The provider's documented codes, without a DISTINCT over the whole table."""

    title = _("code")
    parameter_name = "code"

    def lookups(self, request, model_admin):
        return [
            ("none", _("No result yet")),
            *((str(code), f"{code}: {meaning}") for code, meaning in CODE_MEANINGS.items()),
            ("other", _("Other (undocumented)")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == "none":
            return queryset.filter(code__isnull=True)
        if value == "other":
            return queryset.exclude(code__in=list(CODE_MEANINGS)).exclude(code__isnull=True)
        return queryset.filter(code=int(value)) if value.lstrip("-").isdigit() else queryset.none()


class ProcessingFilter(admin.SimpleListFilter):
    """Where the follow-up work stands: done, waiting, or given up after retries."""

    title = _("processing")
    parameter_name = "processing"

    def lookups(self, request, model_admin):
        return [
            ("processed", _("Processed")),
            ("waiting", _("Waiting")),
            ("failed", _("Processing failed")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "processed":
            return queryset.filter(processed_at__isnull=False)
        if self.value() == "waiting":
            return queryset.unprocessed()
        if self.value() == "failed":
            return queryset.filter(processing_failed_at__isnull=False)
        return queryset
