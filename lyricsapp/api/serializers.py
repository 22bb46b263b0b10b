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


class LyricWorkspaceSerializer(LyricSerializer):
    """A lyric with the workspace's fields (contract section 8)."""

    favorite = serializers.SerializerMethodField(help_text="Starred by the requesting user.")
    tags = serializers.SerializerMethodField(help_text="Tag names, alphabetical.")
    collections = serializers.SerializerMethodField(help_text="Ids of the collections holding it.")
    note = serializers.SerializerMethodField(help_text="The team's note (empty when none).")
    original_title = serializers.CharField(
        source="provider_title", read_only=True, help_text="The provider's title, never edited."
    )
    original_text = serializers.CharField(
        source="provider_text", read_only=True, help_text="The provider's text, never edited."
    )
    edited = serializers.BooleanField(read_only=True, help_text="Edited at least once.")
    submitted_by = serializers.SerializerMethodField(
        help_text="Who submitted the prompt here (null: from elsewhere, or a deleted user)."
    )

    class Meta(LyricSerializer.Meta):
        fields = [
            *LyricSerializer.Meta.fields,
            "favorite",
            "tags",
            "collections",
            "note",
            "version",
            "original_title",
            "original_text",
            "edited",
            "trashed_at",
            "submitted_by",
        ]
        read_only_fields = fields

    def get_favorite(self, lyric) -> bool:
        return bool(getattr(lyric, "is_favorite", False))

    def get_tags(self, lyric) -> list[str]:
        return sorted((item.tag.name for item in lyric.tagged_items.all()), key=str.casefold)

    def get_collections(self, lyric) -> list[int]:
        return sorted(item.collection_id for item in lyric.collection_items.all())

    def get_note(self, lyric) -> str:
        note = getattr(lyric, "note", None)
        return note.text if note is not None else ""

    def get_submitted_by(self, lyric) -> str | None:
        user = lyric.task.submitted_by
        return user.get_username() if user is not None else None
