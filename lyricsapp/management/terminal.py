"""Commands speak the terminal's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)."""

import functools
import os
import unicodedata

from django.conf import settings
from django.utils import translation

LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def terminal_language(environ=None):
    """The supported language closest to the terminal's locale ("zh_CN.UTF-8" -> "zh-hans")."""
    environ = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "").split(":")[0].split(".")[0].split("@")[0]
        if not value:
            continue
        if value in ("C", "POSIX"):
            break
        try:
            return translation.get_supported_language_variant(value.replace("_", "-").lower())
        except LookupError:
            break
    return settings.LANGUAGE_CODE


def in_terminal_language(handle):
    """Run a command's handle() with the terminal's language active."""

    @functools.wraps(handle)
    def wrapper(*args, **kwargs):
        with translation.override(terminal_language()):
            return handle(*args, **kwargs)

    return wrapper


def display_width(text):
    """Columns ``text`` takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def aligned(rows, indent="  "):
    """ "label:  value" lines with the values in one column, whatever the script."""
    width = max(display_width(label) for label, _ in rows) + 2
    return [
        f"{indent}{label}{' ' * (width - display_width(label))}{value}" if label else value
        for label, value in rows
    ]
