"""Plain text: a line is a block, and so is a soft-wrapped paragraph (lines
wrapped at a fixed width, as in e-mail: :mod:`toolkit.documents.flow` says
which breaks are soft); its lines are joined for the model and the
translation is re-flowed into the same lines. Leading list markers (``-``,
``*``, ``•``, ``1.``, ``1)``, ``a)``) and the whitespace around lines are
kept.
"""

from __future__ import annotations

import re

from .flow import soft_breaks
from .model import DocumentBuilder, iter_lines, split_whitespace
from .sentences import has_words

__all__ = ["FORMAT", "SUFFIXES", "parse"]

FORMAT = "txt"
SUFFIXES = (".txt",)

#: A list marker at the start of a line: "-", "*", "•", "1.", "1)", "a)".
LIST_MARKER = re.compile(r"(?:[-*•–—+▪◦·]|\d{1,3}[.)]|[a-zа-яәіңғүұқөһ]\))\s+")


def parse(text: str, builder: DocumentBuilder, *, line0: int = 1, escape: str | None = None,
          literal=None, flow: bool = True) -> None:
    """Cut plain text into pieces: every line is a block, or a soft-wrapped
    paragraph is; a leading list marker and the whitespace around a line are
    literal.

    Args:
        text (str): the text (any line endings).
        builder (DocumentBuilder): receives the pieces.
        line0 (int): the line number of the text's first line.
        escape (str | None): passed on to the sentences (see :class:`Sentence`).
        literal: where literal text goes (default ``builder.literal``).
        flow (bool): join soft-wrapped lines (False: a sentence never spans
            two lines, as inside a JSON string).
    """
    literal = literal or builder.literal
    lines = []
    for offset, (content, eol) in enumerate(iter_lines(text)):
        lead, body, trail = split_whitespace(content)
        marker = LIST_MARKER.match(body)
        if marker and has_words(body[marker.end():]):
            lines.append((lead, marker.group(), body[marker.end():], trail, eol, line0 + offset, "list-item"))
        else:
            lines.append((lead, "", body, trail, eol, line0 + offset, "paragraph"))
    k = 0
    while k < len(lines):
        run = [lines[k]]
        while flow and run[-1][2] and k + len(run) < len(lines) and lines[k + len(run)][2] and run[-1][4]:
            run.append(lines[k + len(run)])
        soft = soft_breaks([(lead + marker, body) for lead, marker, body, *_ in run],
                           [block == "list-item" for *_, block in run]) if len(run) > 1 else []
        end = 1
        while end < len(run) and soft[end - 1]:
            end += 1
        group = run[:end]
        _emit(group, builder, escape, literal)
        k += len(group)


def _emit(group, builder: DocumentBuilder, escape: str | None, literal) -> None:
    lead, marker, body, trail, eol, line, block = group[0]
    literal(lead + marker)
    if len(group) == 1:
        builder.text_block(body, line, block, escape, literal)
        literal(trail + eol)
        return
    breaks = [g[3] + g[4] + n[0] + n[1] for g, n in zip(group, group[1:])]
    original = "".join(g[2] + brk for g, brk in zip(group, breaks)) + group[-1][2]
    builder.flow([g[2] for g in group], breaks, [len(g[0]) + len(g[1]) + len(g[2]) for g in group],
                 line, block, original)
    literal(group[-1][3] + group[-1][4])
