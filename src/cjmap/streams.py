"""Writing any ``str``: the one codec error handler for output that must not fail on text.

Python keeps in a ``str`` what no encoder takes: the undecodable bytes of a file name (``surrogateescape``
turns byte 0xff into U+DCFF) and lone surrogates. The loader refuses the latter in maps (V005), but file
names reach every report, so standard output and error (set by the CLI) and percent-encoded file names use
:data:`OUTPUT_ERRORS`.
"""

from __future__ import annotations

import codecs

OUTPUT_ERRORS = "cjmap.output"
"""A file name's undecodable bytes are written back as they were; anything else the encoding cannot take is
written as a Python escape (``\\ud800``, or ``\\u2192`` on an ASCII terminal). Encoding never fails."""


def _output_error(error: UnicodeError) -> tuple[str | bytes, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start:error.end]
    if all(0xDC80 <= ord(character) <= 0xDCFF for character in bad):
        return bytes(ord(character) - 0xDC00 for character in bad), error.end
    return codecs.backslashreplace_errors(error)


codecs.register_error(OUTPUT_ERRORS, _output_error)
