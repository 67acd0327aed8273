"""Opt-in directive lines through the command line: off by default, positions stay those of
the file as given, --ignore-suppressions audits, F008 reports what suppresses nothing."""

import json

from cablelint.engine import lint_source
from cablelint.settings import Settings
from cablelint.source import Source
from cli_inproc import run_cli
from conftest import EXAMPLE

SEL = "F001,F003,F004,F005,F008"


def diags(tmp_path, *args):
    r = run_cli("check", "--select", SEL, "--output-format", "json", *args, "c.md", cwd=tmp_path)
    return r, [(d["code"], d["line"], d["column"]) for d in json.loads(r.stdout)]


def setup(tmp_path, allow=True):
    text = EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    # Directives before the TAGS line (line 20 of the example), before VZCZC (line 3, trailing
    # blanks) and at the top: original line n is now n+1 (n < 3), n+2 (n < 20) or n+3.
    text[19:19] = ["#cablelint: disable-next-line=F003\n"]
    text[2:2] = ["#cablelint: disable-next-line=F005\n"]
    text[0:0] = ["#cablelint: disable-file=F004\n"]
    (tmp_path / "c.md").write_text("".join(text), encoding="utf-8")
    (tmp_path / ".cablelint.toml").write_text(f"allow-directives = {str(allow).lower()}\n", encoding="utf-8")


def test_directives_off_by_default_are_ordinary_text(tmp_path):
    setup(tmp_path, allow=False)
    _, found = diags(tmp_path)
    assert ("F001", 1, 1) in found  # the grammar cannot place them
    assert any(code == "F004" for code, *_ in found) and ("F003", 23, 7) in found


def test_directives_suppress_and_keep_positions(tmp_path):
    setup(tmp_path)
    r, found = diags(tmp_path)
    plain = [(c, line + (3 if line >= 20 else 2 if line >= 3 else 1), col)
             for c, line, col in diags_of_example()]
    assert not any(code == "F001" for code, *_ in found)
    assert not any(code == "F004" for code, *_ in found)  # disable-file
    assert not any(code == "F003" and line == 23 for code, line, _ in found)  # the TAGS line
    # Everything else is reported where it is in the file as given (lines shifted by the
    # directives above them), e.g. the REF link residue.
    rest = [x for x in plain if x[0] not in ("F004",) and not (x[0] == "F003" and x[1] == 23)
            and not (x[0] == "F005" and x[1] == 5)]
    assert [x for x in found if x[0] != "F008"] == rest
    assert [x for x in found if x[0] == "F008"] == []


def diags_of_example():
    result = lint_source(Source.from_bytes(EXAMPLE.read_bytes(), "x"), Settings(select=tuple(SEL.split(","))))
    return [(d.code, d.span.line, d.span.column) for d in result.diagnostics]


def test_ignore_suppressions_turns_directives_off(tmp_path):
    setup(tmp_path)
    _, found = diags(tmp_path, "--ignore-suppressions")
    assert ("F003", 23, 7) in found and any(code == "F004" for code, *_ in found)
    assert not any(code in ("F001", "F008") for code, *_ in found)  # still set aside, not judged


def test_unused_directive_is_reported_and_fixed(tmp_path):
    setup(tmp_path)
    text = (tmp_path / "c.md").read_text(encoding="utf-8")
    (tmp_path / "c.md").write_text(text.replace("disable-next-line=F005", "disable-next-line=F003"), encoding="utf-8")
    _, found = diags(tmp_path)
    assert ("F008", 4, 1) in found and ("F005", 5, 13) in found
    run_cli("check", "--select", SEL, "--fix", "c.md", cwd=tmp_path)
    assert "disable-next-line=F003\nVZCZC" not in (tmp_path / "c.md").read_text(encoding="utf-8")
    assert "\n\nVZCZCXYZ0000\n" in (tmp_path / "c.md").read_text(encoding="utf-8")
    assert "#cablelint: disable-file=F004\n" in (tmp_path / "c.md").read_text(encoding="utf-8")
