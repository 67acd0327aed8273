"""--jobs: worker processes give byte-identical output to a serial run (every format, and
--fix on copies); the progress bar appears on a terminal only."""

import os
import pty
import shutil
import subprocess
import sys

import pytest

from conftest import CABLES, ROOT, run_cli

SEL = ("--select", "F001,F002,F003,F004,F005,F006,F007")


@pytest.fixture(scope="module")
def cables(tmp_path_factory):
    """Every sixth fixture cable (38 files: several chunks per worker)."""
    d = tmp_path_factory.mktemp("parallel") / "cables"
    d.mkdir()
    for f in sorted(CABLES.glob("*.txt"))[::6]:
        shutil.copy(f, d / f.name)
    return d


@pytest.mark.parametrize("fmt", ["full", "json", "sarif", "junit", "gitlab", "github"])
def test_jobs_output_identical_to_serial(cables, fmt):
    serial = run_cli("check", *SEL, "--jobs", "1", "--output-format", fmt, ".", cwd=cables)
    parallel = run_cli("check", *SEL, "--jobs", "2", "--output-format", fmt, ".", cwd=cables)
    assert serial.returncode == parallel.returncode == 1
    assert serial.stdout == parallel.stdout and len(serial.stdout) > 20_000
    assert serial.stderr == parallel.stderr


def test_statistics_and_baseline_identical_with_jobs(cables, tmp_path):
    shutil.copytree(cables, tmp_path / "cables")
    run_cli("check", *SEL, "--write-baseline", "bl.json", "cables", cwd=tmp_path)
    victim = sorted((tmp_path / "cables").glob("*.txt"))[5]
    victim.write_text("UNCLAS STATE 1\n\nTAGS: [X](#)\n", encoding="utf-8")
    for args in (("--statistics",), ("--baseline", "bl.json", "--output-format", "json")):
        one = run_cli("check", *SEL, "--jobs", "1", *args, "cables", cwd=tmp_path)
        two = run_cli("check", *SEL, "--jobs", "2", *args, "cables", cwd=tmp_path)
        assert (one.stdout, one.stderr, one.returncode) == (two.stdout, two.stderr, two.returncode)
    assert b"stale" in one.stderr and victim.name.encode() in one.stderr  # its old findings are gone


def test_fix_with_jobs_matches_serial(cables, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(cables, a)
    shutil.copytree(cables, b)
    ra = run_cli("check", *SEL, "--fix", "--jobs", "1", "--show-fixes", ".", cwd=a)
    rb = run_cli("check", *SEL, "--fix", "--jobs", "2", "--show-fixes", ".", cwd=b)
    assert ra.stdout == rb.stdout and b"Fixed " in ra.stdout
    changed = 0
    for f in sorted(a.rglob("*")):
        if f.is_file():
            other = b / f.relative_to(a)
            assert f.read_bytes() == other.read_bytes(), f
            changed += f.read_bytes() != (cables / f.relative_to(a)).read_bytes()
    assert changed > 15


def _run_on_pty(args, env, cwd):
    """Run with stderr (and stdout) on a pseudo-terminal; return what the terminal showed."""
    master, slave = pty.openpty()
    p = subprocess.Popen([sys.executable, "-m", "cablelint", *args], stdout=slave, stderr=slave,
                         cwd=cwd, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    p.wait(timeout=300)
    os.close(master)
    return b"".join(chunks)


def test_progress_bar_on_a_terminal_only(cables):
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS", "GITLAB_CI")}
    env["TERM"] = "xterm"
    # All 245 fixture files, serially: long enough (over 0.2 s) to show the bar.
    args = ["check", *SEL, "--statistics", "--jobs", "1", "tests/fixtures/cables"]
    shown = _run_on_pty(args, env, ROOT)
    assert b"] 245/245 files" in shown and b"\r[" in shown and b"\x1b[2K" in shown
    # Never in CI logs ...
    assert b"/245 files" not in _run_on_pty(args, {**env, "CI": "true"}, ROOT)
    # ... nor when output is piped.
    piped = run_cli(*args[:-1], str(cables), cwd=ROOT)
    assert piped.stderr == b"" and piped.returncode == 1


def test_reports_cross_processes_intact():
    # Workers send reports as plain tuples (pickling dataclasses one by one costs as much as
    # linting); what arrives is the same diagnostics, with the same types.
    import pickle

    from cablelint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, Span
    from cablelint.engine import FileReport

    r = FileReport("a.txt", fragment="x", count=3)
    r.diagnostics = [
        Diagnostic("F005", "whitespace", "trailing", Span(1, 2, 1, 4), Severity.INFO,
                   Fix(Applicability.SAFE, (Edit(Span(1, 2, 1, 4), ""),), "remove"), path="a.txt"),
        Diagnostic("P402", "x", "two edits", Span(2, 1, 3, 1), Severity.ERROR,
                   Fix(Applicability.UNSAFE, (Edit(Span(2, 1, 2, 1), "(C) "), Edit(Span(3, 1, 3, 2), "")), ""),
                   path="a.txt"),
        Diagnostic("H101", "y", "no fix", Span(4, 1, 4, 2), Severity.WARNING, None, path="a.txt"),
    ]
    back = pickle.loads(pickle.dumps(r))
    assert back.diagnostics == r.diagnostics and back.fragment == "x" and back.count == 3
    for d in back.diagnostics:
        assert type(d.span) is Span and (d.fix is None or type(d.fix) is Fix)
        assert all(type(e) is Edit and type(e.span) is Span for e in (d.fix.edits if d.fix else ()))
