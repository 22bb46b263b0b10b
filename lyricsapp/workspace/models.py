"""The workspace's tables: favourites, tags, notes, versions, collections, share links.

They belong to the lyricsapp app (lyricsapp.models imports them). Everything a
person wrote keeps its author as a nullable key: deleting a user keeps the
versions, notes and collections, shown as written by a deleted user.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from taggit.models import TaggedItemBase

USER = settings.AUTH_USER_MODEL
NOTE_MAX_LENGTH = 20_000
VERSION_MESSAGE_MAX_LENGTH = 500
COLLECTION_NAME_MAX_LENGTH = 200
COLLECTION_DESCRIPTION_MAX_LENGTH = 5_000
# secrets.token_urlsafe(32): 32 random bytes (256 bits), 43 URL-safe characters.
SHARE_TOKEN_BYTES = 32
SHARE_TOKEN_LENGTH = 43


def new_share_token():
    return secrets.token_urlsafe(SHARE_TOKEN_BYTES)


class Favorite(models.Model):
    """A star: one user's, on one lyric."""

    user = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="favorite_lyrics", db_index=False
    )
    lyric = models.ForeignKey("lyricsapp.Lyric", on_delete=models.CASCADE, related_name="favorites")
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        constraints = [
            # Also the index of "my favourites": (user, lyric) walks newest lyrics first.
            models.UniqueConstraint(fields=["user", "lyric"], name="favorite_unique_user_lyric")
        ]

    def __str__(self):
        return f"{self.user_id} ★ {self.lyric_id}"


class TaggedLyric(TaggedItemBase):
    """django-taggit's tag on a lyric, with a real foreign key (no generic relation)."""

    content_object = models.ForeignKey(
        "lyricsapp.Lyric", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_lyric_unique")
        ]
        indexes = [models.Index(fields=["tag", "content_object"], name="tagged_lyric_by_tag")]


class Note(models.Model):
    """The team's free-text note on a lyric, with its last editor and time."""

    lyric = models.OneToOneField(
        "lyricsapp.Lyric", on_delete=models.CASCADE, primary_key=True, related_name="note"
    )
    text = models.TextField(blank=True, default="", max_length=NOTE_MAX_LENGTH)
    updated_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(db_default=Now())

    def __str__(self):
        return self.text[:60]


class LyricVersion(models.Model):
    """A saved edit (number 2 and up). Version 1 is the provider's original,
    kept on the lyric itself (Lyric.original_title/original_text)."""

    lyric = models.ForeignKey("lyricsapp.Lyric", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.TextField(blank=True, default="")
    text = models.TextField(blank=True, default="")
    author = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(db_default=Now())
    message = models.CharField(max_length=VERSION_MESSAGE_MAX_LENGTH, blank=True, default="")

    class Meta:
        ordering = ["lyric", "number"]
        constraints = [
            models.UniqueConstraint(fields=["lyric", "number"], name="lyric_version_unique_number")
        ]

    def __str__(self):
        return f"{self.lyric_id} v{self.number}"


class Collection(models.Model):
    """A named, ordered list of lyrics: an album, a songbook, a shortlist."""

    name = models.CharField(max_length=COLLECTION_NAME_MAX_LENGTH)
    description = models.TextField(
        blank=True, default="", max_length=COLLECTION_DESCRIPTION_MAX_LENGTH
    )
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(db_default=Now())
    updated_at = models.DateTimeField(db_default=Now())
    lyrics = models.ManyToManyField(
        "lyricsapp.Lyric", through="CollectionItem", related_name="collections"
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    lyric = models.ForeignKey(
        "lyricsapp.Lyric", on_delete=models.CASCADE, related_name="collection_items"
    )
    position = models.PositiveIntegerField()
    added_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["collection", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "lyric"], name="collection_item_unique")
        ]
        indexes = [models.Index(fields=["collection", "position"], name="collection_item_order")]

    def __str__(self):
        return f"{self.collection_id}#{self.position}: {self.lyric_id}"


class ShareLink(models.Model):
    """A read-only public link to one lyric or one collection."""

    token = models.CharField(max_length=64, unique=True, default=new_share_token)
    lyric = models.ForeignKey(
        "lyricsapp.Lyric",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="share_links",
    )
    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.CASCADE, related_name="share_links"
    )
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(db_default=Now())
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lyric__isnull=False, collection__isnull=True)
                | models.Q(lyric__isnull=True, collection__isnull=False),
                name="share_link_one_target",
            )
        ]

    def __str__(self):
        return f"share {self.token[:6]}…"
