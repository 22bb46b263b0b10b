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
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from lyricsapp.api.filters import ID_DIGITS, VALUE_SCHEMAS, LyricFilter
from lyricsapp.library.selection_zip import lyrics_zip
from lyricsapp.models import CollectionItem, Favorite, Lyric, TaggedLyric
from lyricsapp.workspace.bulk import (
    ACTIONS,
    BULK_LIMIT,
    NEEDS_VALUE,
    lyrics_bulk_apply,
    selection_ids,
)
from lyricsapp.workspace.favorites import lyric_favorite_set
from lyricsapp.workspace.permissions import CanEditOrReadOnly
from lyricsapp.workspace.tags import TAG_SCHEMA
from lyricsapp.workspace.trash import lyric_restore, lyric_trash

DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}}
NO_NUL = r"^[^\u0000]*$"
FIELD_ERRORS = {
    "type": "object",
    "description": "Each invalid field with its messages.",
    "additionalProperties": {},
}
NO_CONTENT = OpenApiResponse(description="Done (also when it was already so).")
FORBIDDEN = OpenApiResponse(DETAIL, description="Your account may only read.")
NOT_FOUND = OpenApiResponse(DETAIL, description="No such lyric.")
BAD = OpenApiResponse(FIELD_ERRORS, description="A field is invalid; the body names it.")


ID_MAX = 2**63 - 1
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": ID_MAX}


def _filters_body_schema():
    """The list filters as a JSON object (tag: a name or a list of names)."""
    properties = {}
    for name, field in LyricFilter.base_filters.items():
        schema = {"type": "string", "pattern": NO_NUL}
        if field.extra.get("max_length"):
            schema["maxLength"] = field.extra["max_length"]
        schema = VALUE_SCHEMAS.get(name, schema)
        if name == "tag":
            schema = {"anyOf": [schema, {"type": "array", "items": schema}]}
        properties[name] = schema
    return {"type": "object", "properties": properties, "additionalProperties": False}


def _one_of(words):
    # A pattern, not an enum: drf-spectacular merges every "action" enum into
    # one component, which would erase what tells the branches apart.
    return {"type": "string", "pattern": f"^({'|'.join(words)})$"}


def selection_schema(with_action):
    """ids or query (exactly one); with an action, the value it needs."""
    properties = {
        "ids": {"type": "array", "items": ID_SCHEMA, "maxItems": BULK_LIMIT},
        "query": _filters_body_schema(),
    }
    schema = {
        "type": "object",
        "properties": properties,
        "oneOf": [{"required": ["ids"]}, {"required": ["query"]}],
    }
    if not with_action:
        schema["additionalProperties"] = False
        return schema
    properties["action"] = {"type": "string", "enum": list(ACTIONS)}
    properties["value"] = {"type": "string"}
    schema["required"] = ["action"]
    schema["additionalProperties"] = False
    schema["allOf"] = [
        {
            "oneOf": [
                {
                    "properties": {"action": _one_of(["tag", "untag"]), "value": TAG_SCHEMA},
                    "required": ["value"],
                },
                {
                    "properties": {
                        "action": _one_of(["collect"]),
                        "value": {"type": "string", "pattern": f"^[0-9]{{1,{ID_DIGITS}}}$"},
                    },
                    "required": ["value"],
                },
                {"properties": {"action": _one_of(sorted(set(ACTIONS) - NEEDS_VALUE))}},
            ]
        }
    ]
    return schema


class BulkBody(serializers.Serializer):
    """Only names the bulk body for the schema (BulkBodySchema): the view checks it
    with selection_body, which says exactly what the schema says."""

    action = serializers.CharField()


class BulkExportBody(serializers.Serializer):
    pass


class BulkBodySchema(OpenApiSerializerExtension):
    target_class = BulkBody

    def map_serializer(self, auto_schema, direction):
        return selection_schema(with_action=True)


class BulkExportBodySchema(OpenApiSerializerExtension):
    target_class = BulkExportBody

    def map_serializer(self, auto_schema, direction):
        return selection_schema(with_action=False)


def _field_error(field, message):
    return serializers.ValidationError({field: [message]})


def _ids(value):
    if not isinstance(value, list) or len(value) > BULK_LIMIT:
        raise _field_error(
            "ids", gettext("A list of at most %(limit)d lyric ids.") % {"limit": BULK_LIMIT}
        )
    for item in value:
        if type(item) is not int or not 1 <= item <= ID_MAX:
            raise _field_error("ids", gettext("Each id must be a positive whole number."))
    return value


def _query(value):
    if not isinstance(value, dict):
        raise _field_error("query", gettext("The query must be an object of list filters."))
    data = QueryDict(mutable=True)
    for name, item in value.items():
        items = item if name == "tag" and isinstance(item, list) else [item]
        if name not in LyricFilter.base_filters or not all(isinstance(i, str) for i in items):
            raise _field_error(
                "query",
                gettext("%(name)s is not a filter of the list, or not text.") % {"name": name},
            )
        data.setlist(name, items)
    return data


def selection_body(data, *, with_action):
    """(ids or a QueryDict of filters, action, value) from a bulk body, checked strictly."""
    if not isinstance(data, dict):
        raise _field_error("ids", gettext("The body must be a JSON object."))
    allowed = {"ids", "query", "action", "value"} if with_action else {"ids", "query"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _field_error(unknown[0], gettext("Unknown field."))
    if ("ids" in data) == ("query" in data):
        raise _field_error("ids", gettext("Send either ids or query, not both and not neither."))
    selection = _ids(data["ids"]) if "ids" in data else _query(data["query"])
    if not with_action:
        return selection, None, None
    action, value = data.get("action"), data.get("value")
    if action not in ACTIONS:
        raise _field_error(
            "action", gettext("Choose one of %(actions)s.") % {"actions": ", ".join(ACTIONS)}
        )
    if value is not None and not isinstance(value, str):
        raise _field_error("value", gettext("The value must be text."))
    return selection, action, value


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
            # Through the tagging rows: taggit's own prefetch of "tags" builds a
            # queryset per lyric (about half a millisecond each on a page of 20).
            Prefetch("tagged_items", queryset=TaggedLyric.objects.select_related("tag")),
            Prefetch("collection_items", queryset=CollectionItem.objects.only("collection_id")),
        )
        .annotate(is_favorite=starred)
    )


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

    def _selection(self, selection):
        if isinstance(selection, list):
            return selection
        filterset = LyricFilter(data=selection, queryset=Lyric.objects.all(), request=self.request)
        if not filterset.is_valid():
            raise serializers.ValidationError({"query": filterset.errors})
        try:
            return selection_ids(filterset.qs)
        except ValidationError as exc:
            raise serializers.ValidationError({"query": exc.messages}) from None

    @extend_schema(
        summary="Apply an action to many lyrics",
        tags=["lyrics"],
        request={"application/json": BulkBody},
        responses={
            200: BULK_RESULT,
            400: BAD,
            403: FORBIDDEN,
            404: OpenApiResponse(FIELD_ERRORS, description="No collection has that id."),
        },
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        selection, action, value = selection_body(request.data, with_action=True)
        ids = self._selection(selection)
        try:
            result = lyrics_bulk_apply(ids=ids, action=action, value=value, user=request.user)
        except ValidationError as exc:
            if exc.code == "collection":
                return Response({"value": exc.messages}, status=status.HTTP_404_NOT_FOUND)
            return Response({"value": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
        return Response(result)

    @extend_schema(
        summary="The selected lyrics as a ZIP of .md files",
        tags=["lyrics"],
        request={"application/json": BulkExportBody},
        description="Without a body: every lyric the list shows by default (at most 10,000).",
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
        body = request.data if request.body else {"query": {}}
        selection, _, _ = selection_body(body, with_action=False)
        ids = self._selection(selection)
        lyrics = Lyric.objects.filter(pk__in=ids).order_by("-id")
        response = HttpResponse(lyrics_zip(lyrics.iterator()), content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename="lyrics.zip"
        )
        return response
