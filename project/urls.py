from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from lyricsapp.ops import health, metrics

urlpatterns = [
    path("callbacks/", include("callbacks.urls")),
    path("api/v1/", include("lyricsapp.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("", include("lyricsapp.library.urls")),
]

# Unmatched /api/ paths answer JSON like the views behind them.
handler404 = "lyricsapp.api.errors.page_not_found"
