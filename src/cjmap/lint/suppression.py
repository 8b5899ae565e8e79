"""Inline suppressions: comments in a map that silence named rules on a line, in a block, or in the file.

Syntax (rules are named like selectors: a code ``S001``, a code prefix ``S``, or a rule name; several are
separated by commas; with no ``=`` list, every rule is meant; text after the list is a free-form reason)::

    emotion: 9  # cjmap: disable-line=S001,C002 scale migrated next sprint
    # cjmap: disable-next-line=S001
    # cjmap: disable=H        (from here ...)
    # cjmap: enable=H         (... to here; without an enable, to the end of the file)
    # cjmap: disable-file=hygiene-stale-review

A violation is matched by the line it is reported at. Comments are not part of the loaded data, so the file
text is scanned for them: only lines holding ``cjmap:`` are looked at, and a ``#`` counts when it starts the
line or follows a space, as YAML requires of comments.

A directive that silences nothing is reported (L003 ``unused-suppression``), one finding per rule name, as
ruff's RUF100 does for ``noqa``; but only when every rule the name picks ran on the file, so that a rule
left out by ``--select``, ``ignore`` or a crash never makes its suppression look unused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from cjmap import codes
from cjmap.config import ALL
from cjmap.lint.rules.base import RuleModule, is_opt_in
from cjmap.lint.selection import matches
from cjmap.problem import Location, Problem, Severity

ACTIONS = ("disable-line", "disable-next-line", "disable", "enable", "disable-file")
_DIRECTIVE = re.compile(r"(?:^|[ \t])#[ \t]*cjmap:[ \t]*((?:dis|en)able[\w-]*)(.*)$")
_LIST = re.compile(r"^[ \t]*=[ \t]*([\w.-]+(?:[ \t]*,[ \t]*[\w.-]+)*)(?:[ \t].*)?$")


@dataclass(frozen=True)
class Directive:
    """One suppression comment: its line, action, and the selectors it names (empty: every rule)."""

    line: int
    column: int
    action: str
    selectors: tuple[str, ...] = ()
    error: str | None = None
    """Why the comment is not a valid directive (then it suppresses nothing)."""


@dataclass(frozen=True)
class Span:
    """Lines ``first``..``last`` (inclusive) where the rules ``selectors`` pick are silenced."""

    first: int
    last: int
    selectors: tuple[str, ...]
    origin: int = field(default=0, compare=False)
    """The line of the directive that opened the span, to credit it when it silences something."""


@dataclass
class Suppressions:
    """Every directive in a file, and the spans of lines they silence."""

    directives: list[Directive] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    """Every span, in the order the directives closed them (add them with :meth:`add`, which indexes them)."""
    used: set[tuple[int, str]] = field(default_factory=set, compare=False)
    """(directive line, selector) pairs that silenced something; ``""`` stands for a directive naming no rule."""
    # A map may carry a disable-line comment on most lines: looking up a violation's line in a dict keeps
    # `silences` from scanning every span for every violation. Only block and file spans need the scan.
    _by_line: dict[int, list[Span]] = field(default_factory=dict, compare=False, repr=False)
    _wide: list[Span] = field(default_factory=list, compare=False, repr=False)

    def add(self, span: Span) -> None:
        """Record ``span``, indexed by line when it covers a single line."""
        self.spans.append(span)
        if span.first == span.last:
            self._by_line.setdefault(span.first, []).append(span)
        else:
            self._wide.append(span)

    def silences(self, line: int, picks: Callable[[str], bool]) -> bool:
        """Whether a violation at ``line`` is silenced; ``picks(selector)`` says if a selector names its rule.

        Every directive that covers the violation is credited, not just the first: removing either one
        of two overlapping suppressions keeps the violation silenced, so neither is unused."""
        silenced = False
        for span in [*self._by_line.get(line, ()), *self._wide]:
            if span.first <= line <= span.last:
                named = [selector for selector in span.selectors if picks(selector)] if span.selectors else [""]
                if named:
                    self.used.update((span.origin, selector) for selector in named)
                    silenced = True
        return silenced

    def unused(self, ran: Callable[[str], bool]) -> list[tuple[Directive, str]]:
        """The (directive, selector) pairs that silenced nothing, among those ``ran(selector)`` accepts.

        ``selector`` is ``""`` for a directive that names no rule; ``enable`` and malformed directives
        silence nothing by design and are never unused."""
        return [(directive, selector) for directive in self.directives
                if directive.action != "enable" and directive.error is None
                for selector in directive.selectors or ("",)
                if (directive.line, selector) not in self.used and ran(selector)]


def scan(text: str) -> Suppressions:
    """The suppressions in a file's text (cheap when there are none)."""
    found = Suppressions()
    if "cjmap:" not in text:
        return found
    lines = text.split("\n")
    last_line = len(lines)
    open_blocks: dict[str, Directive] = {}
    for number, line in enumerate(lines, start=1):
        if "cjmap:" not in line:
            continue
        directive = _parse(line, number)
        if directive is None:
            continue
        found.directives.append(directive)
        if directive.error:
            continue
        if directive.action == "disable-line":
            found.add(Span(number, number, directive.selectors, number))
        elif directive.action == "disable-next-line":
            found.add(Span(number + 1, number + 1, directive.selectors, number))
        elif directive.action == "disable-file":
            found.add(Span(1, last_line, directive.selectors, number))
        elif directive.action == "disable":
            for selector in directive.selectors or ("",):
                open_blocks.setdefault(selector.upper(), directive)
        else:
            _close(found, open_blocks, directive)
    for directive in sorted(set(open_blocks.values()), key=lambda d: d.line):
        names = tuple(key for key, opened in open_blocks.items() if opened is directive)
        found.add(Span(directive.line, last_line, _selectors_of(directive, names), directive.line))
    return found


def _close(found: Suppressions, open_blocks: dict[str, Directive], directive: Directive) -> None:
    """Handle an ``enable``: end the blocks it names, or every open block when it names none."""
    keys = [selector.upper() for selector in directive.selectors] or list(open_blocks)
    unmatched = [key for key in keys if key not in open_blocks]
    if unmatched and directive.selectors:
        found.directives[-1] = Directive(directive.line, directive.column, directive.action, directive.selectors,
                                         f"'enable={','.join(unmatched)}' has no matching 'disable' above it")
    for key in keys:
        opened = open_blocks.pop(key, None)
        if opened is not None:
            found.add(Span(opened.line, directive.line, _selectors_of(opened, (key,)), opened.line))


def _selectors_of(directive: Directive, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The original spellings of the selectors ``keys`` (upper-cased) of ``directive``; ``""`` means all."""
    if "" in keys:
        return ()
    return tuple(s for s in directive.selectors if s.upper() in keys)


def _parse(line: str, number: int) -> Directive | None:
    """The directive in ``line``, one with ``error`` set when it is malformed, or None when there is none."""
    match = _DIRECTIVE.search(line.rstrip("\r"))
    if match is None:
        return None
    action, rest = match[1], match[2]
    column = match.start(0) + (0 if line[match.start(0)] == "#" else 1) + 1
    if action not in ACTIONS:
        return Directive(number, column, action, (),
                         f"unknown suppression '{action}'; use one of {', '.join(ACTIONS)}")
    if not rest.strip() or rest[:1] in (" ", "\t") and not rest.lstrip(" \t").startswith("="):
        return Directive(number, column, action)
    listed = _LIST.match(rest)
    if listed is None:
        return Directive(number, column, action, (),
                         f"cannot read the rules after '{action}'; write e.g. '{action}=S001,S002'")
    selectors = tuple(part.strip() for part in listed[1].split(","))
    return Directive(number, column, action, selectors)


def unused_problems(name: str, found: Suppressions, rules: Mapping[str, RuleModule],
                    ran: Collection[str]) -> list[Problem]:
    """L003 findings for the directives of file ``name`` that silenced nothing, judged after every rule ran.

    ``rules`` is the registry (what a selector can name) and ``ran`` the codes of the rules that ran to
    the end on this file; a selector is judged only when every rule it names is among them."""

    def names(selector: str, rule: RuleModule) -> bool:
        # As in selection: a bare directive or ALL names every rule but the opt-in ones, which only a
        # code, prefix or name picks.
        if not selector or selector.upper() == ALL:
            return not is_opt_in(rule)
        return matches(selector, rule)

    def judged(selector: str) -> bool:
        # Project rules run after every file (cjmap.lint.project): what they silence is never known here.
        named = [code for code, rule in rules.items()
                 if names(selector, rule) and not getattr(rule, "PROJECT", False)]
        return bool(named) and all(code in ran for code in named)

    problems = []
    for directive, selector in found.unused(judged):
        written = f"{directive.action}={selector}" if selector else directive.action
        problems.append(Problem.of(codes.UNUSED_SUPPRESSION, name, Location(directive.line, directive.column),
                                   f"'{written}' silences nothing", severity=Severity.WARNING,
                                   hint="the rules it names find nothing where it applies; remove it"))
    return problems
