"""The archive's pages and its API (included by project/urls.py: the archive
sits above the library and the API, which never import it)."""

from django.urls import include, path

from lyricsapp.api.urls import Router
from lyricsapp.archive import views
from lyricsapp.archive.api import ExportViewSet

router = Router()
router.register("exports", ExportViewSet, basename="export")
# Under /api/v1/ beside the read API, in a namespace of their own.
api_urlpatterns = [path("", include((router.urls, "archive-api")))]

urlpatterns = [
    path("archive/export/", views.library_export, name="archive-export"),
    path("archive/import/", views.archive_import, name="archive-import"),
    path("archive/jobs/<uuid:pk>/", views.archive_job, name="archive-job"),
    path("songbook.pdf", views.library_songbook, name="library-songbook"),
    path(
        "collections/<int:pk>/songbook.pdf", views.collection_songbook, name="collection-songbook"
    ),
    path(
        "archive/jobs/<uuid:pk>/progress/", views.archive_job_progress, name="archive-job-progress"
    ),
    path(
        "archive/jobs/<uuid:pk>/download/", views.archive_job_download, name="archive-job-download"
    ),
]
