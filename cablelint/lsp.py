"""`cablelint server`: a Language Server Protocol server over stdio (pygls 2.x).

The server runs the same engine and configuration code as the CLI, in-process
(linter-conventions.md §12). It pushes diagnostics on open, save and (debounced) change,
offers each fixable diagnostic's fix as a quick fix and all safe fixes as
`source.fixAll.cablelint`, and shows a rule's documentation on hover.

The module has two halves:

- pure functions (no server state): LSP line splitting, conversion between the engine's
  1-based code-point spans and LSP positions in the negotiated encoding (UTF-16 unless the
  client offers another), building LSP diagnostics and edits, applying content changes.
  tests/test_lsp.py tests them without a server.
- `CableLanguageServer`: document store, debouncing, configuration, features.

Documents are kept in the server's own store rather than pygls's workspace: pygls splits
lines with `str.splitlines`, which also breaks at U+2028, U+0085, form feed and others, so
an incremental edit below such a character lands on the wrong line. LSP lines end only at
`\\n`, `\\r\\n` and `\\r` (the same rule as `cablelint.source`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Sequence

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, default_converter
from pygls.uris import to_fs_path

from . import __version__
from .diagnostics import Diagnostic, Severity, Span
from .engine import FileResult, lint_source
from .settings import Settings
from .source import Source

__all__ = ["CableLanguageServer", "create_server", "main", "serve", "split_lines", "code_units", "position",
           "to_position", "span_to_range", "range_json", "from_position", "diagnostic_json",
           "build_diagnostics", "apply_change", "whole_text_edit", "rule_hover", "FIX_ALL_KIND"]

logger = logging.getLogger(__name__)

SOURCE = "cablelint"
FIX_ALL_KIND = f"{lsp.CodeActionKind.SourceFixAll.value}.cablelint"
DEFAULT_DEBOUNCE_MS = 100
# Documents larger than this are not linted (unless `max-file-bytes` in the configuration
# says otherwise): the largest real cable is about 55 kB, and a lint of several MB would
# hold the linter thread for seconds on every pause in typing.
DEFAULT_MAX_DOCUMENT_BYTES = 2_000_000
CONFIG_NAMES = (".cablelint.toml", "pyproject.toml")

SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}

_SEVERITY_VALUE = {k: v.value for k, v in SEVERITY.items()}

# ------------------------------------------------------------------------------ positions
_EOL = re.compile(r"\r\n|\r|\n")
_UTF16 = lsp.PositionEncodingKind.Utf16
_UTF8 = lsp.PositionEncodingKind.Utf8
_UTF32 = lsp.PositionEncodingKind.Utf32


def split_lines(text: str) -> list[str]:
    """The document's lines as LSP counts them, without line endings. A text ending in a
    line ending has a last, empty line (where the cursor stands after the final newline)."""
    return _EOL.split(text)


def code_units(s: str, encoding: str = _UTF16) -> int:
    """Length of `s` in the client's code units: UTF-16 (the LSP default) counts characters
    outside the BMP as two; UTF-8 counts bytes; UTF-32 counts code points. Same results as
    pygls's `PositionCodec.client_num_units`, without its per-character Python loop."""
    if s.isascii() or encoding == _UTF32:
        return len(s)
    if encoding == _UTF8:
        return len(s.encode("utf-8", "surrogatepass"))
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def position(lines: Sequence[str], line: int, column: int, encoding: str = _UTF16) -> tuple[int, int]:
    """1-based line and code-point column -> 0-based (line, character) in the client's
    encoding, clamped to the document (past the end: the end of the document)."""
    if not lines or line < 1:
        return 0, 0
    index = line - 1
    if index >= len(lines):
        index = len(lines) - 1
        return index, code_units(lines[index], encoding)
    text = lines[index]
    col = max(0, min(column - 1, len(text)))
    return index, col if text.isascii() else code_units(text[:col], encoding)


def to_position(lines: Sequence[str], line: int, column: int, encoding: str = _UTF16) -> lsp.Position:
    index, character = position(lines, line, column, encoding)
    return lsp.Position(line=index, character=character)


def span_to_range(lines: Sequence[str], span: Span, encoding: str = _UTF16) -> lsp.Range:
    """An engine span (1-based, end exclusive, code points) -> an LSP range."""
    return lsp.Range(start=to_position(lines, span.line, span.column, encoding),
                     end=to_position(lines, span.end_line, span.end_column, encoding))


def range_json(lines: Sequence[str], span: Span, encoding: str = _UTF16) -> dict:
    """`span_to_range` in wire form (what goes into a diagnostic)."""
    line, character = position(lines, span.line, span.column, encoding)
    end_line, end_character = position(lines, span.end_line, span.end_column, encoding)
    return {"start": {"line": line, "character": character}, "end": {"line": end_line, "character": end_character}}


def from_position(lines: Sequence[str], pos: lsp.Position, encoding: str = _UTF16) -> tuple[int, int]:
    """An LSP position -> (0-based line, 0-based code-point column), clamped to the document.
    A position inside a character (half a surrogate pair) moves to that character's start."""
    if not lines:
        return 0, 0
    index = min(max(pos.line, 0), len(lines) - 1)
    if pos.line >= len(lines):
        return index, len(lines[index])
    text = lines[index]
    want = max(pos.character, 0)
    if text.isascii() or encoding == _UTF32:
        return index, min(want, len(text))
    units = 0
    for col, ch in enumerate(text):
        step = code_units(ch, encoding)
        if units + step > want:
            return index, col
        units += step
    return index, len(text)


def _offsets(text: str) -> list[int]:
    """Code-point offset of the start of each LSP line."""
    return [0] + [m.end() for m in _EOL.finditer(text)]


def _offset_at(text: str, starts: list[int], pos: lsp.Position, encoding: str) -> int:
    if pos.line >= len(starts):
        return len(text)
    start = starts[pos.line]
    end = starts[pos.line + 1] if pos.line + 1 < len(starts) else len(text)
    line = text[start:end].rstrip("\r\n")
    _, col = from_position([line], lsp.Position(line=0, character=pos.character), encoding)
    return start + col


def apply_change(text: str, change: lsp.TextDocumentContentChangeEvent, encoding: str = _UTF16) -> str:
    """Apply one `didChange` content change (incremental or whole-document)."""
    if isinstance(change, lsp.TextDocumentContentChangeWholeDocument) or getattr(change, "range", None) is None:
        return change.text
    starts = _offsets(text)
    a = _offset_at(text, starts, change.range.start, encoding)
    b = _offset_at(text, starts, change.range.end, encoding)
    if b < a:
        a, b = b, a
    return text[:a] + change.text + text[b:]


_EOL_KEEP = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")  # lines with their endings


def whole_text_edit(old: str, new: str, encoding: str = _UTF16) -> lsp.TextEdit | None:
    """One edit turning `old` into `new` that replaces only the run of whole lines that
    differ (the cursor and folds elsewhere stay put, and no `\\r\\n` is ever split)."""
    if old == new:
        return None
    a = _EOL_KEEP.findall(old)
    b = _EOL_KEEP.findall(new)
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    if tail or not a or a[-1].endswith(("\n", "\r")):
        end = lsp.Position(line=len(a) - tail, character=0)
    else:  # up to the end of a document whose last line has no line ending
        end = lsp.Position(line=len(a) - 1, character=code_units(a[-1], encoding))
    return lsp.TextEdit(range=lsp.Range(start=lsp.Position(line=head, character=0), end=end),
                        new_text="".join(b[head:len(b) - tail]))


# ------------------------------------------------------------------------------ diagnostics
@lru_cache(maxsize=None)
def _rule(code: str):
    from .registry import rule_by_selector

    found = [r for r in rule_by_selector(code) if r.code == code]
    return found[0] if found else None


@lru_cache(maxsize=None)
def _docs_url(code: str) -> str | None:
    from .registry import docs_uri

    rule = _rule(code)
    return docs_uri(rule) if rule is not None else None


def _range_from_json(d: dict) -> lsp.Range:
    return lsp.Range(start=lsp.Position(line=int(d["start"]["line"]), character=int(d["start"]["character"])),
                     end=lsp.Position(line=int(d["end"]["line"]), character=int(d["end"]["character"])))


def diagnostic_json(d: Diagnostic, lines: Sequence[str], encoding: str = _UTF16,
                    version: int | None = None, fixable: bool = True) -> dict:
    """One engine diagnostic -> an LSP `Diagnostic` in wire form: the range in the client's
    encoding, the rule code and its documentation link, the severity of §7.1 and, when
    `fixable`, the fix in `data` (edits as LSP ranges, with the document version they were
    computed for). Wire form because a document with a thousand findings would otherwise
    spend more time building and unstructuring lsprotocol objects than linting."""
    rng = range_json(lines, d.span, encoding)
    out = {"range": rng, "message": d.message, "severity": _SEVERITY_VALUE.get(d.severity, 2),
           "code": d.code, "source": SOURCE}
    url = _docs_url(d.code)
    if url:
        out["codeDescription"] = {"href": url}
    if fixable and d.fix is not None and d.fix.edits:
        out["data"] = {
            "version": version,
            "applicability": d.fix.applicability.value,
            "title": d.fix.title,
            "edits": [{"range": rng if e.span == d.span else range_json(lines, e.span, encoding),
                       "newText": e.replacement} for e in d.fix.edits],
        }
    return out


def build_diagnostics(result: FileResult, lines: Sequence[str], encoding: str = _UTF16,
                      version: int | None = None) -> list[dict]:
    """All of a lint result's diagnostics, in wire form. A fix is offered only where `--fix`
    would apply it (not inside an unparsable line, never in a file with undecodable bytes)."""
    from .fixer import fixable

    return [diagnostic_json(d, lines, encoding, version, fixable(result, d, unsafe=True))
            for d in result.diagnostics]


def rule_hover(code: str) -> str | None:
    """A rule's documentation as hover Markdown (section headings made bold, so a hover
    does not open with a row of large titles)."""
    rule = _rule(code)
    if rule is None:
        return None
    doc = re.sub(r"^#{1,6} +(.+)$", r"**\1**", rule.doc(), flags=re.M)
    summary, _, body = doc.partition("\n")
    fix = {"safe": "safe fix", "unsafe": "unsafe fix", "sometimes": "fix sometimes available"}.get(rule.fix, "no fix")
    url = _docs_url(code)
    return (f"**{rule.code}** `{rule.name}` ({rule.default_severity.value}, "
            f"{'on' if rule.default_on else 'opt-in'}, {fix})\n\n{summary}\n\n{body.strip()}"
            + (f"\n\n[Open as a page]({url})" if url else ""))


def _key(p) -> tuple[int, int]:
    return (p["line"], p["character"]) if isinstance(p, dict) else (p.line, p.character)


def _overlaps(a, b) -> bool:
    """Whether two ranges (wire dicts or lsprotocol objects) touch or overlap."""
    a0, a1 = (a["start"], a["end"]) if isinstance(a, dict) else (a.start, a.end)
    b0, b1 = (b["start"], b["end"]) if isinstance(b, dict) else (b.start, b.end)
    return _key(a0) <= _key(b1) and _key(b0) <= _key(a1)


# ------------------------------------------------------------------------------ the server
@dataclass
class Document:
    """An open editor document."""
    uri: str
    text: str
    version: int | None
    path: str | None = None  # None for non-file URIs (untitled buffers)


@dataclass
class LintState:
    """The result published for one version of a document."""

    version: int | None
    diagnostics: list[dict] = field(default_factory=list)  # wire form
    result: FileResult | None = None  # None: the document is left alone (or too large)
    lint_ms: float = 0.0


class _Protocol(LanguageServerProtocol):
    """Answers a request whose parameters do not fit its method with an InvalidParams error
    instead of leaving the client waiting (pygls logs and drops such a message)."""

    def structure_message(self, data: dict[str, Any]):
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "id" in data and "method" in data:
                try:
                    self._send_response(data["id"], error=lsp.ResponseError(
                        code=exc.code, message=f"invalid parameters for {data.get('method')!r}"))
                except Exception:  # pragma: no cover - never let error reporting raise
                    pass
            raise

    def notify_json(self, method: str, params: dict) -> None:
        """Send a notification whose params are already in wire form (no cattrs round trip)."""
        self._send_data({"jsonrpc": "2.0", "method": method, "params": params})


class CableLanguageServer(LanguageServer):
    def __init__(self, debounce_ms: int | None = None) -> None:
        super().__init__(SOURCE, __version__, protocol_cls=_Protocol)
        self.debounce_ms = DEFAULT_DEBOUNCE_MS if debounce_ms is None else max(0, debounce_ms)
        self.max_document_bytes = DEFAULT_MAX_DOCUMENT_BYTES
        self.log_timings = False
        self.docs: dict[str, Document] = {}
        self.states: dict[str, LintState] = {}
        self.changed_at: dict[str, tuple[float, float]] = {}  # wall and CPU clock at the notification
        self._pending: dict[str, asyncio.Task] = {}
        self._settings: dict[str, tuple[Settings, str | None, tuple[int, int] | None]] = {}
        self._config_errors_shown: set[str] = set()
        self._rule_errors_logged: dict[str, set[str]] = {}
        self._too_large: set[str] = set()
        self._reporting = False
        # One linter thread: lints never run concurrently, and the event loop stays free to
        # read messages (a newer version makes a running lint's result obsolete).
        self._linter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cablelint-lint")

    # -- client log ------------------------------------------------------------------------
    def log(self, message: str, kind: lsp.MessageType = lsp.MessageType.Log) -> None:
        try:
            self.window_log_message(lsp.LogMessageParams(type=kind, message=f"cablelint: {message}"))
        except Exception:  # pragma: no cover - the transport is gone
            logger.warning("cablelint: %s", message)

    def report_server_error(self, error: Exception, source) -> None:
        # pygls's default pops up a message box for every failure; errors go to the log.
        if self._reporting:  # the log message itself failed to go out
            return
        self._reporting = True
        try:
            self.log(f"{getattr(source, '__name__', source)}: {error}", lsp.MessageType.Error)
        finally:
            self._reporting = False

    @property
    def encoding(self) -> str:
        try:
            return self.workspace.position_encoding or _UTF16
        except RuntimeError:
            return _UTF16

    # -- settings --------------------------------------------------------------------------
    def settings_for(self, doc: Document) -> Settings | None:
        """The settings in force for a document, or None when the document is left alone
        (outside `include`, inside `exclude`)."""
        from .config import ConfigError, resolve_settings
        from .discovery import is_included

        base = doc.path or self._root_path()
        if base is None:
            return Settings()
        directory = os.path.dirname(base) if doc.path else base
        cached = self._settings.get(directory)
        if cached is not None and cached[1] is not None and _stamp(cached[1]) != cached[2]:
            cached = None
        if cached is None:
            try:
                settings = resolve_settings(base)
            except ConfigError as exc:
                message = f"{exc}; using the default settings until the configuration is fixed"
                self.log(message, lsp.MessageType.Error)
                if message not in self._config_errors_shown:
                    self._config_errors_shown.add(message)
                    self.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error,
                                                                   message=f"cablelint: {message}"))
                settings = Settings()
            cached = (settings, settings.source_file, _stamp(settings.source_file))
            self._settings[directory] = cached
        settings = cached[0]
        if doc.path is None:
            return settings
        # Same include/exclude decision as a directory walk of the CLI; without a config
        # file, patterns are relative to the workspace folder.
        check = settings if settings.root else settings.with_(
            root=self._folder_of(doc.path) or os.path.dirname(doc.path))
        return settings if is_included(doc.path, check) else None

    def _root_path(self) -> str | None:
        try:
            return self.workspace.root_path
        except RuntimeError:
            return None

    def _folder_of(self, path: str) -> str | None:
        try:
            folders = [to_fs_path(f.uri) for f in self.workspace.folders.values()]
            folders.append(self.workspace.root_path)
        except RuntimeError:
            return None
        best = None
        for f in folders:
            if f and (path.startswith(f.rstrip(os.sep) + os.sep)) and (best is None or len(f) > len(best)):
                best = f
        return best

    def config_changed(self) -> None:
        self._settings.clear()
        self._config_errors_shown.clear()
        from . import config

        clear = getattr(getattr(config, "find_config", None), "cache_clear", None)
        if clear is not None:  # the closest-config lookup is cached per directory
            clear()
        for uri in list(self.docs):
            self.schedule(uri, delay_ms=0)

    # -- linting ---------------------------------------------------------------------------
    def schedule(self, uri: str, delay_ms: int | None = None) -> None:
        """Lint `uri` after `delay_ms` (default: the debounce delay); a newer call replaces
        a pending one."""
        old = self._pending.pop(uri, None)
        if old is not None:
            old.cancel()
        delay = self.debounce_ms if delay_ms is None else delay_ms
        task = asyncio.get_running_loop().create_task(self._lint_later(uri, delay / 1000))
        self._pending[uri] = task

        def forget(done: asyncio.Task) -> None:
            if self._pending.get(uri) is done:
                del self._pending[uri]
        task.add_done_callback(forget)

    async def _lint_later(self, uri: str, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        await self.lint_and_publish(uri)

    async def lint_and_publish(self, uri: str) -> None:
        doc = self.docs.get(uri)
        if doc is None:
            return
        state = await self.lint(doc)
        if state is None or self.docs.get(uri) is not doc or doc.version != state.version:
            return  # closed meanwhile, or an outdated version: a newer lint will publish
        self.states[uri] = state
        self.publish(uri, state.version, state.diagnostics)
        if self.log_timings:
            since = self.changed_at.pop(uri, None)
            total = (f", {1000 * (time.perf_counter() - since[0]):.1f} ms since the notification "
                     f"({1000 * (time.process_time() - since[1]):.1f} ms CPU)") if since else ""
            self.log(f"{uri} v{state.version}: {len(state.diagnostics)} diagnostics, "
                     f"lint {state.lint_ms:.1f} ms{total}")

    def publish(self, uri: str, version: int | None, diagnostics: list[dict]) -> None:
        params: dict = {"uri": uri, "diagnostics": diagnostics}
        if version is not None:
            params["version"] = version
        self.protocol.notify_json(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, params)

    async def lint(self, doc: Document) -> LintState | None:
        """Lint the document's current text in the linter thread. Never raises: a failure is
        logged and yields None (the diagnostics already shown stay)."""
        text, version = doc.text, doc.version
        try:
            settings = self.settings_for(doc)
        except Exception:
            self.log(f"cannot resolve settings for {doc.uri}:\n{traceback.format_exc()}", lsp.MessageType.Error)
            return None
        if settings is None:
            return LintState(version)
        limit = settings.max_file_bytes or self.max_document_bytes
        size = len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
        if size > limit:
            if doc.uri not in self._too_large:  # once, not on every keystroke
                self._too_large.add(doc.uri)
                self.log(f"{doc.uri}: {size} bytes, larger than the limit of {limit}; not linted",
                         lsp.MessageType.Warning)
            return LintState(version)
        self._too_large.discard(doc.uri)
        loop = asyncio.get_running_loop()
        try:
            state = await loop.run_in_executor(self._linter, _lint_text, text, doc.path or doc.uri,
                                               settings, self.encoding, version)
        except Exception:
            self.log(f"linting {doc.uri} failed:\n{traceback.format_exc()}", lsp.MessageType.Error)
            return None
        self._log_rule_errors(doc.uri, state.result)
        return state

    def _log_rule_errors(self, uri: str, result: FileResult | None) -> None:
        errors = {str(e) for e in (result.rule_errors if result else [])}
        if errors - self._rule_errors_logged.get(uri, set()):
            for message in sorted(errors):
                self.log(f"internal error: rule {message}", lsp.MessageType.Error)
        self._rule_errors_logged[uri] = errors

    async def current_state(self, uri: str) -> LintState | None:
        """The lint state of the document's current version (linting now if the last
        published one is outdated)."""
        doc = self.docs.get(uri)
        if doc is None:
            return None
        state = self.states.get(uri)
        if state is not None and state.version == doc.version:
            return state
        return await self.lint(doc)

    def shutdown_linter(self) -> None:
        self._linter.shutdown(wait=False, cancel_futures=True)


def _lint_text(text: str, path: str, settings: Settings, encoding: str, version: int | None) -> LintState:
    start = time.perf_counter()
    result = lint_source(Source.from_text(text, path), settings)
    diagnostics = build_diagnostics(result, split_lines(text), encoding, version)
    return LintState(version, diagnostics, result, 1000 * (time.perf_counter() - start))


def _warm_up() -> None:
    try:
        _lint_text("UNCLASSIFIED\n\n1. (U) Text.\n", "warm-up.txt", Settings(), _UTF16, None)
    except Exception:  # a real lint will report it
        pass


def _stamp(path: str | None) -> tuple[int, int] | None:
    """What tells a changed configuration file: modification time and size (a coarse clock
    can give two quick writes the same time)."""
    if path is None:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _wants(only: Sequence[str] | None, kind: str) -> bool:
    """Whether a code action of `kind` fits the client's `only` filter (a prefix match:
    `source` asks for `source.fixAll.cablelint`)."""
    if not only:
        return True
    return any(kind == k or kind.startswith(f"{k}.") for k in only)


def create_server(debounce_ms: int | None = None) -> CableLanguageServer:
    server = CableLanguageServer(debounce_ms)

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: CableLanguageServer, params: lsp.InitializeParams) -> None:
        options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        if isinstance(options.get("debounceMs"), int) and options["debounceMs"] >= 0:
            ls.debounce_ms = options["debounceMs"]
        if isinstance(options.get("maxDocumentBytes"), int) and options["maxDocumentBytes"] > 0:
            ls.max_document_bytes = options["maxDocumentBytes"]
        ls.log_timings = bool(options.get("logTimings", False))

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: CableLanguageServer, params: lsp.InitializedParams) -> None:
        # Load the grammar and the rule modules now rather than on the first open.
        asyncio.get_running_loop().run_in_executor(ls._linter, _warm_up)
        dynamic = getattr(getattr(getattr(ls.client_capabilities, "workspace", None),
                                  "did_change_watched_files", None), "dynamic_registration", False)
        if not dynamic:
            return
        watchers = [lsp.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_NAMES]
        try:
            await ls.client_register_capability_async(lsp.RegistrationParams(registrations=[lsp.Registration(
                id="cablelint-config-watcher", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))
        except Exception as exc:
            ls.log(f"could not watch configuration files: {exc}", lsp.MessageType.Warning)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: CableLanguageServer, params: lsp.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        ls.docs[item.uri] = Document(item.uri, item.text, item.version, to_fs_path(item.uri))
        ls.changed_at[item.uri] = (time.perf_counter(), time.process_time())
        ls.schedule(item.uri, delay_ms=0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CableLanguageServer, params: lsp.DidChangeTextDocumentParams) -> None:
        doc = ls.docs.get(params.text_document.uri)
        if doc is None:
            return
        try:
            for change in params.content_changes:
                doc.text = apply_change(doc.text, change, ls.encoding)
        except Exception:
            ls.log(f"cannot apply a change to {doc.uri}:\n{traceback.format_exc()}", lsp.MessageType.Error)
        doc.version = params.text_document.version
        ls.changed_at[doc.uri] = (time.perf_counter(), time.process_time())
        ls.schedule(doc.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: CableLanguageServer, params: lsp.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        state, doc = ls.states.get(uri), ls.docs.get(uri)
        # Saving lints at once: it runs a pending (debounced) lint now; a version already
        # linted and published is not linted again.
        if doc is not None and (uri in ls._pending or state is None or state.version != doc.version):
            ls.schedule(uri, delay_ms=0)
        path = to_fs_path(uri)
        if path and os.path.basename(path) in CONFIG_NAMES:  # clients that do not watch files
            ls.config_changed()

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CableLanguageServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        pending = ls._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        ls.docs.pop(uri, None)
        ls.states.pop(uri, None)
        ls.changed_at.pop(uri, None)
        ls._rule_errors_logged.pop(uri, None)
        ls._too_large.discard(uri)
        # Without an empty list some clients keep showing the last diagnostics.
        ls.publish(uri, None, [])

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: CableLanguageServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        names = {os.path.basename(to_fs_path(c.uri) or c.uri) for c in params.changes}
        if names & set(CONFIG_NAMES):
            ls.log("configuration changed; re-linting open documents")
            ls.config_changed()

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=True))
    async def code_action(ls: CableLanguageServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        uri = params.text_document.uri
        state = await ls.current_state(uri)
        if state is None or state.result is None:
            return None
        doc = ls.docs.get(uri)
        if doc is None:
            return None
        only = params.context.only
        actions: list[lsp.CodeAction] = []
        if _wants(only, lsp.CodeActionKind.QuickFix):
            asked = {(d.code, _key(d.range.start), _key(d.range.end))
                     for d in params.context.diagnostics if d.source == SOURCE}
            for d in state.diagnostics:
                if "data" not in d:
                    continue
                rng = d["range"]
                if (d["code"], _key(rng["start"]), _key(rng["end"])) in asked or _overlaps(rng, params.range):
                    actions.append(_quick_fix(ls, uri, state.version, d))
        if _wants(only, FIX_ALL_KIND) and any(
                d.get("data", {}).get("applicability") == "safe" for d in state.diagnostics):
            action = lsp.CodeAction(title="cablelint: fix all safe problems", kind=FIX_ALL_KIND,
                                    data={"uri": uri, "version": doc.version})
            if not _resolve_supported(ls):
                action = await _resolve_fix_all(ls, action)
            if action is not None:
                actions.append(action)
        return actions

    @server.feature(lsp.CODE_ACTION_RESOLVE)
    async def code_action_resolve(ls: CableLanguageServer, action: lsp.CodeAction) -> lsp.CodeAction:
        if action.kind == FIX_ALL_KIND and action.edit is None:
            return await _resolve_fix_all(ls, action) or action
        return action

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    async def hover(ls: CableLanguageServer, params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri
        state = await ls.current_state(uri)
        if state is None or state.result is None:
            return None
        doc = ls.docs.get(uri)
        if doc is None:
            return None
        pos = params.position
        codes: list[str] = []
        hover_range = None
        at = _key(pos)
        for d in state.diagnostics:
            rng = d["range"]
            if _key(rng["start"]) <= at <= _key(rng["end"]) and d["code"] not in codes:
                codes.append(d["code"])
                hover_range = hover_range or _range_from_json(rng)
        if not codes:  # a rule code under the cursor, e.g. in a note about a finding
            lines = split_lines(doc.text)
            line, col = from_position(lines, pos, ls.encoding)
            for m in _CODE_WORD.finditer(lines[line] if lines else ""):
                if m.start() <= col <= m.end() and _rule(m.group(0)) is not None:
                    codes.append(m.group(0))
                    hover_range = lsp.Range(start=to_position(lines, line + 1, m.start() + 1, ls.encoding),
                                            end=to_position(lines, line + 1, m.end() + 1, ls.encoding))
                    break
        pages = [page for page in (rule_hover(c) for c in codes) if page]
        if not pages:
            return None
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value="\n\n---\n\n".join(pages)),
                         range=hover_range)

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: CableLanguageServer, *args) -> None:
        for task in ls._pending.values():
            task.cancel()
        ls._pending.clear()
        ls.shutdown_linter()

    return server


_CODE_WORD = re.compile(r"\b[A-Z]{1,3}\d{3}\b")


_CONVERTER = default_converter()


def _quick_fix(ls: CableLanguageServer, uri: str, version: int | None, d: dict) -> lsp.CodeAction:
    data = d["data"]
    unsafe = data["applicability"] != "safe"
    what = data.get("title") or "apply the fix"
    title = f"cablelint: {what} ({d['code']}{', unsafe fix' if unsafe else ''})"
    edits = [lsp.TextEdit(range=_range_from_json(e["range"]), new_text=e["newText"]) for e in data["edits"]]
    return lsp.CodeAction(title=title, kind=lsp.CodeActionKind.QuickFix,
                          diagnostics=[_CONVERTER.structure(d, lsp.Diagnostic)],
                          is_preferred=not unsafe, edit=_workspace_edit(ls, uri, version, edits))


def _workspace_edit(ls: CableLanguageServer, uri: str, version: int | None, edits: list[lsp.TextEdit]) -> lsp.WorkspaceEdit:
    """Versioned when the client supports `documentChanges`: a client then refuses an edit
    computed for a version the user has typed past."""
    caps = getattr(getattr(ls.client_capabilities, "workspace", None), "workspace_edit", None)
    if getattr(caps, "document_changes", False) and version is not None:
        return lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(
            text_document=lsp.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version), edits=edits)])
    return lsp.WorkspaceEdit(changes={uri: edits})


def _resolve_supported(ls: CableLanguageServer) -> bool:
    caps = getattr(getattr(ls.client_capabilities, "text_document", None), "code_action", None)
    support = getattr(caps, "resolve_support", None)
    return bool(support and "edit" in (support.properties or []))


async def _resolve_fix_all(ls: CableLanguageServer, action: lsp.CodeAction) -> lsp.CodeAction | None:
    """Compute the fix-all edit: the CLI's `--fix` loop (safe fixes, re-lint until stable)
    on the current text, sent as one edit over the lines that change."""
    data = action.data if isinstance(action.data, dict) else {}
    doc = ls.docs.get(str(data.get("uri")))
    if doc is None or doc.version != data.get("version"):
        return None
    text, version = doc.text, doc.version
    settings = ls.settings_for(doc)
    if settings is None:
        return None
    from .fixer import fix_source
    from .settings import resolve_rules

    path = doc.path or doc.uri

    def run() -> str | None:
        source = Source.from_text(text, path)
        return fix_source(source, settings, resolve_rules(settings, path)).fixed_text

    try:
        fixed = await asyncio.get_running_loop().run_in_executor(ls._linter, run)
    except Exception:
        ls.log(f"fix all failed for {doc.uri}:\n{traceback.format_exc()}", lsp.MessageType.Error)
        return None
    edit = whole_text_edit(text, fixed, ls.encoding) if fixed is not None else None
    if edit is None:
        return None
    action.edit = _workspace_edit(ls, doc.uri, version, [edit])
    return action


def serve(debounce_ms: int | None = None) -> int:
    """Run the server on stdin/stdout until the client says `exit`."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(name)s: %(message)s")
    server = create_server(debounce_ms)
    from .engine import tune_gc

    tune_gc()
    server.start_io()
    return 0


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="cablelint server")
    parser.add_argument("--debounce-ms", type=int, default=None)
    return serve(parser.parse_args(argv).debounce_ms)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
