import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lyricsapp.management.terminal import aligned, display_width, in_terminal_language


class Command(BaseCommand):
    help = _("Print the callback URL and how to log in; in DEBUG, create a first admin user.")

    @in_terminal_language
    def handle(self, *args, **options):
        base = settings.PUBLIC_BASE_URL
        callback_url = f"{base}/callbacks/suno/lyrics/?token={settings.SUNO_CALLBACK_TOKEN}"
        login = self._login_line()
        rows = [
            (gettext("Library:"), f"{base}/"),
            (gettext("Admin:"), f"{base}/admin/"),
            (gettext("Callback URL:"), callback_url),
            ("", ""),
            (gettext("Log in:"), login),
            (gettext("Stop:"), "Ctrl-C"),
        ]
        lines = aligned(rows)
        # The hint sits under the callback URL, in the values' column.
        hint_indent = lines[2][: len(lines[2]) - len(callback_url)]
        lines[3] = " " * display_width(hint_indent) + gettext(
            "(paste it into the provider's callBackUrl)"
        )
        self.stdout.write(
            "\n".join(["", self.style.SUCCESS(gettext("Lyrics library is starting.")), *lines, ""])
        )

    def _login_line(self):
        users = get_user_model().objects
        if users.filter(is_superuser=True).exists():
            return gettext("with your existing account (new one: python manage.py createsuperuser)")
        if not settings.DEBUG:
            return gettext("first create an account: .venv/bin/python manage.py createsuperuser")
        password = secrets.token_urlsafe(12)
        users.create_superuser("admin", "admin@localhost", password)
        return gettext("user '%(user)s', password '%(password)s' (created now, shown once)") % {
            "user": "admin",
            "password": password,
        }
