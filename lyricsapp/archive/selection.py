"""Which tasks an archive holds, from the library's list filters.

The API's lyric filters (lyricsapp/api/filters.py) are the one home of what a
filter means; the export endpoint, the command and the job all go through
them, so ``?q=月光`` selects the same lyrics everywhere.
"""

import django_filters
from django.http import QueryDict

from lyricsapp.api.filters import LyricFilter
from lyricsapp.archive.export import Selection, tasks_of_lyrics
from lyricsapp.models import Lyric


class FilterError(ValueError):
    def __init__(self, errors):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def _as_querydict(filters):
    data = QueryDict(mutable=True)
    for name, value in filters.items():
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if item is not None:
                data.appendlist(name, str(item).lower() if isinstance(item, bool) else str(item))
    return data


def repeatable(name):
    """Filters that take several values (``tag=a&tag=b``) take a list in JSON."""
    return isinstance(
        LyricFilter.base_filters[name],
        django_filters.MultipleChoiceFilter | django_filters.ModelMultipleChoiceFilter,
    )


def _shape_errors(filters):
    errors = {}
    for name, value in filters.items():
        if name not in LyricFilter.base_filters:
            errors[name] = ["is not a filter of the library"]
        elif isinstance(value, list) and repeatable(name):
            if not all(isinstance(item, str) for item in value):
                errors[name] = ["must be a list of strings"]
        elif not isinstance(value, str):
            errors[name] = ["must be a list of strings" if repeatable(name) else "must be a string"]
    return errors


def filters_clean(filters):
    """Validated filters (a dict of lists), or FilterError naming each bad one."""
    filters = filters or {}
    errors = _shape_errors(filters)
    if errors:
        raise FilterError(errors)
    filterset = LyricFilter(data=_as_querydict(filters), queryset=Lyric.objects.all())
    if not filterset.is_valid():
        raise FilterError({k: [str(m) for m in v] for k, v in filterset.errors.items()})
    cleaned = {}
    for name, values in _as_querydict(filters).lists():
        if any(values):
            cleaned[name] = list(values) if repeatable(name) else values[-1]
    return cleaned


def selection_from_filters(filters):
    """The tasks of the lyrics the filters select; everything when there are none."""
    filters = filters_clean(filters)
    if not filters:
        return Selection()
    filterset = LyricFilter(data=_as_querydict(filters), queryset=Lyric.objects.all())
    return Selection.of(tasks_of_lyrics(filterset.qs))
