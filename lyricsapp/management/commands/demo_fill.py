import itertools
import socket
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from lyricsapp.management.base import TranslatedCommand
from lyricsapp.management.terminal import in_terminal_language
from lyricsapp.provider.client import ProviderError, provider_enabled
from lyricsapp.provider.services import task_submit

# Prompt directives are understood by the fake provider only (see fake_suno).
PROMPTS = [
    "a lighthouse keeper waiting for the last ship",
    "月光洒在安静的小城",
    "summer rain on a tin roof #dup",
    "neon city at three in the morning #camel",
    "letters never sent #fail=531",
    "a road trip with an old friend #snake",
    "山间的风和远方的你 #dup",
    "the night the power went out #lost",
    "copying someone else's chorus #fail=400",
    "a lullaby for a restless city",
    "dancing in the kitchen at midnight #dup #camel",
    "the last train home #fail=501",
    "winter coats and warm hands",
    "海边的旧照片 #lost",
    "a garden that outlived its gardener",
    "coffee shop daydreams #dup",
    "starlight over the harbour",
    "the first snow of the year #fail=531",
]


def _wait_for(url, seconds):
    parts = urlsplit(url)
    address = (parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(address, timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise CommandError(
        gettext("Nothing answers at %(url)s after %(seconds)s s.")
        % {"url": url, "seconds": seconds}
    )


class Command(TranslatedCommand):
    help = _("Submit a few dozen prompts so the library fills within a minute (for make demo).")

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=36)
        parser.add_argument(
            "--spread", type=float, default=20.0, help="seconds to spread them over"
        )
        parser.add_argument("--user", default="", help="owner (default: the first superuser)")
        parser.add_argument(
            "--then-wait", action="store_true", help="keep running (so honcho keeps the rest)"
        )

    @in_terminal_language
    def handle(self, *args, **options):
        if not provider_enabled():
            raise CommandError(gettext("SUNO_API_KEY is not set: nothing to submit to."))
        user = self._owner(options["user"])
        _wait_for(settings.SUNO_API_BASE_URL, 30)
        _wait_for(settings.PUBLIC_BASE_URL, 60)
        pause = options["spread"] / max(1, options["count"])
        prompts = itertools.islice(itertools.cycle(PROMPTS), options["count"])
        submitted = 0
        for number, prompt in enumerate(prompts, start=1):
            try:
                task = task_submit(user=user, prompt=prompt)
            except ProviderError as exc:
                self.stderr.write(f"{number}: {exc.words}")
            else:
                submitted += 1
                self.stdout.write(f"{number}: {task.task_id} {prompt}")
            time.sleep(pause)
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Submitted %(count)s prompt for %(user)s; open %(url)s to watch it arrive.",
                    "Submitted %(count)s prompts for %(user)s; open %(url)s to watch them arrive.",
                    submitted,
                )
                % {"count": submitted, "user": user.username, "url": f"{settings.PUBLIC_BASE_URL}/"}
            )
        )
        while options["then_wait"]:
            time.sleep(3600)

    def _owner(self, username):
        users = get_user_model().objects
        if username:
            return users.get_or_create(username=username)[0]
        owner = users.filter(is_superuser=True).order_by("pk").first()
        return owner or users.get_or_create(username="demo")[0]
