"""The lyric API's curation (contract section 8): star, trash and restore, bulk actions.

LyricViewSet takes these actions from LyricCurateMixin; every write needs the
edit permission (CanEditOrReadOnly), and every bad input is a 400 naming it.
"""

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Value
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from lyricsapp.api.filters import LyricFilter
from lyricsapp.library.selection_zip import lyrics_zip
from lyricsapp.models import CollectionItem, Favorite, Lyric
from lyricsapp.workspace.bulk import ACTIONS, BULK_LIMIT, lyrics_bulk_apply, selection_ids
from lyricsapp.workspace.favorites import lyric_favorite_set
from lyricsapp.workspace.permissions import CanEditOrReadOnly
from lyricsapp.workspace.trash import lyric_restore, lyric_trash

DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}}
FIELD_ERRORS = {
    "type": "object",
    "description": "Each invalid field with its messages.",
    "additionalProperties": {},
}
NO_CONTENT = OpenApiResponse(description="Done (also when it was already so).")
FORBIDDEN = OpenApiResponse(DETAIL, description="Your account may only read.")
NOT_FOUND = OpenApiResponse(DETAIL, description="No such lyric.")
BAD = OpenApiResponse(FIELD_ERRORS, description="A field is invalid; the body names it.")


class BulkSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        required=False,
        max_length=BULK_LIMIT,
        help_text=f"Lyric ids, at most {BULK_LIMIT}.",
    )
    query = serializers.DictField(
        required=False, help_text="The list filters of GET /api/v1/lyrics/ (tag may be a list)."
    )
    action = serializers.ChoiceField(choices=ACTIONS)
    value = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="The tag name, or the collection id.",
    )

    def validate(self, data):
        if ("ids" in data) == ("query" in data):
            raise serializers.ValidationError(
                {"ids": [gettext("Send either ids or query, not both and not neither.")]}
            )
        return data


class BulkExportSerializer(BulkSerializer):
    action = None


BULK_RESULT = inline_serializer(
    "BulkResult",
    {
        "matched": serializers.IntegerField(help_text="Lyrics in the selection."),
        "changed": serializers.IntegerField(help_text="Lyrics this action changed."),
    },
)


def lyrics_for_detail(queryset, user):
    """What the workspace fields read, in a fixed number of queries per page."""
    if user.is_authenticated:
        starred = Exists(Favorite.objects.filter(user=user, lyric=OuterRef("pk")))
    else:
        starred = Value(False)
    return (
        queryset.select_related("task__submitted_by", "note")
        .prefetch_related(
            "tags",
            Prefetch("collection_items", queryset=CollectionItem.objects.only("collection_id")),
        )
        .annotate(is_favorite=starred)
    )


def _query_data(query):
    data = QueryDict(mutable=True)
    for name, value in query.items():
        for item in value if isinstance(value, list) else [value]:
            data.appendlist(name, "" if item is None else str(item))
    return data


class LyricCurateMixin:
    permission_classes = [CanEditOrReadOnly]

    def get_object(self):
        # Filters are for lists: a lyric in the trash is still found by its id.
        lyric = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, lyric)
        return lyric

    @extend_schema(
        summary="Move a lyric to the trash",
        tags=["lyrics"],
        request=None,
        responses={204: NO_CONTENT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def destroy(self, request, *args, **kwargs):
        lyric_trash(lyric=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Take a lyric out of the trash",
        tags=["lyrics"],
        request=None,
        responses={204: NO_CONTENT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        lyric_restore(lyric=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Star (PUT) or unstar (DELETE) a lyric for yourself",
        tags=["lyrics"],
        request=None,
        responses={204: NO_CONTENT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["put", "delete"])
    def favorite(self, request, pk=None):
        lyric = self.get_object()
        lyric_favorite_set(lyric=lyric, user=request.user, favorite=request.method == "PUT")
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _selection(self, data):
        if "ids" in data:
            return data["ids"]
        filterset = LyricFilter(
            data=_query_data(data["query"]), queryset=Lyric.objects.all(), request=self.request
        )
        if not filterset.is_valid():
            raise serializers.ValidationError({"query": filterset.errors})
        try:
            return selection_ids(filterset.qs)
        except ValidationError as exc:
            raise serializers.ValidationError({"query": exc.messages}) from None

    @extend_schema(
        summary="Apply an action to many lyrics",
        tags=["lyrics"],
        request=BulkSerializer,
        responses={200: BULK_RESULT, 400: BAD, 403: FORBIDDEN},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        serializer = BulkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ids = self._selection(data)
        try:
            result = lyrics_bulk_apply(
                ids=ids, action=data["action"], value=data.get("value"), user=request.user
            )
        except ValidationError as exc:
            field = "action" if exc.code == "action" else "value"
            return Response({field: exc.messages}, status=status.HTTP_400_BAD_REQUEST)
        return Response(result)

    @extend_schema(
        summary="The selected lyrics as a ZIP of .md files",
        tags=["lyrics"],
        request=BulkExportSerializer,
        responses={
            (200, "application/zip"): OpenApiResponse(bytes, description="One .md per lyric."),
            400: BAD,
        },
    )
    @action(
        detail=False, methods=["post"], url_path="bulk/export", permission_classes=[IsAuthenticated]
    )
    def bulk_export(self, request):
        # A read: the Readers group may export too.
        serializer = BulkExportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = self._selection(serializer.validated_data)
        lyrics = Lyric.objects.filter(pk__in=ids).order_by("-id")
        response = HttpResponse(lyrics_zip(lyrics.iterator()), content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename="lyrics.zip"
        )
        return response
