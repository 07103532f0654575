"""The document translation pipeline.

:func:`translate_document` cuts a document into sentences
(:mod:`toolkit.documents`), prepares each for the model (:mod:`toolkit.mt.protect`:
markup off, verbatim spans noted, an ALL CAPS sentence in sentence case), sends every *distinct* sentence through
the engine in one batched call, puts markup and damaged numbers/URLs back,
checks each translation (:data:`CHECKS`), lets an optional post-editing hook
(e.g. terminology enforcement) rewrite the targets, and reassembles the
document around the untouched literal text.

The document never loses a sentence: when the model returns nothing, the
source sentence stays in place and the segment is flagged ``empty``.

Example, with any :class:`toolkit.mt.engine.Translator`::

    result = translate_document(text, engine, fmt="md")
    result.text                   # the translated document
    [s.flags for s in result.segments]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator, Sequence

from ..documents import Sentence, build_binary, format_module, is_binary, parse_document
from ..errors import ModelError
from ..findings import Finding
from ..signature import Signature
from .engine import DEFAULT_BEAM_SIZE, EngineInfo, Hypothesis, Translator
from .align import Alignment, token_spans
from .protect import Masked, check, find_spans, is_all_caps, mask, sentence_case, truecase_map, upper_case
from .restore import restore

__all__ = [
    "flag",
    "Segment",
    "DocumentTranslation",
    "translate_document",
    "translate_texts",
    "finish_target",
    "CHECKS",
    "PostEdit",
]


def flag(code: str, message: str) -> Finding:
    """A finding about a machine-translated segment, for a translator to
    look at (severity ``warning``). Codes: ``empty`` (the model returned
    nothing; the source was kept), ``untranslated`` (the target repeats the
    source), ``repetition`` (the target loops), ``length-ratio`` (absurd
    length ratio), ``protected-restored`` (a damaged number/date/URL/e-mail
    was replaced by the source's), ``protected-inserted`` (a missing one was
    inserted), ``protected-missing`` (one is missing after post-editing),
    ``markup-placed`` (inner markup put back by alignment), ``number-added``
    (a number not in the source), ``line-break`` (line breaks in the model's
    output were joined)."""
    return Finding(code, message, "warning")


@dataclass(frozen=True)
class Segment:
    """One translated sentence.

    Attributes:
        index (int): 0-based position in the document.
        line (int): 1-based line of the source document.
        source (str): the sentence as in the document.
        target (str): its translation, as it goes into the document.
        score (float | None): the model's mean log-probability per token;
            None when the sentence was not sent to the model.
        flags (tuple[Finding, ...]): problems found (see :func:`flag`), with
            the segment's line and index.
        translated (bool): False when there was nothing to translate (a bare
            URL, a number): the target is the source.
        masked (Masked | None): what the model was given (for re-translation
            by a post-editing hook with :func:`finish_target`); not in
            :meth:`to_dict`.
    """

    index: int
    line: int
    source: str
    target: str
    score: float | None = None
    flags: tuple[Finding, ...] = ()
    translated: bool = True
    masked: Masked | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict:
        return {"index": self.index, "line": self.line, "source": self.source, "target": self.target,
                "score": None if self.score is None else round(self.score, 4),
                "flags": [{"code": f.code, "message": f.message} for f in self.flags],
                "translated": self.translated}


@dataclass(frozen=True)
class DocumentTranslation:
    """The result of :func:`translate_document`.

    Attributes:
        text (str): the translated document.
        segments (tuple[Segment, ...]): one per sentence, in order.
        signature (Signature): provenance: pair, packages, pivot, and the
            settings (beam, device, compute type, threads, format,
            segmenter...); no glossary (the caller that enforced one adds it).
        engine (EngineInfo): what translated (packages, pivot, device).
        model_calls (int): ``translate_batch`` calls made.
        data (bytes | None): for a binary format (``docx``), the translated
            file; ``text`` is then the text of its translated parts.
    """

    text: str
    segments: tuple[Segment, ...]
    signature: Signature
    engine: EngineInfo
    model_calls: int = 0
    data: bytes | None = field(default=None, repr=False)

    @property
    def flagged(self) -> tuple[Segment, ...]:
        """Segments with at least one flag."""
        return tuple(s for s in self.segments if s.flags)

    def to_dict(self) -> dict:
        return {"signature": self.signature.to_dict(), "segments": [s.to_dict() for s in self.segments],
                "text": self.text}


PostEdit = Callable[[list[Segment]], Sequence[Segment]]
"""A hook that receives all segments and returns them (same number, same
order, same sources) with targets rewritten, e.g. by terminology enforcement."""


# --------------------------------------------------------------------------
# checks: one function per check, each yields flags


def _check_empty(source: str, target: str) -> Iterator[Finding]:
    if not target.strip():
        yield flag("empty", "the model returned nothing; the source sentence was kept")


def _check_untranslated(source: str, target: str) -> Iterator[Finding]:
    words = re.findall(r"[^\W\d_]{2,}", source)
    if len(words) >= 2 and " ".join(source.split()) == " ".join(target.split()):
        yield flag("untranslated", "the translation is the source text")


def _check_repetition(source: str, target: str) -> Iterator[Finding]:
    words = _norm(target).split()
    source_words = _norm(source).split()
    in_source: dict[tuple[str, ...], bool] = {}  # a run the source has too is no loop; asked once per gram
    for n in range(1, 9):
        times = 4 if n == 1 else 3
        for i in range(len(words) - n * times + 1):
            gram = words[i:i + n]
            if all(words[i + k * n: i + (k + 1) * n] == gram for k in range(1, times)):
                key = tuple(gram)
                if key not in in_source:
                    in_source[key] = _has_run(source_words, gram, times)
                if not in_source[key]:
                    yield flag("repetition", f"'{' '.join(gram)}' repeats {times}+ times: the model looped")
                    return


def _has_run(words: list[str], gram: list[str], times: int) -> bool:
    n = len(gram)
    return any(all(words[i + k * n: i + (k + 1) * n] == gram for k in range(times))
               for i in range(len(words) - n * times + 1))


def _check_length(source: str, target: str) -> Iterator[Finding]:
    if len(source) >= 16 and target.strip():
        ratio = len(target) / len(source)
        if ratio < 1 / 3 or ratio > 3:
            yield flag("length-ratio", f"the translation is {ratio:.2f} times as long as the source")


CHECKS = (_check_empty, _check_untranslated, _check_repetition, _check_length)
"""The checks run on every translated segment: ``check(source, target) ->
Iterator[Finding]`` (:func:`flag`)."""


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


_REPAIR_FLAGS = {"replaced": "protected-restored", "inserted": "protected-inserted",
                 "placed": "markup-placed", "added": "number-added", "missing": "protected-missing"}


def finish_target(masked: Masked, hypothesis: Hypothesis) -> tuple[str, tuple[Finding, ...]]:
    """Turn a model translation of ``masked.model_input`` into the target
    sentence: put markup back, repair protected spans, run :data:`CHECKS`.

    Args:
        masked (Masked): from :func:`toolkit.mt.protect.mask`.
        hypothesis (Hypothesis): the engine's translation of
            ``masked.model_input`` (with attention, if markup is to be placed
            by alignment).

    Returns:
        tuple[str, tuple[Finding, ...]]: the target sentence and its flags. An
        empty translation gives the source sentence and an ``empty`` flag.
    """
    flags: list[Finding] = []
    raw = hypothesis.text
    if "\n" in raw or "\r" in raw:
        # A sentence is one line of the document: line breaks from the model
        # would change its layout.
        raw = " ".join(raw.split())
        flags.append(flag("line-break", "the model put line breaks into the sentence; joined into one line"))
    for checker in CHECKS:
        flags.extend(checker(masked.model_input, raw))
    if not raw.strip():
        return masked.source, tuple(flags)
    alignment = None
    if hypothesis.attention is not None:
        alignment = Alignment(tuple(token_spans(masked.model_input, hypothesis.source_tokens)),
                              tuple(token_spans(raw, hypothesis.tokens)), hypothesis.attention)
    restored = restore(masked, raw, alignment=alignment)
    for repair in restored.repairs:
        message = repair.describe()
        if repair.action == "placed" and alignment is None:
            message = message.replace("by alignment", "by relative position")
        flags.append(flag(_REPAIR_FLAGS[repair.action], message))
    return restored.text, tuple(flags)


# --------------------------------------------------------------------------
# the pipeline


def translate_document(text: str | bytes, engine: Translator, *, fmt: str = "txt",
                       beam_size: int = DEFAULT_BEAM_SIZE, postedit: PostEdit | None = None,
                       progress: Callable[[int, int], None] | None = None,
                       from_code: str | None = None) -> DocumentTranslation:
    """Translate a document, keeping its layout.

    Args:
        text (str | bytes): the document (bytes for a binary format, ``docx``).
        engine (Translator): an :class:`toolkit.mt.engine.Engine`,
            :class:`~toolkit.mt.engine.PivotEngine` or a fake with the same
            ``translate_batch`` and ``info``.
        fmt (str): a document format (:func:`toolkit.documents.formats`).
        beam_size (int): beam width.
        postedit (PostEdit | None): called once with all segments before the
            document is reassembled; returns them with targets rewritten.
            Protected spans are checked again afterwards (``protected-missing``).
            An ALL CAPS sentence reaches the hook in sentence case (source
            and target, as the model saw it) and is put in capitals after it.
            A hook whose ``wants_attention`` is true gets the model's
            attention: the model is asked for it in its one call, and a hook
            with a ``seed`` method first gets the hypotheses, as
            ``seed(dict[source sentence, Hypothesis])`` (also when markup
            made the pipeline ask for attention).
        progress (Callable[[int, int], None] | None): ``(done, total)``
            sentences sent to the model.
        from_code (str | None): language for sentence segmentation
            (default: the engine's source language).

    Returns:
        DocumentTranslation

    Raises:
        InputError: bad ``fmt``, a document the format cannot read (invalid
            JSON, a damaged .docx, an XLIFF with unknown inline codes).
        ModelError: the engine fails.
        ValueError: ``postedit`` returned a different number of segments or
            changed a source.
    """
    info = engine.info
    document = parse_document(text, fmt, from_code or info.from_code)
    sentences = document.sentences
    markdown = getattr(format_module(fmt), "MARKUP", None) == "markdown"
    masks = [mask(s.text, markdown=markdown) for s in sentences]
    # ALL CAPS sentences go to the model (and to the post-editing hook) in
    # sentence case, and come back in capitals.
    caps = [m.needs_model and is_all_caps(m.model_input, m.kept) for m in masks]
    cased = [s.text for s in sentences]
    if any(caps):
        known = truecase_map([s.text for s in sentences])
        for k, sentence in enumerate(sentences):
            if caps[k]:
                masks[k] = replace(masks[k], model_input=sentence_case(masks[k].model_input, masks[k].kept, known))
                cased[k] = sentence_case(sentence.text, find_spans(sentence.text, markdown=markdown), known)

    unique: dict[str, int] = {}
    for masked in masks:
        if masked.needs_model and masked.model_input not in unique:
            unique[masked.model_input] = len(unique)
    inputs = list(unique)
    # Attention is asked for when markup must be placed, and when the
    # post-editing hook wants it (``wants_attention``: enforcement aligns
    # terms the model rendered its own way). In the one call it costs
    # CTranslate2 a few per cent; decoding the sentences that need it again
    # cost about half of a realistic run (benchmarks/README.md, "Enforcement").
    want_attention = any(m.markup for m in masks if m.needs_model) or \
        bool(getattr(postedit, "wants_attention", False))
    calls = 0
    hypotheses: list[Hypothesis] = []
    if inputs:
        hypotheses = engine.translate_batch(inputs, beam_size=beam_size,
                                            return_attention=want_attention, progress=progress)
        calls += 1
        if len(hypotheses) != len(inputs):
            raise ModelError(f"the engine returned {len(hypotheses)} translations for {len(inputs)} sentences "
                             f"({', '.join(n for n, _v in info.packages)})")

    segments = [_segment(s, m, hypotheses[unique[m.model_input]] if m.needs_model else None)
                for s, m in zip(sentences, masks)]

    # Spans the model lost and that could not be matched were inserted by
    # relative position; with attention they go to the aligned word instead.
    if not want_attention:
        redo = sorted({unique[m.model_input] for m, seg in zip(masks, segments)
                       if seg.translated and any(f.code == "protected-inserted" for f in seg.flags)})
        if redo:
            again = engine.translate_batch([inputs[k] for k in redo], beam_size=beam_size,
                                           return_attention=True)
            calls += 1
            for k, hypothesis in zip(redo, again):
                hypotheses[k] = hypothesis
            segments = [_segment(s, m, hypotheses[unique[m.model_input]] if m.needs_model else None)
                        if m.needs_model and unique[m.model_input] in redo else seg
                        for s, m, seg in zip(sentences, masks, segments)]

    if postedit is not None:
        seed = getattr(postedit, "seed", None)
        if seed is not None and want_attention:
            seed({text: hypotheses[unique[m.model_input]] for text, m in zip(cased, masks)
                  if m.needs_model and m.model_input == text})
        edited = _postedit([replace(seg, source=text) if caps[seg.index] else seg
                            for seg, text in zip(segments, cased)], postedit, markdown)
        segments = [replace(after, source=before.source) for after, before in zip(edited, segments)]
    if any(caps):
        segments = [replace(seg, target=upper_case(seg.target, markdown=markdown))
                    if caps[seg.index] and seg.translated else seg for seg in segments]

    settings = {"beam": beam_size, "device": info.device, "compute_type": info.compute_type,
                "threads": info.threads, "format": fmt, "segmenter": _segmenter_version(),
                "protect": "verbatim-check+markup-off", "score": "mean log-prob per token",
                "dedupe": True, "attention": want_attention, "all-caps": "sentence-case",
                "inter_threads": info.inter_threads, "intra_threads": info.intra_threads}
    signature = Signature(info.from_code, info.to_code, None, info.packages, info.pivot, settings)
    output = document.render([s.target for s in segments])
    data = build_binary(document, output, text) if is_binary(fmt) else None
    return DocumentTranslation(output, tuple(segments), signature, info, calls, data)


def translate_texts(engine: Translator, texts: Sequence[str], *, beam_size: int = DEFAULT_BEAM_SIZE,
                    markdown: bool = False,
                    progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Translate independent short texts (catalog messages, API strings) with
    the same protection as documents: markup taken off and put back, numbers,
    dates and URLs checked (:mod:`toolkit.mt.protect`). Texts with nothing to
    translate (a bare URL) come back as they are; each distinct text is
    translated once, all in one batched call.

    Args:
        engine (Translator): the engine.
        texts (Sequence[str]): the texts; each is one segment (no layout is kept
            inside it: line breaks from the model are joined).
        beam_size (int): beam width.
        markdown (bool): the texts are Markdown.
        progress (Callable[[int, int], None] | None): ``(done, total)``.

    Returns:
        list[str]: one translation per text, in order.

    Raises:
        ModelError: the engine fails or returns another number of translations.
    """
    masks = [mask(text, markdown=markdown) for text in texts]
    unique: dict[str, int] = {}
    for masked in masks:
        if masked.needs_model and masked.model_input not in unique:
            unique[masked.model_input] = len(unique)
    hypotheses: list[Hypothesis] = []
    if unique:
        hypotheses = engine.translate_batch(list(unique), beam_size=beam_size,
                                            return_attention=any(m.markup for m in masks), progress=progress)
        if len(hypotheses) != len(unique):
            raise ModelError(f"the engine returned {len(hypotheses)} translations for {len(unique)} texts")
    return [finish_target(m, hypotheses[unique[m.model_input]])[0] if m.needs_model else m.source
            for m in masks]


def _segment(sentence: Sentence, masked: Masked, hypothesis: Hypothesis | None) -> Segment:
    if hypothesis is None:
        return Segment(sentence.index, sentence.line, sentence.text, sentence.text, None, (), False, masked)
    target, flags = finish_target(masked, hypothesis)
    flags = tuple(replace(f, line=sentence.line, segment=sentence.index) for f in flags)
    return Segment(sentence.index, sentence.line, sentence.text, target, hypothesis.score, flags, True,
                   masked)


def _postedit(segments: list[Segment], hook: PostEdit, markdown: bool) -> list[Segment]:
    edited = list(hook(list(segments)))
    if len(edited) != len(segments):
        raise ValueError(f"post-editing returned {len(edited)} segments for {len(segments)}")
    out = []
    for before, after in zip(segments, edited):
        if after.source != before.source:
            raise ValueError(f"post-editing changed the source of segment {before.index}")
        if after.target != before.target and after.translated:
            missing = check(before.source, after.target, markdown=markdown)
            extra = tuple(replace(flag("protected-missing", r.describe()), line=after.line, segment=after.index)
                          for r in missing
                          if not any(f.code == "protected-missing" and f.message == r.describe()
                                     for f in after.flags))
            after = replace(after, flags=after.flags + extra)
        out.append(after)
    return out


def _segmenter_version() -> str:
    try:
        from importlib.metadata import version

        return f"sentencex-{version('sentencex')}"
    except Exception:  # noqa: BLE001 - metadata is optional
        return "sentencex"

