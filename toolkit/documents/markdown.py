"""Markdown: as plain text, plus: fenced (```` ``` ````, ``~~~``) and
indented code blocks are copied untouched; ``#`` headings, ``>`` block
quotes, list markers (``-``, ``*``, ``+``, ``1.``, ``[ ]``), table pipes,
link reference definitions and footnote markers (``[^1]:``) are kept and
only their text is translated.

* Soft-wrapped lines of a paragraph (or of a list item, or a quote) are one
  text for the model, by the rule of plain text (:mod:`toolkit.documents.flow`),
  never across a hard break (two trailing spaces or a backslash); the
  translation is re-flowed into the same lines.
* YAML front matter (``---`` … ``---`` at the top) is kept, except the
  one-line values of the text keys :data:`FRONT_MATTER_TEXT_KEYS`, which are
  translated and written back in the same quoting (a plain value that would
  stop being a plain YAML string is double-quoted).
* Inline markup (``**``, ``*``, ``_``, ``` `code` ```, links, images,
  footnote references, HTML tags) is protected by the MT pipeline
  (:mod:`toolkit.mt.protect`, ``MARKUP = "markdown"``); sentences are cut
  in the text without it, so a closing ``**`` stays with its sentence.
"""

from __future__ import annotations

import json
import re

from .model import DocumentBuilder, iter_lines, split_whitespace

__all__ = ["FORMAT", "SUFFIXES", "MARKUP", "FRONT_MATTER_TEXT_KEYS", "parse"]

FORMAT = "md"
SUFFIXES = (".md", ".markdown")
#: The MT pipeline masks this format's inline markup (emphasis, links, code).
MARKUP = "markdown"
#: Front matter keys whose values are text to translate.
FRONT_MATTER_TEXT_KEYS = ("title", "description", "summary")

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"( {0,3}#{1,6}[ \t]+)(.*?)([ \t]+#+[ \t]*|[ \t]*)$")
_QUOTE = re.compile(r" {0,3}>[ \t]?")
_MD_LIST = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_FOOTNOTE_DEF = re.compile(r" {0,3}\[\^[^\]\s]+\]:[ \t]*")
_REF_DEF = re.compile(r" {0,3}\[[^\]]+\]:\s*\S+")
_TABLE = re.compile(r"\s*\|")
_INDENTED = re.compile(r"(?: {4}|\t)")
_THEMATIC = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$")
_FRONT_KEY = re.compile(r"([A-Za-z_][\w-]*)([ \t]*:[ \t]+)(.*?)([ \t]*)$")


def parse(text: str, builder: DocumentBuilder) -> None:
    """Cut Markdown into pieces (see the module docstring)."""
    lines = list(iter_lines(text))
    start = _front_matter(lines, builder)
    fence: str | None = None
    in_indented_code = False
    previous_blank = True
    in_list = False
    pending: list = []  # the lines of the paragraph being read: (prefix, body, trail, eol, line, block, depth)

    def flush() -> None:
        if pending:
            _paragraph(pending, builder)
            pending.clear()

    for number, (content, eol) in enumerate(lines[start:], start=start + 1):
        if fence is not None:
            builder.literal(content + eol)
            stripped = content.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            continue
        opening = _FENCE.match(content)
        if opening:
            flush()
            fence = opening.group(1)
            in_list = in_list and content[:1] in " \t"
            builder.literal(content + eol)
            continue
        blank = not content.strip()
        if (in_indented_code or (previous_blank and not in_list)) and not blank \
                and _INDENTED.match(content):
            in_indented_code = True
            builder.literal(content + eol)
            previous_blank = False
            continue
        if not blank:
            in_indented_code = False
        if blank or _THEMATIC.match(content) or (_REF_DEF.match(content) and not _FOOTNOTE_DEF.match(content)):
            flush()
            builder.literal(content + eol)
            previous_blank = blank
            continue
        record = _md_line(content, eol, number, builder, flush)
        previous_blank = False
        if record is None:  # a heading or a table row: emitted
            flush()
            in_list = False
            continue
        is_list = record[5] == "list-item" and record[7]
        in_list = is_list or (in_list and content[:1] in " \t")
        if pending and not record[7] and record[6] == pending[-1][6] and not _hard_break(pending[-1]):
            pending.append(record)
        else:
            flush()
            pending.append(record)
    flush()


def _hard_break(record) -> bool:
    return record[2].endswith("  ") or record[1].endswith("\\")


def _md_line(content: str, eol: str, line: int, builder: DocumentBuilder, flush):
    """Read one Markdown line: a heading or a table row is emitted at once
    (None, after ``flush()``); any other line is returned as ``(prefix,
    body, trail, eol, line, block, quote depth, starts a list item)``."""
    rest = content
    prefix = ""
    block = "paragraph"
    depth = 0
    while True:
        quote = _QUOTE.match(rest)
        if not quote:
            break
        prefix += quote.group()
        rest = rest[quote.end():]
        block = "quote"
        depth += 1
    heading = _HEADING.match(rest)
    if heading and heading.group(2):
        flush()
        builder.literal(prefix + heading.group(1))
        text_block(builder, heading.group(2), line, "heading")
        builder.literal(heading.group(3) + eol)
        return None
    starts_list = False
    marker = _MD_LIST.match(rest) or _FOOTNOTE_DEF.match(rest)
    if marker and rest[marker.end():].strip():
        prefix += marker.group()
        rest = rest[marker.end():]
        block = "list-item" if _MD_LIST.match(marker.group()) else "footnote"
        starts_list = True
    if _TABLE.match(rest) and rest.count("|") >= 2:
        flush()
        builder.literal(prefix)
        for cell in re.split(r"(\|)", rest):
            if cell == "|":
                builder.literal(cell)
            else:
                lead, body, trail = split_whitespace(cell)
                builder.literal(lead)
                text_block(builder, body, line, "table-cell")
                builder.literal(trail)
        builder.literal(eol)
        return None
    lead, body, trail = split_whitespace(rest)
    return (prefix + lead, body, trail, eol, line, block, depth, starts_list)


def _paragraph(records: list, builder: DocumentBuilder) -> None:
    from .flow import soft_breaks

    soft = soft_breaks([(r[0], r[1]) for r in records], [False] * len(records))
    group = [records[0]]
    for record, joined in zip(records[1:], soft):
        if joined:
            group.append(record)
        else:
            _group(group, builder)
            group = [record]
    _group(group, builder)


def _group(records: list, builder: DocumentBuilder) -> None:
    prefix, body, trail, eol, line, block, _depth, _starts = records[0]
    builder.literal(prefix)
    if len(records) == 1:
        text_block(builder, body, line, block)
        builder.literal(trail + eol)
        return
    breaks = [r[2] + r[3] + n[0] for r, n in zip(records, records[1:])]
    original = "".join(r[1] + brk for r, brk in zip(records, breaks)) + records[-1][1]
    builder.flow([r[1] for r in records], breaks, [len(r[0]) + len(r[1]) for r in records], line, block,
                 original, markup=markup_spans)
    builder.literal(records[-1][2] + records[-1][3])


def text_block(builder: DocumentBuilder, text: str, line: int, block: str) -> None:
    """Cut a line's text into sentences, in the text without its inline markup."""
    builder.text_block(text, line, block, markup=markup_spans(text))


def markup_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, role)`` of the inline markup of ``text`` (role
    ``open``, ``close`` or ``standalone``), for sentence segmentation."""
    if not any(c in text for c in "*_[]<"):
        return []
    from ..mt.protect import MARKUP_KINDS, find_spans, pair_markup

    spans = [s for s in find_spans(text, markdown=True) if s.kind in MARKUP_KINDS]
    roles, _pairs = pair_markup(spans)
    return [(s.start, s.end, role) for s, role in zip(spans, roles)]


def _front_matter(lines: list, builder: DocumentBuilder) -> int:
    """Emit YAML front matter (its text keys translated); the number of lines it took."""
    if not lines or lines[0][0].rstrip() != "---":
        return 0
    end = next((k for k in range(1, min(len(lines), _MAX_FRONT_MATTER_LINES))
                if lines[k][0].rstrip() in ("---", "...")), None)
    if end is None:
        return 0
    builder.literal(lines[0][0] + lines[0][1])
    for number in range(1, end):
        content, eol = lines[number]
        match = _FRONT_KEY.fullmatch(content)
        value = match and _scalar(match.group(3)) if match and match.group(1) in FRONT_MATTER_TEXT_KEYS else None
        if not value:
            builder.literal(content + eol)
            continue
        opening, text, closing, escape = value
        builder.literal(match.group(1) + match.group(2) + opening)
        builder.sentence(text, number + 1, "front-matter", escape)
        builder.literal(closing + match.group(4) + eol)
    builder.literal(lines[end][0] + lines[end][1])
    return end + 1


#: Front matter longer than this (lines) is not looked for.
_MAX_FRONT_MATTER_LINES = 1000


def _scalar(raw: str) -> tuple[str, str, str, str] | None:
    """``(opening quote, text, closing quote, escaper)`` of a one-line YAML
    scalar with letters; None for anything else (a block scalar, a list, a
    comment, an alias)."""
    from .sentences import has_words

    if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
        try:
            text = json.loads(raw)
        except ValueError:
            return None
        return ('"', text, '"', "yaml-double") if has_words(text) else None
    if raw.startswith("'") and raw.endswith("'") and len(raw) >= 2:
        inner = raw[1:-1]
        if re.search(r"(?<!')'(?!')", inner.replace("''", "")):
            return None
        text = inner.replace("''", "'")
        return ("'", text, "'", "yaml-single") if has_words(text) else None
    if not raw or raw[0] in "|>[{&*!%@`#" or " #" in raw or not has_words(raw):
        return None
    return ("", raw, "", "yaml-plain")
