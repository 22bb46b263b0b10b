from django.urls import path

from lyricsapp.library import views
from lyricsapp.library.new_task import new_task
from lyricsapp.library.preferences_views import language_set, preferences

urlpatterns = [
    path("", views.library, name="library"),
    path("lyrics/<int:pk>/", views.lyric_detail, name="lyric-detail"),
    path("lyrics/<int:pk>/download.<str:extension>", views.lyric_download, name="lyric-download"),
    path("tasks/", views.task_list, name="task-list"),
    # Task ids may contain "/" (the provider's ids are opaque strings), so
    # they are matched as paths; the row URL comes first because it is longer.
    path("tasks/<path:task_id>/row/", views.task_row, name="task-row"),
    path("tasks/<path:task_id>/", views.task_detail, name="task-detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("new/", new_task, name="new-task"),
    path("settings/", preferences, name="preferences"),
    path("i18n/setlang/", language_set, name="set_language"),
]
