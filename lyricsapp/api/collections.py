"""Collections through the API (contract section 8): ordered lists of lyric ids."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext, gettext_lazy
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
from lyricsapp.api.shares import share_response, share_schema
from lyricsapp.api.strict import (
    DETAIL,
    FIELD_ERRORS,
    FORBIDDEN,
    NO_NUL,
    UNAUTHORIZED,
    VISIBLE,
    ObjectBodySerializer,
    StrictCharField,
    StrictIntegerField,
    change_responses,
    pattern,
)
from lyricsapp.api.views import PAGE
from lyricsapp.models import Collection, CollectionItem
from lyricsapp.workspace import collections as services
from lyricsapp.workspace.editing import NUL_MESSAGE
from lyricsapp.workspace.models import (
    COLLECTION_DESCRIPTION_MAX_LENGTH,
    COLLECTION_NAME_MAX_LENGTH,
)
from lyricsapp.workspace.permissions import CanEditOrReadOnly

NOT_FOUND = OpenApiResponse(DETAIL, description="No such collection (or lyric in it).")
ID = OpenApiParameter("id", int, OpenApiParameter.PATH)


class CollectionSerializer(serializers.ModelSerializer):
    lyrics = serializers.SerializerMethodField(help_text="The lyrics' ids, in order.")

    class Meta:
        model = Collection
        fields = ["id", "name", "description", "lyrics"]
        read_only_fields = fields

    def get_lyrics(self, collection) -> list[int]:
        return [item.lyric_id for item in collection.items.all()]


class CollectionInputSerializer(ObjectBodySerializer):
    name = StrictCharField(
        max_length=COLLECTION_NAME_MAX_LENGTH,
        validators=[pattern(VISIBLE, gettext_lazy("A collection needs a name."))],
    )
    description = StrictCharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=COLLECTION_DESCRIPTION_MAX_LENGTH,
        validators=[pattern(NO_NUL, NUL_MESSAGE)],
    )


class LyricIdsSerializer(ObjectBodySerializer):
    lyric_ids = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=2**63 - 1),
        max_length=services.COLLECTION_LYRICS_MAX,
    )


def _lyrics_schema(method, summary):
    """POST (append) and PUT (reorder) of a collection's lyrics answer alike."""
    return extend_schema(
        methods=[method],
        summary=summary,
        tags=["collections"],
        parameters=[ID],
        request=LyricIdsSerializer,
        responses=change_responses(CollectionSerializer, not_found=NOT_FOUND),
    )


def _django_errors(error):
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


@extend_schema_view(
    list=extend_schema(
        summary="Collections, by name",
        tags=["collections"],
        parameters=[PAGE],
        responses={
            200: CollectionSerializer(many=True),
            401: UNAUTHORIZED,
            404: OpenApiResponse(DETAIL, description="No such page."),
        },
    ),
    create=extend_schema(
        summary="Create a collection",
        tags=["collections"],
        request=CollectionInputSerializer,
        responses={201: CollectionSerializer, 400: FIELD_ERRORS, 401: UNAUTHORIZED, 403: FORBIDDEN},
    ),
    retrieve=extend_schema(
        summary="One collection with its lyrics in order",
        tags=["collections"],
        parameters=[ID],
        responses={200: CollectionSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary="Rename or describe a collection",
        tags=["collections"],
        request=CollectionInputSerializer(partial=True),
        parameters=[ID],
        responses=change_responses(CollectionSerializer, not_found=NOT_FOUND),
    ),
    destroy=extend_schema(
        summary="Delete a collection (its lyrics stay)",
        tags=["collections"],
        parameters=[ID],
        responses={204: None, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
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
        given = CollectionInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            collection = services.collection_create(user=request.user, **given.validated_data)
        except DjangoValidationError as error:
            raise _django_errors(error) from error
        return self._detail(collection, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        collection = self.get_object()
        given = CollectionInputSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        try:
            services.collection_update(collection=collection, **given.validated_data)
        except DjangoValidationError as error:
            raise _django_errors(error) from error
        return self._detail(collection)

    def destroy(self, request, *args, **kwargs):
        services.collection_delete(collection=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @_lyrics_schema("POST", "Append lyrics (ones already present are left where they are)")
    @_lyrics_schema("PUT", "Set the full order (exactly the current members)")
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
        responses={204: None, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["delete"], url_path=r"lyrics/(?P<lyric_id>[0-9]{1,18})")
    def remove_lyric(self, request, lyric_id, *args, **kwargs):
        collection = self.get_object()
        if not services.collection_lyric_remove(collection=collection, lyric_id=int(lyric_id)):
            detail = gettext("That lyric is not in this collection.")
            return Response({"detail": detail}, status=status.HTTP_404_NOT_FOUND)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @share_schema(
        summary="Make a read-only public link to this collection",
        parameters=[ID],
        not_found=NOT_FOUND,
    )
    @action(detail=True, methods=["post"])
    def share(self, request, *args, **kwargs):
        return share_response(request, collection=self.get_object())
