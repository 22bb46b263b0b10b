from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lyricsapp.library.preferences import time_zones
from lyricsapp.library.search import MAX_QUERY_LENGTH
from lyricsapp.models import Task, UserProfile


class LibraryFilterForm(forms.Form):
    """The library's query string. Invalid values are dropped, never a 400 or 500."""

    SORTS = [("newest", _("Newest first")), ("oldest", _("Oldest first"))]
    STATUSES = [
        ("", _("Any status")),
        (Task.Status.COMPLETE, Task.Status.COMPLETE.label),
        (Task.Status.FAILED, Task.Status.FAILED.label),
    ]

    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH * 5, label=_("Search"))
    status = forms.ChoiceField(required=False, choices=STATUSES)
    code = forms.IntegerField(required=False, min_value=0, max_value=999_999)
    date_from = forms.DateField(required=False, label=pgettext_lazy("date", "From"))
    date_to = forms.DateField(required=False, label=pgettext_lazy("date", "To"))
    sort = forms.ChoiceField(required=False, choices=SORTS)
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)
    cursor = forms.IntegerField(required=False, min_value=0)


class TaskFilterForm(forms.Form):
    STATUSES = [("", _("Any status")), *Task.Status.choices]

    status = forms.ChoiceField(required=False, choices=STATUSES)
    code = forms.IntegerField(required=False, min_value=0, max_value=999_999)
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)
    cursor = forms.IntegerField(required=False, min_value=0)


def cleaned(form):
    """The valid fields of a bound form; invalid ones fall back to empty."""
    form.is_valid()
    data = {name: None for name in form.fields}
    data.update({k: v for k, v in form.cleaned_data.items() if v not in ("", None)})
    return data


class PreferencesForm(forms.ModelForm):
    """A user's language and time zone (the settings page and the user admin)."""

    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_("Empty: the language your browser asks for."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        help_text=_("Times on every page are shown in this zone."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("The browser's language")), *settings.LANGUAGES]
        server_zone = _("The server's zone (%(zone)s)") % {"zone": settings.TIME_ZONE}
        zones = [(zone, zone) for zone in time_zones()]
        self.fields["time_zone"].choices = [("", server_zone), *zones]

    class Meta:
        model = UserProfile
        fields = ["language", "time_zone"]
