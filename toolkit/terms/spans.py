"""Where an edit goes in a sentence: the words around a replaced span that
repeat the replacement (absorbed, so nothing is doubled), the capitals a
replacement takes (a sentence start, an ALL CAPS headline). Used by
enforcement (:mod:`toolkit.terms.enforce`) and its search for renderings
nobody listed (:mod:`toolkit.terms.unlisted`)."""

from __future__ import annotations

import re

from ..termbase.model import fold

__all__ = ["WINDOW", "words", "at_sentence_start", "all_caps", "absorb_repeats", "fit_case"]

#: How far around a replaced span the context rules look (characters), so a
#: huge one-line input costs linear time.
WINDOW = 64


def words(text: str) -> list[str]:
    """The words of ``text`` (letters, digits, inner hyphens)."""
    return re.findall(r"\w[\w-]*", text)


def at_sentence_start(text: str, start: int) -> bool:
    """True when nothing but opening quotes, dashes and spaces stand between
    ``start`` and the start of the text or of a sentence (after ``. ! ? …
    :``)."""
    before = text[max(0, start - WINDOW):start].rstrip(" \t\u00a0«“„\"'([—–-")
    if not before.strip():
        return start <= WINDOW or not text[:start].strip(" \t\u00a0«“„\"'([—–-")
    return before[-1] in ".!?…:"


def all_caps(text: str) -> bool:
    """True when ``text`` has two letters or more, all capitals (a headline)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def absorb_repeats(text: str, start: int, end: int, after: str,
                   bounds: tuple[int, int] | None = None) -> tuple[int, int, str]:
    """Extend ``[start, end)`` over words right after (before) it that repeat
    the last (first) words of the replacement ``after``, so nothing is
    doubled; never beyond ``bounds`` (the neighbouring terms)."""
    low, high = bounds if bounds is not None else (0, len(text))
    new_words = words(after)
    if len(new_words) > 1:
        for k in range(len(new_words) - 1, 0, -1):
            tail = [fold(w) for w in new_words[-k:]]
            pattern = r"^(\s+" + r"\s+".join(r"(\w[\w-]*)" for _ in range(k)) + r")(?!\w)"
            found = re.match(pattern, text[end:end + WINDOW * k])
            if found and end + len(found.group(1)) <= high and [fold(w) for w in found.groups()[1:]] == tail:
                end += len(found.group(1))
                break
        for k in range(len(new_words) - 1, 0, -1):
            head = [fold(w) for w in new_words[:k]]
            pattern = r"(?<!\w)" + r"\s+".join(r"(\w[\w-]*)" for _ in range(k)) + r"\s+$"
            offset = max(0, start - WINDOW * k)
            found = re.search(pattern, text[offset:start])
            if found and offset + found.start() >= low and [fold(w) for w in found.groups()] == head:
                start = offset + found.start()
                break
    return start, end, after


def fit_case(text: str, start: int, before: str, after: str) -> str:
    """``after`` (the replacement of ``before`` at ``start``) in capitals when
    ``before`` was (a headline), with a capital first letter at a sentence
    start (also after an opening quote) when ``before`` had one."""
    if all_caps(before):
        return after.upper()
    if at_sentence_start(text, start) and before[:1].isupper() and after[:1].islower():
        return after[:1].upper() + after[1:]
    return after
