"""Sentence segmentation: sentencex (rule-based, multilingual), with repairs
for the abbreviations it splits after and for splits before a lower-case
letter, and a second pass inside quotations: sentencex keeps a quotation
whole (“We met. We agreed. We signed,” he said.), and a model given 70 words
at once drops most of them, so the sentences inside quotation marks (“…”,
«…», „…“, "…") are segments of their own; the opening mark stays with the
first, the closing mark and the attribution with the last. A quotation left
open (the next paragraph continues it) runs to the end of the text.

Which abbreviations end no sentence is the language's own knowledge
(:attr:`toolkit.morphology.Morphology.abbreviations`); English ones are
always known too, as English names and titles appear in every language's
news.
"""

from __future__ import annotations

import functools
import re

__all__ = ["split_sentences", "has_words"]

_ABBREV_AT_END = re.compile(r"(?:^|[\s(«\"'“])([^\W\d_][\w.-]*?)\.\s*$")
_INITIAL_AT_END = re.compile(r"(?:^|[\s(«\"'“.])([^\W\d_])\.\s*$")
_WORD_CHAR = re.compile(r"[^\W\d_]")


def has_words(text: str) -> bool:
    """True when ``text`` contains at least one letter (of any script).

    >>> has_words("2.200.112 —"), has_words("Senate")
    (False, True)
    """
    return _WORD_CHAR.search(text) is not None


def split_sentences(text: str, lang: str = "en", *, depth: int = 0) -> list[tuple[int, int]]:
    """Find the sentences of one line or paragraph.

    Args:
        text (str): the text (no line structure is assumed).
        lang (str): language code for sentencex.
        depth (int): how deep inside quotations ``text`` is (internal).

    Returns:
        list[tuple[int, int]]: ``(start, end)`` character offsets of each
        sentence, without surrounding whitespace, in order; empty when
        ``text`` is only whitespace.

    >>> t = "Mr. Smith met Қ. Тоқаев. He left."
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Mr. Smith met Қ. Тоқаев.', 'He left.']
    """
    if not text.strip():
        return []
    import sentencex  # lazily: not needed for --help or the glossary commands

    spans: list[tuple[int, int]] = []
    for boundary in sentencex.get_sentence_boundaries(_sentencex_lang(lang), text):
        start, end = boundary["start_index"], boundary["end_index"]
        piece = text[start:end]
        stripped = piece.strip()
        if not stripped:
            continue
        start += len(piece) - len(piece.lstrip())
        end = start + len(stripped)
        spans.append((start, end))
    if not spans:
        start = len(text) - len(text.lstrip())
        return [(start, len(text.rstrip()))]
    spans = _merge_bad_splits(text, spans, lang)
    if depth < _MAX_QUOTE_DEPTH and _QUOTE_CHARS.search(text):
        spans = [piece for span in spans for piece in _split_quotations(text, span, lang, depth)]
    return spans


#: Quotation marks: opening -> closing. The straight quote opens after a
#: space or an opening bracket and closes elsewhere.
_QUOTES = {"“": "”", "«": "»", "„": "“", '"': '"'}
_QUOTE_CHARS = re.compile('[“«„"]')
#: Quotations inside quotations are split down to this depth.
_MAX_QUOTE_DEPTH = 3


def _quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(inner start, inner end)`` of the outermost quotations in
    ``text[start:end]``; an unclosed one runs to ``end``."""
    found: list[tuple[int, int]] = []
    i = start
    while i < end:
        char = text[i]
        if char in _QUOTES and (char != '"' or i == start or text[i - 1].isspace() or text[i - 1] in "([{—–-:"):
            close = _QUOTES[char]
            depth, j = 1, i + 1
            while j < end:
                if text[j] == close and (char != '"' or j + 1 == end or not text[j + 1].isalnum()):
                    depth -= 1
                    if depth == 0:
                        break
                elif text[j] == char and char != close:
                    depth += 1
                j += 1
            found.append((i + 1, j))
            i = j + 1
            continue
        i += 1
    return found


def _split_quotations(text: str, span: tuple[int, int], lang: str, depth: int) -> list[tuple[int, int]]:
    """``span`` cut where a sentence starts inside one of its quotations."""
    start, end = span
    cuts: list[int] = []
    for inner_start, inner_end in _quotations(text, start, end):
        inner = split_sentences(text[inner_start:inner_end], lang, depth=depth + 1)
        cuts.extend(inner_start + a for a, _b in inner[1:])
    if not cuts:
        return [span]
    pieces = []
    for a, b in zip([start] + cuts, cuts + [end]):
        piece = text[a:b]
        a += len(piece) - len(piece.lstrip())
        b = a + len(piece.strip())
        if b > a:
            pieces.append((a, b))
    return pieces


def _sentencex_lang(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower() or "en"


def _merge_bad_splits(text: str, spans: list[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    non_final = _abbreviations(lang)
    merged = [spans[0]]
    for start, end in spans[1:]:
        prev_start, prev_end = merged[-1]
        previous = text[prev_start:prev_end]
        following = text[start:end]
        if start == prev_end or _should_merge(previous, following, non_final):  # "AKORDA.KZ": no space, no boundary
            merged[-1] = (prev_start, end)
        else:
            merged.append((start, end))
    return merged


def _should_merge(previous: str, following: str, non_final: set[str]) -> bool:
    first = following.lstrip("\"'«“„(")[:1]
    if first.islower():
        return True  # "т.е. пример", "e.g. this": a sentence does not start in lower case
    if not previous.endswith("."):
        return False
    initial = _INITIAL_AT_END.search(previous)
    if initial and initial.group(1).isupper():
        return True  # "Қ. Тоқаев", "J. Smith"
    match = _ABBREV_AT_END.search(previous)
    return bool(match and match.group(1).lower() in non_final)




@functools.lru_cache(maxsize=64)
def _abbreviations(lang: str) -> frozenset[str]:
    from ..morphology import get_morphology

    return get_morphology(lang).abbreviations | get_morphology("en").abbreviations
