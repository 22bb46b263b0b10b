from django.urls import path

from lyricsapp import views

urlpatterns = [
    path("", views.library, name="library"),
    path("lyrics/<int:pk>/", views.lyric_detail, name="lyric-detail"),
    path("lyrics/<int:pk>/download.<str:extension>", views.lyric_download, name="lyric-download"),
    path("tasks/", views.task_list, name="task-list"),
    path("tasks/<str:task_id>/", views.task_detail, name="task-detail"),
    path("tasks/<str:task_id>/row/", views.task_row, name="task-row"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
