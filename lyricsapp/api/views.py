"""Read API over tasks and lyrics (contract section 5).

Token authentication comes first so that an anonymous request is answered
401 with ``WWW-Authenticate: Token`` (DRF answers 403 when the first class
has no challenge to offer, as SessionAuthentication has none).
"""

from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated

from lyricsapp.api.authentication import ThrottledTokenAuthentication
from lyricsapp.api.curate import LyricCurateMixin, lyrics_for_detail
from lyricsapp.api.editing import LyricEditMixin
from lyricsapp.api.filters import (
    CODE_MAX,
    CODE_MIN,
    ID_DIGITS,
    LANGUAGE_MAX_LENGTH,
    Q_MAX_LENGTH,
    STATUS_MAX_LENGTH,
    VALUE_SCHEMAS,
    LyricFilter,
    TaskFilter,
)
from lyricsapp.api.pagination import LibraryPagination
from lyricsapp.api.serializers import (
    LyricWorkspaceSerializer,
    TaskDetailSerializer,
    TaskSerializer,
)
from lyricsapp.api.submit import (
    TaskSubmitInputSerializer,
    TaskSubmitOutputSerializer,
    task_submit_response,
)
from lyricsapp.library.selectors import tasks_newest_first, with_lyrics
from lyricsapp.models import Lyric, Task

DETAIL_BODY = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
PROVIDER_ERROR_BODY = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "provider_code": {"type": "integer"}},
    "required": ["detail", "provider_code"],
}
# A request refused for now (submit quota, the provider's shared rate limit):
# come back after Retry-After.
RETRY_LATER_BODY = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "retry_after": {"type": "integer"}},
    "required": ["error", "retry_after"],
}
FIELD_ERRORS_BODY = {
    "type": "object",
    "description": "Each invalid query parameter with its messages.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
UNAUTHORIZED = OpenApiResponse(DETAIL_BODY, description="No valid session or token.")
NOT_FOUND = OpenApiResponse(DETAIL_BODY, description="No such object, or no such page.")
BAD_FILTER = OpenApiResponse(FIELD_ERRORS_BODY, description="A query parameter is invalid.")

# The bounds the filters enforce, so the schema says what a 400 means. An
# empty value (``?status=&code=``) filters nothing, as in an HTML form.
EMPTY = {"type": "string", "enum": [""]}
# Django's form fields refuse NUL characters (PostgreSQL cannot hold them).
NO_NUL = r"^[^\u0000]*$"
TASK_ID_MAX = Task._meta.get_field("task_id").max_length
PAGE = OpenApiParameter(
    "page",
    {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "enum": ["", "last"]}]},
    description="A page number (1 when empty), or last. Pages past the end are a 404.",
)
TASK_FILTERS = [
    PAGE,
    OpenApiParameter(
        "status",
        {"anyOf": [{"type": "string", "enum": Task.Status.values}, EMPTY]},
        description="pending, complete or failed.",
    ),
    OpenApiParameter(
        "code",
        {"anyOf": [{"type": "integer", "minimum": CODE_MIN, "maximum": CODE_MAX}, EMPTY]},
        description="The provider's result code, e.g. 200 or 501.",
    ),
]
LYRIC_FILTERS = [
    PAGE,
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": Q_MAX_LENGTH, "pattern": NO_NUL},
        description="Searched in title and text, case-insensitive, CJK included.",
    ),
    OpenApiParameter(
        "status",
        {"type": "string", "maxLength": STATUS_MAX_LENGTH, "pattern": NO_NUL},
        description="The item's status as the provider gave it: complete, failed, ...",
    ),
    OpenApiParameter(
        "tag",
        {"type": "array", "items": VALUE_SCHEMAS["tag"]},
        explode=True,
        description="A tag name; repeat it (tag=a&tag=b) for lyrics carrying all of them.",
    ),
    OpenApiParameter("favorite", VALUE_SCHEMAS["favorite"], description="true: your favourites."),
    OpenApiParameter(
        "language",
        {"type": "string", "maxLength": LANGUAGE_MAX_LENGTH, "pattern": NO_NUL},
        description="The detected language, e.g. zh or en.",
    ),
    OpenApiParameter("edited", VALUE_SCHEMAS["edited"], description="true: edited lyrics."),
    OpenApiParameter(
        "trashed",
        VALUE_SCHEMAS["trashed"],
        description="true: only the trash (by default the trash is left out).",
    ),
    OpenApiParameter(
        "submitted_by",
        VALUE_SCHEMAS["submitted_by"],
        description="me: lyrics of the prompts you submitted.",
    ),
    OpenApiParameter(
        "collection",
        {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 10**ID_DIGITS - 1}, EMPTY]},
        description="A collection's id: lyrics in it.",
    ),
]


class ReadAPIMixin:
    authentication_classes = [ThrottledTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    pagination_class = LibraryPagination


@extend_schema_view(
    list=extend_schema(
        summary="Tasks, newest first",
        tags=["tasks"],
        parameters=TASK_FILTERS,
        responses={
            200: TaskSerializer(many=True),
            400: BAD_FILTER,
            401: UNAUTHORIZED,
            404: NOT_FOUND,
        },
    ),
    create=extend_schema(
        summary="Submit a prompt to the provider",
        tags=["tasks"],
        request=TaskSubmitInputSerializer,
        responses={
            201: TaskSubmitOutputSerializer,
            400: OpenApiResponse(
                FIELD_ERRORS_BODY, description="The prompt is missing or too long."
            ),
            401: UNAUTHORIZED,
            403: OpenApiResponse(
                DETAIL_BODY, description="Submitting is off: no SUNO_API_KEY is set."
            ),
            429: OpenApiResponse(
                {"oneOf": [PROVIDER_ERROR_BODY, RETRY_LATER_BODY]},
                description="Your submit quota (SUBMIT_RATE_PER_USER) is used up, or the "
                "provider asks us to slow down; Retry-After says when to try again.",
            ),
            502: OpenApiResponse(
                PROVIDER_ERROR_BODY, description="The provider refused the task; the body says why."
            ),
            503: OpenApiResponse(
                {"oneOf": [PROVIDER_ERROR_BODY, RETRY_LATER_BODY]},
                description="The provider is in maintenance, or busy under the shared "
                "rate limit (Retry-After says when to try again).",
            ),
        },
    ),
    retrieve=extend_schema(
        summary="One task with its lyrics",
        tags=["tasks"],
        responses={200: TaskDetailSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND},
    ),
)
class TaskViewSet(
    ReadAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Tasks by the provider's task id; POST submits a new prompt."""

    lookup_field = "task_id"
    # Task ids may hold dots and other punctuation; only "/" cannot be routed.
    lookup_value_regex = "[^/]+"
    filterset_class = TaskFilter
    serializer_classes = {"retrieve": TaskDetailSerializer}

    def get_serializer_class(self):
        return self.serializer_classes.get(self.action, TaskSerializer)

    def get_queryset(self):
        queryset = tasks_newest_first()
        if self.action == "retrieve":
            queryset = with_lyrics(queryset)
        return queryset

    def get_object(self):
        task_id = self.kwargs[self.lookup_field]
        # No stored task id is this long or holds a NUL (PostgreSQL cannot even
        # be asked about one), so answer without a query.
        if len(task_id) > TASK_ID_MAX or "\x00" in task_id:
            raise NotFound("No Task matches the given query.")
        return super().get_object()

    def create(self, request, *args, **kwargs):
        return task_submit_response(request)


@extend_schema_view(
    list=extend_schema(
        summary="Lyrics, newest first",
        tags=["lyrics"],
        parameters=LYRIC_FILTERS,
        responses={
            200: LyricWorkspaceSerializer(many=True),
            400: BAD_FILTER,
            401: UNAUTHORIZED,
            404: NOT_FOUND,
        },
    ),
    retrieve=extend_schema(
        summary="One lyric",
        tags=["lyrics"],
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        responses={200: LyricWorkspaceSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND},
    ),
)
class LyricViewSet(
    LyricEditMixin,
    LyricCurateMixin,
    ReadAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = LyricWorkspaceSerializer
    filterset_class = LyricFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        queryset = Lyric.objects.select_related("task").order_by("-id")
        return lyrics_for_detail(queryset, self.request.user)
