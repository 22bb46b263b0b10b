import django_filters
from django import forms

from lyricsapp.library.search import lyrics_matching
from lyricsapp.models import Lyric, Task

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
Q_MAX_LENGTH = 200
STATUS_MAX_LENGTH = 32


class IntegerFilter(django_filters.NumberFilter):
    # An integer form field with the column's range: "abc", "1.5" or 10**30
    # is a 400, not a database error.
    field_class = forms.IntegerField


class TaskFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Task.Status.choices)
    code = IntegerFilter(
        min_value=INT32_MIN,
        max_value=INT32_MAX,
        help_text="The provider's result code, e.g. 200 or 501.",
    )

    class Meta:
        model = Task
        fields = ["status", "code"]


class LyricFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        max_length=Q_MAX_LENGTH,
        help_text="Searched in title and text, case-insensitive, CJK included.",
    )
    status = django_filters.CharFilter(
        max_length=STATUS_MAX_LENGTH,
        help_text="The item's status as the provider gave it: complete, failed, ...",
    )

    class Meta:
        model = Lyric
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        return lyrics_matching(queryset, value)
