from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from rest_framework import serializers, status
from rest_framework.response import Response

from lyricsapp.models import Task
from lyricsapp.provider.client import PROMPT_MAX, ProviderError, provider_enabled
from lyricsapp.provider.services import task_submit

# The provider's refusals, as our own status codes: a busy or maintained
# provider is worth retrying (429/503), anything else is a bad gateway.
PROVIDER_STATUS = {430: 429, 405: 429, 455: 503}


class TaskSubmitInputSerializer(serializers.Serializer):
    prompt = serializers.CharField(max_length=PROMPT_MAX, trim_whitespace=True)


class TaskSubmitOutputSerializer(serializers.ModelSerializer):
    retry_of = serializers.SlugRelatedField(slug_field="task_id", read_only=True)

    class Meta:
        model = Task
        fields = ["task_id", "status", "prompt", "submitted_at", "retry_of"]


def task_submit_response(request):
    """POST /api/v1/tasks/: submit a prompt; the task stays pending until its result arrives."""
    if not provider_enabled():
        return Response(
            {"error": gettext("submitting is off: set SUNO_API_KEY and restart the app")},
            status=status.HTTP_403_FORBIDDEN,
        )
    serializer = TaskSubmitInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        task = task_submit(user=request.user, prompt=serializer.validated_data["prompt"])
    except ValidationError as exc:
        return Response({"prompt": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    except ProviderError as exc:
        return Response(
            {"error": exc.words, "provider_code": exc.code},
            status=PROVIDER_STATUS.get(exc.code, status.HTTP_502_BAD_GATEWAY),
        )
    return Response(TaskSubmitOutputSerializer(task).data, status=status.HTTP_201_CREATED)
