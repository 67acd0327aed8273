"""The Lark parser for `grammar/cable.lark`, built once and cached, with line-level recovery.

Positions: Lark records line, column and end of every token, and the model takes every span
from its tokens, through the residue map back to the file as given. Propagating positions
into `tree.meta` as well (`propagate_positions=True`) would cost about 40 % of the parse time
for nodes nobody reads, so the linting parser leaves it off; `build_parser(positions=True)`
gives the tree with `meta` for tools that want it. The linter builds no tree at all:
`cablelint.build` embeds its Transformer in the parser (`build_parser(transformer=...)`), which
Lark then calls at each reduction (whole corpus: 3.5 % less time than a tree transformed after).

Recovery is designed for this grammar (linter-conventions.md §11.5): every line starts with
one head or continuation token, and every field after it is optional with a free TEXT
fallback, so the parser can only stall at the first token of a line. That line is reported
(F001, naming what was expected there), skipped, and parsing resumes at the next line in
the same parser state.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from lark import Lark, Token, Transformer, Tree
from lark.exceptions import UnexpectedInput, UnexpectedToken

__all__ = ["SyntaxProblem", "parse_normalized", "grammar_text", "build_parser", "describe_expected"]

# Report at most this many unplaceable lines per file; a non-cable text would otherwise
# produce one F001 per line.
MAX_SYNTAX_PROBLEMS = 25


@dataclass(slots=True)
class SyntaxProblem:
    """A line of the normalized text that the grammar could not place."""
    line: int  # 1-based line of the normalized text
    column: int  # 1-based
    end_column: int
    expected: frozenset[str]
    suppressed: int = 0  # further problems not reported after this one (the cap)


def grammar_text() -> str:
    # The grammar ships as package data of `cablelint.grammar` (grammar/ in the repository).
    from . import grammar

    with open(os.path.join(os.path.dirname(grammar.__file__), "cable.lark"), encoding="utf-8") as fh:
        return fh.read()


def _cache_path(text: str) -> str | bool:
    """A cache file keyed on grammar and Lark version (see `cablelint.cache`)."""
    from .cache import cache_dir

    where = cache_dir()
    if where is None:
        return False
    import hashlib

    import lark

    digest = hashlib.sha256((text + lark.__version__).encode()).hexdigest()[:16]
    path = os.path.join(where, f"grammar-{digest}.lark.cache")
    if not os.path.exists(path):
        # A new grammar or Lark. The parsers built before are kept for a while (two installed
        # versions, say a pre-commit hook's and a project's, would otherwise rebuild theirs,
        # seconds each, every time the other ran); the oldest beyond a few are removed.
        _prune(where, keep=KEEP_PARSERS - 1)
    return path


KEEP_PARSERS = 4  # built parsers kept in the cache directory (about 120 KB each)


def _prune(where: str, keep: int) -> None:
    built = []
    for name in os.listdir(where):
        if name.startswith("grammar-") and name.endswith(".lark.cache"):
            try:
                built.append((os.path.getmtime(os.path.join(where, name)), name))
            except OSError:
                pass
    for _, name in sorted(built, reverse=True)[keep:]:
        try:
            os.unlink(os.path.join(where, name))
        except OSError:
            pass


def build_parser(*, strict: bool = False, cache: bool = True, positions: bool = False,
                 transformer: Transformer | None = None, inline_loops: bool = True) -> Lark:
    """The LALR parser of the grammar. With `inline_loops` (the default) it runs the token and
    parser loops of `cablelint.parse_loops` (the same tokens and reductions, about 40 % less
    parse time); `inline_loops=False` keeps Lark's own, for comparison."""
    from .parse_loops import install

    text = grammar_text()
    lark = Lark(
        text,
        parser="lalr",
        lexer="contextual",
        propagate_positions=positions,
        maybe_placeholders=False,
        strict=strict,
        transformer=transformer,  # not part of the cache key: one cache file serves both
        cache=_cache_path(text) if cache and not strict else False,
    )
    if inline_loops:
        install(lark)
    return lark


@lru_cache(maxsize=1)
def parser() -> Lark:
    return build_parser()


def parse_normalized(text: str, using: Lark | None = None) -> tuple[object, list[SyntaxProblem]]:
    """Parse normalized text (one `\\n` per line, trimmed lines); never raises on bad input.

    Returns the tree, or with `using` (a parser with an embedded transformer) what its `start`
    returns, and the lines that could not be placed."""
    lark = using if using is not None else parser()
    problems: list[SyntaxProblem] = []
    state = {"suppressed": 0}

    def on_error(exc: UnexpectedInput) -> bool:
        ip = getattr(exc, "interactive_parser", None)
        if ip is None:
            return False
        lexer_state = ip.lexer_thread.state
        if lexer_state is None:
            return False
        counter = lexer_state.line_ctr
        whole = lexer_state.text if isinstance(lexer_state.text, str) else lexer_state.text.text  # Lark < 1.3: a str
        if isinstance(exc, UnexpectedToken):
            if exc.token.type == "$END":
                return False
            line, column = exc.token.line, exc.token.column
        else:
            line, column = exc.line, exc.column
        start = counter.char_pos
        nl = whole.find("\n", start)
        if isinstance(exc, UnexpectedToken) and exc.token.type == "_NL":
            nl = start - 1  # the line ending itself was the bad token: nothing left to skip
        line_end = nl if nl >= 0 else len(whole)
        if len(problems) < MAX_SYNTAX_PROBLEMS:
            # What the parser would have accepted: Lark works `accepts` out by trying every
            # terminal on a copy of the parser, so only for the problems that are reported
            # (binary junk can have a failing line every few bytes).
            if isinstance(exc, UnexpectedToken):
                expected = frozenset(exc.accepts or exc.expected)
            else:
                expected = frozenset(getattr(exc, "allowed", None) or ())
            line_start = whole.rfind("\n", 0, max(0, start - 1)) + 1
            end_column = line_end - line_start + 1
            problems.append(SyntaxProblem(line, column, max(end_column, column + 1), expected))
        else:
            state["suppressed"] += 1
        # Skip the rest of the line, its line ending included.
        if nl >= start:
            counter.feed(whole[start : nl + 1])
        elif nl < 0:
            counter.feed(whole[start:])
        if column > 1:
            # The parser stopped inside a line (not expected with this grammar, but cheap to
            # handle): close the line so the parser is back at a line start.
            try:
                ip.feed_token(Token("_NL", "\n"))
            except UnexpectedInput:
                pass
        return True

    try:
        tree = lark.parse(text, on_error=on_error)
    except UnexpectedInput as exc:  # recovery gave up (end of input inside a rule)
        problems.append(SyntaxProblem(getattr(exc, "line", 1) or 1, getattr(exc, "column", 1) or 1,
                                      (getattr(exc, "column", 1) or 1) + 1, frozenset()))
        embedded = lark.options.transformer
        tree = embedded.start([]) if embedded is not None else Tree("start", [])
    if state["suppressed"] and problems:
        problems[-1].suppressed = state["suppressed"]
    return tree, problems


# Human names for the terminals a syntax error can expect, grouped so that a message reads
# "expected a routing line (VZCZC, DE, ZNY/ZNR, DTG, FM, TO, INFO, XMT) or ..."
_GROUPS: list[tuple[str, frozenset[str]]] = [
    ("a routing line (VZCZC, precedence, DE, ZNY/ZNR, DTG, FM, TO, INFO, XMT)",
     frozenset({"FL1", "PROSIGN", "ROUTING_LINE", "DE_KW", "ZN_KW", "DTG_PREC", "DTG", "FM_KW",
                "TO_KW", "INFO_KW", "XMT_KW"})),
    ("a distribution line (INFO LOG-00, ACTION, ORIGIN)", frozenset({"DIST_KW"})),
    ("the classification banner", frozenset({"BANNER"})),
    ("a text keyword line (E.O., TAGS, SUBJECT, REF, Classified By)",
     frozenset({"EO_KW", "TAGS_KW", "SUBJECT_KW", "REF_KW", "CLASSIFIED_KW"})),
    ("a numbered paragraph", frozenset({"PARA_NUM"})),
]


def describe_expected(expected: frozenset[str]) -> str:
    parts = [label for label, names in _GROUPS if expected & names]
    if not parts:
        return "a line that fits here"
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " or " + parts[-1]
