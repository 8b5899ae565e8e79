"""The typed values templates are given: everything a rendered map shows, already computed and formatted.

Templates only lay these out (STYLE.md: "templates compute nothing"); :mod:`cjmap.render.context` builds them.
Map text stays raw here: HTML templates autoescape it, Markdown templates pass it through the ``md`` filter.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True, kw_only=True)
class Link:
    """A link to another place on the page (or another page)."""

    href: str
    text: str


@dataclass(frozen=True, kw_only=True)
class EmotionView:
    """A step's (or an actor's) score, its label and its valence: ``positive``, ``negative`` or ``neutral``."""

    value: str
    label: str
    valence: str
    sign: str
    """The valence as a character (``+``, ``−``, ``±``) so colour is never its only carrier."""


@dataclass(frozen=True, kw_only=True)
class ActorView:
    name: str
    emotion: EmotionView | None


@dataclass(frozen=True, kw_only=True)
class SeverityView:
    key: str
    """``critical``, ``high``, ``medium`` or ``low`` (the CSS class)."""
    text: str
    """The severity in the page's language."""


@dataclass(frozen=True, kw_only=True)
class PainView:
    anchor: str
    id: str
    text: str
    severity: str
    severity_text: str
    """The severity in the page's language."""
    step: str
    step_anchor: str


@dataclass(frozen=True, kw_only=True)
class OpportunityView:
    anchor: str
    text: str
    owner: str
    priority: str
    priority_text: str
    """'high priority' in the page's language ('' for none)."""
    priority_level: str
    """'high' in the page's language ('' for none)."""
    addresses: tuple[Link, ...]
    step: str
    step_anchor: str
    issue: str = ""
    """The ticket that delivers it (an http(s) address; validation refuses any other)."""


@dataclass(frozen=True, kw_only=True)
class KpiView:
    name: str
    value: str
    target: str
    status: str
    """``met``, ``missed`` or ``unknown`` (no value yet, or not comparable)."""
    status_text: str
    addresses: tuple[Link, ...]
    step: str
    step_anchor: str


@dataclass(frozen=True, kw_only=True)
class ChannelView:
    """A channel a step uses: its name, and the kind whose icon stands beside it (empty: no icon)."""

    name: str
    icon: str


@dataclass(frozen=True, kw_only=True)
class IconView:
    """An icon the page defines once and draws wherever a channel of its kind appears."""

    kind: str
    shapes: Markup
    """The icon's SVG shapes (vendored Lucide markup, every value escaped: see :mod:`cjmap.render.icons`)."""


@dataclass(frozen=True, kw_only=True)
class StepView:
    """One step with every lane, as text."""

    id: str
    anchor: str
    number: int
    name: str
    stage: str
    description: str
    touchpoint: tuple[str, ...]
    """Touchpoint, channel names, time and duration, one per line."""
    channels: tuple[ChannelView, ...]
    """The step's channels with their icons, when the page shows icons (else empty)."""
    touchpoint_rest: tuple[str, ...]
    """Touchpoint, time and duration without the channel names, for a page that lists :attr:`channels`."""
    emotion: EmotionView | None
    moment_of_truth: bool
    valley: bool
    actors: tuple[ActorView, ...]
    pain_points: tuple[PainView, ...]
    opportunities: tuple[OpportunityView, ...]
    kpis: tuple[KpiView, ...]
    texts: dict[str, tuple[str, ...]]
    """The plain text lanes by key (``actions``, ``thoughts``, ``owner``, ``research``, blueprint lanes …)."""
    zoom: Link | None = None
    """The more detailed map of this step: its page (a site) or file (Markdown); ``href`` empty when neither
    is written."""


@dataclass(frozen=True, kw_only=True)
class StageColourView:
    """A stage band's colours in the light and the dark theme: background and text (see :mod:`cjmap.colours`)."""

    light: str
    light_text: str
    dark: str
    dark_text: str


@dataclass(frozen=True, kw_only=True)
class StageView:
    id: str
    anchor: str
    name: str
    description: str
    goals: tuple[str, ...]
    """What the customer wants at this stage, shown in the stage band."""
    expectations: tuple[str, ...]
    """What the customer expects at this stage, shown in the stage band."""
    steps: tuple[StepView, ...]
    mean: str
    """The stage's mean emotion, or an empty string when no step is scored."""
    colour: StageColourView | None
    """The stage's own colour or its palette's; None keeps the page's accent."""


@dataclass(frozen=True, kw_only=True)
class LaneView:
    """A row of the grid. ``kind`` tells the template which partial draws the cells (``text``, ``touchpoint``,
    ``emotion``, ``pain``, ``opportunity``, ``kpi``) or that the row is a blueprint ``line``."""

    key: str
    title: str
    kind: str
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class FaceView:
    """A face drawn on a point of the curve: two eyes, and a mouth that smiles or frowns with the score."""

    left_x: str
    right_x: str
    eye_y: str
    mouth: str
    """The mouth's SVG path."""


@dataclass(frozen=True, kw_only=True)
class PointView:
    x: str
    y: str
    value: str
    label: str
    valence: str
    step: str
    valley: bool
    moment_of_truth: bool
    column: int
    """The point's step column (0-based), so a page of the printed grid takes only its own points."""
    label_lines: tuple[str, ...]
    """The placed label's lines (the star of a moment of truth is drawn before the first); empty when the
    label found no free room or the curve is not labelled."""
    label_x: str
    label_y: str
    """The baseline of the label's first line; the next lines follow :attr:`ChartView.line_height` apart."""
    title: str
    """The whole text of the point (step, score, label), shown as a tooltip and read by screen readers."""
    shortened: bool
    radius: str
    """The point's radius (larger when it carries a face)."""
    face: FaceView | None


@dataclass(frozen=True, kw_only=True)
class CurveView:
    name: str
    css: str
    """The CSS class of the curve (``main``, ``baseline``, ``actor-1`` …), which sets its colour and dashes."""
    solid: str
    bridge: str
    points: tuple[PointView, ...]


@dataclass(frozen=True, kw_only=True)
class TickView:
    y: str
    text: str
    neutral: bool


@dataclass(frozen=True, kw_only=True)
class ChartView:
    x: str
    """Left edge of the view box: a printed page shows its own columns of the one chart."""
    width: str
    height: str
    line_height: str
    top: str
    neutral_y: str
    neutral_height: str
    """Height of the band above neutral (tinted as positive); the band below is ``negative_height``."""
    negative_height: str
    title: str
    description: str
    ticks: tuple[TickView, ...]
    columns: tuple[str, ...]
    """x of each column boundary, for faint guides."""
    curves: tuple[CurveView, ...]
    """The map's curve last, so it draws on top of the baseline and actor curves."""
    right: str
    """Right edge of the view box."""
    axis_width: str
    axis_tick: str
    """Where the axis's tick marks start (they end at its right edge)."""
    axis_text: str
    """Where the axis's numbers end (right-aligned)."""
    """Width of the y-axis drawn in the lane header (the axis stays in view while the grid scrolls)."""


@dataclass(frozen=True, kw_only=True)
class StagePart:
    """A stage's band over the steps of one grid: all of them on screen, those of one page on paper."""

    stage: StageView
    span: int
    continued: bool
    """The stage began on an earlier page."""
    continues: bool
    """The stage goes on on the next page."""


@dataclass(frozen=True, kw_only=True)
class GridView:
    """One table of the grid: the whole journey on screen, or one printed page of steps."""

    steps: tuple[StepView, ...]
    stages: tuple[StagePart, ...]
    lanes: tuple[LaneView, ...]
    chart: ChartView | None
    caption: str
    """What the table holds ('Steps 10–18 of 40 · continued'); empty for the whole journey on screen."""
    anchors: bool
    """Whether cells carry ids (the in-page link targets): only one copy of each step may have them."""
    continued: bool
    """A page after the first: it starts on a new sheet."""


@dataclass(frozen=True, kw_only=True)
class LayoutView:
    """How the grid is laid out on screen and on paper (numbers for the CSS, computed once)."""

    grid: GridView
    """The whole journey in one table (the screen's)."""
    pages: tuple[GridView, ...]
    """The printed grid, one table per page of steps; empty when the screen's table prints as it is."""
    paged: bool
    """PDF and PNG: only the pages are drawn, on screen too (the screenshot is of them)."""
    paper: str
    """The sheet for CSS ``@page`` (``420mm 297mm``)."""
    paper_name: str
    """The sheet for people: ``A3 landscape``."""
    print_unit: str
    """One full-scale pixel of the grid on paper, in CSS px (the printed scale)."""
    print_column: str
    """A step column on paper, in full-scale pixels."""
    page_width: str
    """The printable width of the sheet in CSS px (the width of a PNG's page)."""
    fit: str
    """The fitted view's unit per pixel of window width: 1 / the full width (the grid then fits the window)."""
    zoomable: bool
    """Whether the grid is wider than a usual window, so the page offers fitted and full size."""
    full_width: str
    """The whole grid's width at full size, in CSS px."""


@dataclass(frozen=True, kw_only=True)
class Shortened:
    """A text a format had to shorten (with "…"), for the warning that says so."""

    step: str
    where: str
    text: str


@dataclass(frozen=True, kw_only=True)
class ScoreRow:
    stage: str
    step: str
    value: str
    label: str
    baseline: str
    actors: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class MetricView:
    name: str
    value: str
    note: str


@dataclass(frozen=True, kw_only=True)
class PersonaView:
    name: str
    role: str
    description: str
    quote: str
    goals: tuple[str, ...]
    needs: tuple[str, ...]
    motivations: tuple[str, ...]
    frustrations: tuple[str, ...]
    picture: str
    """The persona's picture as a ``data:`` URI, or an empty string."""


@dataclass(frozen=True, kw_only=True)
class ScopeView:
    scenario: str
    learning_goals: tuple[str, ...]
    business_goals: tuple[str, ...]
    expectations: tuple[str, ...]
    channels: tuple[str, ...]
    out_of_scope: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.scenario or self.learning_goals or self.business_goals or self.expectations
                    or self.channels or self.out_of_scope)


@dataclass(frozen=True, kw_only=True)
class LegendEntry:
    css: str
    text: str


@dataclass(frozen=True, kw_only=True)
class MapContext:
    """Everything one rendered map shows."""

    id: str
    title: str
    description: str
    type: str
    type_label: str
    status: str
    status_text: str
    """The status in the page's language."""
    owner: str
    tags: tuple[str, ...]
    reviewed: str
    review_every: str
    overdue: bool
    lang: str
    """The page's language tag (``<html lang>``)."""
    dir: str
    """``ltr`` or ``rtl`` (``<html dir>``)."""
    grid_summary: str
    """What the grid holds, for screen readers ('12 steps in 4 stages; lanes read top to bottom.')."""
    severities: tuple[SeverityView, ...]
    """The pain-point severities for the legend, most severe first."""
    baseline: Link | None
    index: Link | None
    parents: tuple[Link, ...] = ()
    """The steps of other maps that zoom into this one (a site's breadcrumbs)."""
    personas: tuple[PersonaView, ...]
    scope: ScopeView
    scale: str
    stages: tuple[StageView, ...]
    steps: tuple[StepView, ...]
    lanes: tuple[LaneView, ...]
    blueprint: bool
    chart: ChartView | None
    legend: tuple[LegendEntry, ...]
    scores: tuple[ScoreRow, ...]
    score_actors: tuple[str, ...]
    """The names of the score table's further columns: each actor's own scores, then each score lane's."""
    has_baseline_scores: bool
    metrics: tuple[MetricView, ...]
    pain_points: tuple[PainView, ...]
    opportunities: tuple[OpportunityView, ...]
    kpis: tuple[KpiView, ...]
    moments: tuple[StepView, ...]
    mermaid_journey: str
    mermaid_journey_fitted: str
    """The journey diagram with names too long for a task box cut with '…' (pages name the steps in full)."""
    mermaid_xychart: str
    """The emotion curve as a Mermaid chart; empty when no step has an emotion (a score lane alone is drawn
    on the HTML chart and listed in the scores table)."""
    mermaid_xychart_legend: str
    """What the chart's lines are when a score lane adds one; else empty."""
    layout: LayoutView | None
    """None for a map without steps."""
    shortened: tuple[Shortened, ...]
    icons: tuple[IconView, ...]
    """The icons the page draws (defined once, used by each channel of their kind)."""
