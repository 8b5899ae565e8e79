"""The portfolio as HTML: the view the templates lay out (heat grid as SVG, worst moments, ranked pain
points, coverage), as a page of its own (``cjmap portfolio -f html``) or as the home of a site.

Every position and every shortened label is computed here; the templates only place what they are given.
Labels are shortened with "…" to an upper bound of their width (:func:`cjmap.render.svg.text_width`), so no
two overlap, and keep their whole text in a ``<title>``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cjmap.language import N_, Language, N_plural
from cjmap.language import language as load_language
from cjmap.model import MAP_TYPES
from cjmap.portfolio.backlog import Backlog, BacklogItem, build_backlog
from cjmap.portfolio.report import BANDS, Moment, Portfolio, band, persona_label
from cjmap.render import links, sandbox, svg
from cjmap.render.context import CADENCE_LABELS, SEVERITY_LABELS, TYPE_LABELS
from cjmap.render.environment import environment
from cjmap.render.views import Link

LABEL_SIZE = 12.0
"""Font size of the heat grid's labels and values (the CSS of ``svg.heat`` says the same)."""
ROW_LABEL_WIDTH = 340.0
COLUMN_MIN, COLUMN_MAX = 72.0, 132.0
ROW_HEIGHT = 30.0
GROUP_HEIGHT = 26.0
HEADER_LINES = 2
PAD = 6.0
BAND_LABELS = {"low": N_("below %(low)s"), "below": N_("below neutral"), "neutral": N_("neutral to %(high)s"),
               "high": N_("above %(high)s")}
"""What each band means; ``%(low)s`` and ``%(high)s`` are the bands' edges (−0.33, +0.33) in the page's language."""


@dataclass(frozen=True, kw_only=True)
class SvgText:
    """A label of the heat grid: its lines (shortened), the whole text, and where it stands."""

    x: float
    y: float
    lines: tuple[str, ...]
    title: str
    href: str | None = None


@dataclass(frozen=True, kw_only=True)
class HeatCell:
    x: float
    y: float
    width: float
    height: float
    band: str
    text: str
    title: str


@dataclass(frozen=True, kw_only=True)
class HeatView:
    width: float
    height: float
    columns: tuple[SvgText, ...]
    groups: tuple[SvgText, ...]
    rows: tuple[SvgText, ...]
    cells: tuple[HeatCell, ...]
    legend: tuple[tuple[str, str], ...]
    """(band, what it means) for every band."""
    line_height: float


@dataclass(frozen=True, kw_only=True)
class MomentView:
    name: str
    map: Link
    stage: str
    value: str
    band: str
    truth: bool
    lanes: str
    """The score lanes that rate the step high (fix first), as text."""


@dataclass(frozen=True, kw_only=True)
class PainView:
    text: str
    id: str
    severity: str
    severity_text: str
    """The severity in the page's language."""
    score: str
    maps: int
    places: tuple[tuple[Link, str], ...]
    """(the map, "stage / step") of every step it is written on."""


@dataclass(frozen=True, kw_only=True)
class GapView:
    title: str
    items: tuple[tuple[Link, str], ...]
    """(the map, a note) per map."""


@dataclass(frozen=True, kw_only=True)
class MatrixDot:
    """An opportunity on the value × effort matrix: its rank in the backlog, at its place."""

    x: float
    y: float
    label: str
    title: str


@dataclass(frozen=True, kw_only=True)
class MatrixView:
    """The value × effort matrix: 5 × 5 cells, a numbered dot per rated opportunity, the list beside it."""

    width: float
    height: float
    left: float
    top: float
    cell: float
    ticks: tuple[tuple[float, str], ...]
    """(offset, number) along both axes."""
    dots: tuple[MatrixDot, ...]
    quadrants: tuple[SvgText, ...]
    items: tuple[tuple[str, str, str, str, str], ...]
    """(rank, text, value, effort, value ÷ effort) of every dot."""


@dataclass(frozen=True, kw_only=True)
class PortfolioView:
    lang: str
    """The page's language tag (``<html lang>``) and its direction."""
    dir: str
    title: str
    summary: str
    heat_title: str
    heat: HeatView | None
    worst: tuple[MomentView, ...]
    moments: tuple[MomentView, ...]
    fix_first: tuple[MomentView, ...]
    pains: tuple[PainView, ...]
    types: tuple[str, ...]
    personas: tuple[tuple[str, tuple[int, ...]], ...]
    gaps: tuple[GapView, ...]
    matrix: MatrixView | None
    invalid: tuple[tuple[str, tuple[str, ...]], ...]


def signed(value: float, words: Language | None = None) -> str:
    """A normalised value for people: two decimals, always signed, a real minus sign, and the decimal sign of
    ``words`` (a point without)."""
    text = f"{value:+.2f}".replace("-", "\N{MINUS SIGN}")
    return words.decimal(text) if words is not None else text


def _heat(portfolio: Portfolio, link: Mapping[str, Link], words: Language) -> HeatView | None:
    grid = portfolio.heat
    if not grid.rows:
        return None
    edges = {"low": signed(BANDS[0][0], words), "high": signed(BANDS[2][0], words)}
    column = max(COLUMN_MIN, min(COLUMN_MAX, max((svg.text_width(name, LABEL_SIZE) + 2 * PAD for name in grid.stages),
                                                 default=COLUMN_MIN)))
    line = LABEL_SIZE * 1.35
    header = HEADER_LINES * line + PAD
    columns = []
    for index, name in enumerate(grid.stages):
        lines, _ = svg.wrap(name, column - 2 * PAD, HEADER_LINES, LABEL_SIZE)
        columns.append(SvgText(x=ROW_LABEL_WIDTH + (index + 0.5) * column, y=header - PAD - (len(lines) - 1) * line,
                               lines=lines, title=name))
    groups, rows, cells = [], [], []
    y = header
    persona: str | None = None
    for row in grid.rows:
        if row.persona != persona:
            persona = row.persona
            group = words.gettext(persona_label(persona)) if not persona else persona
            groups.append(SvgText(x=PAD, y=y + GROUP_HEIGHT - 8, title=group,
                                  lines=(svg.shorten(group, ROW_LABEL_WIDTH + column * len(grid.stages),
                                                     LABEL_SIZE),)))
            y += GROUP_HEIGHT
        target = link[row.file]
        rows.append(SvgText(x=PAD * 3, y=y + ROW_HEIGHT / 2 + LABEL_SIZE * 0.35, title=f"{row.title} ({links.readable(row.file)})",
                            lines=(svg.shorten(row.title, ROW_LABEL_WIDTH - 4 * PAD, LABEL_SIZE),),
                            href=target.href or None))
        for index, value in enumerate(row.cells):
            if value is None:
                continue
            cells.append(HeatCell(x=ROW_LABEL_WIDTH + index * column + 1, y=y + 1, width=column - 2,
                                  height=ROW_HEIGHT - 2, band=band(value), text=signed(value, words),
                                  title=f"{row.title} — {grid.stages[index]}: {signed(value, words)}"))
        y += ROW_HEIGHT
    return HeatView(width=ROW_LABEL_WIDTH + column * len(grid.stages) + PAD, height=y + PAD,
                    columns=tuple(columns), groups=tuple(groups), rows=tuple(rows), cells=tuple(cells),
                    legend=tuple((name, words.gettext(BAND_LABELS[name]) % edges) for _, name in BANDS),
                    line_height=line)


NEVER_REVIEWED = N_("never reviewed (%(cadence)s)")
DAYS_OVERDUE = N_plural("%(num)s day overdue (%(cadence)s)", "%(num)s days overdue (%(cadence)s)")
MAPS_COUNT = N_plural("%(num)s map", "%(num)s maps")
PERSONAS_COUNT = N_plural("%(num)s persona", "%(num)s personas")
LEFT_OUT_COUNT = N_plural("%(num)s problem in maps left out", "%(num)s problems in maps left out")

MATRIX_CELL = 64.0
MATRIX_LEFT, MATRIX_TOP = 56.0, 34.0
DOT_SPACING = 20.0
DOTS_PER_CELL = 9
QUADRANTS = ((N_("Quick wins"), N_("high value, little effort")), (N_("Big bets"), N_("high value, much effort")),
             (N_("Fill-ins"), N_("low value, little effort")), (N_("Money pits"), N_("low value, much effort")))


def _matrix(backlog: Backlog, words: Language) -> MatrixView | None:
    rated = [(rank, item) for rank, item in enumerate(backlog.items, 1) if item.score is not None]
    if not rated:
        return None
    cells: dict[tuple[int, int], list[tuple[int, BacklogItem]]] = {}
    for rank, item in rated:
        assert item.effort is not None and item.score is not None
        value = item.score * item.effort
        cells.setdefault((item.effort, max(1, min(5, math.floor(value + 0.5)))), []).append((rank, item))
    dots = []
    for (effort, value), found in cells.items():
        left = MATRIX_LEFT + (effort - 1) * MATRIX_CELL + MATRIX_CELL / 2 - DOT_SPACING
        top = MATRIX_TOP + (5 - value) * MATRIX_CELL + MATRIX_CELL / 2 - DOT_SPACING
        shown = found if len(found) <= DOTS_PER_CELL else found[:DOTS_PER_CELL - 1]
        for index, (rank, item) in enumerate(shown):
            dots.append(MatrixDot(x=left + (index % 3) * DOT_SPACING, y=top + (index // 3) * DOT_SPACING,
                                  label=str(rank), title=f"{rank}. {item.text}"))
        if len(found) > len(shown):
            rest = found[len(shown):]
            dots.append(MatrixDot(x=left + 2 * DOT_SPACING, y=top + 2 * DOT_SPACING, label=f"+{len(rest)}",
                                  title="; ".join(f"{rank}. {item.text}" for rank, item in rest)))
    size = 5 * MATRIX_CELL
    quadrants = tuple(
        SvgText(x=MATRIX_LEFT + (0 if column == 0 else size), y=MATRIX_TOP - 10 if row == 0 else MATRIX_TOP + size + 40,
                lines=(words.gettext(name),), title=words.gettext(meaning), href=None)
        for (name, meaning), (row, column) in zip(QUADRANTS, ((0, 0), (0, 1), (1, 0), (1, 1)), strict=True))
    return MatrixView(
        width=MATRIX_LEFT + size + 16, height=MATRIX_TOP + size + 52, left=MATRIX_LEFT, top=MATRIX_TOP,
        cell=MATRIX_CELL, ticks=tuple((index * MATRIX_CELL + MATRIX_CELL / 2, str(index + 1)) for index in range(5)),
        dots=tuple(dots), quadrants=quadrants,
        items=tuple((str(rank), item.text, words.number((item.score or 0) * (item.effort or 0)), str(item.effort),
                     words.decimal(f"{item.score:.2f}")) for rank, item in rated))


def portfolio_view(portfolio: Portfolio, hrefs: Mapping[str, str] | None = None,
                   words: Language | None = None) -> PortfolioView:
    """The view of ``portfolio`` in the language of ``words`` (default English); ``hrefs`` maps a map's file to
    its page (a site), else maps are not linked."""
    words = words or load_language()
    _ = words.gettext
    titles = {map_.file: map_.title for map_ in portfolio.maps}
    link = {file: Link(href=(hrefs or {}).get(file, ""), text=title) for file, title in titles.items()}

    def moment(m: Moment) -> MomentView:
        return MomentView(name=m.name, map=link[m.file], stage=m.stage_name, value=signed(m.normalised, words),
                          band=band(m.normalised), truth=m.moment_of_truth,
                          lanes=m.lanes_text)

    def overdue(days: int | None, cadence: str) -> str:
        every = _(CADENCE_LABELS[cadence]) if cadence in CADENCE_LABELS else cadence
        if days is None:
            return _(NEVER_REVIEWED) % {"cadence": every}
        return words.counted(*DAYS_OVERDUE, days, cadence=every)

    coverage = portfolio.coverage
    summary = [words.counted(*MAPS_COUNT, len(portfolio.maps)), words.counted(*PERSONAS_COUNT, len(coverage.personas))]
    if portfolio.problems:
        summary.append(words.counted(*LEFT_OUT_COUNT, len(portfolio.problems)))
    return PortfolioView(
        lang=words.tag, dir=words.direction,
        title=_(N_("Journey portfolio")),
        summary=" · ".join(summary),
        heat_title=_(N_("Mean emotion per map, on the lifecycle framework")) if portfolio.heat.framework
                   else _(N_("Mean emotion per stage")),
        heat=_heat(portfolio, link, words),
        worst=tuple(moment(m) for m in portfolio.worst),
        moments=tuple(moment(m) for m in portfolio.moments),
        fix_first=tuple(moment(m) for m in portfolio.fix_first),
        pains=tuple(PainView(text=pain.text, id=pain.id or "", severity=pain.severity,
                             severity_text=_(SEVERITY_LABELS[pain.severity]),
                             score=words.decimal(f"{pain.score:.2f}"), maps=len(pain.maps),
                             places=tuple((link[o.file], f"{o.pain.place.stage_name} / {o.pain.place.name}")
                                          for o in pain.occurrences))
                    for pain in portfolio.pain_points),
        types=tuple(_(TYPE_LABELS[kind]) for kind in MAP_TYPES),
        personas=tuple((persona or _(persona_label(persona)),
                        tuple(coverage.counts.get((persona, kind), 0) for kind in MAP_TYPES))
                       for persona in coverage.personas),
        gaps=(
            GapView(title=_(N_("Current-state maps without a future state")),
                    items=tuple((link[file], "") for file in coverage.without_future)),
            GapView(title=_(N_("Future-state maps without a baseline")),
                    items=tuple((link[file], "") for file in coverage.without_baseline)),
            GapView(title=_(N_("Reviews overdue")), items=tuple(
                (link[o.file], overdue(o.days, o.cadence)) for o in coverage.overdue)),
            GapView(title=_(N_("Maps without an owner")), items=tuple((link[file], "") for file in coverage.unowned)),
            GapView(title=_(N_("KPIs that miss their target")), items=tuple(
                (link[k.file], k.kpi.name) for k in coverage.missed_kpis)),
            *((GapView(title=_(N_("Framework stages without a map")),
                       items=tuple((Link(href="", text=stage), "") for stage in coverage.unplaced_stages)),)
              if portfolio.heat.framework else ()),
        ),
        matrix=_matrix(build_backlog(portfolio.maps), words),
        invalid=tuple((links.readable(file), tuple(f"line {p.location.line}: {p.code} {p.message}" for p in portfolio.problems
                                   if p.file == file))
                      for file in dict.fromkeys(problem.file for problem in portfolio.problems)),
    )


def render_portfolio(portfolio: Portfolio, *, template_dir: Path | None = None, language: str | None = None) -> str:
    """The portfolio as a self-contained HTML page in ``language`` (a BCP 47 tag, default English)."""
    words = load_language(language)
    return sandbox.render(environment(template_dir, words.tag), "portfolio.html.j2",
                          portfolio=portfolio_view(portfolio, words=words))


__all__ = ["PortfolioView", "portfolio_view", "render_portfolio"]
