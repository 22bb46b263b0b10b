from django.urls import path

from lyricsapp.archive import views

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
