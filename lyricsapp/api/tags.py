"""GET /api/v1/tags/: every tag with how many lyrics (outside the trash) carry it."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from lyricsapp.api.views import UNAUTHORIZED, ReadAPIMixin
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
                {"type": "string", "maxLength": TAG_MAX_LENGTH},
                description=f"Only names containing this (the {SUGGESTIONS} most used): "
                "for autocomplete.",
            )
        ],
        responses={200: TAG_COUNT, 401: UNAUTHORIZED},
    )
    def list(self, request):
        q = " ".join(request.query_params.get("q", "").replace("\x00", "").split())
        if q:
            return Response(tags_with_counts(q=q[:TAG_MAX_LENGTH], limit=SUGGESTIONS))
        return Response(tags_with_counts())
