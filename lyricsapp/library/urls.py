from django.urls import path

from lyricsapp.library import views, workspace_views
from lyricsapp.library.new_task import new_task
from lyricsapp.library.preferences_views import language_set, preferences

urlpatterns = [
    path("", views.library, name="library"),
    path("lyrics/<int:pk>/", views.lyric_detail, name="lyric-detail"),
    path("lyrics/<int:pk>/download.<str:extension>", views.lyric_download, name="lyric-download"),
    path("lyrics/<int:pk>/favorite/", workspace_views.lyric_favorite, name="lyric-favorite"),
    path("lyrics/<int:pk>/tags/", workspace_views.lyric_tags, name="lyric-tags"),
    path("lyrics/<int:pk>/note/", workspace_views.lyric_note, name="lyric-note"),
    path("lyrics/<int:pk>/trash/", workspace_views.lyric_trash_view, name="lyric-trash"),
    path("lyrics/bulk/", workspace_views.library_bulk, name="library-bulk"),
    path("tags/", workspace_views.tag_list, name="tag-list"),
    path("tasks/", views.task_list, name="task-list"),
    # Task ids are opaque strings and may contain "/", so they are matched as
    # paths; links percent-encode the id (templatetags/task_links.py). An id a
    # browser would read as "." or ".." has no such URL: its links use the row
    # key, and so does the polling of pending rows (never shadowing an id).
    path("tasks/<path:task_id>/", views.task_detail, name="task-detail"),
    path("task-keys/<int:pk>/", views.task_detail_by_key, name="task-by-key"),
    path("task-rows/<int:pk>/", views.task_row, name="task-row"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("new/", new_task, name="new-task"),
    path("settings/", preferences, name="preferences"),
    path("i18n/setlang/", language_set, name="set_language"),
]
