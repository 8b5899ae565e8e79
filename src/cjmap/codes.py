"""The one table of problem codes that validation and the lint engine report (lint rules carry their own).

The site's page of problem codes (docs/codes.md) is generated from :data:`CODES`; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Code:
    """A stable problem code, its readable name and one line saying what it finds."""

    code: str
    name: str
    summary: str


UNREADABLE = Code(code="V001", name="unreadable", summary="the file cannot be read (exit code 2)")
ENCODING = Code(code="V002", name="encoding",
                summary="binary data, invalid UTF-8 (at the first bad byte), control characters")
FILE_TOO_LARGE = Code(code="V003", name="file-too-large", summary="over the file-size limit (16 MiB unless the configuration says)")
NOT_A_FILE = Code(code="V004", name="not-a-file",
                  summary="a FIFO, device or socket where a map file was named (skipped in folders)")
LONE_SURROGATE = Code(code="V005", name="lone-surrogate",
                      summary="a `\\uD800`-`\\uDFFF` escape that is not half of a surrogate pair: no character "
                              "(write the character itself, or `\\U` and eight hex digits)")
YAML_SYNTAX = Code(code="V010", name="yaml-syntax", summary="invalid YAML, unsupported tags, undefined aliases")
DUPLICATE_KEY = Code(code="V011", name="duplicate-key",
                     summary="a key given twice in one mapping; names both places")
YAML_LIMIT = Code(code="V012", name="yaml-limit",
                  summary="nesting over 64 levels, recursive aliases, alias bombs (over the alias ratio)")
MULTI_DOCUMENT = Code(code="V013", name="multi-document", summary="more than one YAML document in the file")
NOT_A_MAP = Code(code="V014", name="not-a-map", summary="empty file, or a top level that is not a mapping")
UNKNOWN_KEY = Code(code="V020", name="unknown-key", summary="a key the format does not know, with did-you-mean")
MISSING_KEY = Code(code="V021", name="missing-key", summary="a required key is missing")
WRONG_TYPE = Code(code="V022", name="wrong-type", summary="e.g. a list where text belongs")
INVALID_VALUE = Code(code="V023", name="invalid-value",
                     summary="a value outside an enumeration (the allowed values are listed), a malformed id, "
                             "date or scale, a number out of bounds")
DUPLICATE_ID = Code(code="V030", name="duplicate-id",
                    summary="two stages, steps, pain points, opportunities or KPIs with one id")
UNKNOWN_REFERENCE = Code(code="V031", name="unknown-reference",
                         summary="a channel, actor or pain point id that is not declared")
MISSING_FILE = Code(code="V032", name="missing-file",
                    summary="a baseline or persona file or a persona picture that does not exist, is not a "
                            "regular file (folder, FIFO, device) or cannot be a path (over-long, NUL), or a persona "
                            "file without `cjmap-persona: 1`")
EMOTION_OUT_OF_SCALE = Code(code="V033", name="emotion-out-of-scale", summary="a score outside the map's scale")
OUTSIDE_PROJECT = Code(code="V034", name="outside-project",
                       summary="a persona, baseline or picture path that is absolute or leads outside the project "
                               "root (through `..` or a symbolic link)")
UNKNOWN_LANE = Code(code="V035", name="unknown-lane",
                    summary="a step fills a lane that neither the map nor the project configuration declares "
                            "under `lanes:`, with did-you-mean")
LANE_VALUE = Code(code="V036", name="lane-value",
                  summary="a lane value of the wrong type for the lane's kind (a text, a list of texts, a "
                          "score), a score outside the lane's min..max")
LANE_DECLARATION = Code(code="V037", name="lane-declaration",
                        summary="two lanes with one id, a lane id that is a built-in step key (`actions`, "
                                "`emotion` …), a score lane whose min is not below its max, min or max on a "
                                "text or list lane")
ZOOM_CYCLE = Code(code="V039", name="zoom-cycle",
                  summary="a step's `zoom:` leads, through the zoom links of the maps it names, back to its own map")
UNKNOWN_LIFECYCLE_STAGE = Code(code="V040", name="unknown-lifecycle-stage",
                               summary="a map's `lifecycle:` names no stage of the framework the project "
                                       "configuration declares (or none is declared), with did-you-mean")
BAD_PICTURE = Code(code="V038", name="bad-picture",
                   summary="a persona picture over the 2 MiB limit, or whose bytes are no PNG, JPEG, WebP or GIF "
                           "image (SVG is refused: it can carry script)")
UNKNOWN_LANGUAGE = Code(code="V041", name="unknown-language",
                        summary="a `language:` that is no BCP 47 tag (`it`, `ru`, `pt-BR`) or names a language CLDR "
                                "does not know")
INVALID_SUPPRESSION = Code(code="L001", name="invalid-suppression",
                           summary="a suppression comment that cannot be read or names no rule")
RULE_FAILED = Code(code="L002", name="rule-failed",
                   summary="a lint rule raised an exception on this map (a bug in the rule)")
UNUSED_SUPPRESSION = Code(code="L003", name="unused-suppression",
                          summary="a suppression comment that silences nothing (judged only when every rule "
                                  "it names ran)")
MERMAID_SYNTAX = Code(code="M001", name="mermaid-syntax",
                      summary="`cjmap import mermaid`: no `journey` header, a line that is no statement, a task "
                              "without a score, an unclosed `accDescr {` or front matter, over 10,000 tasks, a map over "
                              "the size limit (nothing is written)")
MERMAID_DROPPED = Code(code="M002", name="mermaid-dropped",
                       summary="`cjmap import mermaid`: something the map cannot hold and leaves out: an "
                               "`%%{init}%%` directive, front-matter config, a second title, an empty actor, "
                               "a score that is not a number")
MERMAID_CHANGED = Code(code="M003", name="mermaid-changed",
                       summary="`cjmap import mermaid`: something the map holds differently: the scale chosen "
                               "for scores outside 1..5, a name given to tasks before any section or to an "
                               "untitled diagram, a `;` read as a line end, an entity escape of no character a "
                               "map can hold (`#55296;`) kept as written")
SHEET_LAYOUT = Code(code="E001", name="sheet-layout",
                   summary="`cjmap import csv/xlsx`: a header row without a Stage or Step column (an unknown column is "
                           "a warning), a column named twice, a file that is no CSV or .xlsx, a workbook part that "
                           "declares a DTD")
SHEET_CELL = Code(code="E002", name="sheet-cell",
                  summary="`cjmap import csv/xlsx`: a cell that cannot be read: a score that is no number, a "
                          "pain point, opportunity or KPI line off the mini-syntax, values in columns without a "
                          "header (one problem for all of them)")
SHEET_LIMIT = Code(code="E003", name="sheet-limit",
                   summary="`cjmap import csv/xlsx`: over a limit: 50,000 rows, 32,767 characters in a cell, "
                           "16,384 columns, 50 MiB of CSV, 100 MiB unpacked or a packing ratio over 100 in an "
                           ".xlsx (zip bombs); the closing count past 50 problems")
INTERNAL_ERROR = Code(code="X001", name="internal-error",
                      summary="cjmap failed on this file (a bug); the other files are still checked")

CODES: tuple[Code, ...] = (
    UNREADABLE, ENCODING, FILE_TOO_LARGE, NOT_A_FILE, LONE_SURROGATE, YAML_SYNTAX, DUPLICATE_KEY, YAML_LIMIT,
    MULTI_DOCUMENT, NOT_A_MAP, UNKNOWN_KEY, MISSING_KEY, WRONG_TYPE, INVALID_VALUE, DUPLICATE_ID,
    UNKNOWN_REFERENCE, MISSING_FILE, EMOTION_OUT_OF_SCALE, OUTSIDE_PROJECT, UNKNOWN_LANE, LANE_VALUE, LANE_DECLARATION,
    BAD_PICTURE, ZOOM_CYCLE, UNKNOWN_LIFECYCLE_STAGE, UNKNOWN_LANGUAGE,
    INVALID_SUPPRESSION, RULE_FAILED, UNUSED_SUPPRESSION, MERMAID_SYNTAX,
    MERMAID_DROPPED, MERMAID_CHANGED, SHEET_LAYOUT, SHEET_CELL, SHEET_LIMIT, INTERNAL_ERROR,
)
CODE_BY_ID: dict[str, Code] = {code.code: code for code in CODES}


def render_table() -> str:
    """The Markdown table of problem codes (the documentation site's codes page, docs/codes.md)."""
    rows = [f"| {code.code} | {code.name} | {code.summary} |" for code in CODES]
    return "\n".join(["| code | name | what |", "|---|---|---|", *rows]) + "\n"
