"""Putting a machine translation's protected text back: markup by word
alignment (or relative position), damaged numbers, dates and links replaced
by the source's, missing ones inserted (see :mod:`toolkit.mt.protect` for
what is protected and why).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Sequence

from .align import Alignment, word_end, word_start
from .protect import (
    NUMERIC_KINDS,
    Masked,
    Repair,
    Restored,
    Span,
    find_spans,
    missing_spans,
    strip_trailing_punctuation,
)

__all__ = ["restore"]

# A damaged copy: a run of digits with separators, or a link-like token.
_LOOSE_DIGITS = re.compile(r"\d(?:(?:[\d.,:/\-\u00a0\u202f ]|(?<=\d)[^\W\d_](?=\d))*\d)?")
_LOOSE_LINK = re.compile(r"[^\s<>\"'«»()]*[.@/][^\s<>\"'«»()]*")


def restore(masked: Masked, target: str, *, alignment: Alignment | None = None) -> Restored:
    """Put a translation of :attr:`Masked.model_input` back together.

    Checks that every verbatim span of the source occurs in ``target`` (as
    often as in the source); replaces damaged copies by the original, inserts
    missing ones, puts inner markup back, and adds the prefix and suffix.

    Args:
        masked (Masked): from :func:`mask`.
        target (str): the model's translation of ``masked.model_input``.
        alignment (Alignment | None): token alignment between
            ``masked.model_input`` and ``target``; without it, markup and
            missing spans go to the same relative position (snapped to a word
            boundary).

    Returns:
        Restored: the full target sentence and the repairs made.
    """
    # (start, end, replacement, order, apart): offsets in ``target``; ``order``
    # sorts edits at the same place by where their text stood in the source;
    # ``apart``: a number, kept apart from letters and digits around it.
    edits: list[tuple[int, int, str, tuple, bool]] = []
    repairs: list[Repair] = []
    used: list[tuple[int, int]] = []

    for span in missing_spans(masked.kept, target):
        candidate = _candidate(span, target, masked.kept, used)
        if candidate is not None:
            used.append(candidate)
            # a number must stand apart: "Сенат2,200,12" -> "Сенат 2.200.112" (_apply pads)
            edits.append((candidate[0], candidate[1], span.text, (span.start, 1, 0), span.kind in NUMERIC_KINDS))
            repairs.append(Repair("replaced", span.kind, span.text, target[candidate[0]:candidate[1]]))
            continue
        position = _insert_position(masked, target, alignment, span.start, span.end)
        for a, b in used:  # never inside a replaced span
            if a < position < b:
                position = a
        text = span.text
        if position > 0 and not target[position - 1].isspace():
            text = " " + text
        if position < len(target) and not target[position].isspace():
            text = text + " "
        edits.append((position, position, text, (span.start, 1, 0), span.kind in NUMERIC_KINDS))
        repairs.append(Repair("inserted", span.kind, span.text))

    for position, order, text, spaced in _place_markup(masked, target, alignment):
        start, end = position, position
        if spaced and target[position - 1: position] == " ":
            start -= 1  # take out the space that stood in for the markup
        elif spaced and target[position: position + 1] == " ":
            end += 1
        edits.append((start, end, text, order, False))
    if masked.markup:
        repairs.append(Repair("placed", masked.markup[0].kind,
                              " ".join(m.text for m in masked.markup)))

    result = _apply(target, edits)
    # A replacement can take away a span that was counted as present (a
    # damaged "12.03" held the "12" of the source): insert what is still missing.
    late = [(position := _proportional(masked.model_input, result, span.start), span)
            for span in missing_spans(masked.kept, result)]
    if late:
        result = _apply(result, [(p, p, (" " if p and not result[p - 1].isspace() else "") + span.text
                                  + (" " if p < len(result) and not result[p].isspace() else ""),
                                  (span.start, 1, 0), span.kind in NUMERIC_KINDS) for p, span in late])
        repairs.extend(Repair("inserted", span.kind, span.text) for _, span in late)
    kept_texts = {s.text for s in masked.kept}
    for span in find_spans(result, markdown=masked.markdown):
        if span.kind in ("number", "date", "time") and span.text not in kept_texts \
                and not any(span.text in k for k in kept_texts):
            repairs.append(Repair("added", span.kind, span.text))
    return Restored(masked.prefix + result + masked.suffix, tuple(repairs))


def _candidate(span: Span, target: str, kept: Sequence[Span], used: list) -> tuple[int, int] | None:
    """A damaged copy of ``span`` in ``target``: the most similar unused
    digit run (numbers, dates) or link-like token (URLs, e-mails, domains)."""
    kept_texts = {s.text for s in kept}
    if span.kind in ("number", "date", "time"):
        pattern, key = _LOOSE_DIGITS, (lambda s: re.sub(r"\D", "", s))
        threshold = 0.6
    elif span.kind in ("url", "email", "domain", "code"):
        pattern, key = _LOOSE_LINK, str.lower
        threshold = 0.6
    else:
        return None
    best: tuple[float, int, int] | None = None
    want = key(span.text)
    for match in pattern.finditer(target):
        start, end = match.start(), match.end()
        text = match.group().strip()
        end = start + len(match.group().rstrip())
        if span.kind not in ("number", "date", "time"):
            stripped = strip_trailing_punctuation(text)
            end = start + len(stripped)
            text = stripped
        if not text or text in kept_texts or any(a < end and start < b for a, b in used):
            continue
        score = SequenceMatcher(None, want, key(text)).ratio()
        if score >= threshold and (best is None or score > best[0]):
            best = (score, start, end)
    return (best[1], best[2]) if best else None


def _insert_position(masked: Masked, target: str, alignment: Alignment | None,
                     start: int, end: int) -> int:
    """Where text that stood at ``[start, end)`` of the model input belongs in
    ``target``: before the word aligned with its first token."""
    if alignment is not None and alignment.weights:
        tokens = [j for j, (a, b) in enumerate(alignment.source_spans) if a < end and start < b]
        if not tokens:
            tokens = [j for j, (a, _b) in enumerate(alignment.source_spans) if a >= start][:1]
        if tokens:
            i = alignment.target_for_source(tokens[0])
            if i is not None and i < len(alignment.target_spans):
                return word_start(target, alignment.target_spans[i][0])
        return len(target)
    return _proportional(masked.model_input, target, start)


def _proportional(source: str, target: str, offset: int) -> int:
    if source == target:
        return offset  # unchanged text: the very same place
    if not source:
        return len(target)
    position = round(offset / len(source) * len(target))
    if offset >= len(source):
        return len(target)
    if offset == 0:
        return 0
    return _nearest_boundary(target, position)


def _nearest_boundary(text: str, position: int) -> int:
    position = max(0, min(len(text), position))
    left = position
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = position
    while right < len(text) and not text[right].isspace():
        right += 1
    while right < len(text) and text[right].isspace():
        right += 1
    return left if position - left <= right - position else right


def _place_markup(masked: Masked, target: str,
                  alignment: Alignment | None) -> list[tuple[int, int, str, bool]]:
    """(position, order, markup, spaced) insertions for the inner markup;
    ``order`` keeps the source order of markup that lands on the same place."""
    inserts: list[tuple[int, tuple, str, bool]] = []
    spans: dict[int, tuple[int, int]] = {}
    markup = masked.markup
    for k, item in enumerate(markup):
        if item.role == "open" and item.pair is not None:
            close = markup[item.pair]
            first, last = _aligned_span(masked, target, alignment, item.offset, close.offset)
            # nested inside an outer pair: stay inside it
            for outer_k, (outer_first, outer_last) in spans.items():
                outer = markup[outer_k]
                if outer.offset <= item.offset and close.offset <= markup[outer.pair].offset:
                    first = min(max(first, outer_first), outer_last)
                    last = max(min(last, outer_last), first)
            spans[k] = (first, last)
            inserts.append((first, (item.offset, 0, k), item.text, item.spaced))
            inserts.append((last, (close.offset, 0, item.pair), close.text, close.spaced))
        elif item.role == "standalone":
            if alignment is not None and alignment.weights:
                position = _insert_position(masked, target, alignment, item.offset, item.offset)
            else:
                position = _proportional(masked.model_input, target, item.offset)
            inserts.append((position, (item.offset, 0, k), item.text, item.spaced))
    return inserts


def _aligned_span(masked: Masked, target: str, alignment: Alignment | None,
                  start: int, end: int) -> tuple[int, int]:
    """Target character span (word boundaries) for model-input span [start, end)."""
    if alignment is not None and alignment.weights:
        inside = {j for j, (a, b) in enumerate(alignment.source_spans)
                  if a >= start and b <= end and b > a}
        tokens = [i for i in range(len(alignment.target_spans))
                  if alignment.source_for_target(i) in inside
                  and alignment.target_spans[i][1] > alignment.target_spans[i][0]]
        if not tokens:
            tokens = [t for j in sorted(inside) if (t := alignment.target_for_source(j)) is not None
                      and t < len(alignment.target_spans)]
        if tokens:
            first = min(alignment.target_spans[i][0] for i in tokens)
            last = max(alignment.target_spans[i][1] for i in tokens)
            return word_start(target, first), max(word_end(target, last), word_start(target, first))
    first = _proportional(masked.model_input, target, start)
    if start == end or masked.model_input == target:
        return first, _proportional(masked.model_input, target, end)
    last = _proportional(masked.model_input, target, end)
    if last < len(target):
        last = word_end(target, max(first, last - 1)) if last > first else first
    else:
        last = word_end(target, len(target))
    if first < len(target):
        first = word_start(target, first)
    return first, max(last, first)


def _apply(text: str, edits: list[tuple[int, int, str, tuple, bool]]) -> str:
    """Apply replacements and insertions given in offsets of the original
    ``text``; at the same place, in ``order``; overlapping replacements are
    clipped. An edit marked ``apart`` is kept apart from letters and digits
    around it by a space."""
    out: list[str] = []
    cursor = 0
    apart = False

    def put(piece: str) -> None:
        nonlocal apart
        if not piece:
            return
        if apart and out and out[-1][-1:].isalnum() and piece[0].isalnum():
            out.append(" ")
        out.append(piece)
        apart = False

    for start, end, replacement, _order, keep_apart in sorted(edits, key=lambda e: (e[0], e[3])):
        start = max(start, cursor)
        put(text[cursor:start])
        if keep_apart:
            apart = True
            put(replacement)
            apart = True
        else:
            put(replacement)
        cursor = max(cursor, start, end)
    put(text[cursor:])
    return "".join(out)
