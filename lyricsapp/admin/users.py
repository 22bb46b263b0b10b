"""Users in the admin, with their language and time zone."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from lyricsapp.library.forms import PreferencesForm
from lyricsapp.models import UserProfile


class UserProfileInline(admin.StackedInline):
    model = UserProfile
    form = PreferencesForm
    can_delete = False
    verbose_name = verbose_name_plural = _("language and time zone")


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserWithPreferencesAdmin(UserAdmin):
    inlines = [UserProfileInline]
