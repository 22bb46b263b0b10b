from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lyricsapp.library.preferences import time_zones
from lyricsapp.library.search import MAX_QUERY_LENGTH
from lyricsapp.models import Lyric, Task, UserProfile
from lyricsapp.workspace.tags import tag_name_clean

LANGUAGE_MAX_LENGTH = Lyric._meta.get_field("language").max_length


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
    # The workspace's filters (their names match the API's).
    favorite = forms.ChoiceField(required=False, choices=[("true", _("My favourites"))])
    edited = forms.ChoiceField(required=False, choices=[("true", _("Edited"))])
    trashed = forms.ChoiceField(required=False, choices=[("true", _("Trash"))])
    submitted_by = forms.ChoiceField(required=False, choices=[("me", _("My prompts"))])
    language = forms.CharField(required=False, max_length=LANGUAGE_MAX_LENGTH)
    collection = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)

    WORKSPACE_FIELDS = ("favorite", "edited", "trashed", "submitted_by", "language", "collection")


def tags_from_query(query):
    """The valid ``tag`` values of a query string (invalid ones are dropped, as above)."""
    names = []
    for value in query.getlist("tag"):
        try:
            name = tag_name_clean(value)
        except ValidationError:
            continue
        if name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


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


def workspace_filters(data, query):
    """lyrics_curated's keyword arguments from a cleaned LibraryFilterForm and its query."""
    return {
        "tags": tags_from_query(query),
        "favorite": data["favorite"] == "true",
        "language": data["language"] or "",
        "edited": data["edited"] == "true",
        "trashed": data["trashed"] == "true",
        "submitted_by_me": data["submitted_by"] == "me",
        "collection": data["collection"],
    }
