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
from dataclasses import replace
from typing import Callable, Iterable, Sequence

from ..errors import InputError
from ..langtags import normalize_tag
from ..script import clean_invisible, invisible, respell_in_script, script_of
from ..signature import Signature
from ..termbase.model import Glossary, Term
from .analysis import (
    SegmentTerms,
    SourceTerm,
    TargetTerm,
    Terminology,
    is_wrong,
    replacement_term,
)
from .evidence import foreign_context
from .postedit import PipelineEnforcement
from .renderings import Renderings
from .results import Edit, EnforcementReport, SegmentResult, TermOutcome
from .spans import WINDOW, absorb_repeats, all_caps, at_sentence_start, fit_case
from .unlisted import OTHER_SENSE, UnlistedRenderings

__all__ = ["Edit", "TermOutcome", "SegmentResult", "EnforcementReport", "Enforcer", "Aligner",
           "PipelineEnforcement"]

#: ``aligner(source, target, source_term) -> (start, end) | None``: the span
#: of ``target`` that renders the first occurrence of ``source_term``.
Aligner = Callable[[str, str, SourceTerm], "tuple[int, int] | None"]





class Enforcer(UnlistedRenderings):
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
                if candidate is OTHER_SENSE:
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
        form = self.morphology.form_in_context(candidates, target[max(0, span.start - WINDOW):span.start],
                                               target[span.end:span.end + WINDOW])
        after = self._inflect(expected, form)
        start, end, after = absorb_repeats(target, span.start, span.end, after, bounds)
        after = fit_case(target, start, target[start:end], after)
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
        if all_caps(span.surface) or foreign_context(target, span.start, span.end, self.to_code):
            return []
        concept_id = next(m.concept.id for m in span.matches if m.term is terms[0])
        st = needed[concept_id]
        renderings = analysis.counts.get(concept_id, 0) + sum(
            1 for _surface, term in analysis.dated.get(concept_id, ()) if not term.approved and st.accepts(term))
        if span.surface.islower() and renderings > len(st.matches):
            return []
        fixed = _capitals_of(span.surface, terms[0].text, keep_first=at_sentence_start(target, span.start))
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
            after = fit_case(target, span.start, span.surface, self._inflect(match.term, form))
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
            after = fit_case(target, span.start, span.surface, self._inflect(st.expected, form))
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


def _disjoint(edits: list[Edit]) -> list[Edit]:
    """The edits in text order, dropping any that overlaps one kept before
    it (edits are made in order of priority)."""
    kept: list[Edit] = []
    for edit in edits:
        if not any(edit.start < k.end and k.start < edit.end for k in kept):
            kept.append(edit)
    return sorted(kept, key=lambda e: e.start)


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
