"""Fixes on real files: --fix, --unsafe-fixes, --diff, --fix-only, --show-fixes, stdin; bytes
outside the edits (line endings, encoding, final newline), permissions, symlinks, atomic
writes, idempotence. Only F003/F005/F007 fixes are relied on (selected explicitly)."""

import json
import os
import stat
import subprocess

import pytest

from cli_inproc import run_cli
from conftest import EXAMPLE

SEL = ("--select", "F003,F005,F007")
# A cable with a trailing blank (F005, safe), a markdown link (F003, safe) and an in-text
# page marker (F007, unsafe).
TEXT = ("UNCLAS STATE 012345 \n"
        "\n"
        "TAGS: [PREL](#) KPAO\n"
        "SUBJECT: TEST\n"
        "\n"
        "1. (U) First paragraph.\n"
        "STATE 00012345 002 OF 002\n"
        "2. (U) Second paragraph.\n")
SAFE_FIXED = TEXT.replace("012345 \n", "012345\n").replace("[PREL](#)", "PREL")


def fix(path, *extra, cwd=None):
    return run_cli("check", *SEL, "--fix", *extra, str(path), cwd=cwd)


def test_fix_applies_safe_fixes_only_and_is_idempotent(tmp_path):
    f = tmp_path / "c.txt"
    f.write_bytes(TEXT.encode())
    r = fix(f)
    assert f.read_bytes() == SAFE_FIXED.encode()
    out = r.stdout.decode()
    assert "F007" in out and "Found 3 problems (2 fixed, 1 remaining)." in out
    assert "(1 hidden fix can be applied with --unsafe-fixes.)" in out
    assert r.returncode == 0  # F007 is info: below the default fail-on
    before = f.stat().st_mtime_ns
    again = fix(f)
    assert f.read_bytes() == SAFE_FIXED.encode() and f.stat().st_mtime_ns == before  # not rewritten
    assert "Found 1 problem." in again.stdout.decode()


def test_unsafe_fixes(tmp_path):
    f = tmp_path / "c.txt"
    f.write_bytes(TEXT.encode())
    fix(f, "--unsafe-fixes")
    assert f.read_bytes() == SAFE_FIXED.replace("STATE 00012345 002 OF 002\n", "").encode()


def test_line_endings_encoding_and_final_newline_are_kept(tmp_path):
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(TEXT.replace("\n", "\r\n").encode())
    fix(crlf)
    assert crlf.read_bytes() == SAFE_FIXED.replace("\n", "\r\n").encode()

    cp = tmp_path / "cp1252.txt"  # Windows-1252 (cables.csv), with a byte that is not UTF-8
    cp.write_bytes(TEXT.replace("First", "Caf\u00e9 \u201cfirst\u201d").encode("cp1252"))
    fix(cp)
    assert cp.read_bytes() == SAFE_FIXED.replace("First", "Caf\u00e9 \u201cfirst\u201d").encode("cp1252")

    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + TEXT.rstrip("\n").encode())  # BOM, no final newline
    fix(bom)
    assert bom.read_bytes() == b"\xef\xbb\xbf" + SAFE_FIXED.rstrip("\n").encode()


def test_undecodable_file_is_not_fixed(tmp_path):
    f = tmp_path / "bad.txt"
    data = TEXT.encode() + b"\x81\x8d\n"  # bytes undefined even in Windows-1252
    f.write_bytes(data)
    r = fix(f, "--select", "F003,F005,F006")
    assert f.read_bytes() == data
    out = r.stdout.decode()
    assert "F006" in out and "F003" in out and "[*]" not in out  # nothing is offered as fixable


def test_permissions_kept_and_no_temp_files_left(tmp_path):
    f = tmp_path / "c.txt"
    f.write_bytes(TEXT.encode())
    os.chmod(f, 0o640)
    fix(f)
    assert stat.S_IMODE(f.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.txt"]


def test_symlink_stays_a_symlink(tmp_path):
    target = tmp_path / "real.txt"
    target.write_bytes(TEXT.encode())
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    fix(link)
    assert link.is_symlink() and target.read_bytes() == SAFE_FIXED.encode()


def test_read_only_directory_is_reported_not_crashed(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    d = tmp_path / "ro"
    d.mkdir()
    f = d / "c.txt"
    f.write_bytes(TEXT.encode())
    os.chmod(d, 0o555)
    try:
        r = fix(f)
    finally:
        os.chmod(d, 0o755)
    assert r.returncode == 2 and "cannot write the fixes" in r.stderr.decode()
    assert f.read_bytes() == TEXT.encode()


def test_diff_writes_nothing_and_applies_with_patch(tmp_path):
    f = tmp_path / "c.txt"
    f.write_bytes(TEXT.encode())
    r = run_cli("check", *SEL, "--diff", "c.txt", cwd=tmp_path)
    assert f.read_bytes() == TEXT.encode()
    assert r.returncode == 1
    diff = r.stdout.decode()
    assert diff.startswith("--- c.txt\n+++ c.txt\n@@ ")
    assert "-TAGS: [PREL](#) KPAO\n+TAGS: PREL KPAO\n" in diff
    assert "Would fix 2 problems." in r.stderr.decode()
    # The diff is a real patch: git applies it and gets the --fix result.
    subprocess.run(["git", "apply", "--unsafe-paths", "-p0", "-"], input=r.stdout, cwd=tmp_path, check=True)
    assert f.read_bytes() == SAFE_FIXED.encode()
    r = run_cli("check", *SEL, "--diff", "c.txt", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == b""


def test_fix_only_reports_nothing_else(tmp_path):
    f = tmp_path / "c.txt"
    f.write_bytes(TEXT.encode())
    r = run_cli("check", *SEL, "--fix-only", "--show-fixes", str(f))
    assert r.returncode == 0
    out = r.stdout.decode()
    assert "F007" not in out and "Fixed 2 problems." in out
    assert "1 × F003 (rendering-artifact)" in out and "1 × F005 (whitespace)" in out
    assert f.read_bytes() == SAFE_FIXED.encode()


def test_show_fixes_with_fix(tmp_path):
    f = tmp_path / "c.txt"
    f.write_bytes(TEXT.encode())
    out = fix(f, "--show-fixes").stdout.decode()
    assert f"Fixed 2 problems:\n- {f}:\n    1 × F003 (rendering-artifact)\n    1 × F005 (whitespace)\n" in out


def test_stdin_in_fixed_text_out(tmp_path):
    r = run_cli("check", *SEL, "--fix", "-", "--stdin-filename", "c.txt", input=TEXT.encode("utf-8"))
    assert r.stdout == SAFE_FIXED.encode()
    assert "c.txt:7:1: F007" in r.stderr.decode()  # what remains goes to stderr
    r = run_cli("check", *SEL, "--fix-only", "-", input=TEXT.replace("\n", "\r\n").encode())
    assert r.stdout == SAFE_FIXED.replace("\n", "\r\n").encode()
    r = run_cli("check", *SEL, "--diff", "-", input=TEXT.encode())
    assert r.stdout.decode().startswith("--- -\n+++ -\n") and r.returncode == 1


def test_example_fix_changes_only_what_the_fixes_claim(tmp_path):
    """Every line --fix changes is a line a safe fix of the first report claimed."""
    target = tmp_path / EXAMPLE.name
    target.write_bytes(EXAMPLE.read_bytes())
    report = json.loads(run_cli("check", *SEL, "--output-format", "json", str(target)).stdout)
    claimed = set()
    for d in report:
        if d["fix"] and d["fix"]["applicability"] == "safe":
            for e in d["fix"]["edits"]:
                claimed.update(range(e["line"], e["end_line"] + 1))
    before = EXAMPLE.read_text(encoding="utf-8").splitlines()
    fix(target)
    after = target.read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after)
    changed = {i + 1 for i, (a, b) in enumerate(zip(before, after)) if a != b}
    assert changed and changed <= claimed
