"""The base of this project's management commands."""

from django.core.management.base import BaseCommand


class TranslatedCommand(BaseCommand):
    """A command whose ``help`` is translated (gettext_lazy, so the catalogue
    has it and the active language picks it). argparse needs a str: the help
    is resolved when the parser is made, in the language active then."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)
