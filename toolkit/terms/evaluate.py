"""Measuring terminology and translation quality (``atau eval``).

* **term-use rate** (lemma level): the share of source term occurrences
  (one per concept per segment) whose concept has an approved target term,
  in any inflected form, in the hypothesis — the measure of the WMT
  terminology shared tasks (Alam et al., "Findings of the WMT 2021 Shared
  Task on Machine Translation Using Terminologies", WMT 2021);
* **forbidden-term rate**: the share of segments that use a forbidden or
  deprecated target term;
* **exact match** against the reference, when one is given;
* **chrF** and **BLEU** through sacrebleu (Post, 2018), when a reference is
  given; their sacrebleu signatures are kept with the scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..errors import InputError
from ..langtags import normalize_tag
from ..signature import Signature
from ..termbase.model import Glossary
from .analysis import Terminology, is_wrong

__all__ = ["Scores", "evaluate"]


@dataclass
class Scores:
    """Evaluation results.

    Attributes:
        segments (int): number of segments.
        terms (int): source term occurrences (per concept per segment).
        terms_used (int): of those, rendered with an approved target term.
        term_use_rate (float | None): ``terms_used / terms`` (None without terms).
        forbidden_segments (int): segments with a forbidden/deprecated term.
        forbidden_rate (float): ``forbidden_segments / segments``.
        exact_match (float | None): share of hypotheses equal to the reference.
        chrf (float | None), bleu (float | None): sacrebleu scores (0-100).
        signature (Signature | None): the direction, the glossary's SHA-256
            and, with a reference, sacrebleu's signatures of chrF and BLEU
            (settings ``chrf`` and ``bleu``).
    """

    segments: int = 0
    terms: int = 0
    terms_used: int = 0
    forbidden_segments: int = 0
    exact_match: float | None = None
    chrf: float | None = None
    bleu: float | None = None
    signature: Signature | None = None

    @property
    def term_use_rate(self) -> float | None:
        return self.terms_used / self.terms if self.terms else None

    @property
    def forbidden_rate(self) -> float:
        return self.forbidden_segments / self.segments if self.segments else 0.0

    def to_dict(self) -> dict:
        return {"segments": self.segments, "terms": self.terms, "terms_used": self.terms_used,
                "term_use_rate": _round(self.term_use_rate), "forbidden_segments": self.forbidden_segments,
                "forbidden_rate": _round(self.forbidden_rate), "exact_match": _round(self.exact_match),
                "chrf": _round(self.chrf, 2), "bleu": _round(self.bleu, 2),
                "signature": self.signature.to_dict() if self.signature else None}


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def evaluate(glossary: Glossary, sources: Sequence[str], hypotheses: Sequence[str],
             from_code: str, to_code: str, references: Sequence[str] | None = None) -> Scores:
    """Score hypotheses (see the module docstring for the measures).

    Args:
        glossary: the termbase.
        sources, hypotheses: aligned segments.
        from_code, to_code: BCP 47 tags.
        references: aligned reference translations, optional.

    Returns:
        Scores: the measures.

    Raises:
        InputError: the sequences differ in length.
    """
    if len(sources) != len(hypotheses) or (references is not None and len(references) != len(sources)):
        raise InputError("source, target and reference must have the same number of segments "
                         f"({len(sources)}, {len(hypotheses)}"
                         + (f", {len(references)})" if references is not None else ")"))
    terminology = Terminology(glossary, from_code, to_code)
    scores = Scores(segments=len(sources), signature=Signature(
        normalize_tag(from_code), normalize_tag(to_code), glossary.fingerprint()))
    for source, hypothesis in zip(sources, hypotheses):
        terms = terminology.analyze(source, hypothesis)
        scores.terms += len(terms.source_terms)
        scores.terms_used += sum(1 for st in terms.source_terms if terms.rendering(st))
        scores.forbidden_segments += any(is_wrong(t, terms) for t in terms.target_terms)
    if references is not None and sources:  # no segments: nothing to score (sacrebleu fails on none)
        import sacrebleu

        scores.exact_match = sum(h.strip() == r.strip() for h, r in zip(hypotheses, references)) / len(sources)
        chrf = sacrebleu.metrics.CHRF()
        bleu = sacrebleu.metrics.BLEU(tokenize="13a" if normalize_tag(to_code) == "en" else "intl")
        scores.chrf = chrf.corpus_score(list(hypotheses), [list(references)]).score
        scores.bleu = bleu.corpus_score(list(hypotheses), [list(references)]).score
        scores.signature = scores.signature.with_settings(chrf=str(chrf.get_signature()),
                                                          bleu=str(bleu.get_signature()))
    return scores
