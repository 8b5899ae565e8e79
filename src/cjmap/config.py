"""The project's configuration: where it is found and what it may say, for every command.

A configuration lives in ``.cjmap.yaml`` (or ``.cjmap.yml``) or in the ``[tool.cjmap]`` table of a
``pyproject.toml``; the nearest one to a map, walking up from the map's folder, applies to it. Reading
checks the shape (known keys, right types, well-formed globs); lint's rule selection
(:func:`cjmap.lint.selection.resolve_rules`) checks the rule codes and options against the rule registry. Anything wrong raises :class:`ConfigError`, whose message names the
file and the fault. ``exclude`` is read by every command's folder search (:mod:`cjmap.discovery`);
``per-file-ignores`` by lint only; ``framework`` (the lifecycle maps name a stage of, :mod:`cjmap.framework`)
by validation, the portfolio and lint's project rules.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import os
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cjmap import codes, suggestions
from cjmap.globs import GlobError, GlobSet
from cjmap.problem import Location, Severity

if TYPE_CHECKING:
    from cjmap.framework import Framework
    from cjmap.loader import Limits
    from cjmap.model import Style

CONFIG_NAMES = (".cjmap.yaml", ".cjmap.yml")
PYPROJECT = "pyproject.toml"
KEYS = ("select", "ignore", "severity", "options", "today", "exclude", "per-file-ignores", "lanes", "style",
        "framework", "language", "limits")
"""The keys a configuration may hold; ``lanes`` (shared with every map) is read and checked by validation
(:mod:`cjmap.validation.project`), ``limits`` applied by the loader (:mod:`cjmap.limits`)."""
LIMIT_KEYS = ("file-size", "alias-ratio")
"""The keys of ``limits:``."""
_SIZE_UNITS = {"b": 1, "kb": 1000, "kib": 1024, "mb": 1000 ** 2, "mib": 1024 ** 2, "gb": 1000 ** 3, "gib": 1024 ** 3}
ALL = "ALL"
TODAY_ENV = "CJMAP_TODAY"


class ConfigError(Exception):
    """The configuration cannot be used; the message says which file and what is wrong."""


@dataclass(frozen=True)
class FileIgnore:
    """One ``per-file-ignores`` entry: rules not reported for the files its glob covers."""

    pattern: str
    globs: GlobSet
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Config:
    """What one configuration file (or the command line) asks for; ``None`` means "not said"."""

    source: str = ""
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    today: datetime.date | None = None
    exclude: GlobSet | None = None
    """What a folder search skips, relative to the configuration's folder."""
    per_file_ignores: tuple[FileIgnore, ...] = ()
    style: Style | None = None
    """The look of rendered pages for the maps it covers, unless a map's own ``style:`` says otherwise."""
    language: str | None = None
    """The language (BCP 47 tag) of the pages of the maps it covers that declare none (:mod:`cjmap.language`)."""
    framework: tuple[Framework, ...] = ()
    """The team's lifecycle framework(s) the maps it covers name a stage of (see :mod:`cjmap.framework`)."""
    limits: Limits | None = None
    """How large a file, and how many values its aliases may add, for the maps it covers."""
    where: Mapping[tuple[str, ...], Location] = field(default_factory=dict, compare=False, repr=False)
    """Locations of keys in a YAML config, for pointed error messages."""

    def describe(self, *keys: str) -> str:
        """``file:line:col`` (or ``file``) of a key, to start an error message."""
        where = self.where.get(keys)
        if where is None:
            return self.source or "configuration"
        return f"{self.source}:{where.line}:{where.column}"

    def ignored_for(self, name: str) -> tuple[str, ...]:
        """The rule selectors ``per-file-ignores`` turns off for file ``name`` (none for stdin)."""
        if not self.per_file_ignores or name in ("-", "<stdin>"):
            return ()
        path = Path(name)
        return tuple(rule for entry in self.per_file_ignores if entry.globs.covers(path) for rule in entry.rules)

    def ignoring(self, selectors: Sequence[str]) -> Config:
        """This configuration with ``selectors`` added to ``ignore``."""
        return dataclasses.replace(self, ignore=(*self.ignore, *selectors)) if selectors else self

    def overridden(self, other: Config) -> Config:
        """This configuration with every setting ``other`` makes taking precedence (``ignore`` adds up)."""
        return dataclasses.replace(
            self,
            select=other.select if other.select is not None else self.select,
            ignore=(*self.ignore, *other.ignore),
            severity={**self.severity, **other.severity},
            options={**self.options, **{code: {**self.options.get(code, {}), **opts}
                                        for code, opts in other.options.items()}},
            today=other.today if other.today is not None else self.today,
            style=other.style if other.style is not None else self.style,
            language=other.language if other.language is not None else self.language,
        )


# Finding and reading configuration files.

def find_config(start: Path) -> Path | None:
    """The nearest ``.cjmap.yaml``/``.cjmap.yml``, or ``pyproject.toml`` with ``[tool.cjmap]``, from ``start`` up."""
    directory = start.resolve()
    for folder in (directory, *directory.parents):
        found = config_in(folder)
        if found is not None:
            return found
    return None


@functools.lru_cache(maxsize=256)
def nearest_config(folder: str) -> str | None:
    """:func:`find_config` from ``folder``, once per process for each folder (validation asks for every map);
    None also when the search cannot look (a folder that cannot be read). ``folder`` is absolute: a relative one
    means another folder once the working directory changes (a long-lived process, a test)."""
    try:
        found = find_config(Path(folder))
    except OSError:
        return None
    return str(found) if found is not None else None


Identity = tuple[int, int, int, int]
"""A file's device, inode, size and modification time: a cache of what it says is fresh while they stay."""


def nearest_config_read(folder: str) -> tuple[str, Identity] | None:
    """The :func:`nearest_config` and its identity, for a cache of what it says; None when there is none, or
    it cannot be looked at."""
    found = nearest_config(folder)
    if found is None:
        return None
    try:
        stat = os.stat(found)
    except OSError:
        return None
    return found, (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def config_in(folder: Path, names: Container[str] | None = None) -> Path | None:
    """The configuration file in ``folder`` itself, if any; ``names`` (the folder's file names, when the
    caller has listed them already) saves a look at the disk for each candidate."""
    for name in (*CONFIG_NAMES, PYPROJECT):
        if names is not None and name not in names:
            continue
        path = folder / name
        if path.is_file() and (name != PYPROJECT or _has_tool_table(path)):
            return path
    return None


def _has_tool_table(path: Path) -> bool:
    """Whether a pyproject holds ``[tool.cjmap]``; a broken one that mentions it counts, so its error shows."""
    import tomllib

    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if "cjmap" not in text:  # cheap: most pyproject files never mention cjmap
        return False
    try:
        tool = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return "tool.cjmap" in text
    return isinstance(tool, dict) and "cjmap" in tool


def read_config(path: Path) -> Config:
    """Read and check the shape of the configuration in ``path``."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    if path.name == PYPROJECT or path.suffix == ".toml":
        return _read_toml(path, content)
    return _read_yaml(path, content)


def _read_toml(path: Path, content: bytes) -> Config:
    import tomllib

    try:
        document = tomllib.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    tool = document.get("tool", {})
    table = tool.get("cjmap") if isinstance(tool, dict) else None
    if table is None:
        raise ConfigError(f"{path}: no [tool.cjmap] table")
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.cjmap] must be a table")
    return parse_config(table, f"{path} [tool.cjmap]", folder=path.resolve().parent)


def _read_yaml(path: Path, content: bytes) -> Config:
    from cjmap.loader import LoadError, load

    try:
        document = load(content, str(path))
    except LoadError as exc:
        problem = exc.problems[0]
        if problem.code == codes.NOT_A_MAP.code:  # not a mapping: empty (only comments), or a list or a scalar
            lines = content.decode("utf-8", "replace").splitlines()
            if all(not line.strip() or line.lstrip().startswith("#") for line in lines):
                return Config(source=str(path))  # nothing said, so no folder needed for globs
            raise ConfigError(f"{path}: a configuration must be a mapping of settings, e.g. 'select: [S]'") from None
        raise ConfigError(f"{path}:{problem.location.line}:{problem.location.column}: {problem.message}") from None
    if document.problems:  # duplicate keys
        problem = document.problems[0]
        raise ConfigError(f"{path}:{problem.location.line}:{problem.location.column}: {problem.message}")
    where = {tuple(str(step) for step in key): loc for key, loc in document.keys.items()}
    return parse_config(document.data, str(path), where, folder=path.resolve().parent)


# Checking the shape of a configuration.

def parse_config(table: Mapping[Any, Any], source: str,
                 where: Mapping[tuple[str, ...], Location] | None = None, *, folder: Path | None = None) -> Config:
    """A :class:`Config` from the settings in ``table``; raises :class:`ConfigError` naming ``source``.
    Globs are relative to ``folder`` (the configuration file's; default the working directory)."""
    probe = Config(source=source, where=where or {})
    for key in table:
        if key not in KEYS:
            raise ConfigError(f"{probe.describe(str(key))}: unknown key {key!r}{did_you_mean(str(key), KEYS)}; "
                              f"expected {', '.join(KEYS)}")
    select = _selectors(table["select"], probe, "select") if "select" in table else None
    ignore = _selectors(table["ignore"], probe, "ignore") if "ignore" in table else ()
    severity = _severities(table.get("severity", {}), probe)
    options = _options(table.get("options", {}), probe)
    today = parse_today(table["today"], probe.describe("today")) if "today" in table else None
    base = folder if folder is not None else Path.cwd()
    exclude = _exclude(table["exclude"], probe, base) if "exclude" in table else None
    per_file_ignores = _per_file_ignores(table.get("per-file-ignores", {}), probe, base)
    style = _style(table["style"], probe) if "style" in table else None
    frameworks = _framework(table["framework"], probe) if "framework" in table else ()
    limits = _limits(table["limits"], probe) if "limits" in table else None
    language = _language(table["language"], probe) if "language" in table else None
    return dataclasses.replace(probe, select=select, ignore=ignore, severity=severity, options=options, today=today,
                               exclude=exclude, per_file_ignores=per_file_ignores, style=style, framework=frameworks,
                               limits=limits, language=language)


def _framework(value: Any, probe: Config) -> tuple[Framework, ...]:
    """``framework``: the lifecycle stages maps are placed on (:mod:`cjmap.framework` reads the shape)."""
    from cjmap.framework import FrameworkError, parse

    try:
        return parse(value)
    except FrameworkError as exc:
        # The nearest place the configuration knows: a list item's own, else its framework's, else the key's.
        keys = next((("framework", *exc.keys[:n]) for n in range(len(exc.keys), 0, -1)
                     if ("framework", *exc.keys[:n]) in probe.where), ("framework",))
        raise ConfigError(f"{probe.describe(*keys)}: {exc}") from None


def _limits(value: Any, probe: Config) -> Limits:
    """``limits``: ``file-size`` (bytes, or a number with a unit: 32 MiB, 20 MB) and ``alias-ratio``."""
    from cjmap.loader import DEFAULT_LIMITS, Limits

    example = "limits: {file-size: 32 MiB, alias-ratio: 10}"
    if not isinstance(value, Mapping):
        raise ConfigError(f"{probe.describe('limits')}: 'limits' must be a mapping, e.g. {example}; "
                          f"got {kind_of(value)}")
    for key in value:
        if key not in LIMIT_KEYS:
            raise ConfigError(f"{probe.describe('limits', str(key))}: unknown key {key!r} in 'limits'"
                              f"{did_you_mean(str(key), LIMIT_KEYS)}; expected {', '.join(LIMIT_KEYS)}")
    size: int | None = DEFAULT_LIMITS.file_size
    if "file-size" in value:
        size = _file_size(value["file-size"])
        if size is None:
            raise ConfigError(f"{probe.describe('limits', 'file-size')}: 'file-size' must be a number of bytes "
                              f"or a size such as 32 MiB or 20 MB, 1 byte or more; got {value['file-size']!r}")
    ratio = value.get("alias-ratio", DEFAULT_LIMITS.alias_ratio)
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float)) or not 0 <= ratio < float("inf"):
        raise ConfigError(f"{probe.describe('limits', 'alias-ratio')}: 'alias-ratio' must be a number, 0 or more "
                          f"(the values aliases may add per value written; 0 refuses every alias that repeats a "
                          f"value); got {ratio!r}")
    return Limits(file_size=size or DEFAULT_LIMITS.file_size, alias_ratio=float(ratio))


def _file_size(value: Any) -> int | None:
    """Bytes from ``16777216``, ``'16 MiB'`` or ``'20MB'``; None when it is no size of 1 byte or more."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 1 else None
    if not isinstance(value, str):
        return None
    number, unit = value.strip(), "b"
    for name in sorted(_SIZE_UNITS, key=len, reverse=True):
        if number.casefold().endswith(name):
            number, unit = number[:-len(name)].strip(), name
            break
    try:
        size = float(number) * _SIZE_UNITS[unit]
    except ValueError:
        return None
    return int(size) if 1 <= size < float("inf") else None


def _language(value: Any, probe: Config) -> str:
    """``language``: the BCP 47 tag of the pages of maps that declare no ``language:`` of their own."""
    from cjmap.language import tag_problem

    if not isinstance(value, str):
        raise ConfigError(f"{probe.describe('language')}: language must be a language tag such as 'it' or 'ru'")
    problem = tag_problem(value)
    if problem is not None:
        raise ConfigError(f"{probe.describe('language')}: language: {problem}")
    return value


def _style(value: Any, probe: Config) -> Style:
    """``style``: the map format's ``style:`` block, as defaults for every map the configuration covers."""
    from pydantic import ValidationError

    from cjmap.colours import PALETTE_NAMES
    from cjmap.model import Style

    try:
        return Style.model_validate(value)
    except ValidationError as exc:
        error = exc.errors()[0]
        keys = [str(part) for part in error["loc"]]
        shown = ".".join(["style", *keys])
        raise ConfigError(f"{probe.describe('style', *keys)}: {shown}: {error['msg']}; expected style: "
                          f"{{palette: {' | '.join(PALETTE_NAMES)}, faces: true | false, icons: true | false}}"
                          ) from None


def _exclude(value: Any, probe: Config, base: Path) -> GlobSet:
    """``exclude``: a list of globs (one may stand alone)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ConfigError(f"{probe.describe('exclude')}: 'exclude' must be a list of globs relative to the "
                          f"configuration's folder, e.g. exclude: [drafts, '**/*.draft.yaml']; got {kind_of(value)}")
    try:
        return GlobSet.of(base, items)
    except GlobError as exc:
        raise ConfigError(f"{probe.describe('exclude')}: bad glob in 'exclude': {exc}") from None


def _per_file_ignores(value: Any, probe: Config, base: Path) -> tuple[FileIgnore, ...]:
    """``per-file-ignores``: globs mapped to the rules not reported for the files they cover."""
    if not isinstance(value, Mapping):
        raise ConfigError(f"{probe.describe('per-file-ignores')}: 'per-file-ignores' must map globs to rules, "
                          f"e.g. per-file-ignores: {{'drafts/**': [S004, H]}}; got {kind_of(value)}")
    found = []
    for pattern, rules in value.items():
        where = probe.describe("per-file-ignores", str(pattern))
        try:
            globs = GlobSet.of(base, [pattern])
        except GlobError as exc:
            raise ConfigError(f"{where}: bad glob in 'per-file-ignores': {exc}") from None
        items = [rules] if isinstance(rules, str) else rules
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise ConfigError(f"{where}: the rules ignored for {pattern} must be a list of rule codes or names, "
                              f"e.g. [S004, stage-without-steps]; got {kind_of(rules)}")
        found.append(FileIgnore(pattern=str(pattern), globs=globs, rules=split_selectors(items)))
    return tuple(found)


def _selectors(value: Any, probe: Config, key: str) -> tuple[str, ...]:
    """A list of rule selectors; a single string may list several, separated by commas."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ConfigError(f"{probe.describe(key)}: '{key}' must be a list of rule codes or names, "
                          f"e.g. {key}: [S001, stage-without-steps]; got {kind_of(value)}")
    return split_selectors(items)


def split_selectors(items: Sequence[str]) -> tuple[str, ...]:
    """Selectors from texts that may each hold several, separated by commas or spaces."""
    return tuple(part for item in items for part in item.replace(",", " ").split())


def _severities(value: Any, probe: Config) -> dict[str, Severity]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{probe.describe('severity')}: 'severity' must map rule codes to error, warning or "
                          f"info, e.g. severity: {{S001: warning}}; got {kind_of(value)}")
    found: dict[str, Severity] = {}
    for selector, level in value.items():
        try:
            found[str(selector)] = Severity.parse(level) if isinstance(level, str) else Severity.parse("?")
        except ValueError:
            raise ConfigError(f"{probe.describe('severity', str(selector))}: severity of {selector} must be "
                              f"error, warning or info; got {level!r}") from None
    return found


def _options(value: Any, probe: Config) -> dict[str, dict[str, Any]]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{probe.describe('options')}: 'options' must map rule codes to their options, "
                          f"e.g. options: {{S010: {{max: 12}}}}; got {kind_of(value)}")
    found: dict[str, dict[str, Any]] = {}
    for rule, settings in value.items():
        if not isinstance(settings, Mapping):
            raise ConfigError(f"{probe.describe('options', str(rule))}: options of {rule} must be a mapping of "
                              f"option names to values; got {kind_of(settings)}")
        found[str(rule)] = {str(name): setting for name, setting in settings.items()}
    return found


def parse_today(value: Any, source: str) -> datetime.date:
    """A date from ``YYYY-MM-DD`` text (or a TOML date)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(f"{source}: 'today' must be a date written YYYY-MM-DD; got {value!r}")


def today_from_env(environ: Mapping[str, str] | None = None) -> datetime.date | None:
    """The date pinned by ``CJMAP_TODAY``, if set."""
    value = (os.environ if environ is None else environ).get(TODAY_ENV, "").strip()
    return parse_today(value, f"environment variable {TODAY_ENV}") if value else None


def command_line_config(*, select: Sequence[str] | None = None, ignore: Sequence[str] = (),
                        today: str | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """What ``--select``, ``--ignore`` and ``--today`` (else ``CJMAP_TODAY``) say, as a configuration that wins
    over files; raises :class:`ConfigError` for a date that is not ``YYYY-MM-DD``."""
    if today is None:
        pinned = today_from_env(environ)
    else:
        try:
            pinned = datetime.date.fromisoformat(today)
        except ValueError:
            raise ConfigError(f"--today must be a date written YYYY-MM-DD; got {today!r}") from None
    return Config(source="command line", select=split_selectors(select) if select else None,
                  ignore=split_selectors(ignore), today=pinned)


# Describing values in messages (also for rule options, see cjmap.lint.selection).

def same_kind(value: Any, default: Any) -> bool:
    """Whether ``value`` may stand where ``default`` does (a rule option's type is its default's)."""
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float)) and value == value and abs(value) != float("inf")
    if isinstance(default, (list, tuple)):
        if not isinstance(value, list):
            return False
        kinds = {type(item) for item in default}
        return not kinds or all(type(item) in kinds for item in value)
    if isinstance(default, Mapping):
        return isinstance(value, Mapping)
    return type(value) is type(default)


def kind_of(value: Any) -> str:
    """``value``'s kind in words, for messages."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    if value is None:
        return "nothing (null)"
    return type(value).__name__


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or nothing."""
    hint = suggestions.did_you_mean(word, choices)
    return f" ({hint})" if hint is not None else ""
