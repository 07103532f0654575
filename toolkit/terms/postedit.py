"""The post-editing hook that ``atau translate`` runs on the model's output:
enforcement on every translated segment, with the model's attention as one
more witness of where an unlisted rendering is (:class:`PipelineEnforcement`,
made by :meth:`toolkit.terms.enforce.Enforcer.postedit`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .enforce import Enforcer

__all__ = ["PipelineEnforcement"]


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
