from django.urls import path

from lyricsapp.views_submit import new_task

urlpatterns = [
    path("new/", new_task, name="new-task"),
]
