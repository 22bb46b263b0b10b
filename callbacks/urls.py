from django.urls import path

from callbacks.views import LyricsCallbackView


class LyricsCallbackWithoutSlashView(LyricsCallbackView):
    """The same endpoint without the trailing slash: a redirect would lose the POST body."""

    schema = None  # documented once, under its canonical URL


urlpatterns = [
    path("suno/lyrics/", LyricsCallbackView.as_view(), name="suno-lyrics-callback"),
    path("suno/lyrics", LyricsCallbackWithoutSlashView.as_view()),
]
