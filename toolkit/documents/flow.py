"""Soft-wrapped paragraphs: which line breaks are soft, and how a
translation is put back into the paragraph's lines.

A paragraph wrapped at a fixed width (plain-text e-mail, Markdown source) is
one text for the model: its lines are joined with spaces before it is cut
into sentences. The translation is then *re-flowed into the same lines*: a
paragraph of four lines gives four lines, each keeping its indentation, its
prefix (``> ``, a list's hanging indent), its trailing whitespace and its line
ending; the words are spread so that each line gets the share of the
paragraph its source line had. The document keeps its line count and shape
(line numbers in reports and PO files stay those of the source), and an
unchanged translation gives back the source paragraph byte for byte.

Which breaks are soft (plain text; Markdown joins every line of a paragraph,
as Markdown renderers do, except at a hard break):

* the paragraph is at least :data:`MIN_WIDTH` characters wide (its longest
  line): narrower blocks are addresses, signatures, verse — lines on purpose;
* the line is *full*: its next line's first word would not have fitted on
  it within that width (that is why the wrapping program broke there);
* the next line does not start a list item and is not indented more.
"""

from __future__ import annotations

import re
from typing import Sequence

__all__ = ["MIN_WIDTH", "soft_breaks", "reflow"]

#: Paragraphs narrower than this (characters) are never joined.
MIN_WIDTH = 40

_SEPARATOR = re.compile(r"[ \t]+")


def soft_breaks(lines: Sequence[tuple[str, str]], starts_block: Sequence[bool]) -> list[bool]:
    """For each break between consecutive lines, whether it is soft.

    Args:
        lines: ``(leading whitespace, body)`` of consecutive non-blank lines.
        starts_block: per line, True when it starts a block of its own (a
            list item, a heading): the break before it is hard.

    Returns:
        list[bool]: ``len(lines) - 1`` answers.
    """
    width = max((len(lead) + len(body) for lead, body in lines), default=0)
    out = []
    for k in range(len(lines) - 1):
        (lead, body), (next_lead, next_body) = lines[k], lines[k + 1]
        first_word = next_body.split(None, 1)[0] if next_body.split() else ""
        full = len(lead) + len(body) + 1 + len(first_word) > width
        out.append(width >= MIN_WIDTH and full and not starts_block[k + 1] and len(next_lead) <= len(lead))
    return out


def reflow(text: str, widths: Sequence[int], breaks: Sequence[str]) -> str:
    """``text`` (one line) cut into ``len(widths)`` lines joined by
    ``breaks``, each line's share of the characters in proportion to
    ``widths``, at spaces or tabs (never at a no-break space).

    With fewer places to break than lines, the last breaks are left out (the
    paragraph gets fewer lines).

    >>> reflow("aa bb cc dd", [5, 5], ["\\n"])
    'aa bb\\ncc dd'
    """
    separators = [m.span() for m in _SEPARATOR.finditer(text)]
    separators = [(a, b) for a, b in separators if 0 < a and b < len(text)]
    total = sum(widths) or 1
    chosen: list[tuple[int, int]] = []
    cumulative = 0
    first = 0
    needed = len(widths) - 1
    for k in range(needed):
        cumulative += widths[k]
        goal = len(text) * cumulative / total
        last = len(separators) - (needed - k)
        if first > last:
            break
        best = min(range(first, last + 1), key=lambda i: (abs(separators[i][0] - goal), i))
        chosen.append(separators[best])
        first = best + 1
    out, cursor = [], 0
    for (a, b), brk in zip(chosen, breaks):
        out.append(text[cursor:a])
        out.append(brk)
        cursor = b
    out.append(text[cursor:])
    return "".join(out)
