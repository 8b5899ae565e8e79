"""The language server: pygls speaking the protocol over stdio, the features answered by the pure modules.

Each open document is checked on open and save at once, and after an edit once the typing has paused for
:data:`DEBOUNCE` seconds; the latest check of each document (by version) answers hover, navigation, code
actions and the outline. Positions arrive and leave in the client's units (UTF-16 unless negotiated) and
are converted here, at the edge.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import PositionCodec, ServerTextPosition

from cjmap import __version__
from cjmap.discovery import is_map_text
from cjmap.documentation import address
from cjmap.lsp import completion, hover, navigation
from cjmap.lsp.analysis import Analysis, Span, analyse
from cjmap.problem import Problem, Severity
from cjmap.roundtrip import encode

DEBOUNCE = 0.2
"""Seconds of quiet after an edit before the document is checked again."""
SOURCE = "cjmap"
_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning,
             Severity.INFO: types.DiagnosticSeverity.Information}
_SYMBOL_KIND = {"stage": types.SymbolKind.Namespace, "step": types.SymbolKind.Function}
_COMPLETION_KIND = {"key": types.CompletionItemKind.Property, "value": types.CompletionItemKind.EnumMember,
                    "id": types.CompletionItemKind.Reference}


class MapServer(LanguageServer):
    """The server, with the latest check of each open document and the pending re-checks."""

    def __init__(self) -> None:
        super().__init__("cjmap", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.analyses: dict[str, tuple[int | None, Analysis]] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.said: set[str] = set()
        """The configuration errors already shown."""
        self.shut_down = False
        """Whether the client asked to shut down before it said exit (the protocol's exit code 0, else 1)."""

    def analysis(self, uri: str) -> tuple[TextDocument, Analysis]:
        """The document and its check at its current version (checked now when the last check is older)."""
        document = self.workspace.get_text_document(uri)
        cached = self.analyses.get(uri)
        if cached is not None and cached[0] == document.version:
            return document, cached[1]
        text = document.source
        # Editors start the server for every YAML file: only maps and persona files are checked, as a folder
        # search picks them; any other YAML (a CI workflow, a config) gets no findings and no answers.
        analysis = analyse(text, file_name(uri)) if is_map_text(encode(text, False)) else Analysis(name=uri, text=text)
        self.analyses[uri] = (document.version, analysis)
        return document, analysis

    def checked(self, uri: str) -> tuple[Units, Analysis]:
        """The document's units and its check at its current version."""
        document, analysis = self.analysis(uri)
        return Units.of(document), analysis

    def publish(self, uri: str) -> None:
        """Check the document and send its diagnostics."""
        document, analysis = self.analysis(uri)
        if analysis.config_error is not None and analysis.config_error not in self.said:
            self.said.add(analysis.config_error)  # once, not after every pause in typing
            self.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Warning, message=f"cjmap: lint skipped: {analysis.config_error}"))
        units = Units.of(document)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=document.version,
            diagnostics=[diagnostic(units, analysis, problem) for problem in analysis.problems]))

    def later(self, uri: str) -> None:
        """Check the document once edits have paused for :data:`DEBOUNCE` seconds."""
        if (task := self.pending.pop(uri, None)) is not None:
            task.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._after_pause(uri))

    async def _after_pause(self, uri: str) -> None:
        await asyncio.sleep(DEBOUNCE)
        self.pending.pop(uri, None)
        if uri in self.workspace.text_documents:
            self.publish(uri)


def file_name(uri: str) -> str:
    """The name to check a document under: its path (relative to the working folder when inside it, as the
    commands show it), or ``-`` for a document that is no file (persona files then resolve from the working
    folder, as for stdin)."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    if path is None:
        return "-"
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else str(Path(path))


@dataclass(frozen=True, kw_only=True)
class Units:
    """A document's lines and the client's position units: positions converted both ways, the lines split once
    (pygls splits the whole text again on every conversion)."""

    uri: str
    lines: tuple[str, ...]
    codec: PositionCodec

    @classmethod
    def of(cls, document: TextDocument) -> Units:
        return cls(uri=document.uri, lines=tuple(document.lines), codec=document.position_codec)

    def range(self, span: Span) -> types.Range:
        return types.Range(start=self.position(span.line, span.start), end=self.position(span.line, span.end))

    def lines_range(self, first: int, last: int, end: int) -> types.Range:
        return types.Range(start=self.position(first, 0), end=self.position(last, end))

    def position(self, line: int, column: int) -> types.Position:
        """A position in code points, in the client's units (an ASCII prefix counts the same in every unit)."""
        prefix = self.lines[line][:column] if line < len(self.lines) else ""
        if prefix.isascii():
            return types.Position(line=line, character=len(prefix) if line < len(self.lines) else column)
        return self.codec.position_to_client_units(self.lines, ServerTextPosition(line, column))

    def whole(self) -> types.Range:
        """The range of the whole document, for edits that replace it."""
        return types.Range(start=types.Position(line=0, character=0),
                           end=types.Position(line=len(self.lines), character=0))

    def cursor(self, position: types.Position) -> tuple[int, int]:
        found = self.codec.position_from_client_units(self.lines, position)
        return found.line, found.character

    def location(self, span: Span) -> types.Location:
        return types.Location(uri=self.uri, range=self.range(span))


def diagnostic(units: Units, analysis: Analysis, problem: Problem) -> types.Diagnostic:
    message = problem.message + (f"\n{problem.hint}" if problem.hint else "")
    # Editors fade what is unused (a channel no step names, a suppression that silences nothing) and strike
    # out what is deprecated (a renamed key).
    tags = ([types.DiagnosticTag.Deprecated] if problem.name.startswith("deprecated-")
            else [types.DiagnosticTag.Unnecessary] if problem.name.startswith("unused-") else None)
    href = address(problem.code)  # None when the installed package declares no documentation URL
    return types.Diagnostic(
        range=units.range(analysis.span(problem.location)), message=message, tags=tags,
        severity=_SEVERITY[problem.severity], code=problem.code, source=SOURCE,
        code_description=types.CodeDescription(href=href) if href else None,
        data={"name": problem.name, "fixable": problem.fixable})


def build() -> MapServer:
    """The server with every feature registered."""
    server = MapServer()

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: MapServer, params: None) -> None:
        ls.shut_down = True
        for task in ls.pending.values():
            task.cancel()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: MapServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: MapServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: MapServer, params: types.DidSaveTextDocumentParams) -> None:
        # A saved file may be one the other open maps name (a persona file, a baseline, a zoomed map) or the
        # files it names may have changed: every open map is checked again, the saved one first.
        saved = params.text_document.uri
        others = [uri for uri in ls.analyses if uri != saved]
        ls.analyses.clear()
        ls.publish(saved)
        for uri in others:
            ls.later(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: MapServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.analyses.pop(uri, None)
        if (task := ls.pending.pop(uri, None)) is not None:
            task.cancel()
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: MapServer, params: types.HoverParams) -> types.Hover | None:
        units, analysis = ls.checked(params.text_document.uri)
        text = hover.hover(analysis, *units.cursor(params.position))
        if text is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: MapServer, params: types.DefinitionParams) -> list[types.Location]:
        units, analysis = ls.checked(params.text_document.uri)
        at = units.cursor(params.position)
        if (linked := navigation.linked_file(analysis, *at)) is not None:
            start = types.Position(line=0, character=0)
            return [types.Location(uri=Path(linked).as_uri(), range=types.Range(start=start, end=start))]
        return ([units.location(span) for span in navigation.definitions(analysis, *at)]
                + _in_baseline(ls, analysis, at, declarations_only=True))

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(ls: MapServer, params: types.ReferenceParams) -> list[types.Location]:
        units, analysis = ls.checked(params.text_document.uri)
        at = units.cursor(params.position)
        spans = navigation.references(analysis, *at, include_declaration=params.context.include_declaration)
        return [units.location(span) for span in spans] + _in_baseline(ls, analysis, at, declarations_only=False)

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    def rename(ls: MapServer, params: types.RenameParams) -> types.WorkspaceEdit:
        units, analysis = ls.checked(params.text_document.uri)
        try:
            edits = navigation.rename(analysis, *units.cursor(params.position), params.new_name)
        except navigation.RenameError as exc:
            raise ValueError(str(exc)) from None  # pygls answers with an error the editor shows
        return types.WorkspaceEdit(changes={units.uri: [
            types.TextEdit(range=units.range(span), new_text=text) for span, text in edits]})

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: MapServer, params: types.PrepareRenameParams) -> types.Range | None:
        units, analysis = ls.checked(params.text_document.uri)
        found = navigation.at(analysis, *units.cursor(params.position))
        span = navigation.span_of(analysis, found) if found is not None else None
        return units.range(span) if span is not None else None

    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=[" ", "[", ","]))
    def complete(ls: MapServer, params: types.CompletionParams) -> types.CompletionList:
        document = ls.workspace.get_text_document(params.text_document.uri)
        cached = ls.analyses.get(document.uri)
        data = cached[1].document.data if cached is not None and cached[1].document is not None else None
        units = Units.of(document)
        if not is_map_text(encode(document.source, False)):
            return types.CompletionList(is_incomplete=False, items=[])
        lines = [line.rstrip("\r\n") for line in units.lines]
        found = completion.complete(lines, *units.cursor(params.position), data)
        return types.CompletionList(is_incomplete=False, items=[
            types.CompletionItem(label=item.label, kind=_COMPLETION_KIND[item.kind], detail=item.detail or None,
                                 documentation=item.documentation or None, insert_text=item.insert or item.label)
            for item in found])

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]))
    def code_action(ls: MapServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        from cjmap.lint.fix import apply_fixes

        units, analysis = ls.checked(params.text_document.uri)
        wanted = {(diagnostic.range.start.line, diagnostic.code) for diagnostic in params.context.diagnostics}
        actions = []
        for problem, fix in analysis.fixes:
            if (analysis.span(problem.location).line, problem.code) not in wanted:
                continue
            outcome = apply_fixes(analysis.text, [fix])
            if outcome.refused is not None or outcome.text == analysis.text:
                continue
            actions.append(types.CodeAction(
                title=f"{fix.description} ({problem.code})", kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic(units, analysis, problem)], is_preferred=True,
                edit=types.WorkspaceEdit(changes={units.uri: [
                    types.TextEdit(range=units.whole(), new_text=outcome.text)]})))
        # Fix-all only when asked for by kind (a "fix all" command, fix on save), not in every light bulb.
        if analysis.fixes and any(types.CodeActionKind.SourceFixAll.value.startswith(kind)
                                  for kind in params.context.only or ()):
            actions += _fix_all(units, analysis)
        return actions

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    def formatting(ls: MapServer, params: types.DocumentFormattingParams) -> list[types.TextEdit]:
        from cjmap.format import format_source
        from cjmap.source import Source

        document = ls.workspace.get_text_document(params.text_document.uri)
        if not is_map_text(encode(document.source, False)):
            return []
        formatted = format_source(Source.of(file_name(document.uri), encode(document.source, False)))
        if not formatted.changed:
            if formatted.refused is not None:
                ls.window_show_message(types.ShowMessageParams(
                    type=types.MessageType.Warning, message=f"cjmap: not formatted: {formatted.refused}"))
            return []
        return [types.TextEdit(range=Units.of(document).whole(), new_text=formatted.after)]

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def symbols(ls: MapServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        units, analysis = ls.checked(params.text_document.uri)
        return [_symbol(units, analysis, symbol) for symbol in navigation.outline(analysis)]

    return server


def _in_baseline(ls: MapServer, analysis: Analysis, at: tuple[int, int], *, declarations_only: bool,
                 ) -> list[types.Location]:
    """Where a future-state map's stage, step or pain-point id stands in its baseline map, in the client's
    position units (the baseline's own lines: it is open in the editor or read from disk)."""
    found = navigation.in_baseline(analysis, *at, declarations_only=declarations_only)
    if found is None:
        return []
    baseline, spans = found
    uri = Path(baseline.name).as_uri()
    codec = ls.workspace.position_codec
    units = Units(uri=uri, lines=tuple(baseline.text.splitlines(keepends=True)) or ("",), codec=codec)
    return [units.location(span) for span in spans]


def _fix_all(units: Units, analysis: Analysis) -> list[types.CodeAction]:
    """Every safe fix at once, as ``cjmap lint --fix`` applies them (none when they would be refused)."""
    from cjmap.lint.engine import fix_source
    from cjmap.source import Source

    fixed = fix_source(Source.of(file_name(units.uri), encode(analysis.text, False)))
    if not fixed.changed or fixed.refused is not None:
        return []
    return [types.CodeAction(
        title=f"Apply every safe cjmap fix ({len(fixed.applied)})", kind=types.CodeActionKind.SourceFixAll,
        edit=types.WorkspaceEdit(changes={units.uri: [types.TextEdit(range=units.whole(), new_text=fixed.after)]}))]


def _symbol(units: Units, analysis: Analysis, symbol: navigation.Symbol) -> types.DocumentSymbol:
    end = len(analysis.lines[symbol.last]) if symbol.last < len(analysis.lines) else 0
    return types.DocumentSymbol(
        name=symbol.name, kind=_SYMBOL_KIND[symbol.kind], detail=symbol.kind,
        range=units.lines_range(symbol.first, symbol.last, end), selection_range=units.range(symbol.selection),
        children=[_symbol(units, analysis, child) for child in symbol.children])


def serve() -> bool:
    """Serve over stdin and stdout until the client says exit (or closes stdin); whether it asked to shut down
    first, as the protocol wants."""
    server = build()
    server.start_io()
    return server.shut_down
