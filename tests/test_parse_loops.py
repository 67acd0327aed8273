"""The inline token and parser loops (`cablelint.parse_loops`) against Lark's own: the same
tokens with every position, the same trees and the same syntax problems (recovery), on the
fixtures, hostile text and, with CABLELINT_CORPUS, a sample of the corpus."""

from __future__ import annotations

import random

import pytest
from lark import Lark, Token, Tree

from cablelint.parse import build_parser, parse_normalized
from cablelint.parse_loops import install
from cablelint.source import Source

from conftest import CABLES, EXAMPLE

_FIELDS = ("type", "value", "start_pos", "line", "column", "end_line", "end_column", "end_pos")


@pytest.fixture(scope="module", params=[True, False], ids=["positions", "plain"])
def parsers(request) -> tuple[Lark, Lark]:
    # With positions Lark propagates them through every node, so repetitions keep Lark's
    # callbacks; without, they take the inline step.
    return build_parser(positions=request.param), build_parser(positions=request.param, inline_loops=False)


def _shape(tree):
    """The tree with every token's fields spelled out (Token equality compares the text only)."""
    if isinstance(tree, Token):
        return tuple(getattr(tree, f) for f in _FIELDS)
    if isinstance(tree, Tree):
        meta = tree.meta
        where = tuple(getattr(meta, f, None) for f in ("line", "column", "end_line", "end_column"))
        return (tree.data, where, [_shape(c) for c in tree.children])
    return tree


def _assert_same(parsers, text: str) -> int:
    """Both parsers give the same; returns how many lines could not be placed."""
    ours, lark_own = parsers
    tree_a, problems_a = parse_normalized(text, ours)
    tree_b, problems_b = parse_normalized(text, lark_own)
    assert _shape(tree_a) == _shape(tree_b)
    assert problems_a == problems_b
    return len(problems_a)


def test_the_loops_are_installed_with_this_lark():
    # Lark's internals are what the loops read: if an upgrade changes them, `install` keeps
    # Lark's own loops (correct, slower) and this test says so.
    lark = build_parser()
    assert "lex" in vars(lark.parser.lexer)
    assert "parse_from_state" in vars(lark.parser.parser.parser)


def test_install_leaves_other_lexers_alone():
    lark = Lark('start: WORD+\nWORD: /[a-z]+/\n%ignore " "', parser="lalr", lexer="basic")
    assert install(lark) is False
    assert "parse_from_state" not in vars(lark.parser.parser.parser)
    assert lark.parse("a b").children == ["a", "b"]


@pytest.mark.parametrize("path", sorted(CABLES.rglob("*.*")) + [EXAMPLE], ids=lambda p: p.name)
def test_same_as_lark_on_fixtures(parsers, path):
    _assert_same(parsers, Source.from_bytes(path.read_bytes()).normalized_text())


def test_same_as_lark_on_hostile_text(parsers):
    # Lines the grammar cannot place (F001 and recovery), junk, a cable cut mid-header, bytes
    # read as Windows-1252, a keyword with nothing after it, no text at all.
    cable = (CABLES / "06BERN1280.txt").read_text(encoding="utf-8")
    rnd = random.Random(7)
    junk = "".join(rnd.choice("ab(C)1. :/-\n\x01\x7f\u00b6ZNY DE TO") for _ in range(4000))
    texts = ["", "\n", "TAGS:\n", "1.\n", "VZCZC\nDE\nZNY\n", junk, cable[: len(cable) // 3],
             "\n".join(line[::-1] for line in cable.splitlines()), cable.replace("\n", "\n\n")]
    unplaced = [_assert_same(parsers, Source.from_text(text).normalized_text()) for text in texts]
    assert unplaced[5] >= 20 and unplaced[7] > 0  # recovery ran, many times over


def test_same_as_lark_on_corpus_sample(parsers, corpus):
    files = sorted((corpus / "cables").iterdir())[::20] + sorted((corpus / "partial").iterdir())[::10]
    assert len(files) > 100
    for path in files:
        _assert_same(parsers, Source.from_bytes(path.read_bytes()).normalized_text())


# -- runs of free-text lines (`_text_runs`) ------------------------------------------------

def _counting_runs(lark: Lark) -> list[int]:
    """Count the runs the parser reads in one match (the readers are swapped in place)."""
    runs = lark.parser.parser.parser.parse_from_state.runs
    calls = [0]

    def counted(read):
        def wrapper(lexer_state, value_stack):
            found = read(lexer_state, value_stack)
            calls[0] += found is not None
            return found
        return wrapper

    for state, read in list(runs.items()):
        runs[state] = counted(read)
    return calls


def test_runs_are_read_in_the_repetition_of_lines():
    # The states after a line end of `_lines` (and of the DIST block's lines) read runs; a
    # grammar change that loses them makes the parse slower, not wrong, and this test says so.
    assert len(build_parser(cache=False).parser.parser.parser.parse_from_state.runs) == 2
    # With positions, each node needs Lark's own callbacks: no runs.
    assert build_parser(positions=True, cache=False).parser.parser.parser.parse_from_state.runs == {}


RUN_TEXTS = [
    # A run stops at every kind of line head, and blank lines inside it fold into line ends.
    "1. (C) First line of the paragraph\nsecond line\n\n\nthird line after blanks\n"
    "A. a lettered item\nfourth line\nfifth line\n-- a dash bullet\nsixth\nseventh\n2. (U) Next paragraph\n"
    "text\nmore\nSUBJECT: NOT A SUBJECT HERE\nmore text\nand more\nE.O. 12958: DECL: 1/1/2010\n"
    "TAGS: PREL\nREF: STATE 1\nClassified By: someone\nUNCLAS SECTION 02 OF 02 STATE 000001\n"
    "last words\nreally\nNNNN\n",
    # The text ends inside a run, with and without blank lines or a last line end. (A run
    # starts at a block's third line: the first two make the repetition's node.)
    "SUBJECT: A\nwraps here\nand here\nand there\n",
    "SUBJECT: A\nwraps here\n\n\nand here\nand there\n\n",
    "SUBJECT: A\nwraps here\nand here\nand there\n\n\n",
    "SUBJECT: A\nwraps here\nand here\nand there\nno line end",
    "SUBJECT: A\nwraps here\nand here\nand there\nlast",
    # The DIST block of a received copy, and lines that fit nowhere after a run.
    "INFO LOG-00 AF-00 /012W\nDEF-01 GHI-02\nJKL-03\nMNO-04\nPQR-05\n",
    "1. (C) para\none\ntwo\n   \nthree\n" + "\x01junk\n" * 3 + "four\nfive\n",
]


@pytest.mark.parametrize("text", RUN_TEXTS, ids=range(len(RUN_TEXTS)))
def test_runs_give_the_same_tokens_and_trees(text):
    ours = build_parser()  # a parser of its own (loaded from the cache): its readers get wrapped
    calls = _counting_runs(ours)
    _assert_same((ours, build_parser(inline_loops=False)), text)
    assert calls[0] > 0


@pytest.mark.parametrize("path", [CABLES / "06BERN1280.txt", CABLES / "06NEWDELHI5239.txt", CABLES / "09STATE80163.txt"],
                         ids=lambda p: p.name)
def test_runs_give_the_same_findings(path):
    # Through the embedded model builder, as the linter parses: the same model and findings
    # as with every line read on its own.
    from cablelint.build import _local, parse_cable
    from cablelint.engine import lint_source
    from cablelint.settings import Settings

    source = Source.from_bytes(path.read_bytes(), str(path))
    parse_cable(source)  # this thread's parser, built
    lark = _local.builder.parser
    runs = lark.parser.parser.parser.parse_from_state.runs
    readers = dict(runs)
    try:
        calls = _counting_runs(lark)
        with_runs = [d.to_dict() for d in lint_source(source, Settings()).diagnostics]
        assert calls[0] > 5
        runs.clear()
        line_by_line = [d.to_dict() for d in lint_source(source, Settings()).diagnostics]
    finally:
        runs.clear()
        runs.update(readers)
    assert with_runs == line_by_line and with_runs


def test_recovery_skips_one_line_not_a_run():
    # Lines that fit nowhere in the routing header: each is reported and skipped alone, and
    # the banner right after them is still read.
    from cablelint.build import parse_cable

    text = "VZCZCXRO4772\nTORUEHC/SECSTATE WASHDC\nsome garbled line\nC O N F I D E N T I A L MANAMA 000492\n"
    _tree, problems = parse_normalized(text, build_parser())
    assert [(p.line, p.column, p.end_column) for p in problems] == [(2, 1, 24), (3, 1, 18)]
    cable, _ = parse_cable(Source.from_text(text))
    assert [b.span.line for b in cable.banners] == [4]


def test_parse_tree_lists_each_line():
    from cli_inproc import run_cli

    cable = b"UNCLAS STATE 012345\nSUBJECT: A\nwraps here\n\nand here\n"
    r = run_cli("parse", "--output-format", "tree", "-", input=cable)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().splitlines()[-3:] == [
        "    TEXT 'A' @2:10", "    TEXT 'wraps here' @3:1", "    TEXT 'and here' @5:1"]
