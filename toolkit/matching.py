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

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from .langtags import normalize_tag, primary_language, tag_matches
from .termbase import Concept, Glossary, Term

__all__ = ["TermMatch", "TermMatcher", "fold_text", "matcher_for"]

# Latin letters that look like Cyrillic ones in either case (Unicode
# confusables for the letters of Russian and Kazakh: "C"/"С", "H"/"Н",
# "i"/"і", ...), applied after lowercasing so that both cases fold alike.
_CONFUSABLES = dict(zip("abcehikmoptxy", "авсенікмортху"))
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


def fold_text(text: str) -> str:
    """Fold ``text`` for matching (see the module docstring). The result has
    exactly ``len(text)`` characters: position *i* of the result comes from
    position *i* of the input. Input should already be NFC.

    >>> fold_text("Cенат’s")
    "сенат's"
    """
    return "".join(map(_fold_char, text))


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
        for concept in glossary:
            for term in concept.terms:
                if not tag_matches(term.lang, self.lang) or (wanted is not None and term.status not in wanted):
                    continue
                if not term.text.strip():
                    continue
                for surface, forms in _surfaces(term.text, morphology):
                    key = fold_text(surface)
                    entries.setdefault(key, []).append((concept, term, forms))
        self._automaton = ahocorasick.Automaton()
        for key, values in entries.items():
            self._automaton.add_word(key, (len(key), tuple(values)))
        self.size = len(entries)
        if entries:
            self._automaton.make_automaton()

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
        folded = fold_text(text)
        candidates: list[tuple[int, int, tuple]] = []
        for last, (length, values) in self._automaton.iter(folded):
            start, end = last - length + 1, last + 1
            if start > 0 and _is_word_char(folded[start - 1]) and _is_word_char(folded[start]):
                continue
            if end < len(folded) and _is_word_char(folded[end]) and _is_word_char(folded[end - 1]):
                continue
            candidates.append((start, end, values))
        if not overlapping:
            candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
            taken: list[tuple[int, int]] = []
            kept = []
            for start, end, values in candidates:
                if any(start < e and s < end for s, e in taken):
                    continue
                taken.append((start, end))
                kept.append((start, end, values))
            candidates = kept
        out: list[TermMatch] = []
        for start, end, values in sorted(candidates, key=lambda c: (c[0], c[1])):
            surface = text[start:end]
            for concept, term, forms in values:
                if term.case_sensitive and not _case_fits(surface, term.text):
                    continue
                out.append(TermMatch(start, end, surface, concept, term, forms))
        return out


def _case_fits(surface: str, term: str) -> bool:
    """A case-sensitive term matches when the capitalisation of the shared
    stem agrees (inflection may change the ending, not the case)."""
    n = min(len(surface), len(term)) - 2 if min(len(surface), len(term)) > 3 else min(len(surface), len(term))
    return surface[:n] == term[:n] or surface.isupper() and term.isupper()


def _surfaces(text: str, morphology) -> Sequence[tuple[str, tuple]]:
    if morphology is None:
        return [(text, ())]
    try:
        paradigm = morphology.paradigm(text)
    except Exception:  # a term the morphology cannot handle is still matched as written
        return [(text, ())]
    surfaces = [(surface, tuple(forms)) for surface, forms in paradigm.items()]
    if not any(fold_text(s) == fold_text(text) for s, _ in surfaces):
        surfaces.append((text, ()))
    return surfaces


def _morphology(lang: str):
    try:
        from .morphology import get_morphology
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
