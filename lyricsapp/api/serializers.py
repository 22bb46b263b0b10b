from rest_framework import serializers

from lyricsapp.models import Lyric, Task


class SectionSerializer(serializers.Serializer):
    label = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)


class LyricSerializer(serializers.ModelSerializer):
    # The provider's task id, not the foreign key's integer.
    task_id = serializers.CharField(source="task.task_id", read_only=True)
    sections = SectionSerializer(
        many=True,
        read_only=True,
        allow_null=True,
        help_text="One entry per [Label] block; null until the task is processed.",
    )

    class Meta:
        model = Lyric
        fields = [
            "id",
            "task_id",
            "position",
            "title",
            "text",
            "status",
            "error_message",
            "sections",
            "line_count",
            "word_count",
            "language",
        ]
        read_only_fields = fields


class TaskSerializer(serializers.ModelSerializer):
    deliveries = serializers.IntegerField(
        read_only=True, help_text="How many deliveries were recorded for this task id."
    )

    class Meta:
        model = Task
        fields = [
            "task_id",
            "status",
            "code",
            "msg",
            "callback_type",
            "created_at",
            "completed_at",
            "processed_at",
            "deliveries",
        ]
        read_only_fields = fields


class TaskDetailSerializer(TaskSerializer):
    lyrics = LyricSerializer(many=True, read_only=True)

    class Meta(TaskSerializer.Meta):
        fields = [*TaskSerializer.Meta.fields, "lyrics"]
        read_only_fields = fields
