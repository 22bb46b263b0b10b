import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the callback URL and how to log in; in DEBUG, create a first admin user."

    def handle(self, *args, **options):
        base = settings.PUBLIC_BASE_URL
        callback_url = f"{base}/callbacks/suno/lyrics/?token={settings.SUNO_CALLBACK_TOKEN}"
        login = self._login_line()
        self.stdout.write(
            "\n".join(
                [
                    "",
                    self.style.SUCCESS("Lyrics library is starting."),
                    f"  Library:       {base}/",
                    f"  Admin:         {base}/admin/",
                    f"  Callback URL:  {callback_url}",
                    "                 (paste it into the provider's callBackUrl)",
                    f"  Log in:        {login}",
                    "  Stop:          Ctrl-C",
                    "",
                ]
            )
        )

    def _login_line(self):
        users = get_user_model().objects
        if users.filter(is_superuser=True).exists():
            return "with your existing account (new one: python manage.py createsuperuser)"
        if not settings.DEBUG:
            return "first create an account: .venv/bin/python manage.py createsuperuser"
        password = secrets.token_urlsafe(12)
        users.create_superuser("admin", "admin@localhost", password)
        return f"user 'admin', password '{password}' (created now, shown once)"
