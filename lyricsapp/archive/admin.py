"""Archive jobs in the admin, with the staff tools that start them: import an
archive, and recover tasks from the provider by pasted task ids."""

from django import forms
from django.contrib import admin
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from lyricsapp.archive.jobs import recover_job_create
from lyricsapp.models import ArchiveJob
from lyricsapp.provider.client import provider_enabled
from lyricsapp.provider.recover import task_ids_parse


class RecoverForm(forms.Form):
    task_ids = forms.CharField(
        label=_("Task ids"),
        widget=forms.Textarea(attrs={"rows": 12, "cols": 60}),
        help_text=_("One a line (spaces and commas also separate them)."),
    )

    def clean_task_ids(self):
        try:
            return task_ids_parse(self.cleaned_data["task_ids"])
        except ValueError as exc:
            raise forms.ValidationError(
                _("Invalid task id %(problem)s") % {"problem": exc}
            ) from None


@admin.register(ArchiveJob)
class ArchiveJobAdmin(admin.ModelAdmin):
    change_list_template = "admin/lyricsapp/archivejob/change_list.html"
    list_display = ["created_at", "kind", "status", "progress", "requested_by", "page"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ArchiveJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("job page"))
    def page(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("archive-job", args=[obj.pk]), _("open"))

    def get_urls(self):
        recover = self.admin_site.admin_view(self.recover_view)
        return [path("recover/", recover, name="lyricsapp_archivejob_recover"), *super().get_urls()]

    def recover_view(self, request):
        form = RecoverForm(request.POST or None)
        enabled = provider_enabled()
        if request.method == "POST" and enabled and form.is_valid():
            job = recover_job_create(user=request.user, task_ids=form.cleaned_data["task_ids"])
            return redirect("archive-job", pk=job.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Recover tasks from the provider"),
            "form": form,
            "enabled": enabled,
            "opts": self.model._meta,
        }
        return render(request, "admin/lyricsapp/archivejob/recover.html", context)
