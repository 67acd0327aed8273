"""Shared fixtures: paths, the corpus directory, a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CABLES = FIXTURES / "cables"
EXAMPLE = ROOT / "examples" / "08USUNNEWYORK314.md"


def corpus_dir() -> Path | None:
    """The whole corpus named by CABLELINT_CORPUS. Unset: None (corpus tests skip). Set but
    unreadable: a hard failure, so a CI that is meant to run them cannot pass silently."""
    value = os.environ.get("CABLELINT_CORPUS")
    if not value:
        return None
    path = Path(value)
    if not (path / "cables").is_dir() or not os.access(path / "cables", os.R_OK):
        pytest.fail(f"CABLELINT_CORPUS={value!r} is set but {path / 'cables'} is not a readable directory",
                    pytrace=False)
    return path


@pytest.fixture(scope="session")
def corpus() -> Path:
    path = corpus_dir()
    if path is None:
        pytest.skip("CABLELINT_CORPUS is not set")
    return path


def run_cli(*args: str, input: bytes | None = None, cwd: str | Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed command as a user would."""
    return subprocess.run([sys.executable, "-m", "cablelint", *args], input=input, capture_output=True,
                          cwd=cwd, timeout=300)


@pytest.fixture
def cli():
    return run_cli
