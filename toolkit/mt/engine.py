"""The translation engine: a CTranslate2 model and its tokenizer, from an
installed package.

One :class:`Engine` loads a package's model once and translates lists of
sentences in as few ``translate_batch`` calls as possible (CTranslate2 sorts
them by length and batches them by tokens). Multilingual models (NLLB-200,
M2M-100) get the package's source-language token before each sentence, its
end-of-sentence token after, and its target-language token as the first
target token (``source_prefix``, ``source_suffix``, ``target_prefix`` in
``metadata.json``; see :mod:`toolkit.mt.packages`).

:class:`PivotEngine` chains two engines through English.

Neither ``argostranslate.translate`` nor stanza or torch is imported;
ctranslate2 and sentencepiece are imported when an engine is created.
"""

from __future__ import annotations

import os
from array import array
from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence

from ..errors import ModelError
from .packages.local import InstalledPackage, Locations
from .packages.route import find_route

__all__ = ["Hypothesis", "EngineInfo", "Translator", "Engine", "PivotEngine", "load_engine",
           "DEFAULT_BEAM_SIZE", "DEFAULT_MAX_BATCH_TOKENS", "MAX_INPUT_TOKENS", "thread_plan", "default_threads"]

DEFAULT_BEAM_SIZE = 4
DEFAULT_MAX_BATCH_TOKENS = 512
"""Source tokens per CTranslate2 batch. Memory grows with the batch (beam 4
keeps 4 hypotheses' decoder states per sentence): on a transformer-base
model (Argos's size) and 200 paragraphs, 512 tokens peaked at 400 MiB and
4,096 at 1,276 MiB for 15% more speed (benchmarks/results/translate.json,
batch sweep); argos-translate peaked at 444 MiB."""

MAX_INPUT_TOKENS = 1024
"""Longest sentence, in source tokens, given to the model in one piece
(CTranslate2's ``max_input_length``, ``Translator.translate_batch`` in its
Python reference, https://opennmt.net/CTranslate2/python/ctranslate2.Translator.html;
its default is also 1024). Attention memory grows with the square of the
length: a "sentence" that is one endless token (a base64 blob, a line of
100,000 letters) would take gigabytes. A longer sentence is cut into pieces
of at most this many tokens (at word starts where it can), each translated,
and the translations joined: nothing is dropped, and CTranslate2 never
truncates."""

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Hypothesis:
    """A translation of one sentence.

    Attributes:
        text (str): the detokenized translation (a forced target prefix
            included; the package's target-language token not).
        tokens (tuple[str, ...]): target tokens, without special tokens.
        score (float | None): mean log-probability per target token (<= 0;
            closer to 0 is more confident).
        source_tokens (tuple[str, ...]): the sentence's tokens, without
            special tokens.
        attention (tuple[tuple[float, ...], ...] | None): with
            ``return_attention``: shape ``[len(tokens)][len(source_tokens)]``.
    """

    text: str
    tokens: tuple[str, ...] = ()
    score: float | None = None
    source_tokens: tuple[str, ...] = ()
    attention: tuple | None = field(default=None, repr=False)

    def to_dict(self) -> dict:
        return {"text": self.text, "tokens": list(self.tokens), "score": self.score}


@dataclass(frozen=True)
class EngineInfo:
    """What translates: for a run's signature.

    Attributes:
        from_code (str), to_code (str): the pair.
        packages (tuple[tuple[str, str], ...]): ``(name, version)`` of each
            package used, in order.
        pivot (str | None): the pivot language (``"en"``), or None.
        device (str): ``"cpu"`` or ``"cuda"``.
        compute_type (str): CTranslate2 compute type in use.
        threads (int): CPU threads the model uses in all (``--threads``; 0:
            CTranslate2's default).
        inter_threads (int), intra_threads (int): how they are used
            (:func:`thread_plan`): batches translated in parallel, and
            threads per batch (0: CTranslate2's default).
    """

    from_code: str
    to_code: str
    packages: tuple[tuple[str, str], ...]
    pivot: str | None = None
    device: str = "cpu"
    compute_type: str = "default"
    threads: int = 0
    inter_threads: int = 1
    intra_threads: int = 0

    def to_dict(self) -> dict:
        return {"from": self.from_code, "to": self.to_code,
                "packages": [{"name": n, "version": v} for n, v in self.packages],
                "pivot": self.pivot, "device": self.device, "compute_type": self.compute_type,
                "threads": self.threads, "inter_threads": self.inter_threads,
                "intra_threads": self.intra_threads}


class Translator(Protocol):
    """What the document pipeline needs from an engine (tests use fakes)."""

    @property
    def info(self) -> EngineInfo: ...

    def translate_batch(self, sources: Sequence[str], *,
                        target_prefixes: Sequence[str | None] | None = None,
                        beam_size: int = DEFAULT_BEAM_SIZE, return_attention: bool = False,
                        progress: Progress | None = None) -> list[Hypothesis]: ...


class Engine:
    """A loaded package.

    Args:
        package (InstalledPackage): the package to load.
        device (str): ``"auto"`` (CUDA if available), ``"cpu"`` or ``"cuda"``.
        threads (int): CPU threads to use in all (0: :func:`default_threads`);
            how they are used is :func:`thread_plan`'s choice.
        compute_type (str): ``"auto"`` (``int8`` on CPU when supported,
            CTranslate2's choice on CUDA) or any CTranslate2 compute type.
        max_batch_tokens (int): batch size in tokens.

    Raises:
        ModelError: the model or tokenizer cannot be loaded, or CUDA was asked
            for and is not available.
    """

    def __init__(self, package: InstalledPackage, *, device: str = "auto", threads: int = 0,
                 compute_type: str = "auto",
                 max_batch_tokens: int = DEFAULT_MAX_BATCH_TOKENS) -> None:
        import ctranslate2

        self.package = package
        self.max_batch_tokens = max_batch_tokens
        cuda = ctranslate2.get_cuda_device_count()
        if device == "auto":
            device = "cuda" if cuda > 0 else "cpu"
        elif device == "cuda" and cuda == 0:
            raise ModelError("--device cuda: no CUDA device is available (use --device cpu)")
        elif device not in ("cpu", "cuda"):
            raise ModelError(f"unknown device {device!r} (expected auto, cpu or cuda)")
        if compute_type == "auto":
            supported = ctranslate2.get_supported_compute_types(device)
            compute_type = "int8" if device == "cpu" and "int8" in supported else "auto"
        self.device = device
        self.compute_type = compute_type
        self.threads = threads or default_threads()
        self.inter_threads, self.intra_threads = thread_plan(self.threads, device)
        try:
            self._translator = ctranslate2.Translator(
                str(package.model_dir), device=device, compute_type=compute_type,
                inter_threads=self.inter_threads, intra_threads=self.intra_threads)
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelError(f"{package.model_dir}: cannot load the CTranslate2 model ({exc})") from exc
        self._tokenizer = _load_tokenizer(package)
        self._source_prefix = [package.source_prefix] if package.source_prefix else []
        self._source_suffix = [package.source_suffix] if package.source_suffix else []
        self._target_prefix = [package.target_prefix] if package.target_prefix else []
        # never part of a translation's text (a multilingual model may emit a language token)
        self._special = {t for t in (package.source_prefix, package.source_suffix, package.target_prefix,
                                     "<s>", "</s>", "<pad>") if t}

    @property
    def from_code(self) -> str:
        return self.package.from_code

    @property
    def to_code(self) -> str:
        return self.package.to_code

    @property
    def info(self) -> EngineInfo:
        return EngineInfo(self.from_code, self.to_code, ((self.package.name, self.package.version),),
                          None, self.device, self._translator.compute_type
                          if hasattr(self._translator, "compute_type") else self.compute_type,
                          self.threads, self.inter_threads, self.intra_threads)

    def tokenize(self, texts: Sequence[str]) -> list[list[str]]:
        """Tokens of each text (no special tokens)."""
        return self._tokenizer.encode(list(texts))

    def detokenize(self, tokens: Sequence[str]) -> str:
        """Text of a token sequence."""
        return self._tokenizer.decode([list(tokens)])[0]

    def translate_batch(self, sources: Sequence[str], *,
                        target_prefixes: Sequence[str | None] | None = None,
                        beam_size: int = DEFAULT_BEAM_SIZE, return_attention: bool = False,
                        progress: Progress | None = None) -> list[Hypothesis]:
        """Translate sentences.

        Args:
            sources (Sequence[str]): one sentence each (no line breaks
                expected).
            target_prefixes (Sequence[str | None] | None): per sentence, a
                target text the translation must start with (tokenized and
                given to CTranslate2 as ``target_prefix``, after the package's
                target-language token); None for no prefix.
            beam_size (int): beam width (1: greedy).
            return_attention (bool): fill :attr:`Hypothesis.attention`.
            progress (Callable[[int, int], None] | None): called with
                ``(sentences_done, sentences_total)``; with it, the work is
                done in several calls (by length, ~``4 * max_batch_tokens``
                tokens each) so that progress can be reported.

        Returns:
            list[Hypothesis]: one per source, in order.

        Raises:
            ModelError: CTranslate2 fails (out of memory, ...).
            ValueError: ``target_prefixes`` has the wrong length.
        """
        sources = list(sources)
        if target_prefixes is not None and len(target_prefixes) != len(sources):
            raise ValueError(f"{len(target_prefixes)} target prefixes for {len(sources)} sources")
        tokens = self.tokenize(sources) if sources else []
        forced = [None] * len(sources)
        if target_prefixes is not None:
            wanted = [(i, p) for i, p in enumerate(target_prefixes) if p]
            if wanted:
                encoded = self._tokenizer.encode([p for _, p in wanted])
                for (i, text), pieces in zip(wanted, encoded):
                    forced[i] = (text, pieces)
        # A sentence longer than the model takes in one piece is translated
        # in pieces (MAX_INPUT_TOKENS): units are what the model gets.
        limit = MAX_INPUT_TOKENS - len(self._source_prefix) - len(self._source_suffix)
        owners: list[int] | None = None
        if any(len(t) > limit for t in tokens):
            owners, units, unit_forced = [], [], []
            for i, t in enumerate(tokens):
                for k, piece in enumerate(_split_tokens(t, limit)):
                    owners.append(i)
                    units.append(piece)
                    unit_forced.append(forced[i] if k == 0 else None)
            tokens, forced = units, unit_forced
        results: list[Hypothesis | None] = [None] * len(tokens)
        todo = [i for i, t in enumerate(tokens) if t]
        for i, t in enumerate(tokens):
            if not t:
                results[i] = Hypothesis("", (), None, ())
        chunks = [todo] if progress is None else _chunks(todo, tokens, 4 * self.max_batch_tokens)
        done = len(tokens) - len(todo)
        report = None
        if progress:
            # pieces of long sentences are counted as the share of their units done
            report = (lambda d: progress(d * len(sources) // max(1, len(tokens)), len(sources)))
            report(done)
        for chunk in chunks:
            for i, hypothesis in zip(chunk, self._run(chunk, tokens, forced, beam_size, return_attention)):
                results[i] = hypothesis
            done += len(chunk)
            if report:
                report(done)
        if owners is not None:
            return _join_pieces(results, owners, len(sources))  # type: ignore[arg-type]
        return results  # type: ignore[return-value]

    def _run(self, indices: list[int], tokens: list[list[str]], forced: list,
             beam_size: int, return_attention: bool) -> list[Hypothesis]:
        if not indices:
            return []
        source = [self._source_prefix + tokens[i] + self._source_suffix for i in indices]
        prefixes = [self._target_prefix + (forced[i][1] if forced[i] else []) for i in indices]
        longest = max(len(s) for s in source)
        try:
            results = self._translator.translate_batch(
                source,
                target_prefix=prefixes if any(prefixes) else None,
                max_batch_size=self._batch_tokens(source), batch_type="tokens",
                beam_size=beam_size, num_hypotheses=1,
                return_scores=True, length_penalty=1.0,  # score = log-prob / length
                return_attention=return_attention,
                # pieces are at most this long (translate_batch): nothing is cut
                max_input_length=MAX_INPUT_TOKENS,
                max_decoding_length=min(1024, max(64, 3 * longest + 16)),
                replace_unknowns=True,
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"{self.package.name}: translation failed ({exc})") from exc
        skip_target = len(self._target_prefix)
        skip_source = len(self._source_prefix)
        hypotheses: list[Hypothesis] = []
        target_tokens = []
        kept_rows = []
        for result in results:
            out = list(result.hypotheses[0])
            if skip_target and out[:skip_target] == self._target_prefix:
                out = out[skip_target:]
            rows = [k for k, token in enumerate(out) if token not in self._special]
            kept_rows.append(rows)
            target_tokens.append([out[k] for k in rows])
        texts = self._tokenizer.decode(target_tokens) if target_tokens else []
        for i, result, out, text, kept in zip(indices, results, target_tokens, texts, kept_rows):
            attention = None
            if return_attention and result.attention:
                rows = result.attention[0]
                # rows for the package's target prefix come first, if CTranslate2 returns them
                offset = len(rows) - len(result.hypotheses[0]) + skip_target
                n = len(tokens[i])
                # 4-byte floats: a Python float takes 32 bytes, and a long
                # document's attention is millions of them
                attention = tuple(array("f", rows[offset + k][skip_source: skip_source + n]) for k in kept
                                  if 0 <= offset + k < len(rows))
            score = result.scores[0] if result.scores else None
            text = text.strip()
            if forced[i] and not text.startswith(forced[i][0].strip()):
                # A character the vocabulary lacks was unknown in the forced
                # prefix (and replaced): the prefix text is what was asked for.
                wanted, pieces = forced[i]
                rest = out[len(pieces):]
                rest_text = self._tokenizer.decode([rest])[0].strip() if rest else ""
                glue = " " if rest and rest[0].startswith("▁") else ""
                text = (wanted.strip() + glue + rest_text).strip()
                out = list(pieces) + rest
            hypotheses.append(Hypothesis(text, tuple(out), score, tuple(tokens[i]), attention))
        return hypotheses


    def _batch_tokens(self, source: list[list[str]]) -> int:
        """CTranslate2's ``max_batch_size`` (in tokens) for one call: the
        engine's batch size, made smaller when that gives every parallel
        translator (``inter_threads``) a batch of the call (a one-page
        document is one batch of 512 tokens: with 2 translators, two of
        256 tokens run at once)."""
        size = self.max_batch_tokens
        if self.inter_threads > 1:
            total = sum(len(s) for s in source)
            size = min(size, max(max(len(s) for s in source), -(-total // self.inter_threads)))
        return size


def _split_tokens(tokens: list[str], limit: int) -> list[list[str]]:
    """``tokens`` in pieces of at most ``limit`` tokens, each cut before a
    token that starts a word (``▁``) when one is within the last eighth of
    the piece; one piece when it is short enough."""
    if len(tokens) <= limit:
        return [tokens]
    pieces = []
    start = 0
    while len(tokens) - start > limit:
        cut = start + limit
        for k in range(cut, cut - limit // 8, -1):
            if tokens[k].startswith("\u2581"):
                cut = k
                break
        pieces.append(tokens[start:cut])
        start = cut
    pieces.append(tokens[start:])
    return pieces


def _join_pieces(results: list[Hypothesis], owners: list[int], count: int) -> list[Hypothesis]:
    """One hypothesis per sentence from the translations of its pieces
    (:func:`_split_tokens`): texts joined by a space, tokens concatenated,
    the score the token-weighted mean; no attention (the pieces' attention
    does not cover the sentence)."""
    parts: list[list[Hypothesis]] = [[] for _ in range(count)]
    for owner, hypothesis in zip(owners, results):
        parts[owner].append(hypothesis)
    out = []
    for hypotheses in parts:
        if len(hypotheses) == 1:
            out.append(hypotheses[0])
            continue
        scored = [(h.score, len(h.tokens)) for h in hypotheses if h.score is not None and h.tokens]
        weight = sum(n for _s, n in scored)
        out.append(Hypothesis(" ".join(h.text for h in hypotheses if h.text),
                              tuple(t for h in hypotheses for t in h.tokens),
                              sum(s * n for s, n in scored) / weight if weight else None,
                              tuple(t for h in hypotheses for t in h.source_tokens), None))
    return out


def _chunks(indices: list[int], tokens: list[list[str]], budget: int) -> list[list[int]]:
    ordered = sorted(indices, key=lambda i: len(tokens[i]))
    chunks: list[list[int]] = []
    current: list[int] = []
    size = 0
    for i in ordered:
        if current and size + len(tokens[i]) > budget:
            chunks.append(current)
            current, size = [], 0
        current.append(i)
        size += len(tokens[i])
    if current:
        chunks.append(current)
    return chunks


class _SentencePiece:
    def __init__(self, path: str) -> None:
        import sentencepiece

        self._sp = sentencepiece.SentencePieceProcessor(model_file=path)

    def encode(self, texts: list[str]) -> list[list[str]]:
        return self._sp.encode(texts, out_type=str)

    def decode(self, token_lists: list[list[str]]) -> list[str]:
        return [self._sp.decode_pieces(tokens) for tokens in token_lists]


class _Bpe:
    def __init__(self, package: InstalledPackage) -> None:
        from argostranslate.tokenizer import BPETokenizer  # imports sentencepiece only

        self._bpe = BPETokenizer(package.tokenizer_path, package.from_code, package.to_code)

    def encode(self, texts: list[str]) -> list[list[str]]:
        return [self._bpe.encode(text) for text in texts]

    def decode(self, token_lists: list[list[str]]) -> list[str]:
        return [self._bpe.decode(tokens) for tokens in token_lists]


def _load_tokenizer(package: InstalledPackage):
    try:
        if package.tokenizer == "bpe":
            return _Bpe(package)
        return _SentencePiece(str(package.tokenizer_path))
    except (OSError, RuntimeError) as exc:
        raise ModelError(f"{package.tokenizer_path}: cannot load the tokenizer ({exc})") from exc


class PivotEngine:
    """Two engines chained through a pivot language (``from -> en -> to``).

    Scores are the mean of the two legs' scores; attention, when asked for,
    is composed through the pivot sentence's tokens.
    """

    def __init__(self, first: Engine, second: Engine) -> None:
        self.first = first
        self.second = second

    @property
    def from_code(self) -> str:
        return self.first.info.from_code

    @property
    def to_code(self) -> str:
        return self.second.info.to_code

    @property
    def info(self) -> EngineInfo:
        a, b = self.first.info, self.second.info
        return EngineInfo(a.from_code, b.to_code, a.packages + b.packages, a.to_code,
                          a.device, a.compute_type, a.threads, a.inter_threads, a.intra_threads)

    def translate_batch(self, sources: Sequence[str], *,
                        target_prefixes: Sequence[str | None] | None = None,
                        beam_size: int = DEFAULT_BEAM_SIZE, return_attention: bool = False,
                        progress: Progress | None = None) -> list[Hypothesis]:
        """As :meth:`Engine.translate_batch`; ``target_prefixes`` apply to the
        second leg; progress counts both legs (``2 * len(sources)`` in all)."""
        total = 2 * len(sources)
        first_progress = (lambda d, _t: progress(d, total)) if progress else None
        second_progress = (lambda d, _t: progress(len(sources) + d, total)) if progress else None
        middle = self.first.translate_batch(sources, beam_size=beam_size,
                                            return_attention=return_attention, progress=first_progress)
        final = self.second.translate_batch([h.text for h in middle], target_prefixes=target_prefixes,
                                            beam_size=beam_size, return_attention=return_attention,
                                            progress=second_progress)
        out = []
        for mid, end in zip(middle, final):
            scores = [s for s in (mid.score, end.score) if s is not None]
            attention = _compose(mid, end) if return_attention else None
            out.append(Hypothesis(end.text, end.tokens, sum(scores) / len(scores) if scores else None,
                                  mid.source_tokens, attention))
        return out


def _compose(mid: Hypothesis, end: Hypothesis):
    """Attention target->source through the pivot: end[t][k] x overlap[k][m] x mid[m][s]."""
    if mid.attention is None or end.attention is None:
        return None
    from .align import token_spans

    first_spans = token_spans(mid.text, mid.tokens)
    second_spans = token_spans(mid.text, end.source_tokens)
    bridge = []
    for a, b in second_spans:
        row = [1.0 if (a < d and c < b) else 0.0 for c, d in first_spans]
        total = sum(row)
        bridge.append([x / total for x in row] if total else row)
    n_source = len(mid.source_tokens)
    result = []
    for end_row in end.attention:
        through = [sum(end_row[k] * bridge[k][m] for k in range(min(len(end_row), len(bridge))))
                   for m in range(len(first_spans))]
        result.append(tuple(sum(through[m] * mid.attention[m][s] for m in range(min(len(through),
                                                                                     len(mid.attention))))
                            for s in range(n_source)))
    return tuple(result)


def load_engine(from_code: str, to_code: str, *, device: str = "auto", threads: int = 0,
                compute_type: str = "auto", locs: Locations | None = None) -> Engine | PivotEngine:
    """Load the installed package(s) for a pair: the direct package, or two
    packages through English.

    Raises:
        ModelNotFoundError: no route is installed (the message says which
            command installs one).
        ModelError: a model cannot be loaded.
    """
    route = find_route(from_code, to_code, locs)
    engines = [Engine(package, device=device, threads=threads, compute_type=compute_type)
               for package in route]
    return engines[0] if len(engines) == 1 else PivotEngine(*engines)


def thread_plan(threads: int, device: str = "cpu") -> tuple[int, int]:
    """How ``threads`` CPU threads are used: ``(inter_threads,
    intra_threads)`` for ``ctranslate2.Translator``.

    On the CPU, one thread per batch and as many batches at once as threads
    (``threads`` x 1): measured on 2 cores (benchmarks/bench_threads.py,
    results/threads.json), 2 threads inside one batch were several times
    slower than 1 on the tiny test model and slower than 1 on a
    transformer-base model (the threads wait on each other over small
    matrices), while two batches at once used both cores; the batches of
    a call are made small enough that each translator gets one
    (:meth:`Engine._batch_tokens`). The model's weights are shared: each
    further translator adds only its batch's working memory. On CUDA, one
    translator (the GPU does the work) with ``threads`` CPU threads.

    >>> thread_plan(4)
    (4, 1)
    >>> thread_plan(4, "cuda")
    (1, 4)
    """
    threads = max(1, threads)
    if device == "cuda":
        return 1, threads
    return threads, 1


def default_threads() -> int:
    """The CPU threads a model uses when ``--threads`` is not given: the
    usable CPUs, at most 8."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:
        count = os.cpu_count() or 1
    return max(1, min(8, count))
