from django.contrib import admin
from django.urls import include, path

from lyricsapp.api_submit import TaskSubmitView

urlpatterns = [
    path("callbacks/", include("callbacks.urls")),
    # Routed to POST /api/v1/tasks/ once the read API lands.
    path("api/v1/tasks/submit/", TaskSubmitView.as_view(), name="api-task-submit"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("lyricsapp.urls")),
]
