"""GET /api/v1/tags/: every tag with how many lyrics (outside the trash) carry it."""

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from lyricsapp.api.views import BAD_FILTER, UNAUTHORIZED, ReadAPIMixin
from lyricsapp.workspace.tags import SUGGESTIONS, TAG_MAX_LENGTH, tags_with_counts

TAG_COUNT = inline_serializer(
    "TagCount",
    {"name": serializers.CharField(), "count": serializers.IntegerField()},
    many=True,
)


class TagViewSet(ReadAPIMixin, viewsets.ViewSet):
    pagination_class = None

    @extend_schema(
        summary="Tags with their counts, most used first",
        tags=["tags"],
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "maxLength": TAG_MAX_LENGTH, "pattern": r"^[^\u0000]*$"},
                description=f"Only names containing this (the {SUGGESTIONS} most used): "
                "for autocomplete.",
            )
        ],
        responses={200: TAG_COUNT, 400: BAD_FILTER, 401: UNAUTHORIZED},
    )
    def list(self, request):
        q = request.query_params.get("q", "")
        if len(q) > TAG_MAX_LENGTH or "\x00" in q:
            message = gettext("At most %(max)d characters, without NUL.") % {"max": TAG_MAX_LENGTH}
            return Response({"q": [message]}, status=status.HTTP_400_BAD_REQUEST)
        q = " ".join(q.split())
        if q:
            return Response(tags_with_counts(q=q, limit=SUGGESTIONS))
        return Response(tags_with_counts())
