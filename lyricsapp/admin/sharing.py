"""The workspace's admins: a lyric's versions (inline), collections, share links."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lyricsapp.models import Collection, CollectionItem, LyricVersion, ShareLink


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LyricVersionInline(ReadOnlyInline):
    model = LyricVersion
    fields = ("number", "author", "created_at", "message", "title", "text")
    readonly_fields = fields
    ordering = ("-number",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class CollectionItemInline(ReadOnlyInline):
    model = CollectionItem
    fields = ("position", "lyric", "added_at")
    readonly_fields = fields
    ordering = ("position", "id")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("lyric__task")


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ("name", "created_by", "created_at", "updated_at")
    search_fields = ("name",)
    fields = ("name", "description", "created_by", "created_at", "updated_at")
    readonly_fields = ("created_by", "created_at", "updated_at")
    inlines = [CollectionItemInline]


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ("short_token", "lyric", "collection", "created_by", "expires_at", "revoked_at")
    list_filter = ("revoked_at", "expires_at")
    list_select_related = ("lyric__task", "collection", "created_by")
    fields = (
        "token",
        "lyric",
        "collection",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
    )
    readonly_fields = ("token", "lyric", "collection", "created_by", "created_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("token"))
    def short_token(self, link):
        return f"{link.token[:8]}…"

    @admin.action(description=_("Revoke the selected share links"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d link revoked.", "%(count)d links revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )
