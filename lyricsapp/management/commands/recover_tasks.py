"""python manage.py recover_tasks FILE  (one task id a line; '-' for stdin)"""

import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext, gettext_lazy
from tqdm import tqdm

from lyricsapp.management.base import TranslatedCommand
from lyricsapp.management.terminal import in_terminal_language
from lyricsapp.provider.client import provider_enabled
from lyricsapp.provider.recover import task_ids_parse, tasks_recover


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Fetch tasks from the provider's records (within its rate limit) and store "
        "them like callbacks: for results whose callbacks went to another URL."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Task ids, one a line ('-' reads standard input).")

    @in_terminal_language
    def handle(self, *args, **options):
        if not provider_enabled():
            raise CommandError(gettext("Recovering needs the provider's key: set SUNO_API_KEY."))
        source = sys.stdin if options["file"] == "-" else open(options["file"], encoding="utf-8")  # noqa: SIM115
        with source:
            try:
                task_ids = task_ids_parse(source.read())
            except ValueError as exc:
                raise CommandError(gettext("Invalid task id %(error)s") % {"error": exc}) from None
        bar = tqdm(
            total=len(task_ids), unit=" tasks", disable=not sys.stderr.isatty(), file=sys.stderr
        )
        report = tasks_recover(task_ids=task_ids, progress=lambda done, total: bar.update(1))
        bar.close()
        for name in ("unknown", "not_final", "errors"):
            for entry in getattr(report, name)[:20]:
                self.stdout.write(f"{name.replace('_', ' ')}: {entry}")
        self.stdout.write(report.summary())
