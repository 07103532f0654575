"""Plain text: every line is a block; a sentence never spans two lines (a
hard-wrapped paragraph is translated line by line). Leading list markers
(``-``, ``*``, ``•``, ``1.``, ``1)``, ``a)``) and surrounding whitespace are
kept.
"""

from __future__ import annotations

import re

from .model import DocumentBuilder, iter_lines, split_whitespace
from .sentences import has_words

__all__ = ["FORMAT", "SUFFIXES", "parse"]

FORMAT = "txt"
SUFFIXES = (".txt",)

#: A list marker at the start of a line: "-", "*", "•", "1.", "1)", "a)".
LIST_MARKER = re.compile(r"(?:[-*•–—+▪◦·]|\d{1,3}[.)]|[a-zа-яәіңғүұқөһ]\))\s+")



def parse(text: str, builder: DocumentBuilder, *, line0: int = 1, escape: str | None = None,
          literal=None) -> None:
    """Cut plain text into pieces: every line is a block, a sentence never
    spans two lines; a leading list marker and the whitespace around a line
    are literal.

    Args:
        text (str): the text (any line endings).
        builder (DocumentBuilder): receives the pieces.
        line0 (int): the line number of the text's first line.
        escape (str | None): passed on to the sentences (see :class:`Sentence`).
        literal: where literal text goes (default ``builder.literal``).
    """
    literal = literal or builder.literal
    for offset, (content, eol) in enumerate(iter_lines(text)):
        lead, body, trail = split_whitespace(content)
        literal(lead)
        block = "paragraph"
        marker = LIST_MARKER.match(body)
        if marker and has_words(body[marker.end():]):
            literal(marker.group())
            body = body[marker.end():]
            block = "list-item"
        builder.text_block(body, line0 + offset, block, escape, literal)
        literal(trail + eol)


