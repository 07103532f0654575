"""One model call for requests that arrive together.

:class:`BatchingTranslator` wraps a loaded engine (:class:`toolkit.mt.engine.Engine`)
and has the same ``translate_batch`` and ``info``, so the service layer uses
it as it uses an engine. Concurrent callers (the server's request threads)
put their sentences in a queue. A caller that finds the engine idle becomes
the *leader*: it takes everything waiting with the same settings, makes one
``translate_batch`` call for all of it (CTranslate2 sorts the sentences by
length and batches them by tokens) in its own thread, hands each caller its
translations and passes the lead on. A caller alone pays no hand-over to
another thread; callers that arrive while the engine works are served
together by the next call. The engine is called by one thread at a time, so
the cores are used by the model's own threads rather than by competing calls.

Waiting is bounded: a leader sends its call at once, except that when
requests are on their way to the model (:class:`Arrivals`: counted by the
server when a request starts, taken off at its first call), it waits for
them up to ``max_wait`` seconds.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Sequence

from ..mt.engine import DEFAULT_BEAM_SIZE, EngineInfo, Hypothesis, Translator

__all__ = ["BatchingTranslator", "Arrivals"]


class Arrivals:
    """Requests on their way to the model: :meth:`expect` when a request
    starts (in its thread), :meth:`arrived` at its first model call (or when
    it ends without one); :attr:`count` says how many are still coming."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()
        self._local = threading.local()

    def expect(self) -> None:
        if not getattr(self._local, "coming", False):
            self._local.coming = True
            with self._lock:
                self.count += 1

    def arrived(self) -> None:
        if getattr(self._local, "coming", False):
            self._local.coming = False
            with self._lock:
                self.count -= 1


@dataclass
class _Job:
    sources: list[str]
    prefixes: list[str | None]
    beam_size: int
    attention: bool
    done: threading.Event = field(default_factory=threading.Event)
    results: list[Hypothesis] | None = None
    error: BaseException | None = None

    @property
    def key(self) -> tuple[int, bool]:
        return (self.beam_size, self.attention)


class BatchingTranslator:
    """A :class:`toolkit.mt.engine.Translator` that merges concurrent calls.

    Args:
        engine (Translator): the loaded engine (called by one thread at a time).
        max_wait (float): seconds a leader may wait for more callers when
            ``expected`` says some are coming (0: never wait).
        max_sentences (int): sentences in one engine call, at most (a single
            caller's call is never split).
        arrivals (Arrivals | None): the requests on their way to the model
            (a leader waits for them); None: never wait.

    Attributes:
        calls (int): engine calls made; ``sentences`` (int): sentences sent.
    """

    def __init__(self, engine: Translator, *, max_wait: float = 0.005, max_sentences: int = 1024,
                 arrivals: Arrivals | None = None) -> None:
        self.engine = engine
        self.max_wait = max_wait
        self.max_sentences = max_sentences
        self.arrivals = arrivals
        self.calls = 0
        self.sentences = 0
        self._queue: list[_Job] = []
        self._cond = threading.Condition()
        self._busy = False
        self._closed = False

    @property
    def info(self) -> EngineInfo:
        return self.engine.info

    @property
    def waiting(self) -> int:
        """Calls queued and not yet taken into an engine call."""
        with self._cond:
            return len(self._queue)

    def translate_batch(self, sources: Sequence[str], *,
                        target_prefixes: Sequence[str | None] | None = None,
                        beam_size: int = DEFAULT_BEAM_SIZE, return_attention: bool = False,
                        progress=None) -> list[Hypothesis]:
        """As :meth:`toolkit.mt.engine.Engine.translate_batch` (``progress``
        is called once, at the end).

        Raises:
            ModelError: the engine failed (every caller of that call gets it).
            RuntimeError: the translator was closed.
        """
        sources = list(sources)
        if target_prefixes is not None and len(target_prefixes) != len(sources):
            raise ValueError(f"{len(target_prefixes)} target prefixes for {len(sources)} sources")
        if not sources:
            return []
        job = _Job(sources, list(target_prefixes) if target_prefixes is not None else [None] * len(sources),
                   beam_size, return_attention)
        if self.arrivals is not None:
            self.arrivals.arrived()
        with self._cond:
            if self._closed:
                raise RuntimeError("the translator is closed")
            self._queue.append(job)
            self._cond.notify_all()
        while not job.done.is_set():
            batch = self._lead(job)
            if batch:
                self._run(batch)
        if job.error is not None:
            raise job.error
        if progress:
            progress(len(sources), len(sources))
        return job.results  # type: ignore[return-value]

    def close(self) -> None:
        """Refuse new calls (calls under way finish)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    # -- leading -------------------------------------------------------------
    def _lead(self, job: _Job) -> list[_Job] | None:
        """Wait until ``job`` is done (None) or the engine is free; then take
        the lead and the batch to send (``job``'s own batch first)."""
        with self._cond:
            while self._busy and not job.done.is_set():
                self._cond.wait()
            if job.done.is_set() or job not in self._queue:
                return None
            self._busy = True
            if self.arrivals is not None and self.max_wait > 0:
                deadline = time.monotonic() + self.max_wait
                while (self.arrivals.count > 0 and self._size() < self.max_sentences
                       and (left := deadline - time.monotonic()) > 0):
                    self._cond.wait(timeout=left)
            key = job.key
            taken, kept, size = [], [], 0
            for waiting in self._queue:
                if waiting.key == key and (waiting is job or size + len(waiting.sources) <= self.max_sentences):
                    taken.append(waiting)
                    size += len(waiting.sources)
                else:
                    kept.append(waiting)
            self._queue = kept
            return taken

    def _size(self) -> int:
        return sum(len(job.sources) for job in self._queue)

    def _run(self, jobs: list[_Job]) -> None:
        sources = [s for job in jobs for s in job.sources]
        prefixes = [p for job in jobs for p in job.prefixes]
        try:
            results = self.engine.translate_batch(
                sources, target_prefixes=prefixes if any(prefixes) else None,
                beam_size=jobs[0].beam_size, return_attention=jobs[0].attention)
            if len(results) != len(sources):
                raise RuntimeError(f"the engine returned {len(results)} translations for {len(sources)}")
        except BaseException as exc:  # noqa: BLE001 - handed to every caller
            for job in jobs:
                job.error = exc
        else:
            cursor = 0
            for job in jobs:
                job.results = list(results[cursor:cursor + len(job.sources)])
                cursor += len(job.sources)
        finally:
            with self._cond:
                self.calls += 1
                self.sentences += len(sources)
                self._busy = False
                for job in jobs:
                    job.done.set()
                self._cond.notify_all()
