from django.urls import path

from callbacks.views import LyricsCallbackView

urlpatterns = [
    path("suno/lyrics/", LyricsCallbackView.as_view(), name="suno-lyrics-callback"),
]
