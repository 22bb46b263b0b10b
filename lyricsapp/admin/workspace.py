"""The workspace in the admin: tags (rename, merge), and lyrics with tags, note and stars."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from taggit import admin as taggit_admin  # noqa: F401  (registered first, replaced here)
from taggit.models import Tag

from lyricsapp.admin.sharing import LyricVersionInline
from lyricsapp.models import Lyric, Note
from lyricsapp.pagination import BoundedCountPaginator
from lyricsapp.workspace.tags import tag_get_or_create, tags_merge

# taggit's own admin merges its generic TaggedItem rows, not ours.
if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Rename a tag on its page; merge several with the list's action."""

    list_display = ("name", "slug", "lyric_count")
    search_fields = ("name",)
    ordering = ("name",)
    fields = ("name", "slug")
    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(lyrics=Count("lyricsapp_taggedlyric_items"))

    @admin.display(description=_("lyrics"), ordering="lyrics")
    def lyric_count(self, tag):
        return tag.lyrics

    @admin.action(description=_("Merge selected tags into…"), permissions=["change"])
    def merge(self, request, queryset):
        tags = list(queryset.order_by("name"))
        if "into" in request.POST:
            try:
                into = tag_get_or_create(name=request.POST["into"])
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                merged = tags_merge(tags=tags, into=into)
                self.message_user(
                    request,
                    ngettext(
                        "Merged %(count)d tag into “%(tag)s”.",
                        "Merged %(count)d tags into “%(tag)s”.",
                        merged,
                    )
                    % {"count": merged, "tag": into.name},
                    messages.SUCCESS,
                )
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Merge tags"),
            "tags": tags,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/lyricsapp/merge_tags.html", context)


class NoteInline(admin.StackedInline):
    model = Note
    fields = ("text", "updated_by", "updated_at")
    readonly_fields = ("updated_by", "updated_at")
    can_delete = False


@admin.register(Lyric)
class LyricAdmin(admin.ModelAdmin):
    """Stored by ingestion and edited on their pages (with versions); tags and note here."""

    list_display = ("__str__", "task", "language", "version", "trashed_at")
    list_select_related = ("task",)
    search_fields = ("=id",)
    ordering = ("-id",)
    sortable_by = ()
    show_full_result_count = False
    paginator = BoundedCountPaginator
    list_per_page = 50
    fields = (
        "task",
        "position",
        "title",
        "text",
        "language",
        "version",
        "original_title",
        "original_text",
        "trashed_at",
        "stars",
        "tags",
    )
    readonly_fields = tuple(name for name in fields if name != "tags")
    inlines = [NoteInline, LyricVersionInline]

    @admin.display(description=_("stars"))
    def stars(self, lyric):
        return lyric.favorites.count()

    def has_add_permission(self, request):
        return False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            for note in formset.new_objects + [
                changed for changed, _fields in formset.changed_objects
            ]:
                Note.objects.filter(pk=note.pk).update(updated_by=request.user)
