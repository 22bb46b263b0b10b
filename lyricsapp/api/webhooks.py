"""Webhook endpoints over the API (staff only); the secret is shown on create alone."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAdminUser

from lyricsapp.api.authentication import ThrottledTokenAuthentication
from lyricsapp.api.views import DETAIL_BODY, FIELD_ERRORS_BODY, NOT_FOUND, UNAUTHORIZED
from lyricsapp.events.models import EVENT_TYPES, WebhookEndpoint
from lyricsapp.events.ssrf import UnsafeURL, url_check


class WebhookEndpointSerializer(serializers.ModelSerializer):
    url = serializers.URLField(max_length=2000)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(EVENT_TYPES)),
        required=False,
        allow_empty=True,
        help_text="Event types to receive; empty or missing: all of them.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "events", "description", "enabled"]
        read_only_fields = ["id"]

    def validate_url(self, value):
        try:
            url_check(value)
        except UnsafeURL as exc:
            raise serializers.ValidationError(str(exc)) from exc
        return value

    def validate_events(self, value):
        if len(set(value)) != len(value):
            raise serializers.ValidationError(_("An event type is listed twice."))
        return value


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text="The signing secret (whsec_...): shown in this answer only.",
    )

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]


FORBIDDEN = OpenApiResponse(DETAIL_BODY, description="Staff only.")
INVALID = OpenApiResponse(FIELD_ERRORS_BODY, description="A field is invalid (named).")
DENIED = {401: UNAUTHORIZED, 403: FORBIDDEN}
ONE = {**DENIED, 404: NOT_FOUND}


@extend_schema_view(
    list=extend_schema(
        summary="Webhook endpoints (staff)",
        responses={200: WebhookEndpointSerializer(many=True), **DENIED, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Register a webhook endpoint (staff)",
        responses={201: WebhookEndpointCreatedSerializer, 400: INVALID, **DENIED},
    ),
    retrieve=extend_schema(
        summary="One webhook endpoint (staff)", responses={200: WebhookEndpointSerializer, **ONE}
    ),
    partial_update=extend_schema(
        summary="Change a webhook endpoint (staff)",
        responses={200: WebhookEndpointSerializer, 400: INVALID, **ONE},
    ),
    update=extend_schema(
        summary="Replace a webhook endpoint (staff)",
        responses={200: WebhookEndpointSerializer, 400: INVALID, **ONE},
    ),
    destroy=extend_schema(
        summary="Remove a webhook endpoint (staff)", responses={204: None, **ONE}
    ),
)
class WebhookEndpointViewSet(viewsets.ModelViewSet):
    authentication_classes = [ThrottledTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAdminUser]
    queryset = WebhookEndpoint.objects.order_by("id")
    serializer_class = WebhookEndpointSerializer

    def get_serializer_class(self):
        if self.action == "create":
            return WebhookEndpointCreatedSerializer
        return WebhookEndpointSerializer

    def perform_update(self, serializer):
        # Enabling again clears why it was disabled.
        if serializer.validated_data.get("enabled"):
            serializer.save(disabled_at=None, disabled_reason="")
        else:
            serializer.save()
