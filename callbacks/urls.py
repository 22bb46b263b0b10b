from django.urls import re_path

from callbacks.views import LyricsCallbackView

urlpatterns = [
    # The trailing slash is optional: a redirect would lose the POST body.
    re_path(r"^suno/lyrics/?$", LyricsCallbackView.as_view(), name="suno-lyrics-callback"),
]
