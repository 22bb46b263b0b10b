"""Read-only public links to one lyric or one collection.

A token is 32 random bytes (256 bits) in URL-safe base64; anything of another
shape is refused before the database is asked. A link stops working when it
is revoked or expires; a lyric in the trash is not shown either.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from lyricsapp.models import ShareLink
from lyricsapp.workspace.models import SHARE_TOKEN_LENGTH
from project.throttling import Quota

TOKEN_SHAPE = re.compile(rf"[A-Za-z0-9_-]{{{SHARE_TOKEN_LENGTH}}}")


def share_quota():
    return Quota(settings.SHARE_RATE_LIMIT, "share-page")


def share_url(link):
    return settings.PUBLIC_BASE_URL + reverse("share-page", args=[link.token])


def share_create(*, user, lyric=None, collection=None, expires_at=None):
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": gettext("The expiry must be in the future.")})
    return ShareLink.objects.create(
        lyric=lyric, collection=collection, created_by=user, expires_at=expires_at
    )


def _live():
    now = timezone.now()
    return ShareLink.objects.filter(revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def share_resolve(*, token):
    """The live link of this token, or None (unknown, revoked, expired, badly shaped)."""
    if not isinstance(token, str) or not TOKEN_SHAPE.fullmatch(token):
        return None
    link = _live().filter(token=token).select_related("lyric", "collection").first()
    if link is None or (link.lyric is not None and link.lyric.trashed_at is not None):
        return None
    return link


def shares_live():
    """Every live link of the team, newest first."""
    return _live().select_related("lyric", "collection", "created_by")


def share_revoke(*, token):
    """True when a live link was revoked."""
    if not isinstance(token, str) or not TOKEN_SHAPE.fullmatch(token):
        return False
    return bool(_live().filter(token=token).update(revoked_at=timezone.now()))
