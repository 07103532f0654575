"""Term analysis of one segment pair: which glossary concepts the source
names, and how the target renders them.

This is the shared ground of enforcement (:mod:`toolkit.terms.enforce`), QA
(:mod:`toolkit.terms.check`) and evaluation (:mod:`toolkit.terms.evaluate`). The
vocabulary is that of the WMT terminology shared tasks: a source term
requires the preferred target term of its concept; the term is *used* when
an approved target term of that concept (preferred or admitted, in any
inflected form) appears in the target.

What the source says decides everything (every edit needs a source term of
the concept). A source match is not the concept when the source uses a term
the glossary marks deprecated or forbidden for it (an undated one: "Majlis",
Iran's parliament), when a foreign state or body is named next to it, or
when a proper name is written as a common noun (:mod:`toolkit.terms.evidence`).
When the source uses a dated name of the concept (Alma-Ata, Nur-Sultan: a
term with a period), the target's name of the same period is right, and is
what is expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from ..langtags import normalize_tag
from ..termbase.model import APPROVED, Concept, Glossary, Term
from ..termbase.period import Period
from .evidence import dated_within, event_periods, foreign_context, generic_use, in_personal_name
from .matching import TermMatch, cached_matcher

__all__ = ["SourceTerm", "TargetTerm", "SegmentTerms", "Terminology", "is_wrong", "replacement_term",
           "require_languages"]


@dataclass(frozen=True)
class SourceTerm:
    """A concept named in the source segment.

    Attributes:
        concept (Concept): the concept.
        matches (tuple[TermMatch, ...]): where the source names it.
        expected (Term): the target term the translation must use: the
            preferred one, or, when the source uses a dated name (``period``),
            the target name of that period.
        alternatives (tuple[Concept, ...]): other concepts named by exactly
            the same source spans (see :attr:`concepts`).
        period (Period | None): the period of the dated name the source uses
            ("Nur-Sultan": 2019-03-23/2022-09-19) where every occurrence is
            dated, None when the source uses the current name.
    """

    concept: Concept
    matches: tuple[TermMatch, ...]
    expected: Term
    alternatives: tuple[Concept, ...] = ()
    period: Period | None = None

    @property
    def periods(self) -> tuple[Period, ...]:
        """The periods of the dated names among the occurrences ("In 2019
        Astana was renamed Nur-Sultan" names the city twice, once dated)."""
        return tuple(m.term.period for m in self.matches if m.term.period is not None)

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

    def accepts(self, term: Term) -> bool:
        """True when ``term`` (a target term of one of :attr:`concepts`)
        renders the source term: an approved term, or a dated name of the
        source's period."""
        if term.period is not None and any(p.overlaps(term.period) for p in self.periods):
            return True
        return term.status in APPROVED


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
            have a target term, in source order.
        target_terms (tuple[TargetTerm, ...]): glossary terms in the target,
            in target order, overlaps resolved longest first.
        mentioned (frozenset[str]): ids of every concept the source names,
            including those inside a longer term ("akim" inside "akim of
            the region"): evidence for replacing their deprecated terms.
        present (dict[str, str]): concept id -> the first target text that
            is an approved term of it, nested terms included ("Мажилиса"
            inside "депутаты Мажилиса").
        excluded (dict[str, str]): concept id -> why a source match does not
            name it (a foreign body next to it, an undated deprecated source
            term, a common noun).
        dated (dict[str, tuple]): concept id -> ``(surface, term)`` of the
            target's dated names (terms with a period), nested included.
        counts (dict[str, int]): concept id -> how many approved target
            terms of it the target has (nested included).
    """

    source_terms: tuple[SourceTerm, ...]
    target_terms: tuple[TargetTerm, ...]
    mentioned: frozenset[str] = frozenset()
    present: dict = field(default_factory=dict)
    excluded: dict = field(default_factory=dict)
    dated: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)

    def used(self, concept_id: str) -> str | None:
        """The target text rendering ``concept_id`` with an approved term, or None."""
        return self.present.get(concept_id)

    def rendering(self, source_term: SourceTerm) -> str | None:
        """The target text rendering ``source_term`` (its concept or one of
        its alternatives): an approved term, or a dated name of the period of
        the source's dated name; None when there is none."""
        for concept in source_term.concepts:
            if source_term.periods:
                for surface, term in self.dated.get(concept.id, ()):
                    if source_term.accepts(term):
                        return surface
            if concept.id in self.present:
                return self.present[concept.id]
        return None

    def source_term(self, concept_id: str) -> SourceTerm | None:
        """The source term of ``concept_id`` (or naming it as an alternative)."""
        return next((st for st in self.source_terms if any(c.id == concept_id for c in st.concepts)), None)


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
        self._morphology = None
        self._common: dict[tuple[str, str], bool] = {}
        self._last: tuple[str, str, SegmentTerms] | None = None

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

    def against(self, text: str, match: TermMatch, others: frozenset[str] = frozenset()) -> str | None:
        """Why the source match ``match`` does not name its concept, or None
        when it does (see the module docstring). ``others``: ids of the
        other concepts the text names, the context a common word needs."""
        term = match.term
        if term.status not in APPROVED and term.period is None:
            return f"the source uses {term.status} {term.text!r}"
        if generic_use(match.surface, term.text, text, match.start, match.end):
            return f"{match.surface!r} is written as a common noun"
        foreign = foreign_context(text, match.start, match.end, self.from_code)
        if foreign:
            return f"{match.surface!r} belongs to {foreign!r}"
        period = match.concept.period
        if period is not None:
            dates = event_periods(text)
            if dates and not dated_within(period, dates):
                return (f"{match.surface!r} in {', '.join(str(d.start) for d in dates)} is not the "
                        f"{match.concept.id} of {period}")
        if self._common_word(match.concept, term) and not others - {match.concept.id}:
            return f"{match.surface!r} is a common word and nothing else in the text is the glossary's"
        if " " not in term.text and term.text.islower():
            following = self.source_matcher.find(text[match.end:match.end + 40])
            if following and not text[match.end:match.end + following[0].start].strip() \
                    and following[0].surface.islower():
                return f"{match.surface!r} modifies {following[0].surface!r}"
        return None

    def _common_word(self, concept: Concept, term: Term) -> bool:
        """True for a source term that is one lower-case word of everyday
        language ("bill", "faction", "region"), not a borrowing of the target
        term ("akim" for "аким", "maslikhat"): such a word names the concept
        only beside other terms of the glossary. (Any one-word lower-case term
        right before another lower-case term modifies it: "deputy akim",
        "district akim".)"""
        if " " in term.text.strip() or term.text != term.text.lower() or not term.text.isalpha():
            return False
        key = (concept.id, term.text)
        found = self._common.get(key)
        if found is None:
            from rapidfuzz.fuzz import ratio

            from ..termbase.model import slugify

            targets = [t.text for t in concept.terms_in(self.to_code)] or [""]
            found = max(ratio(term.text.lower(), slugify(t).replace("-", " ")) for t in targets) < 75
            self._common[key] = found
        return found

    def source_terms(self, source: str) -> tuple[SourceTerm, ...]:
        """Concepts named in ``source`` that have a target term."""
        return self._source_analysis(source)[0]

    def _source_analysis(self, source: str) -> tuple[tuple[SourceTerm, ...], frozenset[str], dict]:
        excluded: dict[str, str] = {}
        by_concept: dict[str, list[TermMatch]] = {}
        found = self.source_matcher.find(source)
        others = frozenset(m.concept.id for m in found if not self._common_word(m.concept, m.term))
        for match in found:
            if not self.concept_has_target(match.concept):
                continue
            reason = self.against(source, match, others)
            if reason is not None:
                excluded.setdefault(match.concept.id, reason)
                continue
            by_concept.setdefault(match.concept.id, []).append(match)
        # Concepts found at exactly the same places are one ambiguous term.
        groups: dict[tuple, list[list[TermMatch]]] = {}
        for matches in by_concept.values():
            groups.setdefault(tuple((m.start, m.end) for m in matches), []).append(matches)
        out = []
        for group in groups.values():
            concept = group[0][0].concept
            periods = [m.term.period for m in group[0]]
            period = periods[0] if all(p is not None for p in periods) else None
            out.append(SourceTerm(concept, tuple(group[0]), self._expected(concept, period),
                                  tuple(g[0].concept for g in group[1:]), period))
        mentioned = set()
        for match in self.source_matcher.find(source, overlapping=True):
            if match.concept.id in mentioned:
                continue
            if any(_is_head_of(match, longer) for longer in found):
                continue  # "Kurultai" in "National Kurultai" names the National Kurultai, not the Kurultai
            reason = self.against(source, match, others)
            if reason is None:
                mentioned.add(match.concept.id)
            else:
                excluded.setdefault(match.concept.id, reason)
        for concept_id in mentioned:
            excluded.pop(concept_id, None)
        return tuple(sorted(out, key=lambda st: st.matches[0].start)), frozenset(mentioned), excluded

    def _expected(self, concept: Concept, period: Period | None) -> Term:
        if period is not None:
            dated = [t for t in concept.terms_in(self.to_code) if t.period is not None and t.period.overlaps(period)]
            if dated:
                return dated[0]
        return concept.preferred(self.to_code)

    def concept_has_target(self, concept: Concept) -> bool:
        """True when ``concept`` has an approved term in the target language."""
        return concept.preferred(self.to_code) is not None

    def target_terms(self, target: str) -> tuple[TargetTerm, ...]:
        """Glossary terms of the target language found in ``target``."""
        spans: dict[tuple[int, int], list[TermMatch]] = {}
        for match in self.target_matcher.find(target):
            if not self._a_name(target, match):
                spans.setdefault((match.start, match.end), []).append(match)
        return tuple(TargetTerm(s, e, target[s:e], tuple(ms)) for (s, e), ms in sorted(spans.items()))

    def _a_name(self, target: str, match: TermMatch) -> bool:
        """The match is a person's surname shaped like a form of a common
        noun term ("Нурлан Акимов" for "аким"): not the term
        (:func:`toolkit.terms.evidence.in_personal_name`)."""
        if match.surface[:1].islower():
            return False
        if self._morphology is None:
            from ..morphology import get_morphology

            self._morphology = get_morphology(self.to_code)
        return in_personal_name(target, match.start, match.end, match.term.text, self._morphology)

    def mentioned(self, source: str) -> frozenset[str]:
        """Ids of all concepts named in ``source``, nested terms included."""
        return self._source_analysis(source)[1]

    def present(self, target: str) -> dict[str, str]:
        """Concept id -> first approved target term in ``target``, nested terms included."""
        return self._target_analysis(target)[0]

    def _target_analysis(self, target: str) -> tuple[dict[str, str], dict[str, tuple], dict[str, int]]:
        found: dict[str, str] = {}
        dated: dict[str, list] = {}
        spans: dict[str, set] = {}
        for match in self.target_matcher.find(target, overlapping=True):
            if self._a_name(target, match):
                continue
            if match.term.status in APPROVED:
                found.setdefault(match.concept.id, match.surface)
                spans.setdefault(match.concept.id, set()).add((match.start, match.end))
            if match.term.period is not None:
                dated.setdefault(match.concept.id, []).append((match.surface, match.term))
        # Renderings are counted once: "премьер" inside "Премьер-Министр" is the same one.
        counts = {concept: sum(1 for a, b in found_spans
                               if not any(c <= a and b <= d and (c, d) != (a, b) for c, d in found_spans))
                  for concept, found_spans in spans.items()}
        return found, {k: tuple(v) for k, v in dated.items()}, counts

    def analyze(self, source: str, target: str) -> SegmentTerms:
        """Both analyses for one segment pair. The last pair's analysis is
        kept (QA analyses a pair, then enforcement analyses it again);
        nothing changes a :class:`SegmentTerms` once made."""
        if self._last is not None and self._last[0] == source and self._last[1] == target:
            return self._last[2]
        source_terms, mentioned, excluded = self._source_analysis(source)
        present, dated, counts = self._target_analysis(target)
        result = SegmentTerms(source_terms, self.target_terms(target), mentioned, present, excluded, dated,
                              counts)
        self._last = (source, target, result)
        return result


def _is_head_of(match: TermMatch, longer: TermMatch) -> bool:
    """True when ``match`` lies inside the longer match of another concept
    as its head word (English: the word before the first "of"/"for"/"on",
    else the last): "Kurultai" in "National Kurultai", not "Senate" in
    "Chairman of the Senate"."""
    if longer.concept.id == match.concept.id or not (longer.start <= match.start and match.end <= longer.end) \
            or (longer.start, longer.end) == (match.start, match.end):
        return False
    words = list(re.finditer(r"[^\W\d_][\w'’-]*", longer.surface))
    if not words:
        return False
    head = len(words) - 1
    for i, word in enumerate(words[1:], 1):
        if word.group().casefold() in ("of", "for", "on"):
            head = i - 1
            break
    start = longer.start + words[head].start()
    return match.start <= start < match.end


def is_wrong(span: TargetTerm, terms: SegmentTerms) -> bool:
    """Whether a target span must be replaced: it is no approved term of any
    concept, it is a deprecated or forbidden term of a concept the source
    names (:attr:`SegmentTerms.mentioned`), and it is not the dated name of
    the period the source's own name belongs to, and the target does not
    already render every occurrence of the concept in the source (then the
    wrong term names something else: "губернатор" of a Russian region next
    to the akim the source names). A wrong term whose concept
    the source does not name is left alone: it may be right for something
    else ("губернатор" of a US state is not an akim; "Меджлис" is Iran's)."""
    if not span.wrong:
        return False
    for match in span.matches:
        if match.concept.id not in terms.mentioned:
            continue
        source_term = terms.source_term(match.concept.id)
        if source_term is not None and match.term.period is not None and source_term.accepts(match.term):
            continue
        if source_term is not None and terms.counts.get(match.concept.id, 0) >= len(source_term.matches):
            continue  # every occurrence in the source is rendered already: this names something else
        return True
    return False


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
