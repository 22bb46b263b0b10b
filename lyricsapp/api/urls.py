from django.urls import include, path
from rest_framework.routers import DefaultRouter

from lyricsapp.api.collections import CollectionViewSet
from lyricsapp.api.credits import credits_view
from lyricsapp.api.shares import ShareRevokeView
from lyricsapp.api.tags import TagViewSet
from lyricsapp.api.views import LyricViewSet, TaskViewSet
from lyricsapp.api.webhooks import WebhookEndpointViewSet


class Router(DefaultRouter):
    # /api/v1/tasks.json and friends add nothing but a second spelling.
    include_format_suffixes = False


router = Router()
router.register("tasks", TaskViewSet, basename="task")
router.register("lyrics", LyricViewSet, basename="lyric")
router.register("collections", CollectionViewSet, basename="collection")
router.register("tags", TagViewSet, basename="tag")
router.register("webhooks", WebhookEndpointViewSet, basename="webhook")

app_name = "api"
urlpatterns = [
    path("credits/", credits_view, name="credits"),
    path("shares/<str:token>/", ShareRevokeView.as_view(), name="share-revoke"),
    path("", include(router.urls)),
]
