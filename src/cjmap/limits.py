"""The input limits in force for a file: ``limits:`` of the nearest project configuration, else the defaults.

The configuration is found as lint finds it (walking up from the file's folder, see
:func:`cjmap.config.find_config`) and read once per process while it is unchanged (cached by its path and
stat identity, as :mod:`cjmap.validation.project` caches shared lanes). A configuration that cannot be read
leaves the defaults: its mistakes are reported by the commands that read it for their own settings.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from cjmap.loader import DEFAULT_LIMITS, Limits


def limits_for(folder: Path) -> Limits:
    """The limits for a file in ``folder``."""
    from cjmap.config import nearest_config_read

    found = nearest_config_read(os.path.abspath(folder))  # absolute: the cache outlives a change of directory
    return DEFAULT_LIMITS if found is None else _read_cached(*found)


def clear_caches() -> None:
    """Forget the configurations found and read (tests that write one, or rewrite it within a second)."""
    from cjmap.config import nearest_config

    nearest_config.cache_clear()
    _read_cached.cache_clear()


@functools.lru_cache(maxsize=64)
def _read_cached(path: str, identity: tuple[int, int, int, int]) -> Limits:
    from cjmap.config import ConfigError, read_config

    try:
        limits = read_config(Path(path)).limits
    except (ConfigError, OSError):
        return DEFAULT_LIMITS
    return limits if limits is not None else DEFAULT_LIMITS
