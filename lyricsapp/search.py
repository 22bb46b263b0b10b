"""The library's search, shared by the pages and the read API."""

from django.db.models import Q


def lyrics_matching(queryset, q):
    """Lyrics whose title or text contains ``q``, case-insensitively, in any script."""
    q = (q or "").strip()
    if not q:
        return queryset
    return queryset.filter(Q(title__icontains=q) | Q(text__icontains=q))
