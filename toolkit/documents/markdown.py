"""Markdown: as plain text, plus: fenced (```` ``` ````, ``~~~``) and
indented code blocks are copied untouched; ``#`` headings, ``>`` block
quotes, list markers (``-``, ``*``, ``+``, ``1.``, ``[ ]``), table pipes and
link reference definitions are kept and only their text is translated.
Inline markup is protected by the MT pipeline (:mod:`toolkit.mt.protect`).
"""

from __future__ import annotations

import re

from .model import DocumentBuilder, iter_lines, split_whitespace

__all__ = ["FORMAT", "SUFFIXES", "MARKUP", "parse"]

FORMAT = "md"
SUFFIXES = (".md", ".markdown")
#: The MT pipeline masks this format's inline markup (emphasis, links, code).
MARKUP = "markdown"

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"( {0,3}#{1,6}[ \t]+)(.*?)([ \t]+#+[ \t]*|[ \t]*)$")
_QUOTE = re.compile(r" {0,3}>[ \t]?")
_MD_LIST = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_REF_DEF = re.compile(r" {0,3}\[[^\]]+\]:\s*\S+")
_TABLE = re.compile(r"\s*\|")
_INDENTED = re.compile(r"(?: {4}|\t)")


def parse(text: str, builder: DocumentBuilder) -> None:
    """Cut Markdown into pieces (see the module docstring)."""
    fence: str | None = None
    in_indented_code = False
    previous_blank = True
    in_list = False
    for number, (content, eol) in enumerate(iter_lines(text), start=1):
        if fence is not None:
            builder.literal(content + eol)
            stripped = content.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            continue
        opening = _FENCE.match(content)
        if opening:
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
        if blank:
            builder.literal(content + eol)
            previous_blank = True
            continue
        if _REF_DEF.match(content):
            builder.literal(content + eol)
            previous_blank = False
            continue
        in_list = _md_line(content, number, builder) or (in_list and content[:1] in " \t")
        builder.literal(eol)
        previous_blank = False


def _md_line(content: str, line: int, builder: DocumentBuilder) -> bool:
    """Handle one Markdown line; return True when it is a list item."""
    rest = content
    block = "paragraph"
    is_list = False
    while True:
        quote = _QUOTE.match(rest)
        if not quote:
            break
        builder.literal(quote.group())
        rest = rest[quote.end():]
        block = "quote"
    heading = _HEADING.match(rest)
    if heading and heading.group(2):
        builder.literal(heading.group(1))
        builder.text_block(heading.group(2), line, "heading")
        builder.literal(heading.group(3))
        return False
    marker = _MD_LIST.match(rest)
    if marker and rest[marker.end():].strip():
        builder.literal(marker.group())
        rest = rest[marker.end():]
        block = "list-item"
        is_list = True
    if _TABLE.match(rest) and rest.count("|") >= 2:
        for cell in re.split(r"(\|)", rest):
            if cell == "|":
                builder.literal(cell)
            else:
                lead, body, trail = split_whitespace(cell)
                builder.literal(lead)
                builder.text_block(body, line, "table-cell")
                builder.literal(trail)
        return is_list
    lead, body, trail = split_whitespace(rest)
    builder.literal(lead)
    builder.text_block(body, line, block)
    builder.literal(trail)
    return is_list


