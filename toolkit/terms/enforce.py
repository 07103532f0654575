"""Glossary enforcement: put the preferred term, correctly inflected, into a
translation, and say what was changed, on what evidence, and what could not
be fixed.

Only concepts the source names are edited (:mod:`toolkit.terms.analysis`
says when a source term is evidence for its concept and when against).
For one segment, in this order:

1. **Wrong terms** — a deprecated or forbidden term of a concept the source
   names (not a dated name of the source's own period, not next to a
   foreign state) is replaced by the preferred term **inflected to the
   grammatical form of what it replaces** (case, number, Kazakh
   possessive), keeping a sentence-initial capital and all-capitals
   headlines; words repeated around it are absorbed, so nothing is
   doubled ("Этническая ассамблея Казахстана" → "Ассамблея народа
   Казахстана").
2. **Capitalisation** — an approved term written with other capitals
   inside a sentence ("Верховный суд", "Маслихат") is given the glossary's
   ("Верховный Суд", "маслихат"); a sentence-initial capital and ALL CAPS
   stay.
3. **Names** — a person named by the right surname and a misspelt first
   name ("Эрлан Кошанов") gets the glossary's spelling, in its form.
4. **Renderings nobody listed** — a concept the source names with no
   approved term in the target: the model's rendering, found by its
   attention (inside ``atau translate``), by near spelling, as the source
   term's words translated word for word (cognates, the pair's lexicon of
   official vocabulary and its usual mistranslations, the glossary's own
   word pairs: :mod:`toolkit.terms.equivalents`), or as a noun phrase with
   the term's head noun (:mod:`toolkit.terms.renderings`), is replaced when
   the evidence is clear; otherwise the term is reported unresolved with
   the candidate span.
5. **Agreement** — when the new noun has another gender or number, the
   words that agreed with the old one follow it ("Новая палата собралась"
   → "Новый Мажилис собрался"; :meth:`toolkit.morphology.Morphology.agreement_edits`).

Every edit records its reason and the evidence it rests on; text that
already uses an approved term is never touched.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Sequence

from ..errors import InputError
from ..langtags import normalize_tag
from ..signature import Signature
from ..termbase.model import Glossary, Term, fold
from .analysis import SegmentTerms, SourceTerm, TargetTerm, Terminology, is_wrong, replacement_term
from .evidence import dated_within, event_periods, foreign_context
from .renderings import Rendering, Renderings
from ..script import clean_invisible, invisible, respell_in_script, script_of

__all__ = ["Edit", "TermOutcome", "SegmentResult", "EnforcementReport", "Enforcer", "Aligner",
           "PipelineEnforcement"]

#: ``aligner(source, target, source_term) -> (start, end) | None``: the span
#: of ``target`` that renders the first occurrence of ``source_term``.
Aligner = Callable[[str, str, SourceTerm], "tuple[int, int] | None"]

#: What :meth:`Enforcer._equivalent` returns as the candidate when the
#: target renders the source word in another sense than the glossary's.
_OTHER_SENSE = "\x00other sense"

# How far around a replaced span the context rules look (characters), so a
# huge one-line input costs linear time.
_WINDOW = 64
#: Subject fields (TBX ``subjectField``) of concepts that are places: an
#: adjective made from a place's name renders it ("Алматинская декларация",
#: "Шымкенттіктер"), one made from a body's name does not.
PLACE_SUBJECTS = frozenset({"administrative-division", "geography", "place", "places", "city", "region"})
#: Characters of a segment beyond which word links are not looked for
#: (see :meth:`Enforcer._equivalent`): about 500 words.
_LONGEST_LINKED = 4000



@dataclass(frozen=True)
class Edit:
    """One change made to a target segment.

    Attributes:
        start (int), end (int): the replaced span in the *original* target.
        before (str): the text replaced.
        after (str): the text put in.
        concept_id (str): the concept concerned.
        reason (str): ``"deprecated"``, ``"forbidden"`` (a wrong term was
            replaced), ``"capitalisation"``, ``"name"`` (a misspelt part of a
            name), ``"aligned"`` (the model's rendering, found by attention),
            ``"near-spelling"``, ``"head-noun"`` (a rendering the glossary
            does not list) or ``"agreement"`` (a word agreeing with a
            replaced noun).
        form (str): the grammatical form used, e.g. ``"dat.sg"`` (``"-"``
            when unknown).
        evidence (str): what the edit rests on, for reports.
    """

    start: int
    end: int
    before: str
    after: str
    concept_id: str
    reason: str
    form: str = "-"
    evidence: str = ""

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "before": self.before, "after": self.after,
                "concept": self.concept_id, "reason": self.reason, "form": self.form,
                "evidence": self.evidence}


@dataclass(frozen=True)
class TermOutcome:
    """What became of one concept named in the source.

    Attributes:
        concept_id (str): the concept.
        source (str): how the source names it (first occurrence).
        expected (str): the preferred target term (dictionary form).
        status (str): ``"ok"`` (an approved term was already there),
            ``"fixed"`` (an edit put it there) or ``"unresolved"``.
        found (str | None): the target text rendering it after enforcement.
        candidate (str | None): for an unresolved term, the target text that
            probably renders it (the evidence was not clear enough to replace).
    """

    concept_id: str
    source: str
    expected: str
    status: str
    found: str | None = None
    candidate: str | None = None

    def to_dict(self) -> dict:
        return {"concept": self.concept_id, "source": self.source, "expected": self.expected,
                "status": self.status, "found": self.found, "candidate": self.candidate}


@dataclass(frozen=True)
class SegmentResult:
    """Enforcement of one segment.

    Attributes:
        index (int): 0-based position of the segment in its document or file.
        source (str): the source text.
        original (str): the target before enforcement.
        target (str): the target after enforcement.
        edits (tuple[Edit, ...]): changes made, in text order.
        terms (tuple[TermOutcome, ...]): one per concept the source names.
    """

    index: int
    source: str
    original: str
    target: str
    edits: tuple[Edit, ...] = ()
    terms: tuple[TermOutcome, ...] = ()

    @property
    def changed(self) -> bool:
        return self.target != self.original

    @property
    def unresolved(self) -> tuple[TermOutcome, ...]:
        return tuple(t for t in self.terms if t.status == "unresolved")

    def to_dict(self) -> dict:
        return {"index": self.index, "source": self.source, "original": self.original,
                "target": self.target, "edits": [e.to_dict() for e in self.edits],
                "terms": [t.to_dict() for t in self.terms]}


@dataclass
class EnforcementReport:
    """Enforcement of many segments, with totals and provenance.

    Attributes:
        segments (list[SegmentResult]): in input order.
        signature (Signature | None): the direction and the glossary's
            SHA-256 (:class:`toolkit.signature.Signature`).
    """

    segments: list[SegmentResult] = field(default_factory=list)
    signature: Signature | None = None

    @property
    def summary(self) -> dict[str, int | float | None]:
        """Counts: ``terms`` (source concept occurrences, per segment),
        ``ok``, ``fixed``, ``unresolved``, ``edits``, ``segments_changed``, and
        ``term_use_before``/``term_use_after`` (share of source terms whose
        approved target term is present, None without terms)."""
        outcomes = [t for s in self.segments for t in s.terms]
        n = len(outcomes)
        ok = sum(t.status == "ok" for t in outcomes)
        fixed = sum(t.status == "fixed" for t in outcomes)
        return {
            "segments": len(self.segments),
            "segments_changed": sum(s.changed for s in self.segments),
            "terms": n, "ok": ok, "fixed": fixed, "unresolved": n - ok - fixed,
            "edits": sum(len(s.edits) for s in self.segments),
            "term_use_before": round(ok / n, 4) if n else None,
            "term_use_after": round((ok + fixed) / n, 4) if n else None,
        }

    def to_dict(self) -> dict:
        return {"signature": self.signature.to_dict() if self.signature else None,
                "summary": self.summary, "segments": [s.to_dict() for s in self.segments]}


class Enforcer:
    """Enforces a glossary on translations in one direction.

    Args:
        glossary (Glossary): the termbase.
        from_code (str), to_code (str): BCP 47 tags (``en``, ``ru``, ``kk``).

    >>> from toolkit.termbase.store import load_glossary
    >>> e = Enforcer(load_glossary(), "en", "ru")
    >>> e.enforce("The Mazhilis adopted the bill.", "Меджлис принял законопроект.").target
    'Мажилис принял законопроект.'
    """

    def __init__(self, glossary: Glossary, from_code: str, to_code: str) -> None:
        from ..morphology import get_morphology

        self.glossary = glossary
        self.from_code = normalize_tag(from_code)
        self.to_code = normalize_tag(to_code)
        self.terminology = Terminology(glossary, from_code, to_code)
        self.signature = Signature(self.from_code, self.to_code, glossary.fingerprint())
        self.morphology = get_morphology(self.to_code)
        self.source_morphology = get_morphology(self.from_code)
        self.renderings = Renderings(self.morphology, self.to_code)
        self._links = None
        self._unit_cache: frozenset | None = None

    # -- one segment -------------------------------------------------------
    def enforce(self, source: str, target: str, *, index: int = 0,
                aligner: Aligner | None = None) -> SegmentResult:
        """Enforce the glossary on one segment pair (see the module docstring).

        Args:
            source (str): the source segment.
            target (str): its translation.
            index (int): the segment's position, copied into the result.
            aligner (Aligner | None): finds the model's rendering of a source
                term by the model's attention (step 4).

        Returns:
            SegmentResult: the repaired target, the edits (with their
            evidence) and one outcome per source concept.
        """
        analysis = self.terminology.analyze(source, target)
        needed = {st.concept.id: st for st in analysis.source_terms}
        edits: list[Edit] = []
        spans = analysis.target_terms
        current = _current_occurrences(analysis)
        for k, span in enumerate(spans):
            wrong = is_wrong(span, analysis) or _outdated(span, analysis, current)
            if wrong and not foreign_context(target, span.start, span.end, self.to_code):
                # The span may grow over repeated words, never into its neighbours.
                bounds = (spans[k - 1].end if k else 0, spans[k + 1].start if k + 1 < len(spans) else len(target))
                edit = self._replace_wrong(span, analysis, target, bounds, current=bool(current) and span in current)
                if edit is not None:
                    edits.append(edit)
                    edits += self._agreement(target, edit, span.surface)
        for span in spans:
            edits += self._look_alike(span, target, edits)
            edits += self._recapitalise(span, analysis, target, edits)
            edits += self._complete_name(span, needed, target, edits)
            number = self._plural_term(span, needed, target, edits)
            if number is not None:
                edits.append(number)
                edits += self._agreement(target, number, span.surface)
        # Step 4 reads the text with steps 1-3 done ("депутатами Мажлиса"
        # becomes "депутатами Мажилиса", which then renders "Mazhilis deputies").
        edits = _disjoint(edits)
        staged = _apply(target, edits)
        later = analysis if not edits else self.terminology.analyze(source, staged)
        candidates: dict[str, str] = {}
        loosely: set[str] = set()
        found: list[Edit] = []
        done = {e.concept_id for e in edits}
        needed_ids = {c.id for st in needed.values() for c in st.concepts}
        for st in later.source_terms:
            if any(c.id in done for c in st.concepts):
                continue
            swallowed = self._swallowed(staged, st, later)
            if swallowed is not None:
                found.append(swallowed)
                found += self._agreement(staged, swallowed, swallowed.before)
                continue
            if later.rendering(st):
                continue
            if self._rendered_loosely(source, staged, st):
                loosely.add(st.concept.id)
                continue
            if st.periods and st.expected.period is None:
                continue  # a dated name the glossary has no target name for: nothing to compare with
            taken = [(sp.start, sp.end) for sp in later.target_terms if sp.approved_concepts & needed_ids
                     or is_wrong(sp, later)] + [(e.start, e.end) for e in found]
            edit = self._other_period(source, staged, st, later, taken)
            if edit is not None:
                found.append(edit)
                found += self._agreement(staged, edit, edit.before)
                continue
            if aligner is not None and not edits:
                edit = self._replace_aligned(source, staged, st, aligner, found)
            if edit is None:
                edit, candidate = self._replace_rendering(source, staged, st, later, taken,
                                                          settled={e.concept_id for e in found})
                if candidate is _OTHER_SENSE:
                    loosely.add(st.concept.id)  # the model read the word in another sense: nothing to fix
                    continue
                if candidate is not None:
                    candidates[st.concept.id] = candidate
            if edit is not None and self._derived_from(edit.before, st.expected.text):
                candidates[st.concept.id], edit = edit.before, None
            if edit is not None:
                found.append(edit)
                found += self._agreement(staged, edit, edit.before)
        edits += _in_original(_disjoint(found), edits, target, staged)
        edits = _disjoint(edits)
        repaired = _apply(target, edits)
        after = (SegmentTerms((), (), analysis.mentioned, self.terminology.present(repaired))
                 if edits else analysis)
        outcomes = []
        for concept_id, st in needed.items():
            before_used, after_used = analysis.rendering(st), after.rendering(st)
            # a term present but recapitalised ('Премьер-министр' -> 'Премьер-Министр') was fixed
            edited = any(e.concept_id == concept_id and e.reason != "agreement" for e in edits)
            if (before_used and not edited) or concept_id in loosely:
                outcomes.append(TermOutcome(concept_id, st.surface, st.expected.text, "ok",
                                            before_used or None))
            elif after_used or edited:
                outcomes.append(TermOutcome(concept_id, st.surface, st.expected.text, "fixed",
                                            after_used or st.expected.text))
            else:
                outcomes.append(TermOutcome(concept_id, st.surface, st.expected.text, "unresolved",
                                            candidate=candidates.get(concept_id)))
        return SegmentResult(index, source, target, repaired, tuple(edits), tuple(outcomes))

    def _replace_wrong(self, span: TargetTerm, analysis: SegmentTerms, target: str,
                       bounds: tuple[int, int], *, current: bool = False) -> Edit | None:
        mentioned = analysis.mentioned
        # The wrong term's concept: one the source names, else the first reading.
        chosen = next((m for m in span.matches if m.concept.id in mentioned), span.matches[0])
        source_term = analysis.source_term(chosen.concept.id)
        if current and source_term is not None:
            expected = chosen.concept.preferred(self.to_code)
        elif source_term is not None and source_term.periods:
            expected = source_term.expected
        else:
            expected = replacement_term(chosen.concept, chosen.term, self.to_code)
        if expected is None:
            return None
        candidates = [f for m in span.matches if m.concept.id == chosen.concept.id for f in m.forms]
        form = self.morphology.form_in_context(candidates, target[max(0, span.start - _WINDOW):span.start],
                                               target[span.end:span.end + _WINDOW])
        after = self._inflect(expected, form)
        start, end, after = _absorb_repeats(target, span.start, span.end, after, bounds)
        after = _fit_case(target, start, target[start:end], after)
        start, after = self.morphology.fit_context(target, start, after)
        return Edit(start, end, target[start:end], after, chosen.concept.id, chosen.term.status,
                    str(form) if form is not None else "-",
                    f"the glossary marks {chosen.term.text!r} {chosen.term.status}; the source names "
                    f"{chosen.concept.id!r}")

    def _look_alike(self, span: TargetTerm, target: str, edits: Sequence[Edit]) -> list[Edit]:
        """A glossary term written with a look-alike letter of another script
        ("Сенaт" with a Latin "a") or an invisible character in or against
        it (a zero-width space, a bidi control): respelled with its own
        letters (:mod:`toolkit.script`). The matcher reads such text as the
        term, so without this it would pass as right."""
        if any(span.start < e.end and e.start < span.end for e in edits):
            return []
        start, end = span.start, span.end
        while start > 0 and invisible(target[start - 1]):
            start -= 1
        while end < len(target) and invisible(target[end]):
            end += 1
        before = target[start:end]
        after = _respelled(before, span.matches[0].term.text)
        if after == before:
            return []
        hidden = sorted({f"U+{ord(c):04X}" for c in before if invisible(c)})
        foreign = [c for c in clean_invisible(before) if c not in after]
        what = []
        if foreign:
            what.append("letter(s) of another script " + ", ".join(repr(c) for c in foreign))
        if hidden:
            what.append("invisible " + ", ".join(hidden))
        return [Edit(start, end, before, after, span.matches[0].concept.id, "look-alike", "-",
                     f"{before!r} looks like the term but has {' and '.join(what)}")]

    def _recapitalise(self, span: TargetTerm, analysis: SegmentTerms, target: str,
                      edits: Sequence[Edit]) -> list[Edit]:
        """The glossary's capitals for an approved term of a concept the source
        names ("Верховный суд" -> "Верховный Суд"); none at a sentence start
        for the first word, none in ALL CAPS text, none for a term next to a
        foreign state ("конституция Франции"), none for a lower-case word
        beside the concept's own renderings ("астана" the capital city)."""
        if any(span.start < e.end and e.start < span.end for e in edits):
            return []
        needed = {c.id: st for st in analysis.source_terms for c in st.concepts}
        terms = [m.term for m in span.matches if m.term.approved and m.concept.id in needed]
        if not terms or any(_same_capitals(span.surface, t.text) for t in terms):
            return []
        if _all_caps(span.surface) or foreign_context(target, span.start, span.end, self.to_code):
            return []
        concept_id = next(m.concept.id for m in span.matches if m.term is terms[0])
        st = needed[concept_id]
        renderings = analysis.counts.get(concept_id, 0) + sum(
            1 for _surface, term in analysis.dated.get(concept_id, ()) if not term.approved and st.accepts(term))
        if span.surface.islower() and renderings > len(st.matches):
            return []
        fixed = _capitals_of(span.surface, terms[0].text, keep_first=_at_sentence_start(target, span.start))
        if fixed is None or fixed == span.surface:
            return []
        return [Edit(span.start, span.end, span.surface, fixed, concept_id, "capitalisation", "-",
                     f"the glossary writes {terms[0].text!r}")]

    def _plural_term(self, span: TargetTerm, needed: dict, target: str, edits: Sequence[Edit]) -> Edit | None:
        """A term the glossary gives in the plural ("парламентские слушания")
        written in the singular: the plural, in the same case."""
        from ..morphology import Form

        if any(span.start < e.end and e.start < span.end for e in edits):
            return None
        for match in span.matches:
            if match.concept.id not in needed or not match.term.approved or match.term.number != "plural":
                continue
            if not match.forms or any(f.number != "sg" for f in match.forms):
                return None
            form = Form(match.forms[0].case, "pl", match.forms[0].possessive)
            after = _fit_case(target, span.start, span.surface, self._inflect(match.term, form))
            if after == span.surface:
                return None
            return Edit(span.start, span.end, span.surface, after, match.concept.id, "number", str(form),
                        f"the glossary gives {match.term.text!r} in the plural")
        return None

    def _swallowed(self, target: str, st: SourceTerm, analysis: SegmentTerms) -> Edit | None:
        """The concept's term is only inside a longer term of a concept the
        source does not name, as that term's head ("Курултай" inside
        "Национальный курултай"): another body was named; the whole span is
        replaced by the expected term in its form."""
        if analysis.counts.get(st.concept.id, 0) != 1 or st.concept.period is None:
            return None
        for span in analysis.target_terms:
            concepts = {m.concept.id for m in span.matches}
            if concepts & analysis.mentioned or not span.approved_concepts:
                continue
            # Only a body of another period (the National Kurultai for the
            # Kurultai that followed it), never a kind of the same thing
            # ("облыс әкімдері" for "akims").
            if not all(m.concept.period is not None and not m.concept.period.overlaps(st.concept.period)
                       for m in span.matches):
                continue
            words = list(re.finditer(r"[^\W\d_][\w-]*", span.surface))
            if len(words) < 2:
                continue
            head = words[self.morphology.head_index(span.surface)]
            inner = self.terminology.present(head.group())
            if st.concept.id not in inner:
                continue
            form = next((f for m in span.matches for f in m.forms[:1]), None)
            after = _fit_case(target, span.start, span.surface, self._inflect(st.expected, form))
            names = ", ".join(sorted(concepts))
            return Edit(span.start, span.end, span.surface, after, st.concept.id, "head-noun",
                        str(form) if form is not None else "-",
                        f"{span.surface!r} is the term of {names}, which the source does not name; "
                        f"its head noun is {st.concept.id!r}'s")
        return None

    def _complete_name(self, span: TargetTerm, needed: dict, target: str, edits: Sequence[Edit]) -> list[Edit]:
        """A person named by a right part of the name (the surname) and a
        misspelt rest: the rest respelled as the glossary has it."""
        for match in span.matches:
            st = needed.get(match.concept.id)
            if st is None or not match.term.approved or len(st.expected.text.split()) < 2:
                continue
            out = []
            for start, end, replacement in self.renderings.name_repairs(target, match, st.expected):
                if any(start < e.end and e.start < end for e in edits):
                    continue
                evidence = f"{target[start:end]!r} misspells the rest of {st.expected.text!r}"
                start, replacement = self.morphology.fit_context(target, start, replacement)  # "об Эрлане" -> "о Ерлане"
                out.append(Edit(start, end, target[start:end], replacement, match.concept.id, "name",
                                str(match.form) if match.form is not None else "-", evidence))
            if out:
                return out
        return []

    def _rendered_loosely(self, source: str, target: str, st: SourceTerm) -> bool:
        """True when the target renders the concept with the words of one of
        its approved terms in another construction: coordinated ("Костанайской
        и Павлодарской областей"), or as an adjective made from it ("районная
        газета" for "district newspaper", "Алма-Атинская декларация") — the
        sentence is right, there is nothing to replace. The adjective counts
        only where the source term modifies a noun too (see
        :meth:`~toolkit.morphology.base.Morphology.modifies_next_noun`), and
        is a common noun ("district") or names a place (a concept of
        :data:`PLACE_SUBJECTS`: "Shymkent residents"). For an owner or a
        subject ("the Government's plan", "The Government approved" as
        "правительственный план", "Правительственный комитет одобрил") and
        for the proper name of a body ("Government hour", "Senate
        committee" as "правительственный час", "сенатский комитет") the
        official name is lost, so the term is reported."""
        morphology = self.morphology
        source_morphology = self.source_morphology
        attributive = all(source_morphology.modifies_next_noun(source, m.end) and (
            not m.surface[:1].isupper() or m.concept.subject in PLACE_SUBJECTS) for m in st.matches)
        words = [w for w in re.findall(r"[^\W\d_][\w-]*", target)]
        lemmas = [set(morphology.lemmas(w)[:2]) for w in words]
        for concept in st.concepts:
            for term in concept.terms_in(self.to_code):
                if not term.approved and not (term.period is not None and st.accepts(term)):
                    continue
                content = [w for w in term.text.split() if w.casefold() not in morphology.function_words]
                if len(content) > 1:
                    if self._inflected_apart(words, lemmas, term.text.split()):
                        return True
                    continue
                if not attributive:
                    continue
                if any(morphology.made_from(word, content[0]) for word in words):
                    return True
        return False

    def _inflected_apart(self, words: list[str], lemmas: list[set], term: list[str]) -> bool:
        """True when ``words`` hold the term's words in order, next to each
        other, each a form of the term's word — only the head inflecting in
        a head-final language ("Костанайской и Павлодарской областей")."""
        morphology = self.morphology
        head = morphology.head_index(" ".join(term))
        wanted = [set(morphology.lemmas(w)[:1]) for w in term]
        for i in range(len(words) - len(term) + 1):
            ok = True
            for k, word in enumerate(term):
                if morphology.suffixing and k != head:
                    ok = words[i + k].casefold() == word.casefold()
                else:
                    ok = bool(wanted[k] & lemmas[i + k])
                if not ok:
                    break
            if ok:
                return True
        return False

    def _replace_rendering(self, source: str, target: str, st: SourceTerm, analysis: SegmentTerms,
                           taken: list[tuple[int, int]], settled: frozenset | set = frozenset()
                           ) -> tuple[Edit | None, str | None]:
        """Step 4 without a model: a near spelling, else the source term's
        words translated word for word (:mod:`toolkit.terms.equivalents`),
        else a noun phrase with the term's head noun. Returns the edit (when
        the evidence is clear) and the candidate text (when it is not)."""
        near = []
        for concept in st.concepts:
            near += self.renderings.near_spellings(target, concept, taken)
        near.sort(key=lambda r: r.distance)
        if near:
            best = near[0]
            if len(near) == 1 or near[1].distance > best.distance:
                return self._rendering_edit(target, st, best), None
            return None, target[best.start:best.end]
        equivalent, candidate = self._equivalent(source, target, st, analysis, taken, settled)
        if equivalent is not None or candidate is not None:
            return equivalent, candidate
        budget = len([w for w in re.findall(r"[^\W\d_][\w'’-]*", st.surface)
                      if w.casefold() not in self.source_morphology.function_words])
        heads = []
        for concept in st.concepts:
            heads += self.renderings.head_nouns(target, concept, budget, taken)
        # A span that is another concept's term the source does not name is
        # a rendering of this one as a whole ("Национальный курултай" for the Kurultai).
        whole = {(sp.start, sp.end) for sp in analysis.target_terms
                 if not {m.concept.id for m in sp.matches} & analysis.mentioned}
        # Another concept's approved term is never this one's rendering
        # ("Нижняя палата" is the Mazhilis even where the source says Senate);
        # a rendering may contain one ("заместителями министров").
        others = [(sp.start, sp.end) for sp in analysis.target_terms if sp.approved_concepts]
        heads = [r for r in heads if not any(a <= r.start and r.end <= b for a, b in others)]
        distinct = {(r.start, r.end) for r in heads}
        heads = [r for r in heads if not any(a <= r.start and r.end <= b and (a, b) != (r.start, r.end)
                                             for a, b in distinct)] or heads
        if not heads:
            return None, None
        spans = {(r.start, r.end) for r in heads}
        best = max(heads, key=lambda r: r.end - r.start)
        for a, b in whole:
            if a <= best.start and best.end <= b:
                best = Rendering(a, b, best.term, self.morphology.form_of_phrase(target[a:b]), best.kind,
                                 f"{target[a:b]!r} is the glossary's term of another concept the source "
                                 "does not name")
        if len(spans) > 1 or best.distance:
            return None, target[best.start:best.end]
        # (the units are only read for a language whose phrases end in their
        # head; made from every term of the glossary, so not for the others)
        start = (self.renderings.extend_over_units(target, best.start, self._units)
                 if self.morphology.suffixing else best.start)
        if start != best.start:
            best = Rendering(start, best.end, best.term, self.morphology.form_of_phrase(target[start:best.end]),
                             best.kind, best.evidence + f"; {target[start:best.start].strip()!r} belongs with it")
        return self._rendering_edit(target, st, best), None

    def _other_period(self, source: str, target: str, st: SourceTerm, analysis: SegmentTerms,
                      taken: list[tuple[int, int]]) -> Edit | None:
        """The target names, in the source term's place, the body of another
        time with the same subject field ("Мажилис" for the Kurultai in
        October 2026 news; "Курултай" for the Parliament in May 2025; the
        Ministry of Education and Science for the Ministry of Education in
        2024): a concept the source does not name, whose period excludes
        the dates the source gives for its events
        (:func:`toolkit.terms.evidence.event_periods`) or, without dates,
        does not overlap the source concept's period. Replaced when there is
        exactly one such span for the one occurrence."""
        concept = st.concept
        if len(st.matches) != 1 or not concept.subject:
            return None
        dates = event_periods(source)

        def of_another_time(other) -> bool:
            if other.period is None or other.subject != concept.subject:
                return False
            if dates:
                return not dated_within(other.period, dates)
            return concept.period is not None and not concept.period.overlaps(other.period)

        found = []
        for span in analysis.target_terms:
            if any(span.start < b and a < span.end for a, b in taken):
                continue
            matches = [m for m in span.matches if m.concept.id not in analysis.mentioned
                       and of_another_time(m.concept)]
            if matches and len(matches) == len(span.matches):
                found.append((span, matches[0]))
        if len(found) != 1:
            return None
        span, match = found[0]
        form = match.form
        after = _fit_case(target, span.start, span.surface, self._inflect(st.expected, form))
        if after == span.surface:
            return None
        return Edit(span.start, span.end, span.surface, after, concept.id, "period",
                    str(form) if form is not None else "-",
                    f"{span.surface!r} is the {match.concept.id} of {match.concept.period}; the source names "
                    f"the {concept.id}" + (f" in {', '.join(str(d.start) for d in dates)}" if dates else
                                           f" of {concept.period}"))

    def _equivalent(self, source: str, target: str, st: SourceTerm, analysis: SegmentTerms,
                    taken: list[tuple[int, int]], settled: frozenset | set = frozenset()
                    ) -> tuple[Edit | None, str | None]:
        """The rendering whose words translate the source term's
        (:meth:`toolkit.terms.equivalents.WordLinks.runs`): replaced when it
        is the only one (and not another concept's approved term, nor inside
        one), reported as the candidate when there are several. The words of
        source terms rendered already, or fixed in this pass (``settled``),
        make no target word ambiguous. A segment longer than
        :data:`_LONGEST_LINKED` characters is no sentence (a pasted page
        without breaks): its word links are not looked for (the term is
        reported), so the time stays linear."""
        if max(len(source), len(target)) > _LONGEST_LINKED:
            return None, None
        if self._links is None:
            from .equivalents import WordLinks

            self._links = WordLinks(self.glossary, self.source_morphology, self.morphology,
                                    self.from_code, self.to_code)
        occurrences = [(m.start, m.end) for m in st.matches]
        # Source words of terms the target renders already are accounted for:
        # "vice" of a rendered "vice minister" does not make "заместители" ambiguous.
        accounted = occurrences + [(m.start, m.end) for other in analysis.source_terms
                                   if other is not st and (analysis.rendering(other) or other.concept.id in settled)
                                   for m in other.matches]
        others = [(a, b) for a, b in ((sp.start, sp.end) for sp in analysis.target_terms if sp.approved_concepts)]
        corroborated = len(analysis.source_terms) > 1
        runs = [r for r in self._links.runs(source, occurrences[0], accounted, target, other_senses=corroborated,
                                            fixed=list(taken) + others)
                if not any(r.start < b and a < r.end for a, b in taken)
                and not any(a <= r.start and r.end <= b for a, b in others)]
        if runs and all(r.other_sense for r in runs):
            return None, _OTHER_SENSE
        runs = [r for r in runs if not r.other_sense]
        if not runs:
            return None, None
        if len(runs) > len(occurrences):
            return None, target[runs[0].start:runs[0].end]
        run = runs[0]
        text = target[run.start:run.end]
        rendering = Rendering(run.start, run.end, st.expected, self.morphology.form_at(target, run.start, run.end),
                              "equivalent",
                              f"{text!r} translates {st.surface!r} word for word: {run.evidence}")
        return self._rendering_edit(target, st, rendering), None

    def _rendering_edit(self, target: str, st: SourceTerm, rendering: Rendering) -> Edit | None:
        start, end = rendering.start, rendering.end
        before = target[start:end]
        if self._only_modifiers(before) and not self._only_modifiers(st.expected.text):
            return None  # an adjective ("правительственный час"): a noun term there breaks the sentence
        if any(invisible(c) for c in before):
            rendering = Rendering(start, end, rendering.term, rendering.form, "look-alike",
                                  f"{before!r} has invisible " + ", ".join(
                                      sorted({f"U+{ord(c):04X}" for c in before if invisible(c)})),
                                  rendering.distance)
        form = rendering.form
        if form is not None and form.possessive == "3" and self.morphology.compound_possessive(before, target[:start]):
            own = self.morphology.analyze(st.expected.text, st.expected.text)
            if not own or own[0].possessive is None:
                from dataclasses import replace as copy

                form = copy(form, possessive=None)  # the izafet's possessive, not the term's
        expected = st.expected
        if rendering.kind == "near-spelling" and not st.periods:
            if rendering.term.approved and rendering.term in st.concept.terms_in(self.to_code):
                expected = rendering.term  # a misspelt approved term: its own spelling
            else:
                expected = replacement_term(st.concept, rendering.term, self.to_code) or expected
        after = self._inflect(expected, form)
        after = _fit_case(target, start, before, after)
        if after == before:
            return None
        start, after = self.morphology.fit_context(target, start, after)
        return Edit(start, end, target[start:end], after, st.concept.id, rendering.kind,
                    str(form) if form is not None else "-", rendering.evidence)

    @property
    def _units(self) -> frozenset:
        """Pairs of lemmas of adjacent words in the target language's terms
        (word units such as "дауыс беру")."""
        if self._unit_cache is None:
            pairs = set()
            for concept in self.glossary:
                for term in concept.terms_in(self.to_code):
                    lemmas = [self.morphology.lemmas(w)[:1] for w in term.text.split()]
                    pairs.update((a[0], b[0]) for a, b in zip(lemmas, lemmas[1:]) if a and b)
            self._unit_cache = frozenset(pairs)
        return self._unit_cache

    def _agreement(self, target: str, edit: Edit, old: str) -> list[Edit]:
        """Words that agreed with the replaced noun and must follow the new one."""
        from ..morphology import Form

        try:
            form = Form.parse(edit.form) if edit.form != "-" else None
        except Exception:  # noqa: BLE001 - a form the morphology does not write
            form = None
        concept = self.glossary.get(edit.concept_id)
        grammar = (None, None)
        if concept is not None:
            term = next((t for t in concept.terms_in(self.to_code) if edit.after.casefold().startswith(
                t.text.split()[0].casefold()[:3])), None) or concept.preferred(self.to_code)
            if term is not None:
                grammar = (term.gender, term.number)
        out = []
        for start, end, replacement in self.morphology.agreement_edits(
                target, edit.start, edit.end, old, form, edit.after, grammar):
            out.append(Edit(start, end, target[start:end], replacement, edit.concept_id, "agreement",
                            edit.form, f"agrees with {edit.after!r} (was {old!r})"))
        return out

    def _replace_aligned(self, source: str, target: str, st: SourceTerm, aligner: Aligner,
                         edits: Sequence[Edit]) -> Edit | None:
        span = aligner(source, target, st)
        if span is None:
            return None
        from ..mt.align import widen_to_words

        start, end = widen_to_words(target, *span)
        if start >= end or any(start < e.end and e.start < end for e in edits):
            return None
        before = target[start:end]
        if self._only_modifiers(before) and not self._only_modifiers(st.expected.text):
            # The model made the term an adjective ("Government hour" ->
            # "правительственный час"): a noun term there breaks the sentence.
            return None
        form = self.morphology.form_of_phrase(before)
        after = self._inflect(st.expected, form)
        start, end, after = _absorb_repeats(target, start, end, after)
        after = _fit_case(target, start, target[start:end], after)
        return Edit(start, end, target[start:end], after, st.concept.id, "aligned",
                    str(form) if form is not None else "-", "the model's attention aligns it with the source term")

    def _derived_from(self, text: str, term: str) -> bool:
        """True when a word of ``text`` is made from the head noun of
        ``term`` by a derivational suffix ("правительственный",
        "Үкіметтік" from the Government, "Шымкенттіктер", people of
        Shymkent, see :meth:`~toolkit.morphology.base.Morphology.derived_adjective`):
        another word than the term, which no inflection of the term replaces."""
        morphology = self.morphology
        words = term.split()
        if not words:
            return False
        head = words[min(morphology.head_index(term), len(words) - 1)]
        return any(
            morphology.made_from(word, head) and not word.casefold().startswith(head.casefold() + "-")
            for word in re.findall(r"[^\W\d_][\w-]*", text))

    def _only_modifiers(self, text: str) -> bool:
        """True when every word of ``text`` can only be a modifier (see
        :meth:`toolkit.morphology.base.Morphology.is_modifier`)."""
        words = re.findall(r"\w[\w-]*", text)
        return bool(words) and all(self.morphology.is_modifier(word) for word in words)

    def _inflect(self, term: Term, form) -> str:
        if form is None:
            return term.text
        try:
            return self.morphology.inflect(term.text, form)
        except InputError:
            from ..morphology import Form

            try:  # the form may not exist in that number (a singulare tantum)
                return self.morphology.inflect(term.text, Form(form.case, None, form.possessive))
            except InputError:
                return term.text

    # -- many segments -----------------------------------------------------
    def enforce_all(self, sources: Sequence[str], targets: Sequence[str], *,
                    progress: Callable[[int], None] | None = None) -> EnforcementReport:
        """Enforce segment by segment.

        Args:
            sources, targets: aligned sequences of segments.
            progress: called with 1 after each segment.

        Raises:
            InputError: the sequences differ in length.
        """
        if len(sources) != len(targets):
            raise InputError(f"source has {len(sources)} segments but target has {len(targets)}")
        report = self.report()
        for i, (source, target) in enumerate(zip(sources, targets)):
            report.segments.append(self.enforce(source, target, index=i))
            if progress:
                progress(1)
        return report

    def postedit(self, *, engine=None, beam_size: int = 4) -> "PipelineEnforcement":
        """A post-editing hook for :func:`toolkit.mt.pipeline.translate_document`
        that enforces the glossary on every translated segment.

        Args:
            engine: the translation engine; when given, a term the model
                rendered its own way is found through the model's attention
                (:class:`toolkit.mt.align.AttentionAligner`) and replaced.
            beam_size (int): the beam used for the translation (re-decoding
                must reproduce it).

        Returns:
            PipelineEnforcement: call it with the segments; its ``report``
            holds the :class:`EnforcementReport` afterwards.
        """
        return PipelineEnforcement(self, engine, beam_size)

    def report(self) -> EnforcementReport:
        """An empty report carrying this enforcer's provenance."""
        return EnforcementReport([], self.signature)


class PipelineEnforcement:
    """The post-editing hook made by :meth:`Enforcer.postedit`.

    Attributes:
        report (EnforcementReport): filled when the hook has run; segment
            indexes are those of the document's sentences.
        wants_attention (bool): with an engine: the pipeline asks the model
            for attention in its one call and seeds the aligner with it
            (:meth:`seed`), so no sentence is decoded a second time. False:
            only the sentences with unresolved terms are decoded again, with
            attention, in one batched call. Measured on a model of realistic
            size, the second decode cost about half of the run and attention
            in the one call a few per cent (benchmarks/README.md).
    """

    def __init__(self, enforcer: Enforcer, engine, beam_size: int) -> None:
        self.enforcer = enforcer
        self.aligner = None
        if engine is not None:
            from ..mt.align import AttentionAligner

            self.aligner = AttentionAligner(engine, beam_size)
        self.wants_attention = self.aligner is not None
        self.report = enforcer.report()

    def seed(self, hypotheses: dict) -> None:
        """Keep the pipeline's hypotheses that have attention (source
        sentence -> :class:`toolkit.mt.engine.Hypothesis`), so the aligner need
        not decode those sentences again."""
        if self.aligner is not None:
            self.aligner.cache.update({source: h for source, h in hypotheses.items()
                                       if h.attention is not None})

    def __call__(self, segments: list) -> list:
        """Enforce on ``segments`` (:class:`toolkit.mt.pipeline.Segment`);
        returns them with targets rewritten. Untranslated segments (a bare
        number or URL) are passed through."""
        from dataclasses import replace

        results = {s.index: self.enforcer.enforce(s.source, s.target, index=s.index)
                   for s in segments if s.translated}
        if self.aligner is not None:
            # Only segments with unresolved terms need the model again: one batched call.
            retry = [s for s in segments if s.translated and results[s.index].unresolved]
            if retry:
                self.aligner.prefetch([s.source for s in retry])
                for s in retry:
                    results[s.index] = self.enforcer.enforce(s.source, s.target, index=s.index,
                                                             aligner=self.aligner)
        out = []
        for segment in segments:
            result = results.get(segment.index)
            if result is None:
                out.append(segment)
                continue
            self.report.segments.append(result)
            out.append(replace(segment, target=result.target) if result.changed else segment)
        return out


@functools.lru_cache(maxsize=65536)
def _respelled(surface: str, term: str) -> str:
    """``surface`` without invisible characters and, when ``term`` is
    written in one script, with its look-alike letters in that script
    (remembered: the same terms are met again and again)."""
    scripts = set(_scripts(term))
    after = clean_invisible(surface)
    if len(scripts) == 1:
        after = respell_in_script(after, scripts.pop())
    return after


@functools.lru_cache(maxsize=65536)
def _scripts(term: str) -> frozenset:
    """The scripts of the letters of ``term`` (:func:`toolkit.script.script_of`)."""
    return frozenset(script for script in map(_script_of_char, set(term)) if script)


@functools.lru_cache(maxsize=4096)
def _script_of_char(char: str) -> str | None:
    return script_of(char)


def _apply(text: str, edits: Iterable[Edit]) -> str:
    out, last = [], 0
    for edit in sorted(edits, key=lambda e: e.start):
        if edit.start < last:
            continue
        out.append(text[last:edit.start])
        out.append(edit.after)
        last = edit.end
    out.append(text[last:])
    return "".join(out)


def _words(text: str) -> list[str]:
    return re.findall(r"\w[\w-]*", text)


def _absorb_repeats(text: str, start: int, end: int, after: str,
                    bounds: tuple[int, int] | None = None) -> tuple[int, int, str]:
    """Extend ``[start, end)`` over words right after (before) it that repeat
    the last (first) words of the replacement ``after``, so nothing is
    doubled; never beyond ``bounds`` (the neighbouring terms)."""
    low, high = bounds if bounds is not None else (0, len(text))
    new_words = _words(after)
    if len(new_words) > 1:
        for k in range(len(new_words) - 1, 0, -1):
            tail = [fold(w) for w in new_words[-k:]]
            pattern = r"^(\s+" + r"\s+".join(r"(\w[\w-]*)" for _ in range(k)) + r")(?!\w)"
            found = re.match(pattern, text[end:end + _WINDOW * k])
            if found and end + len(found.group(1)) <= high and [fold(w) for w in found.groups()[1:]] == tail:
                end += len(found.group(1))
                break
        for k in range(len(new_words) - 1, 0, -1):
            head = [fold(w) for w in new_words[:k]]
            pattern = r"(?<!\w)" + r"\s+".join(r"(\w[\w-]*)" for _ in range(k)) + r"\s+$"
            offset = max(0, start - _WINDOW * k)
            found = re.search(pattern, text[offset:start])
            if found and offset + found.start() >= low and [fold(w) for w in found.groups()] == head:
                start = offset + found.start()
                break
    return start, end, after


def _fit_case(text: str, start: int, before: str, after: str) -> str:
    """``after`` (the replacement of ``before`` at ``start``) in capitals when
    ``before`` was (a headline), with a capital first letter at a sentence
    start (also after an opening quote) when ``before`` had one."""
    if _all_caps(before):
        return after.upper()
    if _at_sentence_start(text, start) and before[:1].isupper() and after[:1].islower():
        return after[:1].upper() + after[1:]
    return after


def _disjoint(edits: list[Edit]) -> list[Edit]:
    """The edits in text order, dropping any that overlaps one kept before
    it (edits are made in order of priority)."""
    kept: list[Edit] = []
    for edit in edits:
        if not any(edit.start < k.end and k.start < edit.end for k in kept):
            kept.append(edit)
    return sorted(kept, key=lambda e: e.start)


def _at_sentence_start(text: str, start: int) -> bool:
    """True when nothing but opening quotes, dashes and spaces stand between
    ``start`` and the start of the text or of a sentence (after ``. ! ? …
    :``)."""
    before = text[max(0, start - _WINDOW):start].rstrip(" \t\u00a0«“„\"'([—–-")
    if not before.strip():
        return start <= _WINDOW or not text[:start].strip(" \t\u00a0«“„\"'([—–-")
    return before[-1] in ".!?…:"


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


_PARTS = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=65536)
def _same_capitals(surface: str, term: str) -> bool:
    """Whether each word (and hyphen part) of ``surface`` starts with a capital
    exactly where ``term``'s does."""
    a, b = _PARTS.findall(surface), _PARTS.findall(term)
    return len(a) == len(b) and all(x[:1].isupper() == y[:1].isupper() for x, y in zip(a, b))


def _capitals_of(surface: str, term: str, *, keep_first: bool) -> str | None:
    """``surface`` with the initial capitals of ``term``'s words (the
    first word keeps a capital at a sentence start); None when the words do
    not correspond one to one."""
    parts = list(_PARTS.finditer(surface))
    model = _PARTS.findall(term)
    if len(parts) != len(model):
        return None
    out = list(surface)
    for k, (part, word) in enumerate(zip(parts, model)):
        first = part.start()
        want_upper = word[:1].isupper() or (k == 0 and keep_first and surface[first].isupper())
        out[first] = out[first].upper() if want_upper else out[first].lower()
    return "".join(out)


def _current_occurrences(analysis: SegmentTerms) -> set:
    """Target spans of a dated name that pair, in order, with an occurrence
    of the current name in the source ("In 2020 Nur-Sultan..., today
    Astana": the second "Нұр-Сұлтан" of the target should be "Астана")."""
    out = set()
    for st in analysis.source_terms:
        if not st.periods or len(st.periods) == len(st.matches):
            continue
        ids = {c.id for c in st.concepts}
        occurrences = [span for span in analysis.target_terms if {m.concept.id for m in span.matches} & ids]
        for match, span in zip(st.matches, occurrences):
            if match.term.period is None and span.wrong:
                out.add(span)
    return out


def _outdated(span: TargetTerm, analysis: SegmentTerms, current: set) -> bool:
    return bool(current) and span in current  # (hashing a span hashes all its matches: not for nothing)


def _in_original(found: list[Edit], earlier: list[Edit], original: str, staged: str) -> list[Edit]:
    """Edits made on ``staged`` (``original`` with the ``earlier`` edits
    applied) moved to offsets of ``original``. One that covers whole earlier
    edits takes them in (a rendering that contains a respelled word,
    "Мәжіліс орынбасарлары" made of "Мажилис орынбасарлары": the earlier
    ones are dropped from ``earlier``, in place); one that cuts into an
    earlier edit is dropped (the earlier one stands)."""
    out = []
    for edit in found:
        shift_start = shift_end = 0
        clash = False
        inside: list[Edit] = []
        for done in earlier:  # in text order, disjoint
            new_start = done.start + shift_end
            new_end = new_start + len(done.after)
            delta = len(done.after) - (done.end - done.start)
            if new_end <= edit.start:
                shift_start += delta
                shift_end += delta
            elif edit.start <= new_start and new_end <= edit.end and done.reason != "agreement":
                inside.append(done)
                shift_end += delta
            elif edit.start < new_end and new_start < edit.end:
                clash = True
                break
        if clash:
            continue
        start, end = edit.start - shift_start, edit.end - shift_end
        if inside:
            edit = replace(edit, before=original[start:end])
        elif original[start:end] != edit.before:
            continue
        for done in inside:
            earlier.remove(done)
        out.append(replace(edit, start=start, end=end))
    return out
