"""Stars: each user's own favourites."""

from lyricsapp.models import Favorite


def lyric_favorite_set(*, lyric, user, favorite=True):
    """Star (or unstar) ``lyric`` for ``user``; doing it twice changes nothing.
    Returns whether anything changed."""
    if favorite:
        _, created = Favorite.objects.get_or_create(user=user, lyric=lyric)
        return created
    deleted, _ = Favorite.objects.filter(user=user, lyric=lyric).delete()
    return bool(deleted)


def lyric_is_favorite(*, lyric, user):
    if not user.is_authenticated:
        return False
    return Favorite.objects.filter(user=user, lyric=lyric).exists()
