"""The dump and restore commands of docs/operations.md, run as documented."""

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.api_helpers import make_task

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "operations.md"


def documented(section):
    """The shell commands of one section of the document, line by line."""
    text = DOC.read_text().split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def database_url(name):
    settings = connection.settings_dict
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgresql://{settings.get('USER') or ''}@{settings.get('HOST') or ''}{port}/{name}"


def library(url):
    with psycopg.connect(url) as db:
        return db.execute(
            "SELECT t.task_id, l.position, l.title, l.text FROM lyricsapp_task t "
            "JOIN lyricsapp_lyric l ON l.task_id = t.id ORDER BY 1, 2"
        ).fetchall()


def run(command, cwd, env):
    result = subprocess.run(  # noqa: S602 (the document's own shell lines)
        command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, (command, result.stderr)
    return result.stdout


def test_the_documented_dump_and_restore_give_back_the_library(tmp_path):
    text = "[Verse]\n月光洒满了窗台"
    make_task("cjk", lyrics=[{"title": "星夜", "text": text, "status": "complete"}])
    make_task("latin", lyrics=[{"title": "Moon", "text": "drive", "status": "complete"}])
    source = database_url(connection.settings_dict["NAME"])
    restored = f"lyrics_restored_{uuid.uuid4().hex[:8]}"
    commands = documented("Dump") + documented("Restore")
    assert [c.split()[0] for c in commands] == [
        "pg_dump",
        "pg_dump",
        "createdb",
        "pg_restore",
        "DATABASE_URL=postgres:///lyrics_restored",
    ]
    env = {**os.environ, "DATABASE_URL": source}
    try:
        for command in commands:
            command = (
                command.replace("lyrics_restored", restored)
                .replace(f"postgres:///{restored}", database_url(restored))
                .replace("python manage.py", f"{sys.executable} {ROOT / 'manage.py'}")
            )
            run(command, tmp_path, env)
        assert library(database_url(restored)) == library(source)
        listing = run("pg_restore --list lyrics.dump", tmp_path, env)
        assert "TABLE DATA public lyricsapp_lyric" in listing
        assert "TABLE DATA public callbacks_delivery" in listing
    finally:
        subprocess.run(["dropdb", "--if-exists", restored], capture_output=True, check=False)
