"""python manage.py import_library FILE [--dry-run]"""

import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from lyricsapp.archive.importer import archive_import
from lyricsapp.archive.reader import ArchiveError
from lyricsapp.management.base import TranslatedCommand
from lyricsapp.management.terminal import in_terminal_language


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Import a library archive. Tasks already stored are left as they are; "
        "one with a different result is reported as a conflict. Nothing is written "
        "when the archive is invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The archive (a ZIP written by export_library).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument(
            "--rebuild-indexes",
            action="store_true",
            help="Restoring into an empty library: build the tasks' and lyrics' indexes "
            "once at the end (much faster for large archives; callbacks wait until the "
            "import ends).",
        )

    @in_terminal_language
    def handle(self, *args, **options):
        bar = tqdm(unit=" lyrics", disable=not sys.stderr.isatty(), file=sys.stderr)
        read = {"lyrics": 0}

        def progress(done, total):
            bar.total = total
            bar.update(done - read["lyrics"])
            read["lyrics"] = done

        try:
            report = archive_import(
                source=options["file"],
                dry_run=options["dry_run"],
                rebuild_indexes=options["rebuild_indexes"],
                progress=progress,
            )
        except ArchiveError as exc:
            raise CommandError(
                _("Refused %(file)s: %(error)s Nothing was imported.")
                % {"file": options["file"], "error": exc}
            ) from None
        finally:
            bar.close()
        if report.conflict_ids:
            self.stdout.write("First conflicts (left unchanged):")
            for task_id in report.conflict_ids:
                self.stdout.write(f"  {task_id}")
        self.stdout.write(f"lyrics added {report.lyrics_added}")
        if report.dry_run:
            self.stdout.write("dry run: nothing was written")
        self.stdout.write(report.summary())
