"""Terminology QA of existing translations (``atau check``): nothing is
changed, problems are reported.

One function per check, each yielding :class:`Finding` records for a
segment pair; :func:`check_segments` collects them (as babel's catalog
checkers are collected per message).

Checks:

* ``missing`` — the source names a concept, and no approved target term of
  it (preferred or admitted, in any inflected form) is in the target (and
  no wrong term of it either: that is reported as such);
* ``forbidden`` / ``deprecated`` — a forbidden term is used, or a deprecated
  term of a concept the source names;
* ``admitted`` (only with ``strict``) — an admitted term is used where the
  concept has a preferred one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

from ..errors import InputError
from ..findings import Finding
from ..langtags import normalize_tag
from ..signature import Signature
from ..termbase.model import Glossary
from .analysis import SegmentTerms, Terminology, is_wrong, replacement_term

__all__ = ["CheckReport", "check_segments", "CHECKS"]


def _finding(index: int, code: str, concept_id: str, expected: str, found: str | None = None,
             span: tuple[int, int] | None = None, source: str | None = None,
             alternatives: tuple[str, ...] = ()) -> Finding:
    """A terminology finding: ``code`` is ``missing``, ``forbidden``,
    ``deprecated`` or ``admitted``; the data holds ``expected`` (the
    preferred target term), ``found`` (the offending target text), ``span``
    (its offsets in the target), ``source`` (how the source names the
    concept) and ``alternatives`` (preferred terms of other concepts the
    same source term may name: any one will do)."""
    if code == "missing":
        options = " or ".join(repr(t) for t in (expected, *alternatives))
        message = f"missing {options} for {source!r}"
    else:
        message = f"{code} term {found!r}: use {expected!r}"
    return Finding(code, message, "warning" if code == "admitted" else "error", index + 1, index, concept_id,
                   {"expected": expected, "found": found, "span": span, "source": source,
                    "alternatives": alternatives})


def _missing(index: int, terms: SegmentTerms, lang: str) -> Iterator[Finding]:
    # A concept rendered with a wrong term is reported by _wrong alone.
    rendered_wrongly = {m.concept.id for span in terms.target_terms if is_wrong(span, terms)
                        for m in span.matches}
    for st in terms.source_terms:
        if not terms.rendering(st) and not any(c.id in rendered_wrongly for c in st.concepts):
            others = tuple(dict.fromkeys(c.preferred(lang).text for c in st.alternatives
                                         if c.preferred(lang) is not None and c.preferred(lang).text != st.expected.text))
            yield _finding(index, "missing", st.concept.id, st.expected.text, source=st.surface,
                           alternatives=others)


def _wrong(index: int, terms: SegmentTerms, lang: str) -> Iterator[Finding]:
    needed = {st.concept.id: st for st in terms.source_terms}
    for span in terms.target_terms:
        if not is_wrong(span, terms):
            continue
        match = next((m for m in span.matches if m.concept.id in terms.mentioned), span.matches[0])
        expected = replacement_term(match.concept, match.term, lang)
        source = needed[match.concept.id].surface if match.concept.id in needed else None
        yield _finding(index, match.term.status, match.concept.id, expected.text if expected else "",
                       span.surface, (span.start, span.end), source)


def _admitted(index: int, terms: SegmentTerms, lang: str) -> Iterator[Finding]:
    for span in terms.target_terms:
        for match in span.matches:
            preferred = match.concept.preferred(lang)
            if match.term.status == "admitted" and preferred is not None and preferred.status == "preferred":
                if any(m.term.status == "preferred" for m in span.matches):
                    continue
                yield _finding(index, "admitted", match.concept.id, preferred.text, span.surface,
                               (span.start, span.end))
                break


#: The default checks, in report order; ``strict`` adds :func:`_admitted`.
CHECKS: tuple[Callable[[int, SegmentTerms, str], Iterator[Finding]], ...] = (_missing, _wrong)


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
    terminology = Terminology(glossary, from_code, to_code)
    lang = normalize_tag(to_code)
    checks = CHECKS + ((_admitted,) if strict else ())
    report = CheckReport(segments=len(sources), signature=Signature(
        normalize_tag(from_code), lang, glossary.fingerprint(), settings={"strict": strict}))
    for index, (source, target) in enumerate(zip(sources, targets)):
        terms = terminology.analyze(source, target)
        report.terms += len(terms.source_terms)
        for check in checks:
            report.findings.extend(check(index, terms, lang))
        if progress:
            progress(1)
    return report
