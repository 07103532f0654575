"""What enforcement gives back: each edit with its reason and evidence, each
source term's outcome, a segment's result, and a document's report with
its summary (:mod:`toolkit.terms.enforce` makes them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..signature import Signature

__all__ = ["Edit", "TermOutcome", "SegmentResult", "EnforcementReport"]


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
