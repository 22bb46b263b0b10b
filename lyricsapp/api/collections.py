"""Collections through the API (contract section 8): ordered lists of lyric ids."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from lyricsapp.api.authentication import ThrottledTokenAuthentication
from lyricsapp.api.pagination import LibraryPagination
from lyricsapp.api.shares import ShareInputSerializer, ShareSerializer, share_response
from lyricsapp.models import Collection, CollectionItem
from lyricsapp.workspace import collections as services
from lyricsapp.workspace.models import (
    COLLECTION_DESCRIPTION_MAX_LENGTH,
    COLLECTION_NAME_MAX_LENGTH,
)
from lyricsapp.workspace.permissions import CanEditOrReadOnly

DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
FIELD_ERRORS = OpenApiResponse(
    {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description="A field is invalid; the body names it and the problem.",
)
FORBIDDEN = OpenApiResponse(DETAIL, description="Your account may only read (Readers group).")
NOT_FOUND = OpenApiResponse(DETAIL, description="No such collection (or lyric in it).")
ID = OpenApiParameter("id", int, OpenApiParameter.PATH)


class CollectionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(max_length=COLLECTION_NAME_MAX_LENGTH)
    description = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=COLLECTION_DESCRIPTION_MAX_LENGTH,
    )
    lyrics = serializers.SerializerMethodField(help_text="The lyrics' ids, in order.")

    class Meta:
        model = Collection
        fields = ["id", "name", "description", "lyrics"]
        read_only_fields = ["id", "lyrics"]

    def get_lyrics(self, collection) -> list[int]:
        return [item.lyric_id for item in collection.items.all()]


class LyricIdsSerializer(serializers.Serializer):
    lyric_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        max_length=services.COLLECTION_LYRICS_MAX,
    )


def _django_errors(error):
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


@extend_schema_view(
    list=extend_schema(summary="Collections, by name", tags=["collections"]),
    create=extend_schema(
        summary="Create a collection",
        tags=["collections"],
        responses={201: CollectionSerializer, 400: FIELD_ERRORS, 403: FORBIDDEN},
    ),
    retrieve=extend_schema(
        summary="One collection with its lyrics in order",
        tags=["collections"],
        parameters=[ID],
        responses={200: CollectionSerializer, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary="Rename or describe a collection",
        tags=["collections"],
        parameters=[ID],
        responses={200: CollectionSerializer, 400: FIELD_ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        summary="Delete a collection (its lyrics stay)",
        tags=["collections"],
        parameters=[ID],
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
class CollectionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    authentication_classes = [ThrottledTokenAuthentication, SessionAuthentication]
    permission_classes = [CanEditOrReadOnly]
    pagination_class = LibraryPagination
    serializer_class = CollectionSerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        items = CollectionItem.objects.order_by("position", "id").only(
            "id", "collection_id", "lyric_id", "position"
        )
        return Collection.objects.prefetch_related(Prefetch("items", queryset=items)).order_by(
            "name", "id"
        )

    def _detail(self, collection, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=collection.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            collection = services.collection_create(user=request.user, **given.validated_data)
        except DjangoValidationError as error:
            raise _django_errors(error) from error
        return self._detail(collection, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        collection = self.get_object()
        given = self.get_serializer(collection, data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        try:
            services.collection_update(collection=collection, **given.validated_data)
        except DjangoValidationError as error:
            raise _django_errors(error) from error
        return self._detail(collection)

    def destroy(self, request, *args, **kwargs):
        services.collection_delete(collection=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        methods=["POST"],
        summary="Append lyrics (ones already present are left where they are)",
        tags=["collections"],
        parameters=[ID],
        request=LyricIdsSerializer,
        responses={200: CollectionSerializer, 400: FIELD_ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["PUT"],
        summary="Set the full order (exactly the current members)",
        tags=["collections"],
        parameters=[ID],
        request=LyricIdsSerializer,
        responses={200: CollectionSerializer, 400: FIELD_ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post", "put"])
    def lyrics(self, request, *args, **kwargs):
        collection = self.get_object()
        given = LyricIdsSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        ids = given.validated_data["lyric_ids"]
        change = (
            services.collection_lyrics_append
            if request.method == "POST"
            else services.collection_order_set
        )
        try:
            change(collection=collection, lyric_ids=ids)
        except DjangoValidationError as error:
            raise _django_errors(error) from error
        return self._detail(collection)

    @extend_schema(
        summary="Remove one lyric from the collection",
        tags=["collections"],
        parameters=[ID, OpenApiParameter("lyric_id", int, OpenApiParameter.PATH)],
        request=None,
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["delete"], url_path=r"lyrics/(?P<lyric_id>[0-9]{1,18})")
    def remove_lyric(self, request, lyric_id, *args, **kwargs):
        collection = self.get_object()
        if not services.collection_lyric_remove(collection=collection, lyric_id=int(lyric_id)):
            detail = gettext("That lyric is not in this collection.")
            return Response({"detail": detail}, status=status.HTTP_404_NOT_FOUND)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Make a read-only public link to this collection",
        tags=["shares"],
        parameters=[ID],
        request=ShareInputSerializer,
        responses={201: ShareSerializer, 400: FIELD_ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def share(self, request, *args, **kwargs):
        return share_response(request, collection=self.get_object())
