"""Term analysis of one segment pair: which glossary concepts the source
names, and how the target renders them.

This is the shared ground of enforcement (:mod:`toolkit.terms.enforce`), QA
(:mod:`toolkit.terms.check`) and evaluation (:mod:`toolkit.terms.evaluate`). The
vocabulary is that of the WMT terminology shared tasks: a source term
requires the preferred target term of its concept; the term is *used* when
an approved target term of that concept (preferred or admitted, in any
inflected form) appears in the target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..langtags import normalize_tag
from .matching import TermMatch, matcher_for
from ..termbase.model import APPROVED, Concept, Glossary, Term

__all__ = ["SourceTerm", "TargetTerm", "SegmentTerms", "Terminology", "is_wrong", "replacement_term"]


@dataclass(frozen=True)
class SourceTerm:
    """A concept named in the source segment.

    Attributes:
        concept (Concept): the concept.
        matches (tuple[TermMatch, ...]): where the source names it.
        expected (Term): the preferred target term the translation must use.
        alternatives (tuple[Concept, ...]): other concepts named by exactly
            the same source spans (see :attr:`concepts`).
    """

    concept: Concept
    matches: tuple[TermMatch, ...]
    expected: Term
    alternatives: tuple[Concept, ...] = ()

    @property
    def surface(self) -> str:
        """The source text of the first occurrence."""
        return self.matches[0].surface

    @property
    def concepts(self) -> tuple[Concept, ...]:
        """The concept and its alternatives: concepts that share the same
        source term (an ambiguous term, e.g. "Senate" for the chamber and its
        building); an approved term of any of them satisfies the source."""
        return (self.concept,) + self.alternatives


@dataclass(frozen=True)
class TargetTerm:
    """A glossary term found in the target segment: one span, and every
    (concept, term) it can be (usually one).

    Attributes:
        start (int), end (int): offsets in the target.
        surface (str): the text there.
        matches (tuple[TermMatch, ...]): one per (concept, term) reading.
    """

    start: int
    end: int
    surface: str
    matches: tuple[TermMatch, ...]

    @property
    def approved_concepts(self) -> frozenset[str]:
        """Ids of the concepts for which this span is an approved term."""
        return frozenset(m.concept.id for m in self.matches if m.term.status in APPROVED)

    @property
    def wrong(self) -> bool:
        """True when the span is only a deprecated or forbidden term (of any concept)."""
        return not self.approved_concepts


@dataclass(frozen=True)
class SegmentTerms:
    """The term analysis of one source/target pair.

    Attributes:
        source_terms (tuple[SourceTerm, ...]): concepts the source names that
            have a preferred target term, in source order.
        target_terms (tuple[TargetTerm, ...]): glossary terms in the target,
            in target order, overlaps resolved longest first.
        mentioned (frozenset[str]): ids of every concept the source names,
            including those inside a longer term ("akim" inside "akim of
            the region"): evidence for replacing their deprecated terms.
        present (dict[str, str]): concept id -> the first target text that
            is an approved term of it, nested terms included ("Мажилиса"
            inside "депутаты Мажилиса").
    """

    source_terms: tuple[SourceTerm, ...]
    target_terms: tuple[TargetTerm, ...]
    mentioned: frozenset[str] = frozenset()
    present: dict = field(default_factory=dict)

    def used(self, concept_id: str) -> str | None:
        """The target text rendering ``concept_id`` with an approved term, or None."""
        return self.present.get(concept_id)

    def rendering(self, source_term: SourceTerm) -> str | None:
        """The target text rendering ``source_term`` (its concept or one of
        its alternatives) with an approved term, or None."""
        for concept in source_term.concepts:
            if concept.id in self.present:
                return self.present[concept.id]
        return None


def require_languages(glossary: Glossary, *langs: str) -> None:
    """Make sure the glossary has terms in every language of ``langs``, so
    that a check or an enforcement is not silently empty (``--to de`` with
    an English-Russian-Kazakh glossary would find nothing and pass); see
    :meth:`toolkit.termbase.model.Glossary.check_language`.

    Raises:
        GlossaryError: a language has no term (the message lists those the
            glossary has).
        InputError: a language is not a language tag.
    """
    for lang in langs:
        glossary.check_language(lang)


def cached_matcher(glossary: Glossary, lang: str):
    """:func:`toolkit.terms.matching.matcher_for`, also kept on disk
    (:mod:`toolkit.cache`): building the automaton over every inflected form
    costs a third of a second for the shipped glossary in Russian, loading
    it back 10 ms. The key is the glossary's fingerprint and the language."""
    from .. import cache
    from .matching import _CACHE

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


class Terminology:
    """Term analysis for one glossary and language direction.

    Args:
        glossary (Glossary): the termbase.
        from_code (str), to_code (str): BCP 47 tags.

    The two automata (every status, every inflected form) are built once,
    on first use, and cached per glossary content.
    """

    def __init__(self, glossary: Glossary, from_code: str, to_code: str) -> None:
        self.glossary = glossary
        self.from_code = normalize_tag(from_code)
        self.to_code = normalize_tag(to_code)
        self._source = None
        self._target = None

    @property
    def source_matcher(self):
        if self._source is None:
            self._source = cached_matcher(self.glossary, self.from_code)
        return self._source

    @property
    def target_matcher(self):
        if self._target is None:
            self._target = cached_matcher(self.glossary, self.to_code)
        return self._target

    def source_terms(self, source: str) -> tuple[SourceTerm, ...]:
        """Concepts named in ``source`` that have a preferred target term."""
        by_concept: dict[str, list[TermMatch]] = {}
        for match in self.source_matcher.find(source):
            if self.concept_has_target(match.concept):
                by_concept.setdefault(match.concept.id, []).append(match)
        # Concepts found at exactly the same places are one ambiguous term.
        groups: dict[tuple, list[list[TermMatch]]] = {}
        for matches in by_concept.values():
            groups.setdefault(tuple((m.start, m.end) for m in matches), []).append(matches)
        out = []
        for group in groups.values():
            concept = group[0][0].concept
            out.append(SourceTerm(concept, tuple(group[0]), concept.preferred(self.to_code),
                                  tuple(g[0].concept for g in group[1:])))
        return tuple(sorted(out, key=lambda st: st.matches[0].start))

    def concept_has_target(self, concept: Concept) -> bool:
        """True when ``concept`` has an approved term in the target language."""
        return concept.preferred(self.to_code) is not None

    def target_terms(self, target: str) -> tuple[TargetTerm, ...]:
        """Glossary terms of the target language found in ``target``."""
        spans: dict[tuple[int, int], list[TermMatch]] = {}
        for match in self.target_matcher.find(target):
            spans.setdefault((match.start, match.end), []).append(match)
        return tuple(TargetTerm(s, e, target[s:e], tuple(ms)) for (s, e), ms in sorted(spans.items()))

    def mentioned(self, source: str) -> frozenset[str]:
        """Ids of all concepts named in ``source``, nested terms included."""
        return frozenset(m.concept.id for m in self.source_matcher.find(source, overlapping=True))

    def present(self, target: str) -> dict[str, str]:
        """Concept id -> first approved target term in ``target``, nested terms included."""
        found: dict[str, str] = {}
        for match in self.target_matcher.find(target, overlapping=True):
            if match.term.status in APPROVED:
                found.setdefault(match.concept.id, match.surface)
        return found

    def analyze(self, source: str, target: str) -> SegmentTerms:
        """Both analyses for one segment pair."""
        return SegmentTerms(self.source_terms(source), self.target_terms(target),
                            self.mentioned(source), self.present(target))


def is_wrong(span: TargetTerm, needed) -> bool:
    """Whether a target span must be replaced: it is no approved term of any
    concept, and it is a forbidden term, or a deprecated term of a concept in
    ``needed`` (ids of the concepts the source names,
    :attr:`SegmentTerms.mentioned`). A deprecated term
    whose concept the source does not name is left alone: it may be right
    for something else ("губернатор" of a US state is not an akim)."""
    if not span.wrong:
        return False
    return any(m.term.status == "forbidden" or m.concept.id in needed for m in span.matches)


def replacement_term(concept: Concept, wrong: Term, lang: str) -> Term | None:
    """The approved term to put in place of the wrong term ``wrong``: one
    with as many words (a surname for a surname: "Ашимбаев" -> "Әшімбаев"),
    preferred before admitted; else the preferred term; None if the concept
    has no approved term in ``lang``."""
    approved = concept.terms_in(lang, APPROVED)
    if not approved:
        return None
    size = len(wrong.text.split())
    same = [t for t in approved if len(t.text.split()) == size]
    return same[0] if same else approved[0]


def approved_terms(concept: Concept, lang: str) -> Iterable[Term]:
    """Preferred and admitted terms of ``concept`` in ``lang``."""
    return concept.terms_in(lang, APPROVED)
