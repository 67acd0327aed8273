"""The grammar: a strict build, and every published form of the fixture cables placed."""

import csv
from pathlib import Path

import pytest

from cablelint.engine import analyze
from cablelint.parse import build_parser, parse_normalized
from cablelint.source import Source
from conftest import CABLES


def test_grammar_builds_in_strict_mode():
    # strict=True (needs interegular) raises on terminal collisions and shift/reduce conflicts.
    build_parser(strict=True, cache=False)
    build_parser(strict=True, cache=False, positions=True)


def test_tree_positions_when_asked_for():
    tree = build_parser(positions=True).parse("UNCLAS STATE 012345\nTAGS: PREL\n")
    block = tree.children[1]
    assert (block.meta.line, block.meta.column) == (2, 1)


def test_parsers_of_other_grammars_are_kept_a_while(tmp_path, monkeypatch):
    # Two installed versions (a pre-commit hook's, a project's) share the cache directory:
    # a new grammar keeps the few newest parsers built before and removes the older ones.
    import os

    from cablelint.parse import KEEP_PARSERS, _cache_path

    monkeypatch.setenv("CABLELINT_CACHE_DIR", str(tmp_path))
    for age in range(6):
        old = tmp_path / f"grammar-{age:016x}.lark.cache"
        old.write_bytes(b"x")
        os.utime(old, (1_000_000 - age, 1_000_000 - age))
    (tmp_path / "entry-points-1.marshal").write_bytes(b"y")
    path = _cache_path("start: A\nA: \"a\"\n")
    kept = sorted(p.name for p in tmp_path.glob("grammar-*"))
    assert kept == [f"grammar-{age:016x}.lark.cache" for age in range(KEEP_PARSERS - 1)]
    assert (tmp_path / "entry-points-1.marshal").exists() and not os.path.exists(path)
    assert _cache_path("start: A\nA: \"a\"\n") == path  # the same grammar: the same file


def _manifest():
    with open(CABLES / "manifest.tsv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


FIXTURE_ROWS = _manifest()


@pytest.mark.parametrize("row", FIXTURE_ROWS, ids=lambda r: r["id"])
def test_fixture_cable_parses(row):
    path = CABLES / f"{row['id']}.txt"
    cable = analyze(Source.from_bytes(path.read_bytes(), str(path)))
    if row["rewrapped"] == "no":
        assert cable.syntax_problems == [], [p.span for p in cable.syntax_problems]
    if row["classification"] and not row["id"].startswith("partial/"):
        want = "".join(row["classification"].split()).upper().split("//")[0]
        want = {"UNCLAS": "UNCLASSIFIED"}.get(want, want)
        assert (cable.classification or "").startswith(want)


def test_every_header_form_is_covered():
    kinds = {r["header_kind"] for r in FIXTURE_ROWS}
    assert {"vzczc", "dtg", "info-log", "email", "null", "telegram-caption", "other",
            "partial-notice"} <= kinds
    assert {r["form"] for r in FIXTURE_ROWS} == {"html-pre", "raw"}


@pytest.mark.parametrize("text", [
    "", "\n", "\n\n\n", "   \n\t\n", "\x00\x01\x02\n", "VZCZC\n", "DE\n", "1.\n", "TAGS:\n", "(C)\n",
    "C O N F I D E N T I A L\n", "O 999999Z XXX 99\n", "ZNY\n", "TO\nINFO\n", "- [1](#)\n",
])
def test_odd_inputs_never_raise(text):
    tree, problems = parse_normalized(Source.from_text(text).normalized_text())
    analyze(Source.from_text(text))
