"""``cjmap fmt``: canonical formatting of map and persona files, every comment kept (see :mod:`.engine`)."""

from __future__ import annotations

from cjmap.format.engine import Formatted, Refusal, format_source, format_text
from cjmap.format.order import KEY_ORDER, SHORT_FORMS

__all__ = ["KEY_ORDER", "SHORT_FORMS", "Formatted", "Refusal", "format_source", "format_text"]
