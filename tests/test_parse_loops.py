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
