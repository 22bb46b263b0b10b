"""deploy/systemd/: the units verify cleanly and are hardened."""

import re
import shutil
import subprocess

import pytest

from tests.brokers import ROOT

pytestmark = pytest.mark.deploy

UNITS = ROOT / "deploy" / "systemd"
SERVICES = [
    "lyrics-web.service",
    "lyrics-worker.service",
    "lyrics-events.service",
    "lyrics-beat.service",
]


@pytest.fixture
def installed_units(tmp_path):
    """The units as docs/deploy.md installs them, with this checkout as /srv/lyrics/app."""
    assert shutil.which("systemd-analyze"), "systemd-analyze is missing (Debian: systemd)"
    for unit in [*SERVICES, "lyrics.target"]:
        text = (UNITS / unit).read_text()
        text = text.replace("/srv/lyrics/app", str(ROOT))
        text = text.replace("/etc/lyrics/lyrics.env", str(UNITS / "lyrics.env.example"))
        (tmp_path / unit).write_text(text)
    return tmp_path


def analyze(*args, cwd):
    return subprocess.run(
        ["systemd-analyze", *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_it_verifies_every_unit_without_a_warning(installed_units):
    units = [f"./{unit}" for unit in [*SERVICES, "lyrics.target"]]
    result = analyze("verify", *units, cwd=installed_units)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_it_catches_a_mistyped_directive(installed_units):
    # The check above would see a unit that systemd half ignores.
    unit = installed_units / "lyrics-web.service"
    unit.write_text(unit.read_text().replace("ProtectSystem=", "ProtectSystm="))
    result = analyze("verify", "./lyrics-web.service", cwd=installed_units)
    assert "Unknown key 'ProtectSystm'" in result.stderr


@pytest.mark.parametrize("service", SERVICES)
def test_it_runs_each_service_hardened_as_its_own_user(installed_units, service):
    text = (UNITS / service).read_text()
    for directive in [
        "User=lyrics",
        "NoNewPrivileges=true",
        "ProtectSystem=strict",
        "ProtectHome=true",
        "PrivateTmp=true",
        "Restart=always",
        "EnvironmentFile=/etc/lyrics/lyrics.env",
    ]:
        assert directive in text.splitlines(), directive
    result = analyze("security", "--offline=true", f"./{service}", cwd=installed_units)
    exposure = float(re.search(r"Overall exposure level for \S+: ([\d.]+)", result.stdout)[1])
    assert exposure <= 4.0, result.stdout[-2000:]
