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
  only its children.

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
    parser.parse_from_state = _parser_loop(parser, Shift, InteractiveParser)
    try:
        _repetitions(parser.callbacks)
    except (ImportError, AttributeError, TypeError):
        pass  # Lark's own callbacks stay: correct, one node more per item
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


def _parser_loop(parser, Shift, InteractiveParser):  # noqa: N803 - Lark's class names
    def parse_from_state(state, last_token=None):
        conf = state.parse_conf
        states, callbacks = conf.states, conf.callbacks
        state_stack, value_stack = state.state_stack, state.value_stack
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
    return step
