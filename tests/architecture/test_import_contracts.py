"""The import rule of docs/architecture.md, as import-linter contracts in pyproject.toml.

``make lint`` runs ``lint-imports``; these tests show that it passes on the code
as it is and fails on a copy of it with one forbidden import added.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGES = ("project", "callbacks", "lyricsapp")


def lint_imports(tree):
    """Run lint-imports on ``tree`` (a folder holding the packages and pyproject.toml)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def tree_copy(tmp_path):
    """A copy of the packages and of pyproject.toml that a test may break."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(tree, module, statement):
    path = tree.joinpath(*module.split(".")).with_suffix(".py")
    path.write_text(path.read_text() + f"\n{statement}  # noqa\n")


def test_it_keeps_every_contract_on_the_code_as_it_is():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_it_keeps_every_contract_on_an_unchanged_copy(tree_copy):
    result = lint_imports(tree_copy)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "statement", "contract", "named"),
    [
        pytest.param(
            "callbacks.services",
            "from lyricsapp.library import views",
            "imports go down only",
            "callbacks.services -> lyricsapp.library.views",
            id="ingestion imports a page",
        ),
        pytest.param(
            "lyricsapp.processing.publish",
            "from lyricsapp.processing import tasks",
            "No import cycles",
            ".publish -> .tasks",
            id="a cycle inside a package",
        ),
        pytest.param(
            "lyricsapp.api.views",
            "from lyricsapp.provider.fake import server",
            "Only the management commands use the fake provider",
            "lyricsapp.api.views -> lyricsapp.provider.fake.server",
            id="production code imports the fake provider",
        ),
        pytest.param(
            "lyricsapp.library.views",
            "from project import settings",
            "never the project's modules",
            "lyricsapp.library.views -> project.settings",
            id="a module imports the settings module",
        ),
    ],
)
def test_it_fails_on_a_forbidden_import(tree_copy, module, statement, contract, named):
    add_import(tree_copy, module, statement)
    result = lint_imports(tree_copy)
    assert result.returncode != 0
    assert "1 broken" in result.stdout
    broken = result.stdout.split("Broken contracts", 1)[1]
    assert contract in broken
    assert named in broken
