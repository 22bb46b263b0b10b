"""Editing a lyric through the API (contract section 8): PATCH, versions, restore, share.

A mixin of LyricViewSet. Reads need a signed-in user; every write needs
lyricsapp.edit_workspace (the Editors group).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from lyricsapp.api.serializers import LyricSerializer
from lyricsapp.api.shares import share_response, share_schema
from lyricsapp.api.strict import (
    DETAIL,
    FORBIDDEN,
    NO_NUL,
    TAG,
    UNAUTHORIZED,
    ObjectBodySerializer,
    StrictCharField,
    StrictIntegerField,
    change_responses,
    pattern,
)
from lyricsapp.workspace.editing import (
    NUL_MESSAGE,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    EditConflict,
    lyric_edit_save,
    lyric_version_restore,
)
from lyricsapp.workspace.models import NOTE_MAX_LENGTH, VERSION_MESSAGE_MAX_LENGTH
from lyricsapp.workspace.notes import lyric_note_set
from lyricsapp.workspace.permissions import CanEditOrReadOnly, can_edit
from lyricsapp.workspace.tags import TAG_MAX_LENGTH, lyric_tags_set
from lyricsapp.workspace.versions import lyric_versions

TAGS_MAX = 1000
# The column is an int4.
VERSION_MAX = 2**31 - 1
TAG_MESSAGE = gettext_lazy("A tag needs a visible character and no control characters.")
NOT_FOUND = OpenApiResponse(DETAIL, description="No such lyric or version.")
CONFLICT = OpenApiResponse(
    {
        "type": "object",
        "properties": {"detail": {"type": "string"}, "version": {"type": "integer"}},
        "required": ["detail", "version"],
    },
    description="The version sent is not the current one; version is the current one.",
)
ID = OpenApiParameter("id", int, OpenApiParameter.PATH)


class LyricPatchSerializer(ObjectBodySerializer):
    title = StrictCharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=TITLE_MAX_LENGTH,
        validators=[pattern(NO_NUL, NUL_MESSAGE)],
    )
    text = StrictCharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=TEXT_MAX_LENGTH,
        validators=[pattern(NO_NUL, NUL_MESSAGE)],
    )
    tags = serializers.ListField(
        child=StrictCharField(
            trim_whitespace=False,
            max_length=TAG_MAX_LENGTH,
            validators=[pattern(TAG, TAG_MESSAGE)],
        ),
        required=False,
        max_length=TAGS_MAX,
        help_text="Replaces the lyric's tags.",
    )
    note = StrictCharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=NOTE_MAX_LENGTH,
        validators=[pattern(NO_NUL, NUL_MESSAGE)],
    )
    version = StrictIntegerField(
        required=False,
        min_value=1,
        max_value=VERSION_MAX,
    )
    message = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=VERSION_MESSAGE_MAX_LENGTH,
        validators=[pattern(NO_NUL, NUL_MESSAGE)],
    )

    def validate(self, attrs):
        if ("title" in attrs or "text" in attrs) and "version" not in attrs:
            raise ValidationError({"version": [gettext("Required when title or text changes.")]})
        return attrs


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    text = serializers.CharField()
    author = serializers.CharField(
        allow_null=True, help_text="Username; null for the original and for a deleted user."
    )
    created_at = serializers.DateTimeField()
    message = serializers.CharField()


def _version_data(version):
    return {
        "number": version.number,
        "title": version.title,
        "text": version.text,
        "author": version.author,
        "created_at": version.created_at,
        "message": version.message,
    }


def _conflict(conflict):
    detail = gettext("Version %(number)d was saved meanwhile: start again from it.") % {
        "number": conflict.lyric.version
    }
    return Response({"detail": detail, "version": conflict.lyric.version}, status=409)


class LyricEditMixin:
    @extend_schema(
        summary="Edit a lyric: title, text, tags, note",
        description="`version` is the version the change starts from, required with `title` "
        "or `text`; a title or text change creates version `version + 1`. `tags` replaces "
        "the list. All or nothing: a 400 or 409 changes nothing.",
        tags=["lyrics"],
        parameters=[ID],
        request=LyricPatchSerializer,
        responses=change_responses(LyricSerializer, not_found=NOT_FOUND, more={409: CONFLICT}),
    )
    def partial_update(self, request, *args, **kwargs):
        if not can_edit(request.user):
            raise PermissionDenied(CanEditOrReadOnly.message)
        lyric = self.get_object()
        patch = LyricPatchSerializer(data=request.data)
        patch.is_valid(raise_exception=True)
        try:
            self._apply(lyric, patch.validated_data, request.user)
        except EditConflict as conflict:
            return _conflict(conflict)
        return Response(self.get_serializer(self.get_object()).data)

    @transaction.atomic
    def _apply(self, lyric, data, user):
        """All or nothing: a conflict or a bad tag leaves the lyric as it was."""
        if "title" in data or "text" in data:
            try:
                lyric_edit_save(
                    lyric_id=lyric.pk,
                    user=user,
                    title=data.get("title"),
                    text=data.get("text"),
                    base_version=data["version"],
                    message=data.get("message", ""),
                )
            except DjangoValidationError as error:
                raise ValidationError(error.message_dict) from error
        for field, setter, key in (
            ("tags", lyric_tags_set, "names"),
            ("note", lyric_note_set, "text"),
        ):
            if field in data:
                try:
                    setter(lyric=lyric, user=user, **{key: data[field]})
                except DjangoValidationError as error:
                    raise ValidationError({field: error.messages}) from error

    @extend_schema(
        summary="Every version of a lyric, oldest first (1 is the provider's original)",
        tags=["lyrics"],
        parameters=[ID],
        responses={200: VersionSerializer(many=True), 401: UNAUTHORIZED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], permission_classes=[CanEditOrReadOnly])
    def versions(self, request, *args, **kwargs):
        lyric = self.get_object()
        data = [_version_data(version) for version in lyric_versions(lyric=lyric)]
        return Response(VersionSerializer(data, many=True).data)

    @extend_schema(
        summary="Make version n's content a new version",
        tags=["lyrics"],
        parameters=[ID, OpenApiParameter("number", int, OpenApiParameter.PATH)],
        request=None,
        responses={
            200: LyricSerializer,
            401: UNAUTHORIZED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"versions/(?P<number>[0-9]{1,9})/restore",
        permission_classes=[CanEditOrReadOnly],
    )
    def restore_version(self, request, number, *args, **kwargs):
        lyric = self.get_object()
        try:
            restored = lyric_version_restore(
                lyric_id=lyric.pk, number=int(number), user=request.user
            )
        except EditConflict as conflict:
            return _conflict(conflict)
        if restored is None:
            return Response({"detail": gettext("No such version.")}, status=404)
        return Response(self.get_serializer(self.get_object()).data)

    @share_schema(
        summary="Make a read-only public link to this lyric",
        parameters=[ID],
        not_found=NOT_FOUND,
    )
    @action(detail=True, methods=["post"], permission_classes=[CanEditOrReadOnly])
    def share(self, request, *args, **kwargs):
        return share_response(request, lyric=self.get_object())
