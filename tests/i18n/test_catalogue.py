"""The Simplified Chinese catalogue is complete, current, and nothing escapes it.

- every zh_Hans entry is translated and none is fuzzy;
- `make messages` (makemessages) would not change the catalogue's messages;
- no template shows text outside {% translate %} / {% blocktranslate %};
- no Python message meant for people is a bare string literal.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
# The same options as MAKEMESSAGES_OPTIONS in the Makefile.
MAKEMESSAGES = [
    "makemessages",
    "-l",
    "zh_Hans",
    "--no-location",
    "--no-obsolete",
    "--ignore=.venv",
    "--ignore=bench",
    "--ignore=tests",
    "--ignore=staticfiles",
    "--ignore=node_modules",
]
LETTERS = re.compile(r"[A-Za-z\u3400-\u9fff]")
VISIBLE_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-copied", "label"}


def _keys(path):
    return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in polib.pofile(str(path))}


def test_it_translates_every_entry_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO))
    assert len(catalogue) > 300
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert not catalogue.metadata_is_fuzzy
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    for entry in catalogue:
        if entry.msgid_plural:
            assert entry.msgstr_plural[0], entry.msgid


def test_it_keeps_the_placeholders_of_every_message():
    placeholder = re.compile(r"%\([a-z_]+\)[sdr]|\{[a-z_]+\}")
    for entry in polib.pofile(str(PO)):
        translated = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
        expected = sorted(placeholder.findall(entry.msgid_plural or entry.msgid))
        assert sorted(placeholder.findall(translated)) == expected, entry.msgid


def test_it_needs_no_makemessages_run(tmp_path):
    """Run makemessages on a copy of the project: the messages must stay the same."""
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns(".venv", ".git", "node_modules", "staticfiles", "*.mo", "bench")
    shutil.copytree(ROOT, copy, ignore=ignore)
    env = {**os.environ, "DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    fresh = _keys(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    current = _keys(PO)
    assert sorted(fresh - current, key=str) == [], "new messages: run make messages"
    assert sorted(current - fresh, key=str) == [], "stale messages: run make messages"


class _VisibleText(HTMLParser):
    """Collects text a reader sees (or hears) that is not a translation marker."""

    def __init__(self):
        super().__init__()
        self.found, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self._check(value)

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self._check(data)

    def _check(self, text):
        for piece in text.split("\x00"):
            if LETTERS.search(piece):
                self.found.append(piece.strip())


def _untranslated(source):
    """Template text outside translation tags; tags and variables become markers."""
    parts, depth = [], {"blocktranslate": 0, "comment": 0}
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            if name in ("blocktranslate", "blocktrans", "comment"):
                depth["comment" if name == "comment" else "blocktranslate"] += 1
            elif name in ("endblocktranslate", "endblocktrans", "endcomment"):
                depth["comment" if name == "endcomment" else "blocktranslate"] -= 1
            parts.append("\x00")
        elif token.token_type == TokenType.VAR:
            parts.append("\x00")
        elif token.token_type == TokenType.TEXT and not any(depth.values()):
            parts.append(token.contents)
    parser = _VisibleText()
    parser.feed("".join(parts))
    return parser.found


TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_it_finds_no_unmarked_text_in_templates(path):
    assert _untranslated(path.read_text(encoding="utf-8")) == []


def test_the_template_check_catches_unmarked_text():
    source = '{% load i18n %}<p title="Hello">{% translate "Fine" %} Oops <b>{{ x }}</b></p>'
    assert _untranslated(source) == ["Hello", "Oops"]


# Calls whose string arguments reach people, and keyword arguments that label things.
MESSAGE_CALLS = {"message_user", "ValidationError", "CommandError", "Http404"}
# messages.success(...) and friends; logger.error(...) is for operators' logs.
MESSAGES_FUNCTIONS = {"success", "error", "warning", "info", "add_message"}
LABEL_KEYWORDS = {"description", "help_text", "label", "verbose_name", "verbose_name_plural"}
LABEL_ATTRIBUTES = {"title", "search_help_text", "verbose_name", "help"}
# Developer tools (and the fake provider, lyricsapp/provider/fake/) whose output
# is for the people who build the project, and
# the API's filter and field descriptions (its OpenAPI schema, in English), and
# the callback payload's field descriptions (the provider's side, in English).
PYTHON_EXEMPT = {
    "callbacks/payload.py",
    "lyricsapp/api/filters.py",
    "lyricsapp/api/serializers.py",
    "lyricsapp/management/commands/fake_suno.py",
    "lyricsapp/management/commands/generate_lyrics.py",
}


def _is_text(node):
    if isinstance(node, ast.JoinedStr):
        return True
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and LETTERS.search(node.value)
    )


def _unmarked_python(source):
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = getattr(getattr(func, "value", None), "id", "")
            if name.startswith(("OpenApi", "extend_schema")) or owner == "serializers":
                continue  # the API's schema documents it for developers, in English
            if name in MESSAGE_CALLS or (owner == "messages" and name in MESSAGES_FUNCTIONS):
                found += [ast.unparse(arg) for arg in node.args if _is_text(arg)]
            found += [
                ast.unparse(kw.value)
                for kw in node.keywords
                if kw.arg in LABEL_KEYWORDS and _is_text(kw.value)
            ]
        elif isinstance(node, ast.ClassDef):
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and len(statement.targets) == 1
                    and getattr(statement.targets[0], "id", "") in LABEL_ATTRIBUTES
                    and _is_text(statement.value)
                ):
                    found.append(ast.unparse(statement.value))
    return found


PYTHON = sorted(
    path
    for folder in ("lyricsapp", "callbacks", "project")
    for path in (ROOT / folder).rglob("*.py")
    if "migrations" not in path.parts and str(path.relative_to(ROOT)) not in PYTHON_EXEMPT
)


@pytest.mark.parametrize("path", PYTHON, ids=lambda path: str(path.relative_to(ROOT)))
def test_it_finds_no_unmarked_message_in_python(path):
    assert _unmarked_python(path.read_text(encoding="utf-8")) == []


def test_the_python_check_catches_unmarked_messages():
    source = (
        "messages.success(request, f'Saved {n}')\n"
        "messages.success(request, gettext('Saved'))\n"
        "class F(admin.SimpleListFilter):\n    title = 'code'\n"
        "@admin.display(description='title')\ndef f(): pass\n"
    )
    assert sorted(_unmarked_python(source)) == ["'code'", "'title'", "f'Saved {n}'"]
