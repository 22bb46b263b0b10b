"""Export tasks with their lyrics as JSON or CSV, streamed in batches.

The JSON items are the read API's task detail, so one parser reads both.
"""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse

from lyricsapp.api.serializers import TaskDetailSerializer, TaskSerializer
from lyricsapp.library.selectors import tasks_newest_first, with_lyrics
from lyricsapp.models import Task

BATCH = 500
# The task columns are the API's, so an export reads like the API.
TASK_COLUMNS = TaskSerializer.Meta.fields
LYRIC_COLUMNS = [
    "position",
    "title",
    "text",
    "status",
    "error_message",
    "language",
    "line_count",
    "word_count",
]
CSV_HEADER = TASK_COLUMNS + [f"lyric_{name}" for name in LYRIC_COLUMNS]


def _tasks(queryset):
    # Start from the selected ids: the caller's queryset may carry its own
    # annotations. iterator() with a chunk size keeps memory flat and still
    # prefetches: one query for each batch of tasks, one for their lyrics.
    selected = Task.objects.filter(pk__in=queryset.values("pk"))
    return with_lyrics(tasks_newest_first(selected)).iterator(chunk_size=BATCH)


def _json_chunks(queryset):
    yield "["
    for index, task in enumerate(_tasks(queryset)):
        item = json.dumps(
            TaskDetailSerializer(task).data, cls=DjangoJSONEncoder, ensure_ascii=False
        )
        yield ("," if index else "") + "\n" + item
    yield "\n]\n"


class _Echo:
    def write(self, value):
        return value


def _csv_rows(queryset):
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    for task in _tasks(queryset):
        task_cells = [getattr(task, name) for name in TASK_COLUMNS]
        lyrics = list(task.lyrics.all())
        if not lyrics:
            yield writer.writerow(task_cells + [""] * len(LYRIC_COLUMNS))
        for lyric in lyrics:
            yield writer.writerow(task_cells + [getattr(lyric, name) for name in LYRIC_COLUMNS])


def tasks_export_json(queryset, filename="tasks.json"):
    response = StreamingHttpResponse(_json_chunks(queryset), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def tasks_export_csv(queryset, filename="tasks.csv"):
    response = StreamingHttpResponse(_csv_rows(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
