"""TEXT_RUN, the free-text lines of a block read as one token (grammar/cable.lark), against
the grammar read line by line (`_lines` with `TEXT _NL`, as it was): once the builder has split
a run, every token is the same, with every position, and recovery skips the same lines."""

from __future__ import annotations

import pytest
from lark import Lark, Token

from cablelint.build import parse_cable, split_run
from cablelint.parse import _line_heads, build_parser, grammar_text, parse_normalized
from cablelint.source import Source

from conftest import CABLES, EXAMPLE

_FIELDS = ("type", "value", "start_pos", "line", "column", "end_line", "end_column", "end_pos")

# What may start a line in a block besides free text. A new terminal that can start a line
# there must join this list, and so the guard: the builder can only split what the guard let in.
LINE_HEADS = ["BANNER", "CLASSIFIED_KW", "EO_KW", "ITEM", "PARA_NUM", "REF_KW", "SUBJECT_KW", "TAGS_KW",
              "TRAILER"]


@pytest.fixture(scope="module")
def runs() -> Lark:
    return build_parser(cache=False)


@pytest.fixture(scope="module")
def by_line() -> Lark:
    text = grammar_text()
    old = text.replace("_lines: (TEXT_RUN |", "_lines: (TEXT _NL |")
    assert old != text
    return Lark(old, parser="lalr", lexer="contextual", maybe_placeholders=False)


def _tokens(tree) -> list[tuple]:
    out = []
    for tok in tree.scan_values(lambda v: isinstance(v, Token)):
        if tok.type == "TEXT_RUN":
            out.extend(tuple(getattr(t, f) for f in _FIELDS) for t in split_run(tok))
        else:
            out.append(tuple(getattr(tok, f) for f in _FIELDS))
    return out


def _assert_same(runs: Lark, by_line: Lark, text: str) -> None:
    tree_a, problems_a = parse_normalized(text, runs)
    tree_b, problems_b = parse_normalized(text, by_line)
    assert _tokens(tree_a) == _tokens(tree_b)
    assert problems_a == problems_b


def test_the_guard_names_every_line_head(runs):
    assert _line_heads(runs) == LINE_HEADS
    run = next(t for t in runs.terminals if t.name == "TEXT_RUN")
    assert run.pattern.value.startswith("(?:(?!")
    # A parser loaded from the cache is guarded the same way.
    assert next(t for t in build_parser().terminals if t.name == "TEXT_RUN").pattern.value == run.pattern.value


def test_a_run_stops_at_every_kind_of_line_head(runs, by_line):
    text = ("1. (C) First line of the paragraph\nsecond line\n\n\nthird line after blanks\n"
            "A. a lettered item\nfourth line\n-- a dash bullet\n2. (U) Next paragraph\n"
            "text\nSUBJECT: NOT A SUBJECT HERE\nmore text\nE.O. 12958: DECL: 1/1/2010\n"
            "TAGS: PREL\nREF: STATE 1\nClassified By: someone\nUNCLAS SECTION 02 OF 02 STATE 000001\n"
            "last words\nNNNN\n")
    _assert_same(runs, by_line, text)
    tree, problems = parse_normalized(text, runs)
    assert not problems
    lines = [t for t in tree.scan_values(lambda v: isinstance(v, Token)) if t.type == "TEXT_RUN"]
    assert [(t.line, t.end_line) for t in lines][:2] == [(2, 6), (7, 8)]


def test_split_lines_have_their_own_positions():
    run = Token("TEXT_RUN", "alpha beta\n\n\ngamma\ndelta\n", start_pos=40, line=3, column=1, end_line=8,
                end_column=1, end_pos=66)
    assert [tuple(getattr(t, f) for f in _FIELDS) for t in split_run(run)] == [
        ("TEXT", "alpha beta", 40, 3, 1, 3, 11, 50),
        ("TEXT", "gamma", 53, 6, 1, 6, 6, 58),
        ("TEXT", "delta", 59, 7, 1, 7, 6, 64),
    ]


def test_recovery_skips_one_line_not_a_run(runs, by_line):
    # Lines that fit nowhere in the routing header: each is reported and skipped alone, and
    # the banner right after them is still read (a run would have swallowed them all).
    text = "VZCZCXRO4772\nTORUEHC/SECSTATE WASHDC\nsome garbled line\nC O N F I D E N T I A L MANAMA 000492\n"
    _assert_same(runs, by_line, text)
    _tree, problems = parse_normalized(text, runs)
    assert [(p.line, p.column, p.end_column) for p in problems] == [(2, 1, 24), (3, 1, 18)]
    cable, _ = parse_cable(Source.from_text(text))
    assert [b.span.line for b in cable.banners] == [4]


@pytest.mark.parametrize("path", sorted(CABLES.glob("*.txt")) + [EXAMPLE], ids=lambda p: p.name)
def test_fixture_cables_give_the_same_tokens(runs, by_line, path):
    _assert_same(runs, by_line, Source.from_bytes(path.read_bytes(), str(path)).normalized_text())


def test_parse_tree_lists_the_lines_of_a_run():
    from cli_inproc import run_cli

    # The run at the end of the text ends past the last line: the tree names its lines.
    cable = b"UNCLAS STATE 012345\nSUBJECT: A\nwraps here\n\nand here\n"
    r = run_cli("parse", "--output-format", "tree", "-", input=cable)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().splitlines()[-4:] == [
        "    TEXT 'A' @2:10", "    TEXT_RUN", "      TEXT 'wraps here' @3:1", "      TEXT 'and here' @5:1"]
