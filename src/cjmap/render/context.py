"""One function builds everything a rendered map shows (:func:`build_context`); templates only lay it out."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Mapping, Sequence

from cjmap import colours
from cjmap.language import N_, Language
from cjmap.language import language as load_language
from cjmap.matching import Ident, match_entities
from cjmap.model import ChannelIcon, CustomLane, JourneyMap, Kpi, Persona, Scale, Stage, Step, Style, days_overdue
from cjmap.render import grid, icons, mermaid, svg
from cjmap.render import kpi as kpis
from cjmap.render.views import (
    ActorView,
    ChannelView,
    ChartView,
    CurveView,
    EmotionView,
    FaceView,
    IconView,
    KpiView,
    LaneView,
    LegendEntry,
    Link,
    MapContext,
    MetricView,
    OpportunityView,
    PainView,
    PersonaView,
    PointView,
    ScopeView,
    ScoreRow,
    SeverityView,
    Shortened,
    StageColourView,
    StageView,
    StepView,
    TickView,
)
from cjmap.score.metrics import ScoreReport, score_map, step_value

TYPE_LABELS = {"current-state": N_("Current state"), "future-state": N_("Future state"),
               "day-in-the-life": N_("Day in the life"), "service-blueprint": N_("Service blueprint")}
STATUS_LABELS = {"draft": N_("draft"), "in-review": N_("in review"), "approved": N_("approved"),
                 "archived": N_("archived")}
CADENCE_LABELS = {"monthly": N_("monthly"), "quarterly": N_("quarterly"), "half-yearly": N_("half-yearly"),
                  "yearly": N_("yearly")}
SEVERITY_LABELS = {"critical": N_("critical"), "high": N_("high"), "medium": N_("medium"), "low": N_("low")}
"""Pain-point severities, most severe first (the legend's order)."""
PRIORITY_LABELS = {"high": N_("high priority"), "medium": N_("medium priority"), "low": N_("low priority")}
PRIORITY_LEVELS = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}

CUSTOMER_LANES: tuple[tuple[str, str, str], ...] = (
    ("touchpoint", N_("Touchpoint & channel"), "touchpoint"),
    ("physical_evidence", N_("Physical evidence"), "text"),
    ("actions", N_("Actions"), "text"),
    ("thoughts", N_("Thoughts"), "text"),
    ("emotion", N_("Emotion"), "emotion"),
    ("actors", N_("Others involved"), "text"),
    ("pain_points", N_("Pain points"), "pain"),
    ("opportunities", N_("Opportunities"), "opportunity"),
    ("kpis", N_("KPIs"), "kpi"),
    ("owner", N_("Owner"), "text"),
    ("research", N_("Research evidence"), "text"),
)
"""The grid's lanes in the fixed order of the field (NN/g, UXPressia, Smaply): key, header, kind."""

BLUEPRINT_LANES: tuple[tuple[str, str, str], ...] = (
    ("line_of_interaction", N_("Line of interaction"), "line"),
    ("frontstage", N_("Frontstage"), "text"),
    ("line_of_visibility", N_("Line of visibility"), "line"),
    ("backstage", N_("Backstage"), "text"),
    ("line_of_internal_interaction", N_("Line of internal interaction"), "line"),
    ("support", N_("Support processes"), "text"),
    ("people", N_("People"), "text"),
    ("policies", N_("Policies"), "text"),
    ("technologies", N_("Technologies"), "text"),
    ("processes", N_("Processes"), "text"),
    ("resources_had", N_("Resources we have"), "text"),
    ("resources_needed", N_("Resources we need"), "text"),
)
CAPTIONS = {"steps": N_("Steps %(first)s–%(last)s of %(total)s"), "continued": N_("continued"),
            "lanes": N_("continued from the page before: %(first)s to %(last)s")}
"""The words of the printed pages' captions."""
BLUEPRINT_KEYS = ("physical_evidence", "frontstage", "backstage", "support")
LINE_NOTES = {
    "line_of_interaction": N_("above: the customer · below: the organisation"),
    "line_of_visibility": N_("above: seen by the customer · below: out of view"),
    "line_of_internal_interaction": N_("above: frontline and backstage · below: support"),
}


CUSTOM_KEY = "custom-{}"
"""The key (and CSS class) of a map's own lane in the grid: never a built-in lane's key."""
LANE_CURVES = 3
"""Colours for score lanes' curves (``score-lane-1`` …); a fourth lane takes the first colour again."""


def _custom_texts(value: str | float | list[str] | None, words: Language) -> tuple[str, ...]:
    """What a cell of a map's own lane shows: its text, its list, or its score."""
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(value)
    return (value,) if isinstance(value, str) else (words.number(value),)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "x"


def number(value: float, words: Language | None = None) -> str:
    """A score or measure for people: whole numbers without decimals, else at most two, a real minus sign, and
    the decimal sign of ``words`` (default English)."""
    return (words or load_language()).number(value)


def _emotion(scale: Scale, value: float, label: str | None, words: Language) -> EmotionView:
    if label is None and float(value).is_integer():
        label = scale.labels.get(int(value))
    normalised = scale.normalise(value)
    valence = "positive" if normalised > 0 else "negative" if normalised < 0 else "neutral"
    return EmotionView(value=words.number(value), label=label or "", valence=valence,
                       sign={"positive": "+", "negative": "\N{MINUS SIGN}", "neutral": "0"}[valence])


def _step_emotion(scale: Scale, step: Step, words: Language) -> EmotionView | None:
    value = step_value(step)
    if value is None:
        return None
    return _emotion(scale, value, step.emotion.label if step.emotion is not None
                    else words.gettext("mean of the actors"), words)


def _persona(persona: Persona, picture: str) -> PersonaView:
    return PersonaView(name=persona.name, role=persona.role or "", description=persona.description or "",
                       quote=persona.quote or "", goals=tuple(persona.goals), needs=tuple(persona.needs),
                       motivations=tuple(persona.motivations), frustrations=tuple(persona.frustrations),
                       picture=picture)


def resolve_style(written: Style | None, *, override: Style | None = None, defaults: Style | None = None) -> Style:
    """The style a page is drawn with: each setting from ``override`` (the command line) when it gives it, else
    from the map's ``written`` style, else from the project configuration's ``defaults``, else off."""
    chosen = {name: next((value for value in (getattr(style, name) for style in (override, written, defaults)
                                              if style) if value is not None), None) for name in Style.model_fields}
    return Style(palette=chosen["palette"], faces=bool(chosen["faces"]), icons=bool(chosen["icons"]))


def _stage_colour(stage: Stage, index: int, palette: str | None) -> StageColourView | None:
    """The band colours of the stage at ``index``: its own ``colour`` in both themes, else its palette's."""
    if stage.colour is not None:
        light, dark = stage.colour, stage.colour
    elif palette is not None:
        light, dark = (colours.palette_colour(palette, index, theme) for theme in colours.THEMES)
    else:
        return None
    on_light, on_dark = colours.swatch(light, "light"), colours.swatch(dark, "dark")
    return StageColourView(light=on_light.background, light_text=on_light.text, dark=on_dark.background,
                           dark_text=on_dark.text)


POINT_RADIUS = 7
"""The radius of a point of the map's curve."""
FACE_RADIUS = 9
"""The radius of a point that carries a face."""


def _face(x: float, y: float, normalised: float) -> FaceView:
    """A face centred on (x, y): the mouth curves up for a score above neutral, down below, flat at neutral."""
    bend = 4.5 * normalised  # the mouth's control point lies below its ends for a smile
    return FaceView(left_x=svg.fmt(x - 3.2), right_x=svg.fmt(x + 3.2), eye_y=svg.fmt(y - 2.6),
                    mouth=f"M{svg.fmt(x - 4.2)} {svg.fmt(y + 3 - bend / 3)} "
                          f"Q{svg.fmt(x)} {svg.fmt(y + 3 + bend)} {svg.fmt(x + 4.2)} {svg.fmt(y + 3 - bend / 3)}")


def _overdue(journey: JourneyMap, today: datetime.date) -> bool:
    if journey.reviewed is None:
        return False
    return days_overdue(journey.reviewed, journey.review_every, today) > 0


class _Builder:
    """Holds the lookups shared while building one context (anchors of pain points, actor names)."""

    def __init__(self, journey: JourneyMap, report: ScoreReport, style: Style, words: Language,
                 zooms: Mapping[str, str] | None = None) -> None:
        self.journey = journey
        self.words = words
        self.zooms = zooms or {}
        self.report = report
        self.style = style
        self.valleys = {point.step for point in report.valleys}
        self.pain_anchor: dict[str, tuple[str, str]] = {}
        for _, step in journey.steps():
            for pain in step.pain_points:
                if pain.id is not None:
                    self.pain_anchor[pain.id] = (f"pain-{_slug(pain.id)}", pain.text)

    def links(self, ids: Sequence[str]) -> tuple[Link, ...]:
        return tuple(Link(href="#" + self.pain_anchor[i][0], text=self.pain_anchor[i][1]) if i in self.pain_anchor
                     else Link(href="", text=i) for i in ids)

    def kpi(self, kpi: Kpi, step: Step, anchor: str) -> KpiView:
        return kpis.view(kpi, links=self.links(kpi.addresses), step=step.name, step_anchor=anchor, words=self.words)

    def step(self, number_: int, stage_name: str, step: Step) -> StepView:
        journey, anchor = self.journey, f"step-{_slug(step.id)}"
        pains = tuple(PainView(anchor=f"pain-{_slug(pain.id)}" if pain.id else f"{anchor}-pain-{i}",
                               id=pain.id or "", text=pain.text, severity=pain.severity,
                               severity_text=self.words.gettext(SEVERITY_LABELS[pain.severity]), step=step.name,
                               step_anchor=anchor) for i, pain in enumerate(step.pain_points, 1))
        opportunities = tuple(
            OpportunityView(anchor=f"opportunity-{_slug(o.id)}" if o.id else f"{anchor}-opportunity-{i}",
                            text=o.text, owner=o.owner or "", priority=o.priority or "",
                            priority_text=self.words.gettext(PRIORITY_LABELS[o.priority]) if o.priority else "",
                            priority_level=self.words.gettext(PRIORITY_LEVELS[o.priority]) if o.priority else "",
                            addresses=self.links(o.addresses), step=step.name, step_anchor=anchor,
                            issue=o.issue or "")
            for i, o in enumerate(step.opportunities, 1))
        channels = [journey.channels[c].name if c in journey.channels else c for c in step.channel]
        # The duration as the author wrote it ('1 h 30 min'), not its seconds: the map's words, not ours.
        when = " · ".join(part for part in (step.time, str(step.duration) if step.duration else None) if part)
        touchpoint = tuple(part for part in (step.touchpoint, ", ".join(channels), when) if part)
        kinds = [icons.guess(c, journey.channels.get(c)) for c in step.channel] if self.style.icons else []
        actors = tuple(ActorView(name=journey.actors[a].name if a in journey.actors else a,
                                 emotion=_emotion(journey.scale, float(e.score), e.label, self.words) if e else None)
                       for a, e in step.actors.items())
        resources = step.resources
        texts = {
            "actions": tuple(step.actions), "thoughts": tuple(step.thoughts),
            "actors": tuple(f"{a.name}: {a.emotion.value} {a.emotion.label}".rstrip() if a.emotion else a.name
                            for a in actors),
            "owner": (step.owner,) if step.owner else (), "research": tuple(step.research),
            "physical_evidence": tuple(step.physical_evidence or ()), "frontstage": tuple(step.frontstage or ()),
            "backstage": tuple(step.backstage or ()), "support": tuple(step.support or ()),
            "people": tuple(step.people), "policies": tuple(step.policies),
            "technologies": tuple(step.technologies), "processes": tuple(step.processes),
            "resources_had": tuple(resources.had) if resources else (),
            "resources_needed": tuple(resources.needed) if resources else (),
            **{CUSTOM_KEY.format(lane.id): _custom_texts(step.lanes.get(lane.id), self.words)
               for lane in journey.lanes},
        }
        return StepView(
            id=step.id, anchor=anchor, number=number_, name=step.name, stage=stage_name,
            description=step.description or "", touchpoint=touchpoint,
            channels=tuple(ChannelView(name=name, icon=kind or "") for name, kind in zip(channels, kinds)),
            touchpoint_rest=tuple(part for part in (step.touchpoint, when) if part),
            emotion=_step_emotion(journey.scale, step, self.words),
            moment_of_truth=step.moment_of_truth, valley=step.id in self.valleys, actors=actors,
            pain_points=pains, opportunities=opportunities,
            kpis=tuple(self.kpi(kpi, step, anchor) for kpi in step.kpis), texts=texts,
            zoom=Link(href=self.zooms.get(step.id, ""), text=step.zoom) if step.zoom else None,
        )


def _lanes(steps: Sequence[StepView], blueprint: bool, charted: bool, own: Sequence[CustomLane],
           words: Language) -> tuple[LaneView, ...]:
    """The lanes that hold something somewhere on the map (an empty lane is left out for the whole map); the
    map's ``own`` lanes follow the customer's, in the order they are declared."""
    def filled(key: str, kind: str) -> bool:
        if kind == "line":
            return blueprint
        if kind == "emotion":
            return charted
        if kind in ("touchpoint", "pain", "opportunity", "kpi"):
            attribute = {"touchpoint": "touchpoint", "pain": "pain_points", "opportunity": "opportunities",
                         "kpi": "kpis"}[kind]
            return any(getattr(step, attribute) for step in steps)
        return any(step.texts[key] for step in steps)

    # A map's own lanes carry the map's words; the built-in lanes' titles come from the catalogue.
    builtin = tuple((key, words.gettext(title), kind) for key, title, kind in CUSTOMER_LANES)
    custom = tuple((CUSTOM_KEY.format(lane.id), lane.title, "text") for lane in own)
    blueprint_lanes = tuple((key, words.gettext(title), kind)
                            for key, title, kind in (BLUEPRINT_LANES if blueprint else BLUEPRINT_LANES[6:]))
    return tuple(LaneView(key=key, title=title, kind=kind, note=words.gettext(LINE_NOTES[key]) if key in LINE_NOTES
                          else "")
                 for key, title, kind in builtin + custom + blueprint_lanes if filled(key, kind))


def _on_scale(scale: Scale, other: Scale, value: float) -> float:
    """A score from a map on ``other`` scale placed on ``scale`` through the normalised -1..+1 curve."""
    if other == scale:
        return value
    normalised = other.normalise(value)
    neutral = float(scale.neutral)  # type: ignore[arg-type]
    return neutral + normalised * ((scale.max - neutral) if normalised >= 0 else (neutral - scale.min))


def _ticks(frame: svg.Frame, scale: Scale, words: Language) -> tuple[TickView, ...]:
    span = scale.span()
    count = int(span) if float(span).is_integer() and span <= 10 else 4
    values = sorted({scale.min + span * i / count for i in range(count + 1)} | {float(scale.neutral)})  # type: ignore[arg-type]
    regular = {scale.min + span * i / count for i in range(count + 1)}
    # The neutral line is always drawn; it is labelled only when it falls on a regular tick (5.5 between 5
    # and 6 would print over both).
    return tuple(TickView(y=svg.fmt(frame.y(v)), text=words.number(v) if v in regular else "", neutral=v == scale.neutral)
                 for v in values)


MAIN_RADIUS = POINT_RADIUS + 3
"""Room a label keeps from a point of the map's curve (its radius and white ring, and a little air)."""
VALLEY_RADIUS = 13 + 3
OTHER_RADIUS = 4 + 3
Spec = tuple[str, str, Sequence[tuple[int, float, str, str]]]
"""A curve to draw: its name, CSS class, and (column, value, label, step id) points."""


def _curves(frame: svg.Frame, scale: Scale, specs: Sequence[Spec], marks: _Builder,
            moments: frozenset[str], names: dict[str, str]) -> tuple[tuple[CurveView, ...], tuple[Shortened, ...]]:
    """The curves of ``specs``, the last (the map's own) labelled; its labels placed clear of every curve."""
    faces = marks.style.faces

    def radius(css: str, step_id: str) -> float:
        if css != "main":
            return OTHER_RADIUS
        if step_id in marks.valleys:
            return VALLEY_RADIUS
        return MAIN_RADIUS + (FACE_RADIUS - POINT_RADIUS if faces else 0)

    neutral = float(scale.neutral)  # type: ignore[arg-type]
    keep_off = svg.obstacles(frame, [[(column, value, radius(css, step_id)) for column, value, _, step_id in points]
                                     for _, css, points in specs], neutral)
    curves, shortened = [], []
    for name, css, points in specs:
        main = css == "main"
        emotions = [_emotion(scale, value, label or None, marks.words) for _, value, label, _ in points]
        labels: list[svg.Label | None] = [None] * len(points)
        if main:
            labels = svg.place_labels(frame, [svg.LabelRequest(
                column=column, y=frame.y(value), value=emotion.value, text=emotion.label,
                star=step_id in moments, radius=radius(css, step_id), above=value >= neutral)
                for (column, value, _, step_id), emotion in zip(points, emotions)], keep_off)
        views = []
        for (column, value, text, step_id), emotion, label in zip(points, emotions, labels):
            if css.startswith("score-lane"):  # a lane's own score, not the place it is drawn at on the emotion scale
                emotion = dataclasses.replace(emotion, value=text, label="")
            whole = f"{emotion.value} · {emotion.label}" if emotion.label else emotion.value
            if main and (label is None or label.shortened):
                shortened.append(Shortened(step=names.get(step_id, step_id), where="chart", text=whole))
            views.append(PointView(
                x=svg.fmt(frame.x(column)), y=svg.fmt(frame.y(value)), value=emotion.value, label=emotion.label,
                valence=emotion.valence, step=step_id, valley=main and step_id in marks.valleys,
                moment_of_truth=step_id in moments, column=column,
                label_lines=label.lines if label else (), label_x=svg.fmt(label.x) if label else "",
                label_y=svg.fmt(label.y) if label else "",
                title=f"{names.get(step_id, step_id)}: {whole}" + (f" ({name})" if name and not main else ""),
                shortened=label is None or label.shortened, radius=str(FACE_RADIUS if main and faces else POINT_RADIUS),
                face=_face(frame.x(column), frame.y(value), scale.normalise(value)) if main and faces else None))
        paths = svg.paths(frame, [(column, value) for column, value, _, _ in points])
        curves.append(CurveView(name=name, css=css, solid=paths.solid, bridge=paths.bridge, points=tuple(views)))
    return tuple(curves), tuple(shortened)


def _chart(journey: JourneyMap, builder: _Builder, baseline: JourneyMap | None, persona: str
           ) -> tuple[ChartView | None, tuple[LegendEntry, ...], dict[str, float], tuple[Shortened, ...]]:
    """The emotion lane's SVG, its legend, the baseline's scores by step id (for the score table), and the
    labels that had to be shortened."""
    report, scale, words = builder.report, journey.scale, builder.words
    _ = words.gettext
    steps = [step for _, step in journey.steps()]
    column = {step.id: i for i, step in enumerate(steps)}
    names = {step.id: step.name for step in steps}
    frame = svg.Frame(columns=len(steps), minimum=float(scale.min), maximum=float(scale.max))
    before: dict[str, float] = {}
    if baseline is not None:
        # Paired by the one matcher, as in score --compare and diff: by id across stages, positional ids never.
        paired = match_entities([step for _, step in baseline.steps()], steps,
                                lambda step: Ident(step.id, step.id_positional)).pairs
        before = {new.id: _on_scale(scale, baseline.scale, value) for old, new in paired
                  if (value := step_value(old)) is not None}
    own = [(lane, scores) for lane in journey.lanes if lane.kind == "score" and (scores := lane.scores(journey))]
    if not report.points and not before and not own:
        return None, (), before, ()
    labels = {step.id: step.emotion.label or "" if step.emotion else "" for step in steps}
    specs: list[Spec] = []
    legend: list[LegendEntry] = []
    for index, actor in enumerate(report.actors, 1):
        css = f"actor actor-{(index - 1) % 4 + 1}"
        name = journey.actors[actor.actor].name if actor.actor in journey.actors else actor.actor
        specs.append((name, css, [(column[p.step], p.value, "", p.step) for p in actor.points]))
        legend.append(LegendEntry(css=css, text=_("%(actor)s (their own scores)") % {"actor": name}))
    if before:
        assert baseline is not None
        specs.append((baseline.title, "baseline", [(column[s], v, "", s) for s, v in before.items()]))
        legend.append(LegendEntry(css="baseline", text=_("Baseline: %(title)s") % {"title": baseline.title}))
    for index, (lane, scores) in enumerate(own, 1):
        css = f"score-lane score-lane-{(index - 1) % LANE_CURVES + 1}"
        specs.append((lane.title, css, [(column[s], lane.on_scale(scale, v), words.number(v), s)
                                        for s, v in scores.items()]))
        legend.append(LegendEntry(css=css, text=_("%(lane)s (%(low)s..%(high)s, stretched onto the emotion scale)")
                                  % {"lane": lane.title, "low": words.number(lane.low), "high": words.number(lane.high)}))
    moments = frozenset(step.id for step in steps if step.moment_of_truth)
    specs.append((persona, "main", [(column[p.step], p.value, labels[p.step], p.step) for p in report.points]))
    curves, shortened = _curves(frame, scale, specs, builder, moments, names)
    legend.insert(0, LegendEntry(css="main", text=_("Emotion of %(persona)s") % {"persona": persona} if persona
                                 else _("Emotion")))
    if builder.style.faces:
        legend.append(LegendEntry(css="face", text=_("Faces smile above neutral and frown below; the score stays "
                                                     "beside them")))
    legend += [LegendEntry(css="valley", text=_("Valley: a low point below neutral")),
               LegendEntry(css="moment", text="★ " + _("Moment of truth")),
               LegendEntry(css="neutral", text=_("Neutral (%(value)s)")
                           % {"value": words.number(float(scale.neutral))})]  # type: ignore[arg-type]
    if any(curve.bridge for curve in curves):
        legend.append(LegendEntry(css="bridge", text=_("Dotted: across steps without a score")))
    if shortened:
        legend.append(LegendEntry(css="shortened", text="… " + _("a shortened label: the whole text is in the "
                                                                 "scores table and shows on pointing at the point")))
    neutral_y = frame.y(float(scale.neutral))  # type: ignore[arg-type]
    described = ", ".join(f"{p.name} {words.number(p.value)}" for p in report.points)
    ticks = _ticks(frame, scale, words)
    chart = ChartView(
        x="0", width=svg.fmt(frame.width), height=svg.fmt(frame.height), line_height=svg.fmt(svg.LABEL_LINE),
        top=svg.fmt(frame.pad_top), neutral_y=svg.fmt(neutral_y), neutral_height=svg.fmt(neutral_y - frame.pad_top),
        negative_height=svg.fmt(frame.height - frame.pad_bottom - neutral_y),
        title=_("Emotion curve of %(title)s on the scale %(scale)s") % {"title": journey.title,
                                                                         "scale": scale_text(scale, words)},
        description=words.counted("%(scored)s of %(num)s step scored: %(points)s.",
                                "%(scored)s of %(num)s steps scored: %(points)s.", report.steps,
                                scored=words.number(len(report.points)), points=described),
        ticks=ticks, columns=tuple(svg.fmt(frame.column_width * i) for i in range(1, len(steps))),
        curves=curves, right=svg.fmt(frame.width), axis_width=svg.fmt(svg.AXIS_WIDTH),
        axis_tick=svg.fmt(svg.AXIS_WIDTH - 6), axis_text=svg.fmt(svg.AXIS_WIDTH - 9))
    return chart, tuple(legend), before, shortened


def scale_text(scale: Scale, words: Language) -> str:
    """The scale in words: '1..5 (neutral 3)'."""
    return words.gettext("%(min)s..%(max)s (neutral %(neutral)s)") % {
        "min": words.number(scale.min), "max": words.number(scale.max),
        "neutral": words.number(float(scale.neutral))}  # type: ignore[arg-type]


def _metrics(report: ScoreReport, words: Language) -> tuple[MetricView, ...]:
    curve = report.on_scale
    _, number = words.gettext, words.number
    if curve is None:
        return ()
    scored = [stage for stage in report.stages if stage.mean is not None]
    worst = min(scored, key=lambda stage: stage.mean or 0.0) if scored else None
    drop = report.largest_drop
    low = report.min_at
    return tuple(metric for metric in (
        MetricView(name=_("Mean"), value=number(curve.mean),
                   note=words.counted("%(scored)s of %(num)s step scored", "%(scored)s of %(num)s steps scored",
                                    report.steps, scored=number(len(report.points)))),
        MetricView(name=_("End"), value=number(curve.end), note=_("how the journey ends")),
        MetricView(name=_("Peak-end"), value=number(curve.peak_end), note=_("what people remember")),
        MetricView(name=_("Lowest moment"), value=number(low.value), note=low.name) if low else None,
        MetricView(name=_("Lowest stage"), value=number(worst.mean or 0.0),
                   note=_("%(stage)s, by mean emotion") % {"stage": worst.name}) if worst else None,
        _bottleneck(report, words),
        MetricView(name=_("Largest drop"), value=number(drop.value), note=f"{drop.start.name} → {drop.end.name}")
        if drop else None,
        MetricView(name=_("Valleys"), value=number(len(report.valleys)),
                   note=", ".join(p.name for p in report.valleys) or _("none")),
    ) if metric is not None)


def _bottleneck(report: ScoreReport, words: Language) -> MetricView | None:
    """Where the customer's time goes (as ``cjmap score`` names it): the longest stage and step."""
    timing = report.timing
    if timing is None:
        return None
    stage, step = timing.bottleneck_stage, timing.bottleneck_step
    return MetricView(name=words.gettext("Bottleneck"), value=words.duration(stage.seconds or 0.0),
                      note=words.gettext("stage %(stage)s; longest step %(step)s (%(time)s)")
                      % {"stage": stage.name, "step": step.name, "time": words.duration(step.seconds)})


def build_context(journey: JourneyMap, *, report: ScoreReport | None = None, baseline: JourneyMap | None = None,
                  baseline_href: str | None = None, personas: Sequence[Persona] = (), pictures: Sequence[str] = (),
                  index_href: str | None = None, today: datetime.date | None = None, paper: str | None = None,
                  orientation: str | None = None, paged: bool = False, style: Style | None = None,
                  zooms: Mapping[str, str] | None = None, parents: Sequence[Link] = (),
                  language: Language | None = None) -> MapContext:
    """Everything a template shows for ``journey``, computed once.

    ``personas`` are the map's personas with files already read (inline ones are taken from the map when it is
    empty); ``baseline`` is the current-state map a future-state map improves on; ``today`` decides whether the
    review is overdue (the only input that is not in the files, so output is deterministic given it).
    ``paper`` and ``orientation`` choose the printed sheet (default: the one that fits); ``paged`` lays the grid
    out as printed pages only (for PDF and PNG). ``pictures`` holds the ``data:`` URI of each of ``personas``'
    pictures ('' for none); ``style`` is the page's style, resolved (default: the map's own, see
    :func:`resolve_style`). ``zooms`` gives the href of each zoomed step's detailed map (by step id) and
    ``parents`` the steps of other maps that zoom into this one (both where their pages are written: a site).
    ``language`` is the page's (default English): its words, numbers and dates.
    """
    words = language or load_language()
    _ = words.gettext
    report = report or score_map(journey)
    look = style or resolve_style(journey.style)
    builder = _Builder(journey, report, look, words, zooms)
    people = list(personas) or [p for p in journey.persona if isinstance(p, Persona)]
    persona_name = people[0].name if people else ""
    stages: list[StageView] = []
    number_ = 0
    for index, (stage, average) in enumerate(zip(journey.stages, report.stages)):
        views = []
        for step in stage.steps:
            number_ += 1
            views.append(builder.step(number_, stage.name, step))
        stages.append(StageView(id=stage.id, anchor=f"stage-{_slug(stage.id)}", name=stage.name,
                                description=stage.description or "", goals=tuple(stage.goals),
                                expectations=tuple(stage.expectations), steps=tuple(views),
                                mean=words.number(average.mean) if average.mean is not None else "",
                                colour=_stage_colour(stage, index, look.palette)))
    steps = tuple(step for stage in stages for step in stage.steps)
    chart, legend, before, shortened = _chart(journey, builder, baseline, persona_name)
    blueprint = journey.type == "service-blueprint" or any(step.texts[key] for step in steps for key in BLUEPRINT_KEYS)
    # The score table has a column per other curve with scores of its own: each actor's, each score lane's.
    others = [curve for curve in (chart.curves if chart else ()) if curve.css.startswith(("actor", "score-lane"))]
    actor_names = tuple(curve.name for curve in others)
    actor_scores = {(i, point.step): point.value for i, curve in enumerate(others) for point in curve.points}
    scores = tuple(ScoreRow(stage=step.stage, step=step.name, value=step.emotion.value if step.emotion else "",
                            label=step.emotion.label if step.emotion else "",
                            baseline=words.number(before[step.id]) if step.id in before else "",
                            actors=tuple(actor_scores.get((i, step.id), "") for i in range(len(others))))
                   for step in steps)
    scope = journey.scope
    lanes = _lanes(steps, blueprint, chart is not None, journey.lanes, words)
    layout = grid.build_layout(stages, steps, lanes, chart, paper=paper, orientation=orientation, paged=paged,
                               labels={key: _(text) for key, text in CAPTIONS.items()}) if steps else None
    summary = (_("%(steps)s in %(stages)s; lanes read top to bottom, from the customer down to support processes.")
               if blueprint else _("%(steps)s in %(stages)s; lanes read top to bottom.")) % {
        "steps": words.counted("%(num)s step", "%(num)s steps", len(steps)),
        "stages": words.counted("%(num)s stage", "%(num)s stages", len(stages))}
    return MapContext(
        id=journey.id, title=journey.title, description=journey.description or "", type=journey.type,
        type_label=_(TYPE_LABELS[journey.type]), status=journey.status, status_text=_(STATUS_LABELS[journey.status]),
        owner=journey.owner or "", tags=tuple(journey.tags),
        reviewed=words.date(journey.reviewed) if journey.reviewed else "",
        review_every=_(CADENCE_LABELS[journey.review_every]) if journey.review_every else "",
        overdue=_overdue(journey, today or datetime.date.today()),
        lang=words.tag, dir=words.direction, grid_summary=summary,
        severities=tuple(SeverityView(key=key, text=_(text)) for key, text in SEVERITY_LABELS.items()),
        baseline=Link(href=baseline_href or "", text=baseline.title if baseline else journey.baseline)
        if journey.baseline else None,
        index=Link(href=index_href, text=_("All maps")) if index_href else None,
        parents=tuple(parents),
        personas=tuple(_persona(p, pictures[i] if i < len(pictures) else "") for i, p in enumerate(people)),
        scope=ScopeView(scenario=scope.scenario or "", learning_goals=tuple(scope.learning_goals),
                        business_goals=tuple(scope.business_goals), expectations=tuple(scope.expectations),
                        channels=tuple(journey.channels[c].name if c in journey.channels else c
                                       for c in scope.channels),
                        out_of_scope=tuple(scope.out_of_scope))
        if scope else ScopeView(scenario="", learning_goals=(), business_goals=(), expectations=(), channels=(),
                                out_of_scope=()),
        scale=scale_text(journey.scale, words), stages=tuple(stages), steps=steps,
        lanes=lanes, blueprint=blueprint, chart=chart, legend=legend,
        scores=scores, score_actors=actor_names, has_baseline_scores=bool(before), metrics=_metrics(report, words),
        pain_points=tuple(p for step in steps for p in step.pain_points),
        opportunities=tuple(o for step in steps for o in step.opportunities),
        kpis=tuple(k for step in steps for k in step.kpis),
        moments=tuple(step for step in steps if step.moment_of_truth),
        mermaid_journey=mermaid.to_mermaid(journey),
        mermaid_journey_fitted=mermaid.to_mermaid(journey, fit=True), mermaid_xychart=mermaid.xychart(journey, words) if report.points else "",
        mermaid_xychart_legend=mermaid.xychart_legend(journey, words),
        layout=layout, shortened=shortened,
        icons=tuple(IconView(kind=kind, shapes=icons.shapes(kind)) for kind in _used_icons(steps)),
    )


def _used_icons(steps: Sequence[StepView]) -> list[ChannelIcon]:
    """The icon kinds the steps' channels show, in the order of :data:`cjmap.render.icons.FILES`."""
    used = {channel.icon for step in steps for channel in step.channels}
    return [kind for kind in icons.FILES if kind in used]
