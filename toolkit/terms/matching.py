"""Finding glossary terms in text, in any inflected form, with one
Aho-Corasick automaton per (glossary, language) (pyahocorasick).

Every inflected form of every term (from :mod:`toolkit.morphology`) is put
into the automaton in a folded spelling; the text is folded the same way, one
character for one character, so offsets in the folded text are offsets in
the original. Folding: NFC, lowercase (per character, so lengths never
change), ``ё`` as ``е``, typographic apostrophes, quotes, dashes and spaces as
their ASCII forms, and Latin letters that look like Cyrillic ones (``a c e o
p x y`` ...) as the Cyrillic letters (Unicode's confusables data, restricted
to the two scripts Atau works in) — so a "Cенат" typed with a Latin C is
still the Senate.

Matches respect word boundaries; overlaps are resolved longest first (a
phrase wins over the single words inside it), then leftmost.
"""

from __future__ import annotations

import gc
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from ..langtags import normalize_tag, primary_language, tag_matches
from ..script import LATIN_TO_CYRILLIC
from ..termbase.model import Concept, Glossary, Term

__all__ = ["TermMatch", "TermMatcher", "fold_text", "matcher_for", "cached_matcher"]

# Latin letters that look like Cyrillic ones in either case (Unicode
# confusables for the letters of Russian and Kazakh: "C"/"С", "H"/"Н",
# "i"/"і", ...), applied after lowercasing so that both cases fold alike.
_CONFUSABLES = LATIN_TO_CYRILLIC
_PUNCT = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"', "\u201e": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\t": " ", "\n": " ", "\r": " ",
}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    lower = char.lower()
    if len(lower) != 1:
        lower = char
    lower = _PUNCT.get(lower, lower)
    lower = _CONFUSABLES.get(lower, lower)
    return "е" if lower == "ё" else lower


# What _fold_char does after lowercasing, as one str.translate table (the
# punctuation maps to ASCII, never to a letter, so the three steps commute).
_AFTER_LOWER = str.maketrans({**_PUNCT, **_CONFUSABLES, "ё": "е"})


def fold_text(text: str) -> str:
    """Fold ``text`` for matching (see the module docstring). The result has
    exactly ``len(text)`` characters: position *i* of the result comes from
    position *i* of the input. Input should already be NFC.

    >>> fold_text("Cенат’s")
    "сенат's"
    """
    # Fast path, in C: lowercasing the whole string equals lowercasing each
    # character unless a character lowercases to several (then the length
    # changes: "İ") or a capital sigma takes its final form from context.
    lower = text.lower()
    if len(lower) == len(text) and "\u03a3" not in text:
        return lower.translate(_AFTER_LOWER)
    return "".join(map(_fold_char, text))


# The automaton's keys and the searched text are folded with _key: the same
# folding up to a renaming of its output letters (the look-alike Cyrillic
# letters become the Latin ones, "ё"/"е" become "e"), so two texts fold alike
# under _key exactly when they do under fold_text; but plain ASCII text then
# folds to ASCII, which str.translate does some 100 times faster than text
# that must become Cyrillic.
_TO_LATIN = str.maketrans({**_PUNCT, **{cyr: lat for lat, cyr in _CONFUSABLES.items()}, "ё": "e"})


def _key(text: str) -> str:
    lower = text.lower()
    if text.isascii():  # str.translate costs microseconds even on a short ASCII string
        if "`" in lower or "\t" in lower or "\n" in lower or "\r" in lower:
            return lower.translate(_TO_LATIN)
        return lower
    if len(lower) != len(text) or "\u03a3" in text:  # as in fold_text
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lower.translate(_TO_LATIN)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char) == "Mn"


@dataclass(frozen=True)
class TermMatch:
    """A glossary term found in a text.

    Attributes:
        start (int), end (int): character offsets, ``text[start:end]``.
        surface (str): the text as written there.
        concept (Concept): the concept the term belongs to.
        term (Term): the glossary term (its dictionary form).
        forms (tuple): the grammatical :class:`~toolkit.morphology.base.Form`
            values the surface can be, most likely first (empty if unknown).
    """

    start: int
    end: int
    surface: str
    concept: Concept
    term: Term
    forms: tuple = ()

    @property
    def form(self):
        """The most likely grammatical form, or None."""
        return self.forms[0] if self.forms else None

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "surface": self.surface,
                "concept": self.concept.id, "term": self.term.text, "status": self.term.status,
                "form": str(self.form) if self.form is not None else None}


class TermMatcher:
    """Finds the terms of one language of a glossary in texts.

    Args:
        glossary (Glossary | Iterable[Concept]): the termbase.
        lang (str): BCP 47 tag of the texts (``en``, ``ru``, ``kk``).
        statuses (Iterable[str] | None): only terms with these statuses;
            default all (preferred, admitted, deprecated, forbidden).
        inflect (bool): index every inflected form (through
            :func:`toolkit.morphology.get_morphology`); False: only the
            dictionary form.

    Building costs one pass over the terms' forms; :meth:`find` is linear in
    the length of the text, whatever the glossary's size.
    """

    def __init__(self, glossary: Glossary | Iterable[Concept], lang: str, *,
                 statuses: Iterable[str] | None = None, inflect: bool = True) -> None:
        import ahocorasick

        self.lang = normalize_tag(lang)
        wanted = set(statuses) if statuses is not None else None
        morphology = _morphology(self.lang) if inflect else None
        entries: dict[str, list] = {}
        serves: dict[str, bool] = {}  # term language -> whether it is self.lang
        shared: dict[tuple, tuple] = {}  # one tuple object per distinct tuple of forms
        # Millions of small objects are created and none is garbage: the
        # cyclic collector would only traverse them again and again (a third
        # of the time for 100k terms).
        collecting = gc.isenabled()
        gc.disable()
        try:
            for concept in glossary:
                for term in concept.terms:
                    lang_ok = serves.get(term.lang)
                    if lang_ok is None:
                        lang_ok = serves[term.lang] = tag_matches(term.lang, self.lang)
                    if not lang_ok or (wanted is not None and term.status not in wanted):
                        continue
                    if not term.text.strip():
                        continue
                    value = (concept, term)
                    for key, forms in _keyed_surfaces(term.text, morphology):
                        forms = shared.setdefault(forms, forms)
                        found = entries.get(key)
                        if found is None:
                            entries[key] = [value + (forms,)]
                        else:
                            found.append(value + (forms,))
            self._automaton = ahocorasick.Automaton()
            add = self._automaton.add_word
            for key, values in entries.items():
                add(key, (len(key), tuple(values)))
            self.size = len(entries)
            if entries:
                self._automaton.make_automaton()
        finally:
            if collecting:
                gc.enable()

    def find(self, text: str, *, overlapping: bool = False) -> list[TermMatch]:
        """All terms in ``text``, in text order.

        Args:
            text (str): NFC text.
            overlapping (bool): keep overlapping matches too (for reports);
                by default overlaps are resolved longest first.

        Returns:
            list[TermMatch]: with offsets into ``text``. A surface that is a
            form of several terms yields one match per term (same span).
        """
        if not self.size or not text:
            return []
        folded = _key(text)
        size = len(folded)
        candidates: list[tuple[int, int, tuple]] = []
        for last, (length, values) in self._automaton.iter(folded):
            start, end = last - length + 1, last + 1
            if start > 0 and _is_word_char(folded[start - 1]) and _is_word_char(folded[start]):
                continue
            if end < size and _is_word_char(folded[end]) and _is_word_char(folded[end - 1]):
                continue
            candidates.append((start, end, values))
        if not overlapping and len(candidates) > 1:
            candidates = _longest_first(candidates)
        out: list[TermMatch] = []
        for start, end, values in sorted(candidates, key=lambda c: (c[0], c[1])):
            surface = text[start:end]
            for concept, term, forms in values:
                if term.case_sensitive and not _case_fits(surface, term.text):
                    continue
                out.append(TermMatch(start, end, surface, concept, term, forms))
        return out


def _longest_first(candidates: list[tuple[int, int, tuple]]) -> list[tuple[int, int, tuple]]:
    """The candidates that survive resolving overlaps longest first, then
    leftmost: O(n log n), keeping the spans taken so far sorted and
    disjoint, so only the neighbours of a new span can overlap it."""
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    starts: list[int] = []  # starts of the taken spans, sorted
    ends: list[int] = []  # their ends, in the same order (disjoint: also sorted)
    kept = []
    for candidate in candidates:
        start, end = candidate[0], candidate[1]
        i = bisect_right(starts, start)
        if i and ends[i - 1] > start:  # the taken span starting at or before start reaches into it
            continue
        if i < len(starts) and starts[i] < end:  # the next taken span starts inside it
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        kept.append(candidate)
    return kept


def _case_fits(surface: str, term: str) -> bool:
    """A case-sensitive term matches when the capitalisation of the shared
    stem agrees (inflection may change the ending, not the case)."""
    n = min(len(surface), len(term)) - 2 if min(len(surface), len(term)) > 3 else min(len(surface), len(term))
    return surface[:n] == term[:n] or surface.isupper() and term.isupper()


def _keyed_surfaces(text: str, morphology) -> Sequence[tuple[str, tuple]]:
    """``(automaton key, forms)`` of every surface of the term ``text``: its
    paradigm, plus the term as written if the paradigm lacks it."""
    if morphology is None:
        return [(_key(text), ())]
    try:
        paradigm = morphology.paradigm(text)
    except Exception:  # a term the morphology cannot handle is still matched as written
        return [(_key(text), ())]
    keyed = [(_key(surface), tuple(forms)) for surface, forms in paradigm.items()]
    own = _key(text)
    if not any(key == own for key, _ in keyed):
        keyed.append((own, ()))
    return keyed


def _morphology(lang: str):
    try:
        from ..morphology import get_morphology
    except ImportError:  # pragma: no cover - the package always ships it
        return None
    return get_morphology(lang)


_CACHE: dict[tuple, TermMatcher] = {}


def matcher_for(glossary: Glossary, lang: str, statuses: Iterable[str] | None = None,
                inflect: bool = True) -> TermMatcher:
    """A :class:`TermMatcher`, cached per glossary content (fingerprint),
    language, statuses and ``inflect``."""
    key = (glossary.fingerprint(), primary_language(lang), normalize_tag(lang),
           tuple(sorted(statuses)) if statuses is not None else None, inflect)
    if key not in _CACHE:
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[key] = TermMatcher(glossary, lang, statuses=statuses, inflect=inflect)
    return _CACHE[key]


def cached_matcher(glossary: Glossary, lang: str):
    """:func:`matcher_for`, also kept on disk
    (:mod:`toolkit.cache`): building the automaton over every inflected form
    costs a third of a second for the shipped glossary in Russian, loading
    it back 10 ms. The key is the glossary's fingerprint and the language."""
    from .. import cache

    memo = ("disk", glossary.fingerprint(), normalize_tag(lang))
    if memo in _CACHE:
        return _CACHE[memo]
    key = cache.cache_key(glossary.fingerprint(), normalize_tag(lang))
    matcher = cache.load("matchers", key)
    if matcher is None:
        matcher = matcher_for(glossary, lang)
        cache.store("matchers", key, matcher)
    _CACHE[memo] = matcher
    return matcher
