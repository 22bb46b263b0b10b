from rest_framework.pagination import PageNumberPagination

from lyricsapp.pagination import BoundedCountPaginator


class LibraryPagination(PageNumberPagination):
    """Page numbers with {"count", "next", "previous", "results"}; see lyricsapp.pagination."""

    django_paginator_class = BoundedCountPaginator
