"""Glossary enforcement: put the preferred term, correctly inflected, into a
translation, and say what was changed and what could not be fixed.

Repairs, in this order (for one segment):

1. A forbidden term is in the target, or a deprecated term of a concept that
   the source names (a deprecated term may be right for something else:
   "губернатор" of a US state is not an akim) → it is
   replaced by the concept's preferred term **inflected to the grammatical
   form of what it replaces** (case, number, Kazakh possessive), keeping a
   sentence-initial capital and all-capitals headlines. If the words right
   after (or before) the replaced span repeat the end (or start) of the
   replacement, they are absorbed, so nothing is doubled
   ("Этническая ассамблея Казахстана" → "Ассамблея народа Казахстана").
2. A concept named in the source has no approved term in the target, and an
   *aligner* is given (inside ``atau translate``: the model's attention) →
   the aligned target words are replaced by the preferred term in their form.
3. Otherwise the term is reported as unresolved; the text is left alone.

Text that already uses an approved term (preferred or admitted, in any
inflected form) is never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from ..errors import InputError
from ..langtags import normalize_tag
from ..signature import Signature
from ..termbase.model import Glossary, Term, fold
from .evidence import foreign_context
from .analysis import SegmentTerms, SourceTerm, TargetTerm, Terminology, is_wrong, replacement_term

__all__ = ["Edit", "TermOutcome", "SegmentResult", "EnforcementReport", "Enforcer", "Aligner",
           "PipelineEnforcement"]

#: ``aligner(source, target, source_term) -> (start, end) | None``: the span
#: of ``target`` that renders the first occurrence of ``source_term``.
Aligner = Callable[[str, str, SourceTerm], "tuple[int, int] | None"]

# How far around a replaced span the context rules look (characters), so a
# huge one-line input costs linear time.
_WINDOW = 64

_SENTENCE_END = re.compile(r"[.!?…:;]\s*[\"'«»“”()\[\]]*\s*$")


@dataclass(frozen=True)
class Edit:
    """One change made to a target segment.

    Attributes:
        start (int), end (int): the replaced span in the *original* target.
        before (str): the text replaced.
        after (str): the text put in.
        concept_id (str): the concept concerned.
        reason (str): ``"deprecated"``, ``"forbidden"`` (a wrong term was
            replaced) or ``"aligned"`` (the model's rendering was replaced).
        form (str): the grammatical form used, e.g. ``"dat.sg"`` (``"-"``
            when unknown).
    """

    start: int
    end: int
    before: str
    after: str
    concept_id: str
    reason: str
    form: str = "-"

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "before": self.before, "after": self.after,
                "concept": self.concept_id, "reason": self.reason, "form": self.form}


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
    """

    concept_id: str
    source: str
    expected: str
    status: str
    found: str | None = None

    def to_dict(self) -> dict:
        return {"concept": self.concept_id, "source": self.source, "expected": self.expected,
                "status": self.status, "found": self.found}


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

    # -- one segment -------------------------------------------------------
    def enforce(self, source: str, target: str, *, index: int = 0,
                aligner: Aligner | None = None) -> SegmentResult:
        """Enforce the glossary on one segment pair (see the module docstring).

        Args:
            source (str): the source segment.
            target (str): its translation.
            index (int): the segment's position, copied into the result.
            aligner (Aligner | None): finds the model's rendering of a source
                term, for step 2.

        Returns:
            SegmentResult: the repaired target, the edits and one outcome per
            source concept.
        """
        analysis = self.terminology.analyze(source, target)
        needed = {st.concept.id: st for st in analysis.source_terms}
        edits: list[Edit] = []
        spans = analysis.target_terms
        for k, span in enumerate(spans):
            if is_wrong(span, analysis) and not foreign_context(target, span.start, span.end, self.to_code):
                # The span may grow over repeated words, never into its neighbours.
                bounds = (spans[k - 1].end if k else 0, spans[k + 1].start if k + 1 < len(spans) else len(target))
                edit = self._replace_wrong(span, analysis.mentioned, target, bounds)
                if edit is not None:
                    edits.append(edit)
        if aligner is not None:
            missing = [st for st in needed.values() if not analysis.rendering(st)
                       and not any(e.concept_id in {c.id for c in st.concepts} for e in edits)]
            for st in missing:
                edit = self._replace_aligned(source, target, st, aligner, edits)
                if edit is not None:
                    edits.append(edit)
        edits.sort(key=lambda e: e.start)
        repaired = _apply(target, edits)
        after = (SegmentTerms((), (), analysis.mentioned, self.terminology.present(repaired))
                 if edits else analysis)
        outcomes = []
        for concept_id, st in needed.items():
            before_used, after_used = analysis.rendering(st), after.rendering(st)
            if before_used:
                outcomes.append(TermOutcome(concept_id, st.surface, st.expected.text, "ok", before_used))
            elif after_used:
                outcomes.append(TermOutcome(concept_id, st.surface, st.expected.text, "fixed", after_used))
            else:
                outcomes.append(TermOutcome(concept_id, st.surface, st.expected.text, "unresolved"))
        return SegmentResult(index, source, target, repaired, tuple(edits), tuple(outcomes))

    def _replace_wrong(self, span: TargetTerm, mentioned, target: str,
                       bounds: tuple[int, int]) -> Edit | None:
        # The wrong term's concept: one the source names, else the first reading.
        chosen = next((m for m in span.matches if m.concept.id in mentioned), span.matches[0])
        expected = replacement_term(chosen.concept, chosen.term, self.to_code)
        if expected is None:
            return None
        candidates = [f for m in span.matches if m.concept.id == chosen.concept.id for f in m.forms]
        form = self.morphology.form_in_context(candidates, target[max(0, span.start - _WINDOW):span.start])
        after = self._inflect(expected, form)
        start, end, after = _absorb_repeats(target, span.start, span.end, after, bounds)
        after = _fit_case(target, start, target[start:end], after)
        start, after = self.morphology.fit_context(target, start, after)
        return Edit(start, end, target[start:end], after, chosen.concept.id, chosen.term.status,
                    str(form) if form is not None else "-")

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
                    str(form) if form is not None else "-")

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
    """

    def __init__(self, enforcer: Enforcer, engine, beam_size: int) -> None:
        self.enforcer = enforcer
        self.aligner = None
        if engine is not None:
            from ..mt.align import AttentionAligner

            self.aligner = AttentionAligner(engine, beam_size)
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
    letters = [c for c in before if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return after.upper()
    before_text = text[max(0, start - _WINDOW):start]
    at_start = ((not before_text.strip() and (start <= _WINDOW or not text[:start].strip()))
                or bool(_SENTENCE_END.search(before_text)))
    if at_start and before[:1].isupper() and after[:1].islower():
        return after[:1].upper() + after[1:]
    return after
