"""Terminology QA of existing translations (``atau check``): nothing is
changed, problems are reported.

A check sees what enforcement would fix (:mod:`toolkit.terms.enforce` is run
on each segment pair, its edits are reported, not applied), so QA and
enforcement never disagree. One function per check, each yielding
:class:`~toolkit.findings.Finding` records for a segment; :func:`check_segments`
collects them (as babel's catalog checkers are collected per message).

Checks (finding codes):

* ``forbidden`` / ``deprecated`` — a forbidden or deprecated term of a
  concept the source names;
* ``capitalisation`` — an approved term written with other capitals than
  the glossary's inside a sentence;
* ``name`` — a person's name with a misspelt part;
* ``misrendered`` — a rendering the glossary does not list, found as a near
  spelling, as the source term's words translated word for word
  (:mod:`toolkit.terms.equivalents`) or as a noun phrase with the term's
  head noun;
* ``number`` — a term the glossary gives in the plural written in the singular;
* ``period`` — the name of a body of another time in the source term's
  place (the Mazhilis in October 2026 news that names the Kurultai);
* ``look-alike`` — a term written with a letter of another script that looks
  the same ("Сенaт" with a Latin "a") or with an invisible character;
* ``missing`` — the source names a concept and no approved target term of it
  is in the target (nor a rendering clear enough to replace; the probable
  candidate is in the data);
* ``admitted`` (only with ``strict``) — an admitted term where the concept
  has a preferred one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

from ..errors import InputError
from ..findings import Finding
from ..langtags import normalize_tag
from ..signature import Signature
from ..termbase.model import Glossary
from .analysis import SegmentTerms

__all__ = ["CheckReport", "check_segments", "CHECKS"]

_MESSAGES = {
    "deprecated": "deprecated term {found!r}: use {expected!r}",
    "forbidden": "forbidden term {found!r}: use {expected!r}",
    "capitalisation": "capitalisation of {found!r}: the glossary writes {expected!r}",
    "name": "misspelt name {found!r}: write {expected!r}",
    "misrendered": "{found!r} renders {source!r}: use {expected!r}",
    "number": "{found!r}: the glossary uses the plural, {expected!r}",
    "period": "{found!r} is the name of another time: use {expected!r} for {source!r}",
    "look-alike": "{found!r} is written with look-alike or invisible characters: write {expected!r}",
}
_CODES = {"deprecated": "deprecated", "forbidden": "forbidden", "capitalisation": "capitalisation",
          "name": "name", "near-spelling": "misrendered", "head-noun": "misrendered", "aligned": "misrendered",
          "equivalent": "misrendered", "period": "period",
          "number": "number", "look-alike": "look-alike"}


def _finding(index: int, code: str, concept_id: str, expected: str, found: str | None = None,
             span: tuple[int, int] | None = None, source: str | None = None,
             alternatives: tuple[str, ...] = (), **extra) -> Finding:
    """A terminology finding (see the module docstring for the codes); the
    data holds ``expected`` (the target text to use), ``found`` (the
    offending target text), ``span`` (its offsets in the target),
    ``source`` (how the source names the concept), ``alternatives``
    (preferred terms of other concepts the same source term may name: any
    one will do) and what the check adds (``evidence``, ``candidate``)."""
    if code == "missing":
        options = " or ".join(repr(t) for t in (expected, *alternatives))
        message = f"missing {options} for {source!r}"
        if extra.get("candidate"):
            message += f" (probably rendered as {extra['candidate']!r})"
    elif code == "admitted":
        message = f"admitted term {found!r}: the preferred term is {expected!r}"
    else:
        message = _MESSAGES[code].format(found=found, expected=expected, source=source)
    return Finding(code, message, "warning" if code == "admitted" else "error", index + 1, index, concept_id,
                   {"expected": expected, "found": found, "span": span, "source": source,
                    "alternatives": alternatives, **extra})


def _edits(index: int, result, terms: SegmentTerms, lang: str) -> Iterator[Finding]:
    sources = {c.id: st.surface for st in terms.source_terms for c in st.concepts}
    for edit in result.edits:
        code = _CODES.get(edit.reason)
        if code is None:
            continue  # agreement follows from another edit
        yield _finding(index, code, edit.concept_id, edit.after, edit.before, (edit.start, edit.end),
                       sources.get(edit.concept_id), evidence=edit.evidence)


def _missing(index: int, result, terms: SegmentTerms, lang: str) -> Iterator[Finding]:
    by_id = {st.concept.id: st for st in terms.source_terms}
    for outcome in result.unresolved:
        st = by_id[outcome.concept_id]
        others = tuple(dict.fromkeys(c.preferred(lang).text for c in st.alternatives
                                     if c.preferred(lang) is not None and c.preferred(lang).text != st.expected.text))
        yield _finding(index, "missing", st.concept.id, st.expected.text, source=st.surface,
                       alternatives=others, candidate=outcome.candidate)


def _admitted(index: int, result, terms: SegmentTerms, lang: str) -> Iterator[Finding]:
    edited = [(e.start, e.end) for e in result.edits]
    for span in terms.target_terms:
        if any(span.start < b and a < span.end for a, b in edited):
            continue
        for match in span.matches:
            preferred = match.concept.preferred(lang)
            if match.term.status == "admitted" and preferred is not None and preferred.status == "preferred":
                if any(m.term.status == "preferred" for m in span.matches):
                    continue
                yield _finding(index, "admitted", match.concept.id, _inflected(preferred.text, match, lang),
                               span.surface, (span.start, span.end))
                break


def _inflected(term: str, match, lang: str) -> str:
    """``term`` in the form of the admitted term found (``match``): the
    suggestion fits the sentence, as enforcement's replacements do
    ('Токаевым' -> 'Касым-Жомартом Токаевым'); the term itself when the
    form is unknown or the term has none."""
    from ..errors import InputError
    from ..morphology import get_morphology

    forms = getattr(match, "forms", ()) or ()
    if not forms:
        return term
    try:
        return get_morphology(lang).inflect(term, forms[0])
    except (InputError, ValueError, KeyError):
        return term


#: The default checks, in report order: ``check(index, enforcement result,
#: term analysis, target language) -> Iterator[Finding]``; ``strict`` adds
#: :func:`_admitted`.
CHECKS: tuple[Callable[..., Iterator[Finding]], ...] = (_missing, _edits)


@dataclass
class CheckReport:
    """Findings over many segments, with provenance.

    Attributes:
        findings (list[Finding]): in segment order; ``line`` is the segment's
            index + 1 (the line of a line-aligned file).
        segments (int): segments checked.
        terms (int): source concept occurrences (per segment) seen.
        signature (Signature | None): the direction, the glossary's SHA-256
            and ``strict``.
    """

    findings: list[Finding] = field(default_factory=list)
    segments: int = 0
    terms: int = 0
    signature: Signature | None = None

    def to_dict(self) -> dict:
        kinds: dict[str, int] = {}
        for f in self.findings:
            kinds[f.code] = kinds.get(f.code, 0) + 1
        return {"signature": self.signature.to_dict() if self.signature else None,
                "summary": {"segments": self.segments, "terms": self.terms,
                            "findings": len(self.findings), **kinds},
                "findings": [f.to_dict() for f in self.findings]}


def check_segments(glossary: Glossary, sources: Sequence[str], targets: Sequence[str],
                   from_code: str, to_code: str, *, strict: bool = False,
                   progress: Callable[[int], None] | None = None) -> CheckReport:
    """Check aligned segments against the glossary.

    Args:
        glossary: the termbase.
        sources, targets: aligned segments (same length).
        from_code, to_code: BCP 47 tags.
        strict (bool): also report admitted terms used instead of preferred ones.
        progress: called with 1 per segment.

    Returns:
        CheckReport: empty ``findings`` when everything is right.

    Raises:
        InputError: the sequences differ in length.
    """
    if len(sources) != len(targets):
        raise InputError(f"source has {len(sources)} segments but target has {len(targets)}")
    from .enforce import Enforcer

    enforcer = Enforcer(glossary, from_code, to_code)
    lang = normalize_tag(to_code)
    checks = CHECKS + ((_admitted,) if strict else ())
    report = CheckReport(segments=len(sources), signature=Signature(
        normalize_tag(from_code), lang, glossary.fingerprint(), settings={"strict": strict}))
    for index, (source, target) in enumerate(zip(sources, targets)):
        terms = enforcer.terminology.analyze(source, target)
        result = enforcer.enforce(source, target, index=index)
        report.terms += len(terms.source_terms)
        for check in checks:
            report.findings.extend(check(index, result, terms, lang))
        if progress:
            progress(1)
    return report
