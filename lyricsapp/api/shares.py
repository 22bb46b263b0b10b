"""Share links through the API: make one (from the lyric and collection views), revoke one."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from lyricsapp.api.authentication import ThrottledTokenAuthentication
from lyricsapp.api.strict import ObjectBodySerializer, change_responses
from lyricsapp.workspace.permissions import CanEditOrReadOnly, can_edit
from lyricsapp.workspace.shares import share_create, share_revoke, share_url


class ShareInputSerializer(ObjectBodySerializer):
    expires_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="Optional; must be in the future."
    )


class ShareSerializer(serializers.Serializer):
    token = serializers.CharField()
    url = serializers.CharField()
    expires_at = serializers.DateTimeField(allow_null=True)


def share_schema(*, summary, parameters, not_found):
    """The OpenAPI description of a "make a share link" action (lyrics and collections alike)."""
    return extend_schema(
        summary=summary,
        tags=["shares"],
        parameters=parameters,
        request=ShareInputSerializer,
        responses=change_responses(ShareSerializer, status=201, not_found=not_found),
    )


def share_response(request, *, lyric=None, collection=None):
    """201 with the new link; the caller has checked the target exists."""
    if not can_edit(request.user):
        raise PermissionDenied(CanEditOrReadOnly.message)
    given = ShareInputSerializer(data=request.data)
    given.is_valid(raise_exception=True)
    try:
        link = share_create(
            user=request.user,
            lyric=lyric,
            collection=collection,
            expires_at=given.validated_data.get("expires_at"),
        )
    except DjangoValidationError as error:
        raise ValidationError(error.message_dict) from error
    body = {"token": link.token, "url": share_url(link), "expires_at": link.expires_at}
    return Response(ShareSerializer(body).data, status=status.HTTP_201_CREATED)


class ShareRevokeView(APIView):
    authentication_classes = [ThrottledTokenAuthentication, SessionAuthentication]
    permission_classes = [CanEditOrReadOnly]

    @extend_schema(
        summary="Revoke a share link",
        tags=["shares"],
        parameters=[OpenApiParameter("token", str, OpenApiParameter.PATH)],
        request=None,
        responses={
            204: None,
            401: OpenApiResponse(description="No valid session or token."),
            403: OpenApiResponse(description="Your account may only read."),
            404: OpenApiResponse(description="No live link has this token."),
        },
    )
    def delete(self, request, token):
        if not share_revoke(token=token):
            return Response({"detail": gettext("No live share link has this token.")}, status=404)
        return Response(status=status.HTTP_204_NO_CONTENT)
