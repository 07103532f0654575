"""Word alignment from the model's attention: which target words render a
source term.

CTranslate2 returns, with ``return_attention=True``, one attention vector
over the source tokens per target token. Each target token is aligned to the
source token it attends to most (the "argmax" alignment of attention-based
alignment work, e.g. Garg et al., "Jointly Learning to Align and Translate
with Transformer Models", EMNLP 2019). The target tokens aligned to a
source term's tokens, joined into one span and widened to whole words, are
the model's rendering of the term.

Token offsets come from SentencePiece pieces, whose ``▁`` marks a preceding
space (Kudo and Richardson, 2018).
"""

from __future__ import annotations

from typing import Sequence

__all__ = ["piece_spans", "aligned_span", "AttentionAligner"]

_SPACE = "\u2581"


def piece_spans(text: str, pieces: Sequence[str]) -> list[tuple[int, int]] | None:
    """Character spans of SentencePiece ``pieces`` in ``text``.

    Args:
        text (str): the detokenized text.
        pieces (Sequence[str]): its pieces, in order (``"▁Sen"``, ``"ate"``...).

    Returns:
        list[tuple[int, int]] | None: one ``(start, end)`` per piece (empty
        for a bare ``▁``); None when the pieces do not spell the text
        (normalisation changed it), so the caller can give up.
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        body = piece.replace(_SPACE, "")
        if piece.startswith(_SPACE):
            while cursor < len(text) and text[cursor].isspace():
                cursor += 1
        if not body:
            spans.append((cursor, cursor))
            continue
        if text.startswith(body, cursor):
            spans.append((cursor, cursor + len(body)))
            cursor += len(body)
            continue
        found = text.find(body, cursor)
        if found < 0 or text[cursor:found].strip():
            return None
        spans.append((found, found + len(body)))
        cursor = found + len(body)
    return spans


def aligned_span(attention: Sequence[Sequence[float]], source_indices: set[int],
                 target_spans: Sequence[tuple[int, int]], *, max_tokens: int = 12) -> tuple[int, int] | None:
    """The target character span aligned to a set of source tokens.

    Args:
        attention: ``[target_token][source_token]`` weights.
        source_indices (set[int]): the source tokens of the term.
        target_spans: character span of each target token.
        max_tokens (int): give up when the aligned tokens span more than this
            many target tokens (the alignment is too diffuse to trust).

    Returns:
        tuple[int, int] | None: ``(start, end)`` of the aligned target
        tokens, or None when no target token attends mostly to the term, or
        when the aligned tokens are not one contiguous run.
    """
    aligned = []
    for j, row in enumerate(attention[:len(target_spans)]):
        if not row:
            continue
        best = max(range(len(row)), key=row.__getitem__)
        if best in source_indices and target_spans[j][1] > target_spans[j][0]:
            aligned.append(j)
    if not aligned or aligned[-1] - aligned[0] + 1 > max_tokens:
        return None
    if aligned != list(range(aligned[0], aligned[-1] + 1)):
        return None  # scattered: not one rendering
    return target_spans[aligned[0]][0], target_spans[aligned[-1]][1]


class AttentionAligner:
    """An :data:`toolkit.terms.enforce.Aligner` backed by a translation engine:
    re-decodes the source with attention and aligns the term.

    Args:
        engine: an :class:`toolkit.mt.engine.Engine` (anything with
            ``translate_batch(sources, return_attention=True)``).
        beam_size (int): as used for the translation, so the re-decoded
            output is the same text.

    The aligner gives up (returns None) when the re-decoded text is not the
    target being enforced (it was post-processed), or when the pieces do not
    spell the texts.
    """

    def __init__(self, engine, beam_size: int) -> None:
        self.engine = engine
        self.beam_size = beam_size
        self.cache: dict[str, object] = {}

    def prefetch(self, sources) -> None:
        """Re-decode ``sources`` with attention in one batched call (instead
        of one call per segment later)."""
        todo = [s for s in dict.fromkeys(sources) if s not in self.cache]
        if todo:
            for source, hypothesis in zip(todo, self.engine.translate_batch(
                    todo, beam_size=self.beam_size, return_attention=True)):
                self.cache[source] = hypothesis

    def __call__(self, source: str, target: str, source_term) -> tuple[int, int] | None:
        hypothesis = self.cache.get(source)
        if hypothesis is None:
            (hypothesis,) = self.engine.translate_batch([source], beam_size=self.beam_size, return_attention=True)
            self.cache[source] = hypothesis
        if hypothesis.attention is None or hypothesis.text != target:
            return None
        src_spans = piece_spans(source, hypothesis.source_tokens)
        tgt_spans = piece_spans(target, hypothesis.tokens)
        if src_spans is None or tgt_spans is None:
            return None
        match = source_term.matches[0]
        indices = {i for i, (s, e) in enumerate(src_spans) if s < match.end and match.start < e}
        if not indices:
            return None
        span = aligned_span(hypothesis.attention, indices, tgt_spans)
        if span is None:
            return None
        # A rendering is about as long as the term: a span of many more words,
        # or one holding digits the term has not, is a diffuse alignment.
        words = len(target[span[0]:span[1]].split())
        if words > 2 * len(match.surface.split()) + 1:
            return None
        if any(c.isdigit() for c in target[span[0]:span[1]]) and not any(c.isdigit() for c in match.surface):
            return None
        return span
