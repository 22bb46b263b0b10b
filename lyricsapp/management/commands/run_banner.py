"""The banner `make run` prints: where the app is, the callback URL, how to log in.

Secrets never go to a log: when standard output is not a terminal (a
supervisor, CI, `make run > log`), the first admin password and the callback
token are written to a file only its owner can read, and the banner prints
that file's path instead. The banner speaks the terminal's language.
"""

import ipaddress
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lyricsapp.management.base import TranslatedCommand
from lyricsapp.management.terminal import aligned, display_width, in_terminal_language
from lyricsapp.provider.services import callback_url
from project.credentials import redact

CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".run-credentials"


def is_loopback(url):
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def write_private(path, text):
    """Write ``text`` to ``path``, readable and writable by its owner only (0600)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # an older file keeps its mode otherwise
    with os.fdopen(descriptor, "w") as file:
        file.write(text)


class Command(TranslatedCommand):
    help = _("Print the callback URL and how to log in; in DEBUG, create a first admin user.")

    @in_terminal_language
    def handle(self, *args, **options):
        on_terminal = self.stdout.isatty()
        base = settings.PUBLIC_BASE_URL
        url = callback_url()
        password = self._first_admin_password()
        if not on_terminal:
            private = [f"Callback URL: {url}"]
            if password:
                private.append(f"First admin: user 'admin', password '{password}'")
            write_private(CREDENTIALS_FILE, "\n".join(private) + "\n")
            url = redact(url)
        rows = [
            (gettext("Library:"), f"{base}/"),
            (gettext("Admin:"), f"{base}/admin/"),
            (gettext("Callback URL:"), url),
            ("", ""),
            (gettext("Log in:"), self._login_line(password, on_terminal)),
        ]
        if not on_terminal:
            secrets_where = gettext("in %(file)s (readable by you only)") % {
                "file": CREDENTIALS_FILE
            }
            rows.append((gettext("Secrets:"), secrets_where))
        rows.append((gettext("Stop:"), "Ctrl-C"))
        lines = aligned(rows)
        # The hint sits under the callback URL, in the values' column.
        hint_indent = lines[2][: len(lines[2]) - len(url)]
        lines[3] = " " * display_width(hint_indent) + gettext(
            "(paste it into the provider's callBackUrl)"
        )
        title = self.style.SUCCESS(gettext("Lyrics library is starting."))
        warning = self._public_debug_warning(base)
        self.stdout.write("\n".join(["", title, *lines, "", *warning]))

    def _first_admin_password(self):
        """In DEBUG with no superuser yet, create 'admin' and return its password."""
        users = get_user_model().objects
        if not settings.DEBUG or users.filter(is_superuser=True).exists():
            return None
        password = secrets.token_urlsafe(12)
        users.create_superuser("admin", "admin@localhost", password)
        return password

    def _login_line(self, password, on_terminal):
        if password and on_terminal:
            return gettext("user '%(user)s', password '%(password)s' (created now, shown once)") % {
                "user": "admin",
                "password": password,
            }
        if password:
            return gettext("user '%(user)s' (created now; the password is in %(file)s)") % {
                "user": "admin",
                "file": CREDENTIALS_FILE,
            }
        if get_user_model().objects.filter(is_superuser=True).exists():
            return gettext("with your existing account (new one: python manage.py createsuperuser)")
        return gettext("first create an account: .venv/bin/python manage.py createsuperuser")

    def _public_debug_warning(self, base):
        if not settings.DEBUG or is_loopback(base):
            return []
        dev = list(settings.DEV_DEFAULTS_USED)
        words = [
            gettext(
                "WARNING: DEBUG is on, and PUBLIC_BASE_URL (%(base)s) is not a loopback address."
            )
            % {"base": base},
            gettext("  Anyone who reaches this app sees error pages with its settings and code."),
        ]
        if dev:
            words.append(
                gettext(
                    "  The development %(secrets)s are in use: they are public"
                    " knowledge, so anyone can forge sessions and post callbacks."
                )
                % {"secrets": " and ".join(dev)}
            )
        words += [
            gettext("  Before exposing it: set DEBUG=false, and a long random SECRET_KEY and"),
            gettext("  SUNO_CALLBACK_TOKEN (docs/security.md)."),
            "",
        ]
        return [self.style.ERROR(words[0]), *words[1:]]
