from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from rest_framework import serializers, status
from rest_framework.response import Response

from lyricsapp.models import Task
from lyricsapp.provider.client import (
    PROMPT_MAX,
    ProviderBusy,
    ProviderError,
    provider_enabled,
    web_client,
)
from lyricsapp.provider.credits import CreditsTooLow
from lyricsapp.provider.services import task_submit
from lyricsapp.workspace.permissions import can_submit
from project.throttling import submit_quota_refusal

# The provider's refusals, as our own status codes: a busy or maintained
# provider is worth retrying (429/503), anything else is a bad gateway.
# An account out of credits (the provider's 429, or below SUNO_MIN_CREDITS
# here) is 402 Payment Required.
PROVIDER_STATUS = {430: 429, 405: 429, 455: 503, 429: 402, 402: 402}


class TaskSubmitInputSerializer(serializers.Serializer):
    prompt = serializers.CharField(max_length=PROMPT_MAX, trim_whitespace=True)


class TaskSubmitOutputSerializer(serializers.ModelSerializer):
    retry_of = serializers.SlugRelatedField(slug_field="task_id", read_only=True)

    class Meta:
        model = Task
        fields = ["task_id", "status", "prompt", "submitted_at", "submitted_by", "retry_of"]

    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)


def task_submit_response(request):
    """POST /api/v1/tasks/: submit a prompt; the task stays pending until its result arrives."""
    if not can_submit(request.user):
        return Response(
            {"error": gettext("your account may only read: it cannot submit prompts")},
            status=status.HTTP_403_FORBIDDEN,
        )
    if not provider_enabled():
        return Response(
            {"detail": gettext("submitting is off: set SUNO_API_KEY and restart the app")},
            status=status.HTTP_403_FORBIDDEN,
        )
    serializer = TaskSubmitInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    refusal = submit_quota_refusal(request.user)
    if refusal:
        message, wait = refusal
        return Response(
            {"error": message, "retry_after": wait},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(wait)},
        )
    try:
        with web_client() as client:
            prompt = serializer.validated_data["prompt"]
            task = task_submit(user=request.user, prompt=prompt, client=client)
    except ValidationError as exc:
        return Response({"prompt": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    except CreditsTooLow as exc:
        return Response({"error": exc.words}, status=status.HTTP_402_PAYMENT_REQUIRED)
    except ProviderBusy as exc:
        # The shared limit is full: never wait for it inside a request.
        wait = max(1, int(exc.retry_after or 1))
        return Response(
            {"error": exc.words, "retry_after": wait},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(wait)},
        )
    except ProviderError as exc:
        return Response(
            {"detail": exc.words, "provider_code": exc.code},
            status=PROVIDER_STATUS.get(exc.code, status.HTTP_502_BAD_GATEWAY),
        )
    return Response(TaskSubmitOutputSerializer(task).data, status=status.HTTP_201_CREATED)
