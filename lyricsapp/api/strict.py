"""JSON body fields that take only their own JSON type (DRF would turn 5 into "5" and
"5" into 5), and the error bodies of the workspace's writes, for the schema."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
# {"field": ["message", ...]}, or {"detail": "..."} for a body that is not JSON.
FIELD_ERRORS = OpenApiResponse(
    {
        "type": "object",
        "additionalProperties": {
            "anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
        },
    },
    description="The body is not JSON, or a field is invalid or unknown; the body names it.",
)
UNAUTHORIZED = OpenApiResponse(DETAIL, description="No valid session or token.")
FORBIDDEN = OpenApiResponse(DETAIL, description="Your account may only read (Readers group).")


def change_responses(answer, *, not_found, status=200, more=None):
    """The answers of a change to one object: ``answer`` on success (``status``),
    then a bad field, no login, a read-only account, no such object, and ``more``."""
    responses = {status: answer, 400: FIELD_ERRORS, 401: UNAUTHORIZED, 403: FORBIDDEN}
    return responses | {404: not_found} | (more or {})


NO_NUL = r"^[^\u0000]*$"
# Something visible, and no NUL.
VISIBLE = r"^[^\u0000]*[^\s\u0000][^\u0000]*$"
# A tag: something visible, and no control character.
TAG = (
    r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
)


class StrictCharField(serializers.CharField):
    default_error_messages = {"not_a_string": gettext_lazy("Must be a string.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"not_an_integer": gettext_lazy("Must be an integer.")}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("not_an_integer")
        return super().to_internal_value(data)


class ObjectBodySerializer(serializers.Serializer):
    """A JSON object with only the declared fields."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                {"non_field_errors": [gettext_lazy("Send a JSON object.")]}
            )
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            message = gettext_lazy("This field cannot be set.")
            raise serializers.ValidationError({name: [message] for name in unknown})
        return super().to_internal_value(data)


def pattern(regex, message):
    return RegexValidator(regex, message)
