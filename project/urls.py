from django.contrib import admin
from django.urls import include, path

from lyricsapp import ops

urlpatterns = [
    path("callbacks/", include("callbacks.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", ops.healthz, name="healthz"),
    path("readyz", ops.readyz, name="readyz"),
    path("metrics", ops.metrics, name="metrics"),
    path("", include("lyricsapp.urls")),
]
