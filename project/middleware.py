"""Answer 503, not 500, when the database cannot be reached."""

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError
from django.http import JsonResponse
from django.template.response import SimpleTemplateResponse
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

# One JSON error shape per surface (docs/api.md): DRF's {"detail"} under /api/,
# the contract's {"error"} for the callback endpoint and the operations endpoints.
API_PREFIX = "/api/"
JSON_PREFIXES = (API_PREFIX, "/callbacks/", "/metrics", "/readyz", "/healthz")


class DatabaseUnavailableMiddleware:
    """Pages, the API and /metrics need PostgreSQL; when it is down (or a query
    fails on a broken connection) say so with a 503 and Retry-After, so that
    users see a plain message and monitors see an outage, not a crash."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (DatabaseError, InterfaceError)):
            return None
        logger.warning("database unavailable for %s", request.path, exc_info=exception)
        message = gettext("The database is unavailable. Please try again in a moment.")
        if request.path.startswith(JSON_PREFIXES):
            key = "detail" if request.path.startswith(API_PREFIX) else "error"
            response = JsonResponse({key: message}, status=503)
        else:
            response = SimpleTemplateResponse("503.html", {"message": message}, status=503)
            response.render()
        response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
        return response
