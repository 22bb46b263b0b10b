"""Errors raised before a view runs (no URL matched) answered in the API's JSON."""

from django.http import JsonResponse
from django.utils.translation import gettext
from django.views import defaults

API_PREFIX = "/api/"


def page_not_found(request, exception):
    """JSON for unmatched paths under /api/ (a client parses every answer), HTML elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
