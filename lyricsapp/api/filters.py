import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema_field

from lyricsapp.library.search import MAX_QUERY_LENGTH, lyrics_matching
from lyricsapp.models import Lyric, Task, column_range
from lyricsapp.workspace import selectors
from lyricsapp.workspace.tags import TAG_SCHEMA, tag_name_clean

CODE_MIN, CODE_MAX = column_range(Task, "code")
ID_DIGITS = 18
ID_RE = re.compile(f"[0-9]{{1,{ID_DIGITS}}}")
Q_MAX_LENGTH = MAX_QUERY_LENGTH
STATUS_MAX_LENGTH = Lyric._meta.get_field("status").max_length
LANGUAGE_MAX_LENGTH = Lyric._meta.get_field("language").max_length
TRUE = [("true", "true")]
EMPTY = {"type": "string", "enum": [""]}
# One value of each workspace filter as JSON Schema: the query parameters of
# GET /api/v1/lyrics/ and the archive's and bulk actions' filter bodies.
VALUE_SCHEMAS = {
    "tag": {"anyOf": [TAG_SCHEMA, EMPTY]},
    "favorite": {"type": "string", "enum": ["true", ""]},
    "edited": {"type": "string", "enum": ["true", ""]},
    "trashed": {"type": "string", "enum": ["true", ""]},
    "submitted_by": {"type": "string", "enum": ["me", ""]},
    "collection": {"type": "string", "pattern": f"^([0-9]{{1,{ID_DIGITS}}})?$"},
}


class IntegerFilter(django_filters.NumberFilter):
    # An integer form field with the column's range: "abc", "1.5" or 10**30
    # is a 400, not a database error.
    field_class = forms.IntegerField


class IdField(forms.CharField):
    """Digits only (no sign, spaces or "5.0"): exactly what the schema's pattern says."""

    def __init__(self, **kwargs):
        super().__init__(strip=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if not ID_RE.fullmatch(value):
            raise ValidationError(gettext("Enter an id: digits only."), code="invalid")
        return int(value)


@extend_schema_field(VALUE_SCHEMAS["collection"])
class IdFilter(django_filters.Filter):
    field_class = IdField


class TagNamesField(forms.Field):
    """Every ``tag`` of the query string, each a valid tag name."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        names = []
        for name in value if isinstance(value, list | tuple) else [value]:
            if name in ("", None):
                continue
            try:
                names.append(tag_name_clean(name))
            except ValidationError as exc:
                raise ValidationError(exc.messages) from None
        return names


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class TagsFilter(django_filters.MultipleChoiceFilter):
    """``tag=a&tag=b``: lyrics carrying all of them (a list in archive filters)."""

    field_class = TagNamesField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("method", "filter_tags")
        super().__init__(*args, **kwargs)


class TaskFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Task.Status.choices)
    code = IntegerFilter(
        min_value=CODE_MIN,
        max_value=CODE_MAX,
        help_text="The provider's result code, e.g. 200 or 501.",
    )

    class Meta:
        model = Task
        fields = ["status", "code"]


class LyricFilter(django_filters.FilterSet):
    """The library's list filters. Trashed lyrics are left out unless ``trashed=true``."""

    q = django_filters.CharFilter(
        method="search",
        max_length=Q_MAX_LENGTH,
        help_text="Searched in title and text, case-insensitive, CJK included.",
    )
    status = django_filters.CharFilter(
        max_length=STATUS_MAX_LENGTH,
        help_text="The item's status as the provider gave it: complete, failed, ...",
    )
    tag = TagsFilter(help_text="A tag name; repeat it for lyrics carrying all of them.")
    favorite = django_filters.ChoiceFilter(
        choices=TRUE, method="filter_favorite", help_text="true: your own favourites."
    )
    language = django_filters.CharFilter(
        max_length=LANGUAGE_MAX_LENGTH, help_text="The detected language, e.g. zh or en."
    )
    edited = django_filters.ChoiceFilter(
        choices=TRUE, method="filter_edited", help_text="true: lyrics edited at least once."
    )
    trashed = django_filters.ChoiceFilter(
        choices=TRUE, method="filter_nothing", help_text="true: only the trash."
    )
    submitted_by = django_filters.ChoiceFilter(
        choices=[("me", "me")],
        method="filter_submitted_by",
        help_text="me: lyrics of the prompts you submitted.",
    )
    collection = IdFilter(method="filter_collection", help_text="A collection's id.")

    class Meta:
        model = Lyric
        fields = ["q", "status"]

    def _user(self):
        return getattr(self.request, "user", None)

    def search(self, queryset, name, value):
        return lyrics_matching(queryset, value)

    def filter_tags(self, queryset, name, value):
        return selectors.lyrics_with_tags(queryset, value)

    def filter_favorite(self, queryset, name, value):
        return selectors.lyrics_favorite_of(queryset, self._user())

    def filter_edited(self, queryset, name, value):
        return queryset.filter(version__gt=1)

    def filter_nothing(self, queryset, name, value):
        return queryset  # applied in filter_queryset, with the default

    def filter_submitted_by(self, queryset, name, value):
        return selectors.lyrics_submitted_by(queryset, self._user())

    def filter_collection(self, queryset, name, value):
        return selectors.lyrics_in_collection(queryset, value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return selectors.lyrics_trash_view(
            queryset, self.form.cleaned_data.get("trashed") == "true"
        )
