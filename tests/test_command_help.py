"""Every command of the project answers --help (argparse needs str help)."""

import pytest
from django.core.management import get_commands, load_command_class
from django.utils import translation

PROJECT_COMMANDS = sorted(
    (app, name) for name, app in get_commands().items() if app in ("lyricsapp", "callbacks")
)


@pytest.mark.parametrize(("app", "name"), PROJECT_COMMANDS)
def test_it_prints_the_help_of(app, name):
    command = load_command_class(app, name)
    text = command.create_parser("manage.py", name).format_help()
    assert text.startswith(f"usage: manage.py {name}")
    assert str(command.help).split()[0] in text


def test_it_prints_a_translated_help_in_the_active_language():
    with translation.override("zh-hans"):
        command = load_command_class("lyricsapp", "export_library")
        text = command.create_parser("manage.py", "export_library").format_help()
    english = "Write the library, or the lyrics matching the filters, to a ZIP archive."
    assert english not in text
    assert "ZIP" in text
