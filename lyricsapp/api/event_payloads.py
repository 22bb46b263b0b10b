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


def tasks_fill(events):
    found = with_lyrics(tasks_newest_first()).filter(task_id__in={e.subject for e in events})
    tasks = {task.task_id: task for task in found}
    for event in events:
        task = tasks.get(event.subject)
        event.data = _plain(TaskDetailSerializer(task).data) if task else {"task_id": event.subject}


def lyrics_fill(events):
    ids = {int(e.subject) for e in events if e.subject.isdigit()}
    lyrics = {
        str(lyric.pk): lyric for lyric in Lyric.objects.select_related("task").filter(pk__in=ids)
    }
    for event in events:
        lyric = lyrics.get(event.subject)
        event.data = _plain(LyricSerializer(lyric).data) if lyric else {"id": event.subject}


FILLERS.update({"task.": tasks_fill, "lyric.": lyrics_fill})
