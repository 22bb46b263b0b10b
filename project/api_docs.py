"""The OpenAPI schema and Swagger UI: behind a login unless PUBLIC_API_DOCS is on.

The schema names every endpoint and parameter, which helps an attacker as
much as a client, so it is private by default. Swagger UI is the "split"
view: its script is a file of its own, so the Content-Security-Policy needs
no inline script.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated

from lyricsapp.api.authentication import ThrottledTokenAuthentication


class SchemaView(SpectacularAPIView):
    # Token first, so an anonymous request gets 401 with a challenge, as the API does.
    authentication_classes = [ThrottledTokenAuthentication, SessionAuthentication]

    def get_permissions(self):
        return [AllowAny() if settings.PUBLIC_API_DOCS else IsAuthenticated()]


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api_docs.html"
    title = gettext_lazy("Lyrics library API")

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if not settings.PUBLIC_API_DOCS and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().get(request, *args, **kwargs)
