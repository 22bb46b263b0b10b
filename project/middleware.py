"""The project's own middleware: the callbacks' short way in, and a 503 (not
a 500) when the database cannot be reached."""

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError
from django.http import JsonResponse
from django.template.response import SimpleTemplateResponse
from django.urls import resolve, reverse
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


class CallbackShortcutMiddleware:
    """The provider's callbacks go straight to their view, past the pages' middleware.

    Sessions, users, languages, messages, CSRF, CSP, clickjacking and login
    throttling serve people using pages; a machine POSTing JSON with a token
    needs none of them, and together they cost more CPU than storing the
    callback (docs/performance.md). Everything before this middleware in
    settings.MIDDLEWARE (the security headers) still applies. The view is the
    one the URLconf routes the path to, and handles a database outage itself.
    """

    URL_NAME = "suno-lyrics-callback"

    def __init__(self, get_response):
        self.get_response = get_response
        path = reverse(self.URL_NAME)
        # With and without the trailing slash, as callbacks/urls.py routes them.
        self.views = {p: resolve(p).func for p in (path, path.rstrip("/"))}

    def __call__(self, request):
        view = self.views.get(request.path_info)
        if view is None:
            return self.get_response(request)
        response = view(request)
        # What Django's handler and CommonMiddleware would do: render the
        # view's lazy response and give it a length (not a chunked body).
        if hasattr(response, "render"):
            response = response.render()
        response.headers["Content-Length"] = str(len(response.content))
        return response
