"""`cablelint server`: the pure conversion functions, then the server end to end through a real
LSP client over stdio (pytest-lsp), as an editor drives it."""

from __future__ import annotations

import asyncio
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest

pytest.importorskip("pygls")
import pytest_lsp  # noqa: E402
from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402
from lsprotocol import types as lsp  # noqa: E402
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams, JsonRpcMethodNotFound  # noqa: E402
from pygls.protocol import default_converter  # noqa: E402
from pygls.workspace.position_codec import PositionCodec  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

from cablelint.diagnostics import Span  # noqa: E402
from cablelint.engine import lint_source  # noqa: E402
from cablelint.fixer import fix_source  # noqa: E402
from cablelint.lsp import (FIX_ALL_KIND, apply_change, build_diagnostics, code_units, from_position,  # noqa: E402
                           rule_hover, span_to_range, split_lines, to_position, whole_text_edit)
from cablelint.settings import Settings, resolve_rules  # noqa: E402
from cablelint.source import Source  # noqa: E402
from conftest import EXAMPLE, ROOT  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning")
in_module_loop = pytest.mark.asyncio(loop_scope="module")  # the loop of the shared `client` server

UTF8, UTF16, UTF32 = (lsp.PositionEncodingKind.Utf8, lsp.PositionEncodingKind.Utf16,
                      lsp.PositionEncodingKind.Utf32)

# ¶ (U+00B6) and typographic quotes (U+201C/D) are one UTF-16 unit each (two and three UTF-8
# bytes); 😀 (U+1F600) is outside the BMP: two UTF-16 units, four UTF-8 bytes.
UNICODE_CABLE = (
    "UNCLASSIFIED ROME 000123\n"
    "\n"
    "SUBJECT: TEST\n"
    "\n"
    "¶1. (U) The minister said “no” 😀 today.   \n"
    "¶2. (U) “Quote”\t[1](#)3. end\n"
)


CONVERTER = default_converter()


def _structured(diags: list[dict]) -> list[lsp.Diagnostic]:
    """Wire-form diagnostics as the client reads them (this also checks they are valid)."""
    return [CONVERTER.structure(d, lsp.Diagnostic) for d in diags]


def _tuples(diags):
    return [(d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
            for d in diags]


def _lint(text: str, path: str = "cable.txt", settings: Settings | None = None):
    # The F family only: the unit tests pin exact ranges, independent of the other families.
    return lint_source(Source.from_text(text, path), settings or Settings(select=("F",)))


def _build(result, lines, encoding=UTF16, version=None) -> list[lsp.Diagnostic]:
    return _structured(build_diagnostics(result, lines, encoding, version))


def _apply_edits(text: str, edits: list[lsp.TextEdit], encoding=UTF16) -> str:
    """Apply edits as a client does: against the original text, last first."""
    def key(e):
        return (e.range.start.line, e.range.start.character)
    for e in sorted(edits, key=key, reverse=True):
        text = apply_change(text, lsp.TextDocumentContentChangePartial(range=e.range, text=e.new_text), encoding)
    return text


# ------------------------------------------------------------------------------ positions
@pytest.mark.parametrize("s, utf8, utf16, utf32", [
    ("abc", 3, 3, 3),
    ("¶", 2, 1, 1),
    ("“no”", 8, 4, 4),
    ("😀", 4, 2, 1),
    ("¶1. “A” 😀 b", 19, 12, 11),
    ("\ud800", 3, 1, 1),  # a lone surrogate (JSON can carry one) must not raise
])
def test_code_units_per_encoding(s, utf8, utf16, utf32):
    assert (code_units(s, UTF8), code_units(s, UTF16), code_units(s, UTF32)) == (utf8, utf16, utf32)


@hsettings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab ¶“”‘’😀𝄞\t")), st.sampled_from([UTF8, UTF16, UTF32]))
def test_code_units_agree_with_pygls_position_codec(s, encoding):
    assert code_units(s, encoding) == PositionCodec(encoding).client_num_units(s)


def test_span_to_range_counts_utf16_units_after_pilcrow_quotes_and_astral_characters():
    lines = split_lines(UNICODE_CABLE)
    # Trailing whitespace on line 5 starts after 39 code points, one of them 😀.
    span = Span(5, 40, 5, 43)
    assert span_to_range(lines, span, UTF16) == lsp.Range(start=lsp.Position(line=4, character=40),
                                                          end=lsp.Position(line=4, character=43))
    assert span_to_range(lines, span, UTF8).start.character == 39 + 1 + 2 + 2 + 3
    assert span_to_range(lines, span, UTF32).start.character == 39


def test_to_position_clamps_to_the_document():
    lines = split_lines("ab\ncd")
    assert to_position(lines, 1, 99) == lsp.Position(line=0, character=2)
    assert to_position(lines, 7, 1) == lsp.Position(line=1, character=2)  # past the end: the end
    assert to_position(split_lines("ab\n"), 2, 1) == lsp.Position(line=1, character=0)
    assert to_position([], 1, 1) == lsp.Position(line=0, character=0)


def test_from_position_inverts_to_position_and_never_splits_a_surrogate_pair():
    lines = split_lines("x😀y¶“z”")
    for col in range(len(lines[0]) + 1):
        pos = to_position(lines, 1, col + 1, UTF16)
        assert from_position(lines, pos, UTF16) == (0, col)
    # Character 2 is the middle of 😀 (units 1-2): it belongs to 😀, at code point 1.
    assert from_position(lines, lsp.Position(line=0, character=2), UTF16) == (0, 1)
    assert from_position(lines, lsp.Position(line=0, character=99), UTF16) == (0, len(lines[0]))
    assert from_position(lines, lsp.Position(line=5, character=0), UTF16) == (0, len(lines[0]))


def test_lsp_lines_break_only_at_cr_lf_and_crlf():
    # str.splitlines would also break at U+2028, U+0085 and form feed; LSP clients do not.
    assert split_lines("a\u2028b\x0cc\x85d\r\ne\rf\n") == ["a\u2028b\x0cc\x85d", "e", "f", ""]


def test_incremental_change_below_a_line_separator_lands_on_the_right_line():
    # pygls's own document store edits "C" here (it counts U+2028 as a line break).
    text = "AB\u2028CD\nEF\n"
    change = lsp.TextDocumentContentChangePartial(
        range=lsp.Range(start=lsp.Position(line=1, character=0), end=lsp.Position(line=1, character=1)), text="X")
    assert apply_change(text, change) == "AB\u2028CD\nXF\n"


def test_incremental_change_counts_utf16_units_and_keeps_crlf():
    text = "😀ab\r\ncd"
    change = lsp.TextDocumentContentChangePartial(
        range=lsp.Range(start=lsp.Position(line=0, character=2), end=lsp.Position(line=0, character=3)), text="Z")
    assert apply_change(text, change) == "😀Zb\r\ncd"
    # an insertion at the very end, and a whole-document replacement
    end = lsp.Position(line=1, character=2)
    assert apply_change(text, lsp.TextDocumentContentChangePartial(range=lsp.Range(start=end, end=end), text="!")) \
        == "😀ab\r\ncd!"
    assert apply_change(text, lsp.TextDocumentContentChangeWholeDocument(text="new")) == "new"


_line = st.text(alphabet=st.sampled_from("ab¶😀 "), max_size=4)
_doc = st.lists(st.tuples(_line, st.sampled_from(["\n", "\r\n", "\r"])), max_size=6).map(
    lambda parts: "".join(a + b for a, b in parts)) | _line


@hsettings(max_examples=300, deadline=None)
@given(_doc, _doc)
def test_whole_text_edit_turns_old_into_new(old, new):
    edit = whole_text_edit(old, new)
    if old == new:
        assert edit is None
        return
    assert edit.range.start.character == 0  # whole lines only
    assert _apply_edits(old, [edit]) == new


# ------------------------------------------------------------------------------ diagnostics
def test_diagnostics_of_the_example_match_the_cli_positions():
    text = EXAMPLE.read_text(encoding="utf-8")
    result = _lint(text, str(EXAMPLE))
    diags = _build(result, split_lines(text), UTF16, version=3)
    assert len(diags) == len(result.diagnostics) > 0
    for d, e in zip(diags, result.diagnostics):  # an ASCII file: units are code points
        assert (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character) == \
            (e.span.line - 1, e.span.column - 1, e.span.end_line - 1, e.span.end_column - 1)
        assert d.code == e.code and d.message == e.message and d.source == "cablelint"
        assert d.code_description.href.startswith("file://") and d.code_description.href.endswith(f"/{e.code}.md")
    tags = [d for d in diags if d.code == "F003" and d.range.start.line == 19]
    # TAGS: [PREL](#) ... on line 20: the first link covers columns 7-15.
    assert (tags[0].range.start.character, tags[0].range.end.character) == (6, 15)
    assert tags[0].severity == lsp.DiagnosticSeverity.Warning
    assert tags[0].data == {"version": 3, "applicability": "safe",
                            "title": tags[0].data["title"], "edits": [
                                {"range": {"start": {"line": 19, "character": 6}, "end": {"line": 19, "character": 15}},
                                 "newText": "PREL"}]}
    severities = {d.code: d.severity for d in diags}
    assert severities["F005"] == lsp.DiagnosticSeverity.Information


def test_diagnostics_of_a_unicode_cable_have_exact_utf16_ranges():
    result = _lint(UNICODE_CABLE)
    assert _tuples(_build(result, split_lines(UNICODE_CABLE), UTF16)) == [
        ("F003", 4, 0, 4, 1),     # ¶
        ("F005", 4, 40, 4, 43),   # trailing blanks after “no” 😀 today.
        ("F003", 5, 0, 5, 1),     # ¶
        ("F005", 5, 15, 5, 16),   # TAB after “Quote”
        ("F003", 5, 16, 5, 22),   # [1](#)
    ]
    assert _tuples(_build(result, split_lines(UNICODE_CABLE), UTF8))[1] == ("F005", 4, 47, 4, 50)


def test_crlf_line_endings_are_not_part_of_any_range():
    text = "UNCLASSIFIED ROME 000123\r\n\r\nSUBJECT: TEST  \r\n1. (U) Text.\r\n"
    [d] = _build(_lint(text), split_lines(text))
    assert _tuples([d]) == [("F005", 2, 13, 2, 15)]
    edits = [lsp.TextEdit(range=d.range, new_text=e["newText"]) for e in d.data["edits"]]
    assert _apply_edits(text, edits) == text.replace("TEST  ", "TEST")


def test_corpus_ranges_agree_with_pygls_position_codec(corpus: Path):
    """On real cables with non-ASCII text (¶, typographic quotes, accented names), every
    diagnostic's UTF-16 range is what pygls's own codec computes for its code-point span, and
    maps back to it. A deterministic sample of every fifth cable keeps this quick."""
    codec = PositionCodec(UTF16)
    checked = cables = 0
    for path in sorted((corpus / "cables").iterdir())[::5]:
        source = Source.from_bytes(path.read_bytes(), str(path))
        if source.text.isascii():
            continue
        cables += 1
        lines = split_lines(source.text)
        result = lint_source(source, Settings())
        for wire, d in zip(build_diagnostics(result, lines), result.diagnostics):
            for key, line, col in (("start", d.span.line, d.span.column), ("end", d.span.end_line, d.span.end_column)):
                if line > len(lines) or col - 1 > len(lines[line - 1]):
                    continue  # past a line's end: clamped, checked in test_to_position_clamps
                got = lsp.Position(**wire["range"][key])
                assert got == codec.position_to_client_units(lines, lsp.Position(line=line - 1, character=col - 1))
                assert from_position(lines, got) == (line - 1, col - 1)
                checked += 1
    print(f"{cables} non-ASCII cables, {checked} positions")
    assert cables > 300 and checked > 10_000


def test_configured_severity_reaches_the_client():
    from cablelint.diagnostics import Severity

    result = _lint(UNICODE_CABLE, settings=Settings(severity=(("F005", Severity.ERROR),)))
    diags = _build(result, split_lines(UNICODE_CABLE))
    assert {d.severity for d in diags if d.code == "F005"} == {lsp.DiagnosticSeverity.Error}


def test_no_fix_is_offered_where_the_fixer_would_not_apply_it():
    text = "UNCLASSIFIED ROME 000123\n\nSUBJECT: TEST   \n\x00\n"  # a NUL byte: not fixable
    diags = _build(_lint(text), split_lines(text))
    assert any(d.code == "F005" for d in diags)
    assert all(d.data is None for d in diags)


def test_quick_fix_edits_from_data_apply_to_the_text():
    result = _lint(UNICODE_CABLE)
    diags = _build(result, split_lines(UNICODE_CABLE))
    tab = next(d for d in diags if d.code == "F005" and d.range.start.line == 5)
    edits = [lsp.TextEdit(range=lsp.Range(start=lsp.Position(**e["range"]["start"]),
                                          end=lsp.Position(**e["range"]["end"])), new_text=e["newText"])
             for e in tab.data["edits"]]
    fixed = _apply_edits(UNICODE_CABLE, edits)
    assert fixed.splitlines()[5].startswith("¶2. (U) “Quote” ")
    assert "\t" not in fixed


def test_rule_hover_is_the_rules_documentation():
    page = rule_hover("F003")
    assert page.startswith("**F003** `rendering-artifact`")
    assert "**What it does**" in page and "## " not in page
    link = re.search(r"\[Open as a page\]\((file://[^)]+)\)$", page)
    assert link, page[-200:]
    # the page an editor opens: the rule's documentation, written into the cache directory
    assert Path(url2pathname(urlparse(link.group(1)).path)).read_text(encoding="utf-8").startswith(
        "# rendering-artifact (F003)\n\nResidue")
    assert rule_hover("Z999") is None


# ------------------------------------------------------------------------------ end to end
def _recording_client() -> LanguageClient:
    """pytest-lsp's test client, also keeping every publishDiagnostics in order (the default
    keeps only the last per document) and accepting capability registrations."""
    from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

    client = LanguageClient(converter_factory=default_converter)
    client.published = []  # type: ignore[attr-defined]
    client.registrations = []  # type: ignore[attr-defined]
    client.event = asyncio.Event()  # type: ignore[attr-defined]

    def publish(ls: LanguageClient, params: lsp.PublishDiagnosticsParams):
        ls.diagnostics[params.uri] = params.diagnostics
        ls.published.append(params)
        ls.event.set()

    def register(ls: LanguageClient, params: lsp.RegistrationParams):
        ls.registrations.extend(params.registrations)

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish,
                                   lsp.CLIENT_REGISTER_CAPABILITY: register})
    return client


def _config(*args: str) -> ClientServerConfig:
    return ClientServerConfig(server_command=[sys.executable, "-m", "cablelint", "server", *args],
                              client_factory=_recording_client)


async def _start(lsp_client: LanguageClient, tmp_path: Path, capabilities: lsp.ClientCapabilities,
                 options: dict | None = None) -> None:
    await lsp_client.initialize_session(lsp.InitializeParams(
        capabilities=capabilities, root_uri=tmp_path.as_uri(), initialization_options=options,
        workspace_folders=[lsp.WorkspaceFolder(uri=tmp_path.as_uri(), name="cables")]))


# The server most tests share (one per module: starting one costs about a second). Each test
# works in its own tmp_path, and configuration is found from each document's directory, so
# the tests do not see each other's settings.
@pytest_lsp.fixture(config=_config("--debounce-ms", "50"), scope="module")
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):
    await _start(lsp_client, tmp_path_factory.mktemp("workspace"), client_capabilities("visual-studio-code"))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=_config(), loop_scope="module")
async def bare_client(lsp_client: LanguageClient, tmp_path: Path):
    """A client that announces no capabilities: UTF-16, plain `changes` edits, no resolve."""
    await _start(lsp_client, tmp_path, lsp.ClientCapabilities(), {"debounceMs": 0, "maxDocumentBytes": 500_000})
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=_config(), loop_scope="module")
async def patient_client(lsp_client: LanguageClient, tmp_path: Path):
    """A client that asks for a long debounce delay (initializationOptions win over the flag)."""
    await _start(lsp_client, tmp_path, lsp.ClientCapabilities(), {"debounceMs": 20_000})
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "cablelint.lsp"],
                                              client_factory=_recording_client), loop_scope="module")
async def utf8_client(lsp_client: LanguageClient, tmp_path: Path):
    """Started as `python -m cablelint.lsp`; a client that prefers UTF-8 positions."""
    await _start(lsp_client, tmp_path, lsp.ClientCapabilities(
        general=lsp.GeneralClientCapabilities(position_encodings=[UTF8, UTF16])))
    yield
    await lsp_client.shutdown_session()


# A server whose F005 rule raises: the failure must reach the client log, not its diagnostics.
BROKEN_RULE_SERVER = """
import sys
from cablelint.rules.format.f005_whitespace import Whitespace
def check(self, cable, ctx):
    raise RuntimeError("boom in F005")
Whitespace.check = check
from cablelint.lsp import main
sys.exit(main())
"""


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-c", BROKEN_RULE_SERVER],
                                              client_factory=_recording_client), loop_scope="module")
async def broken_rule_client(lsp_client: LanguageClient, tmp_path: Path):
    await _start(lsp_client, tmp_path, lsp.ClientCapabilities())
    yield
    await lsp_client.shutdown_session()


async def _published(client: LanguageClient, uri: str, version=None, timeout: float = 10.0):
    """Wait for diagnostics for `uri` (and `version`, when given)."""
    def found():
        for p in reversed(client.published):
            if p.uri == uri and (version is None or p.version == version):
                return p
        return None

    async def wait():
        while (p := found()) is None:
            client.event.clear()
            await client.event.wait()
        return p
    return await asyncio.wait_for(wait(), timeout)


@pytest.fixture(autouse=True)
def _format_rules_only(request):
    """The protocol tests pin the F family's findings; a workspace config keeps the other
    families (whose findings on these fragments are not the point here) out."""
    if "tmp_path" in request.fixturenames:
        tmp_path = request.getfixturevalue("tmp_path")
        (tmp_path / ".cablelint.toml").write_text('select = ["F"]\n', encoding="utf-8")


def _open(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
        uri=uri, language_id="cable", version=version,
        text=path.read_text(encoding="utf-8") if text is None else text)))
    return uri


def _change(client: LanguageClient, uri: str, version: int, start: tuple[int, int], end: tuple[int, int], text: str):
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[lsp.TextDocumentContentChangePartial(
            range=lsp.Range(start=lsp.Position(line=start[0], character=start[1]),
                            end=lsp.Position(line=end[0], character=end[1])), text=text)]))


def _example(tmp_path: Path) -> Path:
    target = tmp_path / "cables" / EXAMPLE.name
    target.parent.mkdir(exist_ok=True)
    shutil.copy(EXAMPLE, target)
    return target


@in_module_loop
async def test_open_the_example_and_receive_its_diagnostics(client: LanguageClient, tmp_path: Path):
    path = _example(tmp_path)
    uri = _open(client, path)
    published = await _published(client, uri, 1)
    expected = _build(_lint(path.read_text(encoding="utf-8"), str(path)),
                                 split_lines(path.read_text(encoding="utf-8")), UTF16, 1)
    assert _tuples(published.diagnostics) == _tuples(expected)
    assert ("F003", 19, 6, 19, 15) in _tuples(published.diagnostics)  # [PREL](#) on the TAGS line
    d = published.diagnostics[0]
    assert d.source == "cablelint" and d.code_description.href.endswith("/docs/F005.md")
    page = Path(url2pathname(urlparse(d.code_description.href).path)).read_text(encoding="utf-8")
    assert page == (ROOT / "docs" / "rules" / "F005.md").read_text(encoding="utf-8")  # the `cablelint rule` page
    # the configuration watcher was registered with the client
    assert [r.method for r in client.registrations] == [lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES]


@in_module_loop
async def test_unicode_ranges_over_the_wire(client: LanguageClient, tmp_path: Path):
    uri = _open(client, tmp_path / "rome.txt", UNICODE_CABLE)
    published = await _published(client, uri, 1)
    assert ("F005", 4, 40, 4, 43) in _tuples(published.diagnostics)
    assert ("F003", 5, 16, 5, 22) in _tuples(published.diagnostics)


@in_module_loop
async def test_a_client_that_prefers_utf8_gets_utf8_ranges(utf8_client: LanguageClient, tmp_path: Path):
    uri = _open(utf8_client, tmp_path / "rome.txt", UNICODE_CABLE)
    published = await _published(utf8_client, uri, 1)
    # ¶ 2 bytes, “ and ” 3 each, 😀 4: the trailing blanks start at byte 47.
    assert ("F005", 4, 47, 4, 50) in _tuples(published.diagnostics)
    hover = await utf8_client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=4, character=48)))
    assert hover.contents.value.startswith("**F005**")


@in_module_loop
async def test_a_failing_rule_goes_to_the_log_and_the_others_still_report(broken_rule_client: LanguageClient,
                                                                          tmp_path: Path):
    client = broken_rule_client
    uri = _open(client, tmp_path / "rome.txt", UNICODE_CABLE)
    published = await _published(client, uri, 1)
    assert {d.code for d in published.diagnostics} == {"F003"}
    errors = [m.message for m in client.log_messages if m.type == lsp.MessageType.Error]
    assert len(errors) == 1 and "F005" in errors[0] and "boom in F005" in errors[0]
    _change(client, uri, 2, (0, 0), (0, 0), " ")
    await _published(client, uri, 2)
    assert len([m for m in client.log_messages if m.type == lsp.MessageType.Error]) == 1  # not on every edit


@in_module_loop
async def test_apply_a_quick_fix_and_see_the_text_change(client: LanguageClient, tmp_path: Path):
    path = _example(tmp_path)
    text = path.read_text(encoding="utf-8")
    uri = _open(client, path)
    published = await _published(client, uri, 1)
    link = next(d for d in published.diagnostics if d.code == "F003" and d.range.start.line == 19)
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=link.range,
        context=lsp.CodeActionContext(diagnostics=[link], only=[lsp.CodeActionKind.QuickFix])))
    assert [a.kind for a in actions] == [lsp.CodeActionKind.QuickFix]
    fix = actions[0]
    assert fix.is_preferred and "F003" in fix.title and "unsafe" not in fix.title
    # VS Code announces documentChanges: the edit names the version it was computed for.
    [change] = fix.edit.document_changes
    assert change.text_document.version == 1
    fixed = _apply_edits(text, change.edits)
    assert fixed.splitlines()[19].startswith("TAGS: PREL [AORC](#)")
    # The editor applies it and tells the server; the diagnostic goes away.
    for e in change.edits:
        _change(client, uri, 2, (e.range.start.line, e.range.start.character),
                (e.range.end.line, e.range.end.character), e.new_text)
    republished = await _published(client, uri, 2)
    assert ("F003", 19, 6, 19, 15) not in _tuples(republished.diagnostics)
    assert _tuples(republished.diagnostics) == _tuples(_build(
        _lint(fixed, str(path)), split_lines(fixed), UTF16, 2))


@in_module_loop
async def test_unsafe_fixes_are_marked_and_not_preferred(client: LanguageClient, tmp_path: Path):
    # A page marker inside the text: F007, whose fix is unsafe.
    text = ("UNCLASSIFIED ROME 000123\n\nSUBJECT: TEST\n\n1. (U) Text.\n"
            "UNCLAS ROME 00000123 002 OF 003\n2. (U) More.\n")
    uri = _open(client, tmp_path / "rome.txt", text)
    published = await _published(client, uri, 1)
    residue = [d for d in published.diagnostics if d.code == "F007"]
    assert residue, _tuples(published.diagnostics)
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=residue[0].range,
        context=lsp.CodeActionContext(diagnostics=residue)))
    unsafe = [a for a in actions if a.kind == lsp.CodeActionKind.QuickFix]
    assert unsafe and all("unsafe" in a.title and not a.is_preferred for a in unsafe)


@in_module_loop
async def test_fix_all_safe_problems_matches_the_cli_fix(client: LanguageClient, tmp_path: Path):
    path = _example(tmp_path)
    text = path.read_text(encoding="utf-8")
    uri = _open(client, path)
    await _published(client, uri, 1)
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri),
        range=lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=0, character=0)),
        context=lsp.CodeActionContext(diagnostics=[], only=[lsp.CodeActionKind.Source])))
    [fix_all] = actions
    assert fix_all.kind == FIX_ALL_KIND and fix_all.edit is None  # resolved lazily (VS Code resolves)
    resolved = await client.code_action_resolve_async(fix_all)
    [change] = resolved.edit.document_changes
    settings = Settings(select=("F",))  # the workspace config of these tests
    expected = fix_source(Source.from_text(text, str(path)), settings, resolve_rules(settings, str(path))).fixed_text
    assert expected is not None and expected != text
    assert _apply_edits(text, change.edits) == expected


@in_module_loop
async def test_fix_all_without_resolve_support_comes_with_its_edit(bare_client: LanguageClient, tmp_path: Path):
    text = "UNCLASSIFIED ROME 000123\n\nSUBJECT: TEST   \n\n1. (U) Text.\t\n"
    uri = _open(bare_client, tmp_path / "rome.txt", text)
    await _published(bare_client, uri, 1)
    actions = await bare_client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri),
        range=lsp.Range(start=lsp.Position(line=2, character=13), end=lsp.Position(line=2, character=13)),
        context=lsp.CodeActionContext(diagnostics=[])))
    kinds = sorted(a.kind for a in actions)
    assert kinds == [lsp.CodeActionKind.QuickFix, FIX_ALL_KIND]
    fix_all = next(a for a in actions if a.kind == FIX_ALL_KIND)
    assert _apply_edits(text, fix_all.edit.changes[uri]) == \
        "UNCLASSIFIED ROME 000123\n\nSUBJECT: TEST\n\n1. (U) Text.\n"


@in_module_loop
async def test_edits_update_diagnostics_and_outdated_versions_are_dropped(client: LanguageClient, tmp_path: Path):
    text = "UNCLASSIFIED ROME 000123\n\nSUBJECT: TEST\n\n1. (U) Text.\n"
    uri = _open(client, tmp_path / "rome.txt", text)
    assert list((await _published(client, uri, 1)).diagnostics) == []
    start = len(client.published)
    # Five quick keystrokes adding trailing blanks, then a pause: one lint, of version 6.
    for version in range(2, 7):
        _change(client, uri, version, (4, 12 + version - 2), (4, 12 + version - 2), " ")
    final = await _published(client, uri, 6)
    assert [p.version for p in client.published[start:] if p.uri == uri] == [6]
    assert _tuples(final.diagnostics) == [("F005", 4, 12, 4, 17)]
    # Closing clears the editor's list.
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    await asyncio.sleep(0.3)
    last = [p for p in client.published if p.uri == uri][-1]
    assert list(last.diagnostics) == [] and last.version is None


@in_module_loop
async def test_save_lints_at_once_without_waiting_for_the_debounce(patient_client: LanguageClient, tmp_path: Path):
    client = patient_client
    uri = _open(client, tmp_path / "rome.txt", "UNCLASSIFIED ROME 000123\n\nSUBJECT: TEST\n")
    assert list((await _published(client, uri, 1)).diagnostics) == []
    _change(client, uri, 2, (2, 13), (2, 13), "   ")
    with pytest.raises(asyncio.TimeoutError):
        await _published(client, uri, 2, timeout=1.0)  # still waiting for the 20 s pause
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    assert _tuples((await _published(client, uri, 2, timeout=10)).diagnostics) == [("F005", 2, 13, 2, 16)]
    # Saving again changes nothing: the version is linted already.
    count = len(client.published)
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    await asyncio.sleep(0.5)
    assert len(client.published) == count


@in_module_loop
async def test_hover_on_a_diagnostic_and_on_a_rule_code(client: LanguageClient, tmp_path: Path):
    text = UNICODE_CABLE + "3. (U) See F005 and X123.\n"
    uri = _open(client, tmp_path / "rome.txt", text)
    await _published(client, uri, 1)
    on_tab = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=5, character=15)))
    assert on_tab.contents.kind == lsp.MarkupKind.Markdown
    assert on_tab.contents.value.startswith("**F005** `whitespace`")
    assert on_tab.range == lsp.Range(start=lsp.Position(line=5, character=15), end=lsp.Position(line=5, character=16))
    on_code = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=6, character=12)))
    assert on_code.contents.value.startswith("**F005**")
    assert on_code.range == lsp.Range(start=lsp.Position(line=6, character=11), end=lsp.Position(line=6, character=15))
    nothing = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=6, character=22)))
    assert nothing is None


@in_module_loop
async def test_configuration_is_discovered_and_reloaded(client: LanguageClient, tmp_path: Path):
    config = tmp_path / ".cablelint.toml"
    config.write_text('select = ["F"]\nignore = ["F005"]\nextend-exclude = ["drafts"]\n', encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    uri = _open(client, tmp_path / "rome.txt", UNICODE_CABLE)
    first = await _published(client, uri, 1)
    assert {d.code for d in first.diagnostics} == {"F003"}
    # Outside `include` or inside `exclude`: left alone.
    script = _open(client, tmp_path / "notes.py", UNICODE_CABLE)
    draft = _open(client, tmp_path / "drafts" / "rome.txt", UNICODE_CABLE)
    assert list((await _published(client, script, 1)).diagnostics) == []
    assert list((await _published(client, draft, 1)).diagnostics) == []
    # The configuration changes; the client reports it; open documents are linted again.
    start = len(client.published)
    config.write_text('select = ["F"]\nignore = ["F003"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
        lsp.FileEvent(uri=config.as_uri(), type=lsp.FileChangeType.Changed)]))

    async def relinted():
        while not {uri, draft} <= {p.uri for p in client.published[start:]}:
            await asyncio.sleep(0.02)
    await asyncio.wait_for(relinted(), 10)
    again = [p for p in client.published[start:] if p.uri == uri][-1]
    assert {d.code for d in again.diagnostics} == {"F005"}
    assert list((await _published(client, draft, 1)).diagnostics) != []  # no longer excluded
    # A client that watches nothing: a changed file is still noticed at the next lint.
    config.write_text('select = ["F"]\nignore = ["F003", "F005"]\n', encoding="utf-8")
    _change(client, uri, 2, (0, 0), (0, 0), "")
    assert list((await _published(client, uri, 2)).diagnostics) == []


@in_module_loop
async def test_an_invalid_configuration_is_reported_in_the_log_not_in_diagnostics(client: LanguageClient,
                                                                                   tmp_path: Path):
    (tmp_path / ".cablelint.toml").write_text('select = ["NOPE"]\n', encoding="utf-8")
    uri = _open(client, tmp_path / "rome.txt", UNICODE_CABLE)
    published = await _published(client, uri, 1)
    defaults = {d.code for d in _lint(UNICODE_CABLE, settings=Settings()).diagnostics}
    assert {d.code for d in published.diagnostics} == defaults and {"F003", "F005"} <= defaults
    errors = [m.message for m in client.log_messages if m.type == lsp.MessageType.Error]
    assert any("NOPE" in m and ".cablelint.toml" in m for m in errors)
    assert any("NOPE" in m.message for m in client.messages)  # and said once, visibly


async def _raw_request(client: LanguageClient, method: str, params: dict):
    """Send a request as plain JSON (the client would refuse to serialize ill-typed params)."""
    protocol = client.protocol
    typed = protocol.get_message_type
    # An instance attribute shadows the typed lookup, for this method only.
    protocol.get_message_type = lambda name: None if name == method else typed(name)
    try:
        return await asyncio.wait_for(protocol.send_request_async(method, params), 10)
    finally:
        del protocol.get_message_type


@in_module_loop
async def test_garbage_does_not_kill_the_server(bare_client: LanguageClient, tmp_path: Path):
    client = bare_client
    writer = client.protocol.writer
    for body in (b"{not json", b"[1, 2, 3]", b'{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": 7}',
                 b'{"jsonrpc": "2.0", "method": "$/unknownNotification", "params": {}}', "\u00b6\u201c".encode()):
        writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    writer.write(b"this is not a header\r\n\r\n")
    # A request whose parameters do not fit its method gets an error answer, not silence.
    with pytest.raises(JsonRpcException) as bad:
        await _raw_request(client, lsp.TEXT_DOCUMENT_HOVER, {"textDocument": 5, "position": "here"})
    assert bad.value.code == JsonRpcInvalidParams.CODE
    with pytest.raises(JsonRpcException) as unknown:
        await _raw_request(client, "cablelint/noSuchMethod", {})
    assert unknown.value.code == JsonRpcMethodNotFound.CODE
    # Requests and changes about documents the server does not have.
    ghost = (tmp_path / "ghost.txt").as_uri()
    _change(client, ghost, 2, (0, 0), (0, 0), "x")
    assert await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=ghost), position=lsp.Position(line=0, character=0))) is None
    # Hostile documents: NUL bytes, lone surrogates, control characters, a change far past
    # the end, a document over the size limit.
    hostile = _open(client, tmp_path / "bin.txt", "\x00\x01\ud800\udfff\x1b[2J" * 100 + "\u2028\x85\x0c" * 50)
    await _published(client, hostile, 1)
    _change(client, hostile, 2, (9999, 5), (99999, 0), "tail")
    await _published(client, hostile, 2)
    huge = _open(client, tmp_path / "huge.txt", "1. (U) " + "X" * 600_000 + "\n")
    assert list((await _published(client, huge, 1)).diagnostics) == []
    _change(client, huge, 2, (0, 0), (0, 0), "X")
    assert list((await _published(client, huge, 2)).diagnostics) == []
    assert len([m for m in client.log_messages if "huge.txt" in m.message and "not linted" in m.message]) == 1
    # Still alive and still right.
    uri = _open(client, tmp_path / "rome.txt", UNICODE_CABLE)
    assert ("F005", 4, 40, 4, 43) in _tuples((await _published(client, uri, 1)).diagnostics)
    assert client._server.returncode is None
    # No error ended up as a diagnostic.
    assert all(d.source == "cablelint" and d.code for p in client.published for d in p.diagnostics)


def test_server_command_without_pygls_says_what_to_install(tmp_path: Path):
    import subprocess

    blocker = tmp_path / "pygls"
    blocker.mkdir()
    (blocker / "__init__.py").write_text("raise ModuleNotFoundError('No module named pygls', name='pygls')\n")
    r = subprocess.run([sys.executable, "-m", "cablelint", "server"], capture_output=True, text=True, timeout=60,
                       env={"PYTHONPATH": str(tmp_path), "PATH": ""})
    assert r.returncode == 2
    assert "pip install 'cablelint[lsp]'" in r.stderr
