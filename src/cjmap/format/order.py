"""The canonical shape of a map: key order per kind of mapping, short forms, and quoting.

Key order follows the tables of docs/format.md (map keys, then step keys) and the examples: ``id`` first wherever
there is one, then the name or text, then the rest in the order a reader needs them. Renamed keys
(``evidence``, ``scope.goals``) take the place of their new name. A key the table does not know (there is
none in a valid map) keeps its place after the known ones.

Short forms are applied where the long form says nothing more (see :data:`SHORT_FORMS`), never where a
comment, an anchor or an alias hangs on what would disappear. Quotes are dropped where YAML 1.2 and 1.1
both read the plain text as the same text, so the file reads the same in every editor; quotes that are
needed stay as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

MAP = ("cjmap", "id", "title", "description", "type", "status", "owner", "language", "tags", "reviewed", "review_every",
       "baseline", "lifecycle", "persona", "scope", "scale", "style", "channels", "actors", "lanes", "stages")
PERSONA = ("id", "name", "role", "description", "picture", "quote", "goals", "needs", "motivations", "frustrations")
PERSONA_FILE = ("cjmap-persona", *PERSONA)
SCOPE = ("scenario", "learning_goals", "business_goals", "goals", "expectations", "out_of_scope", "channels")
SCALE = ("min", "max", "neutral", "labels")
CHANNEL = ("name", "kind", "icon", "description")
ACTOR = ("name", "description")
STAGE = ("id", "name", "description", "colour", "goals", "expectations", "steps")
STYLE = ("palette", "faces", "icons")
STEP = ("id", "name", "description", "touchpoint", "channel", "time", "duration", "actions", "thoughts",
        "emotion", "actors", "pain_points", "opportunities", "kpis", "owner", "research", "evidence",
        "moment_of_truth", "physical_evidence", "frontstage", "backstage", "support", "people", "policies",
        "technologies", "processes", "resources", "lanes", "zoom", "zoom_other_persona")
LANE = ("id", "title", "kind", "description", "min", "max")
EMOTION = ("score", "label")
PAIN_POINT = ("id", "text", "severity")
OPPORTUNITY = ("id", "text", "owner", "priority", "addresses", "customer_value", "business_value", "effort", "issue")
KPI = ("id", "name", "value", "target", "unit", "direction", "addresses")
RESOURCES = ("had", "needed")

KEY_ORDER: dict[str, tuple[str, ...]] = {
    "map": MAP, "persona-file": PERSONA_FILE, "persona": PERSONA, "scope": SCOPE, "scale": SCALE,
    "channel": CHANNEL, "actor": ACTOR, "stage": STAGE, "step": STEP, "emotion": EMOTION,
    "pain-point": PAIN_POINT, "opportunity": OPPORTUNITY, "kpi": KPI, "resources": RESOURCES, "lane": LANE,
    "style": STYLE,
}
"""Mapping kind -> its keys in canonical order (a test keeps each in step with the model's fields)."""

SHORT_FORMS: tuple[tuple[str, str], ...] = (
    ("emotion: {score: 2}", "emotion: 2"),
    ("channel: [web]", "channel: web"),
    ("web: {name: Website} (channels and actors catalogues)", "web: Website"),
    ("- {text: Slow page} (pain points, opportunities)", "- Slow page"),
    ("persona: [personas/maya.yaml]", "persona: personas/maya.yaml"),
    ("scale: {min: 1, max: 5}", "scale: 1..5"),
    ("actors: {kids: null}", "actors: [kids]"),
)
"""What ``cjmap fmt`` shortens, for docs/commands/fmt.md and ``--help``; lists of texts are kept as written."""

_CHILDREN: dict[str, dict[str, str]] = {
    "map": {"persona": "persona-entry", "scope": "scope", "scale": "scale", "style": "style", "channels": "channels",
            "actors": "actors", "lanes": "lanes", "stages": "stages"},
    "stage": {"steps": "steps"},
    "step": {"emotion": "emotion", "actors": "actor-scores", "pain_points": "pain-points",
             "opportunities": "opportunities", "kpis": "kpis", "resources": "resources", "channel": "id-list",
             "lanes": "lane-values"},
}
_ITEMS: dict[str, str] = {"stages": "stage", "steps": "step", "pain-points": "pain-point",
                          "opportunities": "opportunity", "kpis": "kpi", "lanes": "lane"}

def canonical(data: CommentedMap, commented: Collection[int]) -> CommentedMap:
    """Put ``data`` (a map or persona file) into canonical shape in place; ``commented`` holds the ids of the
    collections a comment hangs on, which are never replaced by a short form."""
    lanes = data.get("lanes")
    declared = tuple(str(lane["id"]) for lane in lanes if isinstance(lane, CommentedMap) and "id" in lane) \
        if isinstance(lanes, CommentedSeq) else ()
    _Canon(commented, declared).mapping(data, "persona-file" if "cjmap-persona" in data else "map")
    return data


class _Canon:
    def __init__(self, commented: Collection[int], lanes: tuple[str, ...] = ()) -> None:
        self.commented = commented
        self.lanes = lanes
        """The ids of the map's own lanes, in declared order: a step fills them in that order."""

    def free(self, node: Any) -> bool:
        """Whether ``node`` may be replaced by a short form: no comment, anchor or alias hangs on it."""
        return id(node) not in self.commented and not _anchored(node)

    def mapping(self, node: CommentedMap, kind: str) -> None:
        children = _CHILDREN.get(kind, {})
        _rebuild(node, KEY_ORDER.get(kind, ()), lambda key, value: self.value(value, children.get(str(key))))

    def value(self, value: Any, kind: str | None) -> Any:  # noqa: PLR0911 - one case per kind of value
        if kind is None:
            return self.plain(value)
        if kind in _ITEMS and isinstance(value, CommentedSeq):
            value[:] = [self.item(item, _ITEMS[kind]) for item in value]
            return value
        if kind in ("channels", "actors") and isinstance(value, CommentedMap):
            _rebuild(value, (), lambda _, entry: self.named(entry, "channel" if kind == "channels" else "actor"))
            return value
        if kind == "persona-entry":
            return self.persona(value)
        if kind == "emotion":
            return self.emotion(value)
        if kind == "actor-scores":
            return self.actor_scores(value)
        if kind == "lane-values" and isinstance(value, CommentedMap):
            _rebuild(value, self.lanes, lambda _, entry: self.plain(entry))
            return value
        if kind == "id-list":
            single = isinstance(value, CommentedSeq) and len(value) == 1 and isinstance(value[0], str)
            return self.plain(value[0]) if single and self.free(value) else self.plain(value)
        if kind == "scale" and isinstance(value, CommentedMap):
            return self.scale(value)
        if isinstance(value, CommentedMap):
            self.mapping(value, kind)
            return value
        return self.plain(value)

    def item(self, item: Any, kind: str) -> Any:
        if isinstance(item, CommentedMap):
            if kind in ("pain-point", "opportunity") and list(item) == ["text"] and self.free(item) \
                    and isinstance(item["text"], str):
                return self.plain(item["text"])
            self.mapping(item, kind)
            return item
        return self.plain(item)

    def named(self, entry: Any, kind: str) -> Any:
        if isinstance(entry, CommentedMap):
            if list(entry) == ["name"] and self.free(entry) and isinstance(entry["name"], str):
                return self.plain(entry["name"])
            self.mapping(entry, kind)
            return entry
        return self.plain(entry)

    def persona(self, value: Any) -> Any:
        if isinstance(value, CommentedSeq):
            value[:] = [self.persona(entry) for entry in value]
            return value[0] if len(value) == 1 and self.free(value) else value
        if isinstance(value, CommentedMap):
            self.mapping(value, "persona")
            return value
        return self.plain(value)

    def emotion(self, value: Any) -> Any:
        if isinstance(value, CommentedMap):
            if list(value) == ["score"] and self.free(value) and _number(value["score"]):
                return value["score"]
            self.mapping(value, "emotion")
        return value

    def actor_scores(self, value: Any) -> Any:
        if isinstance(value, CommentedMap):
            if value and all(score is None for score in value.values()) and self.free(value):
                listed = CommentedSeq(value.keys())
                listed.fa.set_flow_style()
                return listed
            _rebuild(value, (), lambda _, score: self.emotion(score))
            return value
        return self.plain(value)

    def scale(self, value: CommentedMap) -> Any:
        if list(value) == ["min", "max"] and self.free(value) and all(
                isinstance(value[key], int) and not isinstance(value[key], bool) for key in ("min", "max")):
            return f"{int(value['min'])}..{int(value['max'])}"
        self.mapping(value, "scale")
        return value

    def plain(self, value: Any) -> Any:
        """``value`` with needless quotes dropped, in collections too (keys are left as written)."""
        if isinstance(value, CommentedMap):
            _rebuild(value, (), lambda _, item: self.plain(item))
        elif isinstance(value, CommentedSeq):
            value[:] = [self.plain(item) for item in value]
        elif (isinstance(value, str) and _quoted(value) and not _anchored(value) and _no_indicators(str(value))
              and reads_as_text(str(value))):
            return str(value)
        return value


def _rebuild(node: CommentedMap, order: tuple[str, ...], convert: Callable[[Any, Any], Any]) -> None:
    """Rearrange the keys of ``node`` in place (those in ``order`` first, in that order, the others after as
    written), each value converted. Every key is taken out and put back: ruamel.yaml remembers a value's
    quotes by its key, and only forgets them when the key goes."""
    rank = {key: index for index, key in enumerate(order)}
    items = list(node.items())
    positions = {id(key): index for index, (key, _) in enumerate(items)}
    wanted = sorted(items, key=lambda item: (rank.get(str(item[0]), len(order)), positions[id(item[0])]))
    converted = [(key, convert(key, value)) for key, value in wanted]
    for key, _ in items:
        del node[key]
    for key, value in converted:
        node[key] = value


def reads_as_text(text: str) -> bool:
    """Whether ``text`` written plain reads as the same text in YAML 1.2 and in YAML 1.1 (``yes``, ``07:30``
    and ``0o17`` are not text to every reader, so their quotes stay)."""
    from ruamel.yaml.nodes import ScalarNode

    if not text or text != text.strip() or any(not char.isprintable() for char in text):
        return False
    if _NUMBERISH.match(text):
        return False  # '07:30', '2026-09', '1.0': a time, date or number to some reader, whatever the resolver says
    return all(_resolver(version).resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"
               for version in ((1, 1), (1, 2)))


_NUMBERISH = re.compile(r"^[-+.]?[0-9][0-9_:.,+-]*$")
_RESOLVERS: dict[tuple[int, int], Any] = {}


def _resolver(version: tuple[int, int]) -> Any:
    if version not in _RESOLVERS:
        from ruamel.yaml.resolver import VersionedResolver

        _RESOLVERS[version] = VersionedResolver(version=version)
    return _RESOLVERS[version]


_INDICATORS = frozenset(":?#,[]{}&*!|>'\"%@`")


def _no_indicators(text: str) -> bool:
    """Whether ``text`` holds none of YAML's indicator characters. Quotes stay on any text that does: plain
    ``[Who?]`` or ``[at 9:00]`` is valid YAML 1.2 that libyaml refuses, so dropping those quotes would send
    the file to the slower fallback parser, and in a flow collection ``a: b`` or ``a, b`` changes meaning."""
    return not _INDICATORS.intersection(text)


def _quoted(value: str) -> bool:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    return isinstance(value, (SingleQuotedScalarString, DoubleQuotedScalarString))


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _anchored(node: Any) -> bool:
    anchor = getattr(node, "anchor", None)
    return anchor is not None and getattr(anchor, "value", None) is not None
