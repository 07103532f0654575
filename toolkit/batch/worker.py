"""What runs where the model is: one :class:`DocumentWorker` per process
(local worker processes, Ray actors, or the command's own process), each
with its own CTranslate2 translator, translating one document per
:class:`Task`.

Everything that crosses to a worker is picklable and small: the
:class:`EngineSpec` (package folders by path, device, threads), the glossary,
and per task the document's text with what the memory recalled for it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from ..memory.model import Unit

if TYPE_CHECKING:
    from ..mt.engine import EngineInfo, Translator
    from ..mt.packages.local import InstalledPackage
    from ..termbase.model import Glossary

__all__ = ["EngineSpec", "resolve_spec", "JobConfig", "Task", "TaskResult", "DocumentWorker",
           "threads_per_worker"]


def threads_per_worker(workers: int, threads: int = 0) -> int:
    """CTranslate2 intra-op threads for each of ``workers`` processes: the
    given ``threads``, else the usable CPUs (at most 8) shared out, at
    least 1 (2 cores, 2 workers: 1 thread each)."""
    if threads:
        return threads
    from ..mt.engine import default_threads

    return max(1, default_threads() // max(1, workers))


@dataclass(frozen=True)
class EngineSpec:
    """How to load the engine, known without loading it.

    Attributes:
        packages (tuple[InstalledPackage, ...]): the route (one package, or
            two through English), by folder.
        device (str): ``cpu`` or ``cuda`` (resolved).
        compute_type (str): the CTranslate2 compute type asked for.
        threads (int): CPU threads per translator (how they are used:
            :func:`toolkit.mt.engine.thread_plan`).
    """

    packages: tuple["InstalledPackage", ...]
    device: str
    compute_type: str
    threads: int

    @property
    def from_code(self) -> str:
        return self.packages[0].from_code

    @property
    def to_code(self) -> str:
        return self.packages[-1].to_code

    def info(self) -> "EngineInfo":
        from ..mt.engine import EngineInfo, thread_plan

        return EngineInfo(self.from_code, self.to_code, tuple((p.name, p.version) for p in self.packages),
                          self.packages[0].to_code if len(self.packages) > 1 else None, self.device,
                          self.compute_type, self.threads, *thread_plan(self.threads, self.device))

    def load(self) -> "Translator":
        """Load the translator(s).

        Raises:
            ModelError: a model cannot be loaded.
        """
        from ..mt.engine import Engine, PivotEngine

        engines = [Engine(p, device=self.device, threads=self.threads, compute_type=self.compute_type)
                   for p in self.packages]
        return engines[0] if len(engines) == 1 else PivotEngine(*engines)

    def signature(self, beam_size: int, markup: str) -> str:
        """The signature line of machine units made with this engine: model
        package(s), pivot, device, compute type, beam and the document
        markup protected (never the threads: they do not change the result)."""
        from ..signature import Signature

        info = self.info()
        return str(Signature(info.from_code, info.to_code, None, info.packages, info.pivot,
                             {"beam": beam_size, "device": self.device, "compute_type": self.compute_type,
                              "markup": markup}))

    def mt_key(self, beam_size: int) -> str:
        """The key of the raw machine translations this engine makes with
        ``beam_size`` (:func:`toolkit.memory.store.model_key`)."""
        from ..memory.store import model_key
        from ..signature import Signature

        info = self.info()
        return model_key(str(Signature(info.from_code, info.to_code, None, info.packages, info.pivot,
                                       {"device": self.device, "compute_type": self.compute_type})), beam_size)

    def with_paths(self, paths: Mapping[str, Path]) -> "EngineSpec":
        """A copy whose packages live at ``paths`` (package name -> folder)."""
        from dataclasses import replace

        return replace(self, packages=tuple(replace(p, path=Path(paths.get(p.name, p.path)))
                                            for p in self.packages))


def resolve_spec(from_code: str, to_code: str, *, device: str = "auto", threads: int = 0,
                 compute_type: str = "auto") -> EngineSpec:
    """The installed route for a pair, with device and compute type
    resolved as :class:`toolkit.mt.engine.Engine` resolves them.

    Raises:
        ModelNotFoundError: nothing installed translates the pair.
        ModelError: ``--device cuda`` without CUDA, an unknown device.
    """
    import ctranslate2

    from ..errors import ModelError
    from ..mt.packages.route import find_route

    route = find_route(from_code, to_code)
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
    return EngineSpec(tuple(route), device, compute_type, threads)


@dataclass(frozen=True)
class JobConfig:
    """What every worker of a job shares.

    Attributes:
        from_code (str), to_code (str): the pair.
        spec (EngineSpec): the engine.
        beam_size (int): beam width.
        as_po (bool): write PO files for post-editing.
        glossary (Glossary | None): the glossary (enforced when ``enforce``;
            noted in PO files).
        enforce (bool): enforce the glossary (checked to cover the pair).
        notices (tuple[str, ...]): told with every document.
    """

    from_code: str
    to_code: str
    spec: EngineSpec
    beam_size: int = 4
    as_po: bool = False
    glossary: "Glossary | None" = None
    enforce: bool = True
    notices: tuple[str, ...] = ()

    @property
    def glossary_sha(self) -> str | None:
        return self.glossary.fingerprint() if self.glossary is not None else None

    def unit_glossary(self) -> str:
        """The glossary field of machine units: its SHA-256 when enforced, else ``""``."""
        return (self.glossary_sha or "") if self.enforce else ""


@dataclass(frozen=True)
class Task:
    """One document to translate.

    Attributes:
        id (int): the job's number for it.
        text (str): the document; fmt (str): its format.
        source_name (str): its file name (PO occurrences).
        display (str): its path as errors name it.
        chunked (bool): the engine works in several calls (progress within
            the document), as with a visible progress bar.
        recall (dict[str, Unit]): segment key -> unit to reuse.
        known (dict[str, Hypothesis]): model input -> raw hypothesis.
        unit_signature (str): the signature of machine units for its format.
    """

    id: int
    text: str
    fmt: str
    source_name: str
    recall: dict = field(default_factory=dict)
    known: dict = field(default_factory=dict)
    unit_signature: str = ""
    display: str = ""
    chunked: bool = False


@dataclass(frozen=True)
class TaskResult:
    """What a worker sends back for a :class:`Task` (``error`` set on failure:
    one line, the document's own problem; nothing else set then)."""

    id: int
    output: str = ""
    report: dict | None = None
    sentences: int = 0
    reused_human: int = 0
    reused_machine: int = 0
    flagged: int = 0
    unresolved: int = 0
    units: tuple[Unit, ...] = ()
    hypotheses: tuple = ()
    model_calls: int = 0
    error: str | None = None
    worker: str = ""


class DocumentWorker:
    """Holds one translator (loaded on the first document that needs the
    model) and the glossary enforcer, and translates tasks.

    Args:
        config (JobConfig): the job.
    """

    def __init__(self, config: JobConfig) -> None:
        from ..memory.reuse import MemoryTranslator

        self.config = config
        self.engine = MemoryTranslator(config.spec.info(), config.spec.load, config.beam_size)
        self._enforcer = None
        self.name = f"{os.uname().nodename}:{os.getpid()}" if hasattr(os, "uname") else str(os.getpid())

    def enforcer(self):
        if self._enforcer is None and self.config.enforce and self.config.glossary is not None:
            from ..terms.enforce import Enforcer

            self._enforcer = Enforcer(self.config.glossary, self.config.from_code, self.config.to_code)
        return self._enforcer

    def run(self, task: Task, progress: Callable[[int, int], None] | None = None) -> TaskResult:
        """Translate one task. Errors of the document (a format it is not
        in) come back as ``error``; errors of the model are raised.

        Raises:
            ModelError: the model cannot be loaded or fails.
        """
        from ..errors import InputError
        from .document import translate_reusing

        config = self.config
        if progress is None and task.chunked:
            progress = _quiet  # the same calls to the engine as where progress is shown
        try:
            result = translate_reusing(
                task.text, config.from_code, config.to_code, fmt=task.fmt, engine=self.engine,
                enforcer=self.enforcer if config.enforce and config.glossary is not None else None,
                glossary_sha=config.glossary_sha, unit_signature=task.unit_signature,
                recall=task.recall, known=task.known, as_po=config.as_po, glossary=config.glossary,
                beam_size=config.beam_size, source_name=task.source_name, notices=config.notices,
                progress=progress)
        except InputError as exc:
            if exc.path is None:
                exc.path = task.display or task.source_name
            return TaskResult(task.id, error=str(exc), worker=self.name)
        translation = result.document.translation
        return TaskResult(
            task.id, result.document.output, result.report(), len(translation.segments),
            sum(1 for o in result.reused.values() if o == "human"),
            sum(1 for o in result.reused.values() if o == "machine"),
            len(translation.flagged), result.unresolved, result.units, result.hypotheses,
            result.model_calls, None, self.name)


def _quiet(_done: int, _total: int) -> None:
    return None


def describe(result: TaskResult) -> dict[str, Any]:
    """Counts of a result, for logs and tests."""
    return {"id": result.id, "sentences": result.sentences, "reused_human": result.reused_human,
            "reused_machine": result.reused_machine, "model_calls": result.model_calls}
