from django.urls import include, path
from rest_framework.routers import DefaultRouter

from lyricsapp.api.views import LyricViewSet, TaskViewSet


class Router(DefaultRouter):
    # /api/v1/tasks.json and friends add nothing but a second spelling.
    include_format_suffixes = False


router = Router()
router.register("tasks", TaskViewSet, basename="task")
router.register("lyrics", LyricViewSet, basename="lyric")

app_name = "api"
urlpatterns = [path("", include(router.urls))]
