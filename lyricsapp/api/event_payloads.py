"""The data of task and lyric events: the API's detail of the task or lyric,
read for a whole batch of events at once (registered with the dispatcher)."""

import json

from rest_framework.utils.encoders import JSONEncoder

from lyricsapp.api.serializers import LyricSerializer, TaskDetailSerializer
from lyricsapp.events.dispatch import FILLERS
from lyricsapp.library.selectors import tasks_newest_first, with_lyrics
from lyricsapp.models import Lyric


def _plain(data):
    """JSON types only (datetimes as the API writes them)."""
    return json.loads(json.dumps(data, cls=JSONEncoder, ensure_ascii=False))


def _details(serializer_class, instances):
    """Each instance's representation, from one serializer for the lot: DRF
    builds a serializer's fields when it is made, which for one serializer per
    instance cost more than the rest of a dispatch together."""
    return _plain(serializer_class(instances, many=True).data)


def tasks_fill(events):
    found = list(with_lyrics(tasks_newest_first()).filter(task_id__in={e.subject for e in events}))
    details = dict(
        zip([task.task_id for task in found], _details(TaskDetailSerializer, found), strict=True)
    )
    for event in events:
        event.data = details.get(event.subject, {"task_id": event.subject})


def lyrics_fill(events):
    ids = {int(e.subject) for e in events if e.subject.isdigit()}
    found = list(Lyric.objects.select_related("task").filter(pk__in=ids))
    details = dict(
        zip([str(lyric.pk) for lyric in found], _details(LyricSerializer, found), strict=True)
    )
    for event in events:
        event.data = details.get(event.subject, {"id": event.subject})


FILLERS.update({"task.": tasks_fill, "lyric.": lyrics_fill})
