"""`make run`'s banner: secrets on a terminal only, a plain warning when DEBUG meets a public URL."""

import os
import stat
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from lyricsapp.management.commands import run_banner
from tests.live_gunicorn import database_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def credentials_file(tmp_path, monkeypatch):
    path = tmp_path / "run-credentials"
    monkeypatch.setattr(run_banner, "CREDENTIALS_FILE", path)
    return path


def banner():
    out = StringIO()  # not a terminal, like a supervisor's or CI's log
    call_command("run_banner", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_keeps_secrets_out_of_a_log(settings, credentials_file):
    settings.DEBUG = True
    settings.SUNO_CALLBACK_TOKEN = "banner-token-123"
    output = banner()
    assert "banner-token-123" not in output
    assert "password '" not in output
    assert "callbacks/suno/lyrics/?token=[redacted]" in output
    assert f"Secrets:       in {credentials_file} (readable by you only)" in output
    assert stat.S_IMODE(credentials_file.stat().st_mode) == 0o600
    saved = credentials_file.read_text()
    assert "?token=banner-token-123" in saved
    password = saved.split("password '")[1].split("'")[0]
    assert User.objects.get(username="admin").check_password(password)


@pytest.mark.django_db
def test_it_makes_an_older_file_private_again(settings, credentials_file):
    credentials_file.write_text("old")
    credentials_file.chmod(0o644)
    banner()
    assert stat.S_IMODE(credentials_file.stat().st_mode) == 0o600


@pytest.mark.django_db(transaction=True)
def test_it_shows_the_password_on_a_terminal_only(tmp_path):
    before = (
        run_banner.CREDENTIALS_FILE.stat().st_mtime
        if run_banner.CREDENTIALS_FILE.exists()
        else None
    )
    controller, terminal = os.openpty()
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": database_url(), "SECRET_KEY": "k" * 50}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_banner"],
        cwd=ROOT,
        env=env,
        stdout=terminal,
        stderr=terminal,
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait(60) == 0
    os.close(controller)
    output = b"".join(chunks).decode()
    password = output.split("password '")[1].split("'")[0]
    assert User.objects.get(username="admin").check_password(password)
    assert "?token=test-token" in output
    assert "Secrets:" not in output
    after = (
        run_banner.CREDENTIALS_FILE.stat().st_mtime
        if run_banner.CREDENTIALS_FILE.exists()
        else None
    )
    assert after == before


@pytest.mark.django_db
def test_it_warns_when_debug_meets_a_public_address(settings, credentials_file):
    settings.DEBUG = True
    settings.PUBLIC_BASE_URL = "http://203.0.113.5:8000"
    settings.DEV_DEFAULTS_USED = ["SECRET_KEY", "SUNO_CALLBACK_TOKEN"]
    output = banner()
    assert "DEBUG is on, and PUBLIC_BASE_URL (http://203.0.113.5:8000) is not a loopback" in output
    assert "The development SECRET_KEY and SUNO_CALLBACK_TOKEN are in use" in output
    assert "set DEBUG=false" in output


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("debug", "url"),
    [
        (True, "http://127.0.0.1:8000"),
        (True, "http://localhost:8000"),
        (True, "http://[::1]:8000"),
        (False, "https://lyrics.example.com"),
    ],
)
def test_it_does_not_warn_on_loopback_or_without_debug(settings, credentials_file, debug, url):
    settings.DEBUG = debug
    settings.PUBLIC_BASE_URL = url
    assert "WARNING" not in banner()
