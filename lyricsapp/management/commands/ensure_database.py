import psycopg
from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from psycopg import sql

from lyricsapp.management.base import TranslatedCommand
from lyricsapp.management.terminal import in_terminal_language


class Command(TranslatedCommand):
    help = _("Create the PostgreSQL database named by DATABASE_URL if it does not exist yet.")

    @in_terminal_language
    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        params = {
            "dbname": "postgres",
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
            "connect_timeout": 5,
        }
        params = {key: value for key, value in params.items() if value is not None}
        name = db["NAME"]
        try:
            with psycopg.connect(**params, autocommit=True) as conn:
                exists = conn.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [name]
                ).fetchone()
                if exists:
                    self.stdout.write(gettext("Database %(name)r is there.") % {"name": name})
                    return
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.OperationalError as exc:
            raise CommandError(
                gettext(
                    "Cannot reach PostgreSQL (%(error)s). Is it running? See README.md, 'Setup'."
                )
                % {"error": exc}
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(gettext("Created database %(name)r.") % {"name": name})
        )
