"""Lark's token and parser loops, written inline: the same tokens and reductions, fewer calls.

Most tokens are short (a keyword, a field, a line end; a run of free-text lines is one token),
and Lark spends more time calling its own helpers per token than matching: its contextual
lexer makes five Python calls per token (the parser state's position, the state's lexer, its
scanner, the `Token` constructor and its class method, the line counter), its LALR loop one
more (`ParserState.feed_token`). `install` gives a parser the two loops with that work inline:

- the token loop matches the expressions of the state's lexer at the position, makes the
  `Token` with the same fields and moves the line counter the same way;
- the parser loop looks up each token's action and shifts or reduces as `feed_token` does,
  calling the same callbacks (the model builder, when embedded);
- a repetition (`x*`, which Lark reduces once per item, left-recursively: the blocks and lines
  of a cable are items of one) adds the new item to the node it already has instead of
  filtering the children into a new node: the node is inlined into its parent, which reads
  only its children;
- a run of free-text lines in such a repetition (`_lines: (TEXT _NL | ...)*`, most lines of a
  cable) is read in one match: where the parser stands after a line end of the repetition,
  every following line that the token loop would read there as TEXT and _NL, and that the
  parser would add to the same node, is added at once (`_text_runs`).

Anything unusual goes to Lark's own code at the point reached: where no terminal matches, Lark's
token loop raises its error; a token without an action, Lark's `feed_token` raises its error,
with the interactive parser the recovery in `cablelint.parse` reads. The last token (`$END`)
always goes through `feed_token`.

Both loops read Lark internals (per-state lexers, compiled expressions, line counter, parser
state): `install` leaves Lark's loops in place when the parser is not as expected, and a state
whose lexer differs hands the rest of the text to Lark's token loop. The tests compare tokens
(every position) and results with Lark's own loops on real cables.
"""

from __future__ import annotations

from lark import Lark, Token
from lark.exceptions import UnexpectedInput
from lark.lexer import ContextualLexer

__all__ = ["install"]

_new_str = str.__new__


def install(lark: Lark) -> bool:
    """Give `lark` (an LALR parser with the contextual lexer) the inline loops; False, and
    nothing changed, when its parts are not what the loops were written for."""
    try:
        from lark.parsers.lalr_analysis import Shift
        from lark.parsers.lalr_interactive_parser import InteractiveParser
        from lark.parsers.lalr_parser_state import ParseConf, ParserState

        lexer = lark.parser.lexer
        parser = lark.parser.parser.parser
        if type(lexer) is not ContextualLexer or not callable(getattr(parser, "parse_from_state", None)):
            return False
        if not ({"parse_conf", "lexer", "state_stack", "value_stack"} <= set(ParserState.__slots__)
                and {"states", "callbacks"} <= set(ParseConf.__slots__)):
            return False
        # Token callbacks: the user's, or Lark's for a string terminal that a pattern also
        # matches. The token loop makes none: only for a grammar of patterns alone.
        conf = lark.lexer_conf
        if conf.callbacks or any(t.pattern.type != "re" for t in conf.terminals) or not lexer.lexers:
            return False
    except (ImportError, AttributeError, TypeError):
        return False
    lexer.lex = _token_loop(lexer)
    runs: dict = {}
    try:
        _repetitions(parser.callbacks)
        runs = _text_runs(lexer, parser.parse_table.states, parser.callbacks)
    except (ImportError, AttributeError, TypeError):
        pass  # Lark's own callbacks stay: correct, one node more per item, a token per line
    parser.parse_from_state = _parser_loop(parser, Shift, InteractiveParser, runs)
    return True


def _token_loop(lexer: ContextualLexer):
    # Per parser state: the compiled expressions of its lexer, its ignored and its multi-line
    # terminals. Filled as states are met (a one-file run meets few of them; Lark too builds
    # a state's expressions when first needed).
    plan: dict = {}

    def lex(lexer_state, parser_state):
        text = lexer_state.text
        if isinstance(text, str):  # Lark before TextSlice
            s, end = text, len(text)
        else:
            s, end = text.text, text.end
        ctr = lexer_state.line_ctr
        stack = parser_state.state_stack  # changed in place by the parser
        while ctr.char_pos < end:
            pos = ctr.char_pos
            try:
                matchers, ignore, newline_types = plan[stack[-1]]
            except KeyError:
                basic = lexer.lexers[stack[-1]]
                try:
                    plan[stack[-1]] = matchers, ignore, newline_types = (
                        tuple(m.match for m in basic.scanner._mres), frozenset(basic.ignore_types),
                        frozenset(basic.newline_types))
                except AttributeError:  # a Lark whose lexers differ: its own loop from here
                    yield from ContextualLexer.lex(lexer, lexer_state, parser_state)
                    return
            for match in matchers:
                m = match(s, pos, end)
                if m:
                    break
            else:  # nothing fits here: Lark's loop raises what it always raises
                yield from ContextualLexer.lex(lexer, lexer_state, parser_state)
                return
            value = m.group()
            type_ = m.lastgroup
            line = ctr.line
            column = pos - ctr.line_start_pos + 1
            if type_ in newline_types:
                newlines = value.count("\n")
                if newlines:
                    ctr.line = line + newlines
                    ctr.line_start_pos = pos + value.rindex("\n") + 1
            ctr.char_pos = after = pos + len(value)
            ctr.column = after - ctr.line_start_pos + 1
            if type_ in ignore:
                continue
            tok = _new_str(Token, value)
            tok.type = type_
            tok.start_pos = pos
            tok.value = value
            tok.line = line
            tok.column = column
            tok.end_line = ctr.line
            tok.end_column = ctr.column
            tok.end_pos = after
            lexer_state.last_token = tok
            yield tok

    return lex


def _parser_loop(parser, Shift, InteractiveParser, runs: dict):  # noqa: N803 - Lark's class names
    def parse_from_state(state, last_token=None):
        conf = state.parse_conf
        states, callbacks = conf.states, conf.callbacks
        state_stack, value_stack = state.state_stack, state.value_stack
        lexer_state = getattr(state.lexer, "state", None)  # the text and line counter
        at_run = runs if lexer_state is not None and callbacks is parser.callbacks else {}
        try:
            token = last_token
            for token in state.lexer.lex(state):
                type_ = token.type
                while True:
                    try:
                        action, arg = states[state_stack[-1]][type_]
                    except KeyError:
                        state.feed_token(token)  # raises Lark's UnexpectedToken
                        break
                    if action is Shift:
                        state_stack.append(arg)
                        value_stack.append(token if type_ not in callbacks else callbacks[type_](token))
                        if arg in at_run:  # a line end in a repetition of lines
                            token = at_run[arg](lexer_state, value_stack) or token
                        break
                    size = len(arg.expansion)  # a reduction by rule `arg`
                    if size:
                        children = value_stack[-size:]
                        del state_stack[-size:]
                        del value_stack[-size:]
                    else:
                        children = []
                    value = callbacks[arg](children) if callbacks else children
                    state_stack.append(states[state_stack[-1]][arg.origin.name][1])
                    value_stack.append(value)
            end_token = Token.new_borrow_pos("$END", "", token) if token else Token("$END", "", 0, 1, 1)
            return state.feed_token(end_token, True)
        except UnexpectedInput as e:
            e.interactive_parser = InteractiveParser(parser, state, state.lexer)
            raise e

    parse_from_state.runs = runs  # where it reads runs of lines (for the tests)
    return parse_from_state


def _repetitions(callbacks: dict) -> None:
    """Replace the callback of each left-recursive step of an inlined repetition (`_x: _x item`)
    that Lark makes as a child filter (first child expanded, the rest kept; no positions to
    propagate) by one that appends the rest to the first child's node and returns that node.
    Lark's filter reuses that node's list of children too; only a new node is not made."""
    from lark.grammar import Rule
    from lark.parse_tree_builder import ChildFilterLALR_NoPlaceholders

    steps = {}
    for rule, callback in callbacks.items():
        if not (isinstance(rule, Rule) and rule.origin.name.startswith("_") and rule.expansion
                and rule.expansion[0] == rule.origin and type(callback) is ChildFilterLALR_NoPlaceholders):
            continue
        include = list(callback.to_include)
        if include and include[0] == (0, True) and not any(expand for _, expand in include[1:]):
            steps[rule] = _append_to_first(tuple(i for i, _ in include[1:]))
    callbacks.update(steps)  # all or none


def _append_to_first(kept: tuple[int, ...]):
    if len(kept) == 1:
        (i,) = kept

        def step(children):
            node = children[0]
            node.children.append(children[i])
            return node
    else:
        def step(children):
            node = children[0]
            node.children.extend([children[i] for i in kept])
            return node
    step.kept = kept  # for `_text_runs`
    return step


def _text_runs(lexer: ContextualLexer, states: dict, callbacks: dict) -> dict:
    """Where a run of free-text lines can be read in one match: for each parser state that a
    line end of a repetition `_x: _x TEXT _NL` leads to, a function that reads the run there.

    In such a state (stack `... _x TEXT _NL`), a next TEXT line reduces the line before into
    `_x` (the inline step: the TEXT appended to its node), shifts TEXT and _NL, and stands in
    the same state again. The token loop reads a line there as TEXT when no terminal before
    TEXT in that state's lexer matches at its start (the lexer tries them in order), and then
    its line end as _NL when the state after TEXT reads nothing before _NL. The run is the
    lines for which that holds, matched as one expression of the terminals' own patterns.
    (A block's first two lines make the node and reach that state the usual way.)"""
    from lark.parsers.lalr_analysis import Reduce, Shift

    def before(state, name: str) -> list | None:
        terminals = lexer.lexers[state].terminals
        names = [t.name for t in terminals]
        return terminals[:names.index(name)] if name in names else None

    runs = {}
    for state, actions in states.items():
        action, rule = actions.get("TEXT", (None, None))
        if action is not Reduce or getattr(callbacks.get(rule), "kept", None) != (1,):
            continue
        if [getattr(s, "name", None) for s in rule.expansion] != [rule.origin.name, "TEXT", "_NL"]:
            continue
        after_text = [s for s, acts in states.items() if acts.get("_NL") == (Shift, state)]
        heads = before(state, "TEXT")
        if not after_text or heads is None or any(before(s, "_NL") != [] for s in after_text):
            continue
        basic = lexer.lexers[state]
        # `_read_run` splits a run at its newlines: TEXT must be one line, _NL only newlines.
        patterns = (basic.terminals_by_name["TEXT"].pattern.to_regexp(),
                    lexer.lexers[after_text[0]].terminals_by_name["_NL"].pattern.to_regexp())
        if tuple(p.replace("\n", r"\n") for p in patterns) != (_FREE_TEXT, _LINE_END):  # `\n` or a newline
            continue
        guard = f"(?!{'|'.join(t.pattern.to_regexp() for t in heads)})" if heads else ""
        # Atomic groups: each token is what its pattern alone matches there.
        pattern = f"(?:{guard}(?>{_FREE_TEXT})(?>{_LINE_END}))+"
        runs[state] = _read_run(basic.re.compile(pattern, basic.g_regex_flags).match)
    return runs


_FREE_TEXT, _LINE_END = r"\S[^\n]*", r"\n+"  # the grammar's TEXT and _NL


def _read_run(match):
    def read(lexer_state, value_stack) -> Token | None:
        """Read the run from the line counter on, as the loops would line by line: the stack's
        last line and every line of the run but the last are added to the node
        (`value_stack[-3]`), the last line's TEXT and _NL take the place of the stack's, and
        the line counter moves past the run. Returns the last _NL, or None (no run here)."""
        text = lexer_state.text
        s, end = (text, len(text)) if isinstance(text, str) else (text.text, text.end)
        ctr = lexer_state.line_ctr
        pos = ctr.char_pos
        m = match(s, pos, end)
        if m is None:
            return None
        children = value_stack[-3].children
        last = value_stack[-2]
        line = ctr.line
        for piece in m.group().split("\n"):
            if piece:  # a line (between two, an empty piece is a blank line)
                children.append(last)
                last = _new_str(Token, piece)
                last.type = "TEXT"
                last.value = piece
                last.start_pos = pos
                last.line = last.end_line = line
                last.column = 1
                last.end_column = len(piece) + 1
                last.end_pos = pos + len(piece)
            pos += len(piece) + 1
            line += 1
        after = m.end()
        value = s[last.end_pos:after]
        nl = _new_str(Token, value)
        nl.type = "_NL"
        nl.value = value
        nl.start_pos = last.end_pos
        nl.line = last.line
        nl.column = last.end_column
        nl.end_line = last.line + len(value)  # `value` is newlines only
        nl.end_column = 1
        nl.end_pos = after
        ctr.char_pos = ctr.line_start_pos = after
        ctr.line = nl.end_line
        ctr.column = 1
        lexer_state.last_token = nl
        value_stack[-2] = last
        value_stack[-1] = nl
        return nl

    return read
