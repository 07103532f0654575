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

from .. import __version__
from ..errors import InputError
from ..langtags import normalize_tag
from ..termbase.model import Glossary
from .analysis import SegmentTerms, Terminology, is_wrong, replacement_term

__all__ = ["Finding", "CheckReport", "check_segments", "CHECKS"]


@dataclass(frozen=True)
class Finding:
    """One terminology problem in one segment.

    Attributes:
        index (int): 0-based segment index (``line = index + 1`` for
            line-aligned files).
        kind (str): ``missing``, ``forbidden``, ``deprecated`` or ``admitted``.
        concept_id (str): the concept concerned.
        expected (str): the preferred target term.
        found (str | None): the offending target text (None for ``missing``).
        start (int | None), end (int | None): its offsets in the target.
        source (str | None): how the source names the concept, if it does.
        alternatives (tuple[str, ...]): preferred terms of other concepts the
            same source term may name (an ambiguous term); any one will do.
    """

    index: int
    kind: str
    concept_id: str
    expected: str
    found: str | None = None
    start: int | None = None
    end: int | None = None
    source: str | None = None
    alternatives: tuple[str, ...] = ()

    @property
    def line(self) -> int:
        return self.index + 1

    @property
    def message(self) -> str:
        if self.kind == "missing":
            options = " or ".join(repr(t) for t in (self.expected, *self.alternatives))
            return f"missing {options} for {self.source!r}"
        return f"{self.kind} term {self.found!r}: use {self.expected!r}"

    def to_dict(self) -> dict:
        return {"line": self.line, "kind": self.kind, "concept": self.concept_id,
                "expected": self.expected, "found": self.found, "start": self.start,
                "end": self.end, "source": self.source, "alternatives": list(self.alternatives),
                "message": self.message}


def _missing(index: int, terms: SegmentTerms, lang: str) -> Iterator[Finding]:
    # A concept rendered with a wrong term is reported by _wrong alone.
    rendered_wrongly = {m.concept.id for span in terms.target_terms if is_wrong(span, terms.mentioned)
                        for m in span.matches}
    for st in terms.source_terms:
        if not terms.rendering(st) and not any(c.id in rendered_wrongly for c in st.concepts):
            others = tuple(dict.fromkeys(c.preferred(lang).text for c in st.alternatives
                                         if c.preferred(lang) is not None and c.preferred(lang).text != st.expected.text))
            yield Finding(index, "missing", st.concept.id, st.expected.text, source=st.surface,
                          alternatives=others)


def _wrong(index: int, terms: SegmentTerms, lang: str) -> Iterator[Finding]:
    needed = {st.concept.id: st for st in terms.source_terms}
    for span in terms.target_terms:
        if not is_wrong(span, terms.mentioned):
            continue
        match = next((m for m in span.matches if m.concept.id in terms.mentioned), span.matches[0])
        expected = replacement_term(match.concept, match.term, lang)
        source = needed[match.concept.id].surface if match.concept.id in needed else None
        yield Finding(index, match.term.status, match.concept.id, expected.text if expected else "",
                      span.surface, span.start, span.end, source)


def _admitted(index: int, terms: SegmentTerms, lang: str) -> Iterator[Finding]:
    for span in terms.target_terms:
        for match in span.matches:
            preferred = match.concept.preferred(lang)
            if match.term.status == "admitted" and preferred is not None and preferred.status == "preferred":
                if any(m.term.status == "preferred" for m in span.matches):
                    continue
                yield Finding(index, "admitted", match.concept.id, preferred.text, span.surface,
                              span.start, span.end)
                break


#: The default checks, in report order; ``strict`` adds :func:`_admitted`.
CHECKS: tuple[Callable[[int, SegmentTerms, str], Iterator[Finding]], ...] = (_missing, _wrong)


@dataclass
class CheckReport:
    """Findings over many segments, with provenance.

    Attributes:
        findings (list[Finding]): in segment order.
        segments (int): segments checked.
        terms (int): source concept occurrences (per segment) seen.
    """

    findings: list[Finding] = field(default_factory=list)
    segments: int = 0
    terms: int = 0
    source_lang: str = ""
    target_lang: str = ""
    glossary: str = ""
    strict: bool = False

    def to_dict(self) -> dict:
        kinds: dict[str, int] = {}
        for f in self.findings:
            kinds[f.kind] = kinds.get(f.kind, 0) + 1
        return {"signature": {"tool": f"atau {__version__}", "source_lang": self.source_lang,
                              "target_lang": self.target_lang, "glossary_sha256": self.glossary,
                              "strict": self.strict},
                "summary": {"segments": self.segments, "terms": self.terms,
                            "findings": len(self.findings), **kinds},
                "findings": [f.to_dict() for f in self.findings]}


def check_segments(glossary: Glossary, sources: Sequence[str], targets: Sequence[str],
                   source_lang: str, target_lang: str, *, strict: bool = False,
                   progress: Callable[[int], None] | None = None) -> CheckReport:
    """Check aligned segments against the glossary.

    Args:
        glossary: the termbase.
        sources, targets: aligned segments (same length).
        source_lang, target_lang: BCP 47 tags.
        strict (bool): also report admitted terms used instead of preferred ones.
        progress: called with 1 per segment.

    Returns:
        CheckReport: empty ``findings`` when everything is right.

    Raises:
        InputError: the sequences differ in length.
    """
    if len(sources) != len(targets):
        raise InputError(f"source has {len(sources)} segments but target has {len(targets)}")
    terminology = Terminology(glossary, source_lang, target_lang)
    lang = normalize_tag(target_lang)
    checks = CHECKS + ((_admitted,) if strict else ())
    report = CheckReport(segments=len(sources), source_lang=normalize_tag(source_lang),
                         target_lang=lang, glossary=glossary.fingerprint(), strict=strict)
    for index, (source, target) in enumerate(zip(sources, targets)):
        terms = terminology.analyze(source, target)
        report.terms += len(terms.source_terms)
        for check in checks:
            report.findings.extend(check(index, terms, lang))
        if progress:
            progress(1)
    return report
