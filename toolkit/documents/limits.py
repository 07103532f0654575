"""Segments of bounded length for the translation model.

The model's memory and time grow with the square of a segment's length (a
10 KB token took 1.6 GB, 1 MB over 300 s). Sentence segmentation gives
sentences of a few hundred characters; what it cannot cut (a run-on
enumeration, a table flattened into one line, a long token without spaces)
is cut here into pieces of at most :data:`toolkit.limits.MAX_SEGMENT_CHARS`
characters, each translated on its own, the text between them kept as it is.

Cut rather than refused: a document is translated whole or not at all, and
refusing a 50-page report for one run-on sentence would leave the
translator nothing; every character of the source is still in the output
(nothing is truncated, as a token cap in the model would), and the pieces
are at clause boundaries where there are some. A text that cannot be cut
(an attribute value, a front-matter field: one segment by the document's
structure) is refused with the line (:func:`check_length`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Sequence

from ..errors import InputError

__all__ = ["cut", "check_length", "translate_in_pieces"]

#: Where a long sentence is best cut: after clause punctuation and a space.
_CLAUSE_END = re.compile(r"[;:,)\]»”—–](?=\s)|\s[—–-](?=\s)")
_SPACE = re.compile(r"\s")


def _limit() -> int:
    from .. import limits

    return limits.MAX_SEGMENT_CHARS


def cut(text: str, start: int = 0, end: int | None = None, limit: int | None = None) -> list[tuple[int, int]]:
    """``text[start:end]`` as spans of at most ``limit`` characters, without
    the whitespace around them, in order; the span itself when it is short
    enough. A cut goes after the last clause punctuation (``;`` ``:`` ``,``
    ``—``...) followed by a space in the window, else at its last space,
    else (a token longer than ``limit``) at ``limit`` characters, never
    before a combining mark.

    >>> t = "one, two, three four"
    >>> [t[a:b] for a, b in cut(t, limit=9)]
    ['one, two,', 'three', 'four']
    >>> cut("x" * 7, limit=3)
    [(0, 3), (3, 6), (6, 7)]
    """
    limit = _limit() if limit is None else limit
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    while start < end:
        while start < end and text[start].isspace():
            start += 1
        if start >= end:
            break
        if end - start <= limit:
            stop = end
        else:
            window = text[start:start + limit + 1]
            clause = [m.end() for m in _CLAUSE_END.finditer(window) if m.end() <= limit]
            if clause and clause[-1] > limit // 4:
                stop = start + clause[-1]
            else:
                space = [m.start() for m in _SPACE.finditer(window)]
                stop = start + space[-1] if space and space[-1] > 0 else start + limit
                while stop > start + 1 and unicodedata.combining(text[stop]):
                    stop -= 1
        piece_end = stop
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start:
            spans.append((start, piece_end))
        start = stop
    return spans


def check_length(text: str, line: int, what: str) -> None:
    """Refuse a text that must be one segment and is longer than the limit.

    Raises:
        InputError: ``"line N: WHAT of N characters: ..."``.
    """
    limit = _limit()
    if len(text) > limit:
        from ..i18n import _

        raise InputError(_("{what} of {n:,} characters: Atau translates at most {limit:,} characters as "
                           "one segment").format(what=what, n=len(text), limit=limit), line=line)


def translate_in_pieces(translate: Callable[[list[str]], list[str]], texts: Sequence[str]) -> list[str]:
    """``translate(texts)`` with every text longer than the limit cut
    (:func:`cut`) and its pieces' translations joined with the text that
    stood between them (all pieces go to ``translate`` in one call).

    Args:
        translate: translates a list of texts, one result per text.
        texts: the texts.

    Returns:
        list[str]: one translation per text.
    """
    limit = _limit()
    if all(len(text) <= limit for text in texts):
        return list(translate(list(texts)))
    pieces: list[str] = []
    plans: list[tuple[str, list[tuple[int, int]]]] = []
    for text in texts:
        spans = cut(text) if len(text) > limit else [(0, len(text))]
        plans.append((text, spans))
        pieces.extend(text[a:b] for a, b in spans)
    done = list(translate(pieces))
    if len(done) != len(pieces):
        raise ValueError(f"{len(done)} translations for {len(pieces)} texts")
    out: list[str] = []
    k = 0
    for text, spans in plans:
        if spans == [(0, len(text))]:
            out.append(done[k])
            k += 1
            continue
        parts, cursor = [], 0
        for a, b in spans:
            parts.append(text[cursor:a])
            parts.append(done[k])
            k += 1
            cursor = b
        parts.append(text[cursor:])
        out.append("".join(parts))
    return out
