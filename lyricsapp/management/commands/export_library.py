"""python manage.py export_library --output FILE [--q TEXT] [--tag T] [--collection ID]"""

import os
import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from lyricsapp.archive.export import archive_chunks
from lyricsapp.archive.selection import FilterError, selection_from_filters
from lyricsapp.management.base import TranslatedCommand
from lyricsapp.management.terminal import in_terminal_language


class Command(TranslatedCommand):
    help = gettext_lazy("Write the library, or the lyrics matching the filters, to a ZIP archive.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", required=True, help="The archive to write ('-' for stdout)."
        )
        parser.add_argument("--q", default="", help="Only lyrics whose title or text contain this.")
        parser.add_argument(
            "--tag", action="append", default=[], help="Only lyrics with this tag (repeatable)."
        )
        parser.add_argument("--collection", help="Only lyrics of this collection (its id).")
        parser.add_argument("--status", default="", help="Only lyrics with this status.")

    @in_terminal_language
    def handle(self, *args, **options):
        filters = {
            name: options[name]
            for name in ("q", "tag", "collection", "status")
            if options[name] not in ("", None, [])
        }
        try:
            selection = selection_from_filters(filters)
        except FilterError as exc:
            raise CommandError(_("Invalid filter: %(error)s") % {"error": exc}) from None
        to_stdout = options["output"] == "-"
        # A progress bar only for a person watching a terminal.
        bar = tqdm(unit=" lyrics", disable=not sys.stderr.isatty(), file=sys.stderr)

        written = {"lyrics": 0}

        def progress(done, total):
            bar.total = total
            bar.update(done - written["lyrics"])
            written["lyrics"] = done

        target = sys.stdout.buffer if to_stdout else open(options["output"] + ".partial", "wb")  # noqa: SIM115
        try:
            for chunk in archive_chunks(selection=selection, progress=progress):
                target.write(chunk)
        except BaseException:
            if not to_stdout:
                target.close()
                os.unlink(options["output"] + ".partial")
            raise
        finally:
            bar.close()
        if not to_stdout:
            target.close()
            # Complete or absent: a reader never sees half an archive.
            os.replace(options["output"] + ".partial", options["output"])
            self.stderr.write(f"wrote {options['output']} ({written['lyrics']} lyrics)")
