"""The outbound events in the OpenAPI schema, as webhooks (SPECTACULAR_SETTINGS["WEBHOOKS"])."""

from drf_spectacular.utils import OpenApiWebhook, extend_schema, inline_serializer
from rest_framework import serializers

from lyricsapp.api.serializers import LyricSerializer, TaskDetailSerializer
from lyricsapp.events.models import EVENT_TYPES

DATA = {
    "task.completed": TaskDetailSerializer(),
    "task.failed": TaskDetailSerializer(),
    "lyric.processed": LyricSerializer(),
    "lyric.edited": LyricSerializer(),
    "export.ready": inline_serializer(
        "ExportReadyData",
        {
            "id": serializers.IntegerField(),
            "status": serializers.CharField(),
            "download_url": serializers.URLField(),
        },
    ),
}


def _webhook(event_type):
    name = "".join(part.capitalize() for part in event_type.split(".")) + "Event"
    payload = inline_serializer(
        name,
        {
            "type": serializers.ChoiceField(choices=[event_type]),
            "timestamp": serializers.DateTimeField(help_text="When the event happened."),
            "data": DATA[event_type],
        },
    )
    return OpenApiWebhook(
        name=event_type,
        decorator=extend_schema(
            summary=str(EVENT_TYPES[event_type]),
            description=(
                "Sent to every enabled endpoint subscribed to this type, signed with the "
                "Standard Webhooks scheme. Headers: `webhook-id` (msg_..., the same on every "
                "retry: deduplicate by it), `webhook-timestamp` (unix seconds of the attempt), "
                "`webhook-signature` (`v1,` and the base64 HMAC-SHA256 of "
                "`<id>.<timestamp>.<body>` keyed with the base64-decoded part of the "
                "endpoint's `whsec_` secret). Answer 2xx within 10 s; anything else is retried "
                "with exponential backoff for 24 hours. See docs/events.md."
            ),
            request=payload,
            responses={200: None},
        ),
    )


TASK_COMPLETED = _webhook("task.completed")
TASK_FAILED = _webhook("task.failed")
LYRIC_PROCESSED = _webhook("lyric.processed")
LYRIC_EDITED = _webhook("lyric.edited")
EXPORT_READY = _webhook("export.ready")
