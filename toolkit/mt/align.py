"""Word alignment from the model's attention, and token offsets: which
target words render a source span.

CTranslate2 returns, with ``return_attention=True``, one attention vector
over the source tokens per target token. Each target token is aligned to the
source token it attends to most (the "argmax" alignment of attention-based
alignment work, e.g. Garg et al., "Jointly Learning to Align and Translate
with Transformer Models", EMNLP 2019). This one :class:`Alignment` serves
the MT pipeline (putting markup and lost numbers back, :mod:`.protect`),
pivot translation (:mod:`.engine`) and glossary enforcement (the model's
rendering of a term, :class:`AttentionAligner`).

Token offsets come from SentencePiece pieces, whose ``▁`` marks a preceding
space (Kudo and Richardson, 2018), or BPE tokens with ``@@`` continuation
marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

__all__ = ["Alignment", "token_spans", "word_start", "word_end", "widen_to_words", "AttentionAligner"]

_SPACE = "\u2581"
_TRAILING_PUNCT = ".,;:!?)]}»\"'…"


@dataclass(frozen=True)
class Alignment:
    """Soft word alignment between the model input and the translation.

    Attributes:
        source_spans (tuple[tuple[int, int], ...]): character span in
            ``model_input`` of each source token.
        target_spans (tuple[tuple[int, int], ...]): character span in the
            translation of each target token.
        weights (tuple[tuple[float, ...], ...]): attention, shape
            ``[len(target_spans)][len(source_spans)]``.
    """

    source_spans: tuple
    target_spans: tuple
    weights: tuple

    def target_for_source(self, j: int) -> int | None:
        """The target token that attends most to source token ``j``."""
        if not self.weights or j >= len(self.source_spans):
            return None
        best = max(range(len(self.weights)), key=lambda i: self.weights[i][j]
                   if j < len(self.weights[i]) else -1.0)
        return best

    def source_for_target(self, i: int) -> int | None:
        """The source token target token ``i`` attends to most."""
        if i >= len(self.weights) or not self.weights[i]:
            return None
        row = self.weights[i]
        return max(range(len(row)), key=row.__getitem__)

    def target_span(self, source_indices: set[int], *, max_tokens: int = 12) -> tuple[int, int] | None:
        """The target character span aligned to a set of source tokens: the
        hull of the target tokens that attend most to one of them.

        Args:
            source_indices (set[int]): the source tokens (of a term).
            max_tokens (int): give up when the aligned tokens span more than
                this many target tokens (too diffuse to trust).

        Returns:
            tuple[int, int] | None: ``(start, end)``, or None when no target
            token attends mostly to them, or the aligned tokens are not one
            contiguous run.
        """
        aligned = [i for i in range(min(len(self.weights), len(self.target_spans)))
                   if self.source_for_target(i) in source_indices
                   and self.target_spans[i][1] > self.target_spans[i][0]]
        if not aligned or aligned[-1] - aligned[0] + 1 > max_tokens:
            return None
        if aligned != list(range(aligned[0], aligned[-1] + 1)):
            return None  # scattered: not one rendering
        return self.target_spans[aligned[0]][0], self.target_spans[aligned[-1]][1]


def token_spans(text: str, tokens: Sequence[str], *, strict: bool = False) -> list[tuple[int, int]] | None:
    """Character span of each token of a tokenized ``text``.

    Works for SentencePiece pieces (``"▁word"``) and BPE tokens
    (``"wo@@"``).

    Args:
        text (str): the detokenized text.
        tokens (Sequence[str]): its tokens, without special tokens.
        strict (bool): return None when the tokens do not spell the text
            (normalisation changed it), so a caller can give up; otherwise a
            token that cannot be located (byte fallback, ``<unk>``) gets an
            empty span at the current position.

    Returns:
        list[tuple[int, int]] | None: one ``(start, end)`` per token.

    >>> token_spans("Hello world", ["▁Hel", "lo", "▁world"])
    [(0, 3), (3, 5), (6, 11)]
    >>> token_spans("The Senate", ["▁Tha", "▁Senate"], strict=True) is None
    True
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for token in tokens:
        piece = token.replace(_SPACE, " ").removesuffix("@@").strip()
        if token.startswith(_SPACE):
            while cursor < len(text) and text[cursor].isspace():
                cursor += 1
        if not piece or (piece.startswith("<") and piece.endswith(">") and not strict):
            spans.append((cursor, cursor))
            continue
        if strict:
            found = text.find(piece, cursor)
            if found < 0 or text[cursor:found].strip():
                return None
        else:
            found = text.find(piece, cursor, cursor + len(piece) + 8)
            if found < 0:
                spans.append((cursor, cursor))
                continue
        spans.append((found, found + len(piece)))
        cursor = found + len(piece)
    return spans


def word_start(text: str, position: int) -> int:
    """The start of the whitespace-delimited word at (or after) ``position``."""
    position = max(0, min(len(text), position))
    while position < len(text) and text[position].isspace():
        position += 1
    while position > 0 and not text[position - 1].isspace():
        position -= 1
    return position


def word_end(text: str, position: int) -> int:
    """The end of the whitespace-delimited word at ``position``, before
    trailing punctuation."""
    position = max(0, min(len(text), position))
    while position < len(text) and not text[position].isspace():
        position += 1
    while position > 0 and text[position - 1] in _TRAILING_PUNCT:
        position -= 1
    return position


def widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to whole words (letters, digits, hyphens) and
    then trimmed of what is not a letter or digit at its edges.

    >>> t = "Депутаты Меджлиса, собрались."
    >>> t[slice(*widen_to_words(t, 11, 14))]
    'Меджлиса'
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "-"):
        end += 1
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


class AttentionAligner:
    """An aligner for glossary enforcement (:data:`toolkit.terms.enforce.Aligner`)
    backed by a translation engine: decodes the source with attention (or
    uses the pipeline's hypotheses, :attr:`cache`) and aligns the term.

    Args:
        engine: an :class:`toolkit.mt.engine.Engine` (anything with
            ``translate_batch(sources, return_attention=True)``).
        beam_size (int): as used for the translation, so the re-decoded
            output is the same text.

    The aligner gives up (returns None) when the decoded text is not the
    target being enforced (it was post-processed), or when the tokens do not
    spell the texts.
    """

    def __init__(self, engine, beam_size: int) -> None:
        self.engine = engine
        self.beam_size = beam_size
        self.cache: dict[str, object] = {}

    def prefetch(self, sources) -> None:
        """Decode ``sources`` with attention in one batched call (instead
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
        src_spans = token_spans(source, hypothesis.source_tokens, strict=True)
        tgt_spans = token_spans(target, hypothesis.tokens, strict=True)
        if src_spans is None or tgt_spans is None:
            return None
        match = source_term.matches[0]
        indices = {i for i, (s, e) in enumerate(src_spans) if s < match.end and match.start < e}
        if not indices:
            return None
        span = Alignment(tuple(src_spans), tuple(tgt_spans), hypothesis.attention).target_span(indices)
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
