"""Hostile input: every file gets a clear diagnostic or error, nothing crashes, nothing is lost,
and one bad file never stops the others (issue "Robustness")."""

from __future__ import annotations

import json
import os
import random
import socket
import stat

import pytest

from cablelint.engine import lint_source
from cablelint.settings import Settings
from cablelint.source import Source
from conftest import EXAMPLE, run_cli

GOOD = b"""C O N F I D E N T I A L STATE 012345

E.O. 12958: DECL: 03/02/2019
TAGS: PREL, UNSC
SUBJECT: TEST CABLE

Classified By: Jane Roe, Director, for reasons 1.4 (b) and (d).

1. (C) First point.
2. (C) Second point.
ROE
"""

HOSTILE = {
    "binary.txt": bytes(random.Random(7).randrange(256) for _ in range(50_000)),
    "nul.txt": b"UNCLAS STATE 012345\x00\x00\nTAGS: PREL\n",
    "invalid-utf8.txt": b"UNCLAS STATE 012345\n\xb6 1. (U) Caf\xe9 cr\xe8me.\n",
    "undefined-cp1252.txt": b"UNCLAS STATE 012345\n\x81\x8d\x8f\x90\x9d\n",
    "bom.txt": b"\xef\xbb\xbf" + GOOD,
    "cr-only.txt": GOOD.replace(b"\n", b"\r"),
    "crlf.txt": GOOD.replace(b"\n", b"\r\n"),
    "long-line.txt": b"1. (C) " + b"word " * 200_000 + b"\n",
    "whitespace.txt": b"   \n\t\t\n \r\n  ",
    "empty.txt": b"",
    "sections.txt": b"".join(b"UNCLAS SECTION %02d OF 99 STATE 012345\n" % (i % 100) for i in range(3000)),
    "tags.txt": b"UNCLAS STATE 012345\nE.O. 12958: N/A\nTAGS: " + b" ".join([b"PREL"] * 100_000) + b"\n",
    "brackets.txt": b"[" * 50_000 + b"](#)" * 10 + b"\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_linted_without_error(name):
    data = HOSTILE[name]
    result = lint_source(Source.from_bytes(data, name), Settings(select=("ALL",)))
    assert not result.rule_errors, result.rule_errors
    nlines = max(1, len(result.source.lines))
    for d in result.diagnostics:  # every diagnostic inside the text bounds
        assert 1 <= d.span.line <= nlines and d.span.end_line <= nlines + 1, d
        line = result.source.lines[d.span.line - 1] if result.source.lines else ""
        assert 1 <= d.span.column <= len(line) + 1, d


def test_undecodable_and_binary_files_are_reported():
    for name, code_msg in (("binary.txt", "F006"), ("nul.txt", "NUL byte"),
                           ("invalid-utf8.txt", "Windows-1252"), ("undefined-cp1252.txt", "undecodable")):
        result = lint_source(Source.from_bytes(HOSTILE[name], name), Settings(select=("F006",)))
        messages = " ".join(d.message for d in result.diagnostics)
        assert code_msg in messages or code_msg in {d.code for d in result.diagnostics}, (name, messages)


def test_one_bad_file_never_stops_the_others(tmp_path):
    for name, data in HOSTILE.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_bytes(GOOD)
    missing = tmp_path / "missing.txt"
    unreadable = tmp_path / "secret.txt"
    unreadable.write_bytes(GOOD)
    unreadable.chmod(0)
    r = run_cli("check", "--output-format", "json", str(tmp_path), str(missing), str(unreadable))
    diags = json.loads(r.stdout)
    paths = {os.path.basename(d["path"]) for d in diags}
    assert r.returncode == 2  # unreadable inputs make the status 2 ...
    assert "missing.txt" in r.stderr.decode()
    if os.geteuid() != 0:  # root reads anything
        assert "secret.txt" in r.stderr.decode()
    # ... while every readable file was still checked
    assert {"binary.txt", "nul.txt", "invalid-utf8.txt", "sections.txt", "tags.txt"} <= paths


def test_invalid_utf8_keeps_its_bytes_on_fix(tmp_path):
    target = tmp_path / "cp1252.txt"
    data = b"UNCLAS STATE 012345  \r\n\xb6 1. (U) Caf\xe9.\r\n"
    target.write_bytes(data)
    r = run_cli("check", "--fix", "--select", "F005", str(target))
    assert r.returncode in (0, 1), r.stderr
    fixed = target.read_bytes()
    assert fixed == b"UNCLAS STATE 012345\r\n\xb6 1. (U) Caf\xe9.\r\n"  # encoding and CRLF kept


def test_undecodable_file_is_never_rewritten(tmp_path):
    target = tmp_path / "bad.txt"
    data = b"UNCLAS STATE 012345   \n\x81\x8d trailing   \n"
    target.write_bytes(data)
    run_cli("check", "--fix", str(target))
    assert target.read_bytes() == data


def test_fix_keeps_permissions_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "cable.txt"
    target.write_bytes(b"UNCLAS STATE 012345   \nE.O. 12958: N/A\n")
    target.chmod(0o640)
    r = run_cli("check", "--fix", "--select", "F005", str(target))
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_bytes() == b"UNCLAS STATE 012345\nE.O. 12958: N/A\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cable.txt"]


def test_interrupted_write_leaves_the_original(tmp_path, monkeypatch):
    from cablelint import fixer

    target = tmp_path / "cable.txt"
    original = b"UNCLAS STATE 012345   \n"
    target.write_bytes(original)

    def boom(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(fixer.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        fixer.write_atomic(str(target), b"UNCLAS STATE 012345\n")
    assert target.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cable.txt"]


def test_no_network(monkeypatch, capsys):
    """Neither the library nor the CLI opens a socket."""
    from cablelint.cli import main

    def refuse(*args, **kwargs):
        raise AssertionError("cablelint tried to open a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert main(["check", "--output-format", "json", str(EXAMPLE)]) == 1
    assert main(["parse", str(EXAMPLE)]) == 0
    assert main(["rules"]) == 0
    capsys.readouterr()
