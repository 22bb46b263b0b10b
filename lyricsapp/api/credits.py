from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import api_view, authentication_classes
from rest_framework.response import Response

from lyricsapp.api.authentication import ThrottledTokenAuthentication
from lyricsapp.api.views import UNAUTHORIZED
from lyricsapp.provider.credits import credits_current


@extend_schema(
    summary="The provider account's credit balance",
    description=(
        "Read from the provider and cached for SUNO_CREDITS_CACHE_SECONDS. `credits` is null "
        "when no provider key is set or the provider did not answer."
    ),
    responses={
        200: inline_serializer(
            "Credits",
            {
                "credits": serializers.IntegerField(allow_null=True),
                "checked_at": serializers.DateTimeField(allow_null=True),
            },
        ),
        401: UNAUTHORIZED,
    },
)
@api_view(["GET"])
@authentication_classes([ThrottledTokenAuthentication, SessionAuthentication])
def credits_view(request):
    sample = credits_current()
    if sample is None:
        return Response({"credits": None, "checked_at": None})
    checked_at = serializers.DateTimeField().to_representation(sample.checked_at)
    return Response({"credits": sample.credits, "checked_at": checked_at})
