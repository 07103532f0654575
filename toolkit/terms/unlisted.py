"""Step 4 of enforcement, renderings nobody listed: when the source names a
concept and no approved target term is there, the span that renders it —
a near spelling, the source term's words translated word for word
(:mod:`toolkit.terms.equivalents`), a noun phrase with the term's head noun
(:mod:`toolkit.terms.renderings`), the model's attention, or the name of
the same body in another period — is replaced when the evidence is clear
and reported with its candidate when it is not. Also what is *not* a
rendering to replace: an adjective made from the term, a coordination of
its words, a word derived from its noun.

:class:`UnlistedRenderings` is a part of :class:`toolkit.terms.enforce.Enforcer`
(its attributes: ``glossary``, ``from_code``, ``to_code``, ``morphology``,
``source_morphology``, ``renderings``, and the methods ``_inflect`` and
``_agreement``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

from ..script import invisible
from .analysis import replacement_term
from .evidence import dated_within, event_periods
from .renderings import Rendering
from .results import Edit
from .spans import absorb_repeats, fit_case

if TYPE_CHECKING:
    from .analysis import SegmentTerms, SourceTerm
    from .enforce import Aligner

__all__ = ["UnlistedRenderings", "PLACE_SUBJECTS", "OTHER_SENSE"]

#: What :meth:`UnlistedRenderings._equivalent` returns as the candidate when
#: the target renders the source word in another sense than the glossary's.
OTHER_SENSE = "\x00other sense"
#: Subject fields (TBX ``subjectField``) of concepts that are places: an
#: adjective made from a place's name renders it ("Алматинская декларация",
#: "Шымкенттіктер"), one made from a body's name does not.
PLACE_SUBJECTS = frozenset({"administrative-division", "geography", "place", "places", "city", "region"})
#: Characters of a segment beyond which word links are not looked for
#: (see :meth:`UnlistedRenderings._equivalent`): about 500 words.
_LONGEST_LINKED = 4000


class UnlistedRenderings:
    """The search for renderings nobody listed (see the module docstring)."""

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
        after = fit_case(target, span.start, span.surface, self._inflect(st.expected, form))
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
            return None, OTHER_SENSE
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
        after = fit_case(target, start, before, after)
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
        start, end, after = absorb_repeats(target, start, end, after)
        after = fit_case(target, start, target[start:end], after)
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
