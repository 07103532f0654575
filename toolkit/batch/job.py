"""Folder jobs: translate every supported document under folders (or a
list of files) into the same tree under an output folder.

The coordinator (:func:`run_folder_job`, in the command's process) finds the
documents, skips those the manifest says are done (:mod:`.manifest`), and
for each other one, just before it is sent to a worker, looks the memory up
(:mod:`toolkit.memory`): units to reuse for its sentences and raw machine
translations of its model inputs. Workers (:mod:`.local`, :mod:`.ray_runner`)
translate; the coordinator then writes, in this order, the memory (new
machine units and raw hypotheses), the output file (atomically) and the
manifest line. A kill at any point loses at most the documents in flight,
and a rerun redoes exactly those.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence

from ..errors import InputError
from ..i18n import _
from .manifest import Manifest, job_key
from .worker import JobConfig, Task, resolve_spec, threads_per_worker

if TYPE_CHECKING:
    from ..memory.store import TranslationMemory

__all__ = ["FolderOptions", "DocumentOutcome", "FolderSummary", "SourceDocument", "find_documents",
           "run_folder_job"]


@dataclass(frozen=True)
class FolderOptions:
    """The settings of a folder job.

    Attributes:
        from_code (str), to_code (str): the pair.
        as_po (bool): write a PO file for post-editing per document
            (``NAME.po`` beside where the document would go).
        glossary: a loaded glossary, a path, or None for the default.
        enforce (bool): enforce the glossary.
        beam_size (int), device (str): model settings.
        threads (int): intra-op threads per worker (0: the CPUs shared out).
        workers (int): worker processes (1: in this process).
        memory (str | PathLike | None): the memory database (None: the
            default one of the pair, :func:`toolkit.memory.store.default_memory_path`).
        use_memory (bool): look up and fill the memory.
        ray (str | None): run on Ray: ``"local"`` starts a local instance,
            anything else is a cluster address; None runs locally.
        fuzzy_threshold (float): least score of a suggestion in PO files.
        live_progress (bool): report progress within documents (for a
            visible progress bar): the model then works in several calls
            per document, as ``atau translate FILE`` does with a bar, on
            every runner alike (the engine's decoding limit follows the
            sentences of each call, so the mode is the same everywhere).
    """

    from_code: str
    to_code: str
    as_po: bool = False
    glossary: Any = None
    enforce: bool = True
    beam_size: int = 4
    device: str = "auto"
    threads: int = 0
    workers: int = 1
    memory: str | os.PathLike | None = None
    use_memory: bool = True
    ray: str | None = None
    fuzzy_threshold: float = 75.0
    live_progress: bool = False


@dataclass(frozen=True)
class SourceDocument:
    """A document found under the inputs: its ``path``, ``rel`` (path
    relative to the job's root, with ``/``) and format."""

    path: Path
    rel: str
    fmt: str


@dataclass(frozen=True)
class DocumentOutcome:
    """What became of one document.

    Attributes:
        input (str): its path relative to the job's root.
        output (str): its output's path relative to the output folder.
        status (str): ``translated``, ``done`` (by an earlier run, per the
            manifest) or ``failed``.
        sentences, reused_human, reused_machine, flagged, unresolved,
        model_calls (int): counts (``done``: as the earlier run recorded).
        error (str | None): why it failed (one line).
        report (dict | None): the JSON report of a translated document
            (:meth:`toolkit.batch.document.Reused.report`).
    """

    input: str
    output: str
    status: str
    sentences: int = 0
    reused_human: int = 0
    reused_machine: int = 0
    flagged: int = 0
    unresolved: int = 0
    model_calls: int = 0
    suggestions: int = 0
    error: str | None = None
    worker: str = ""
    report: dict | None = field(default=None, repr=False)

    def counts(self) -> dict[str, int]:
        return {"sentences": self.sentences, "reused_human": self.reused_human,
                "reused_machine": self.reused_machine, "flagged": self.flagged,
                "unresolved": self.unresolved, "model_calls": self.model_calls,
                "suggestions": self.suggestions}

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"input": self.input, "output": self.output, "status": self.status,
                                **self.counts()}
        if self.error:
            data["error"] = self.error
        if self.report is not None:
            data.update(self.report)
        return data


@dataclass
class FolderSummary:
    """The totals of a folder job."""

    outdir: str
    memory: str | None
    runner: str
    workers: int
    documents: int = 0
    translated: int = 0
    done_before: int = 0
    failed: int = 0
    sentences: int = 0
    reused_human: int = 0
    reused_machine: int = 0
    flagged: int = 0
    unresolved: int = 0
    model_calls: int = 0
    suggestions: int = 0
    workers_lost: int = 0

    def add(self, outcome: DocumentOutcome) -> None:
        self.documents += 1
        if outcome.status == "failed":
            self.failed += 1
            return
        if outcome.status == "done":
            self.done_before += 1
        else:
            self.translated += 1
            self.model_calls += outcome.model_calls
        self.sentences += outcome.sentences
        self.reused_human += outcome.reused_human
        self.reused_machine += outcome.reused_machine
        self.flagged += outcome.flagged
        self.unresolved += outcome.unresolved
        self.suggestions += outcome.suggestions

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


Event = Callable[[str, Any], None]
"""``on_event(kind, data)``: ``"plan"`` (dict: documents, todo, sentences),
``"progress"`` (int: sentences done since the last call), ``"document"``
(:class:`DocumentOutcome`)."""


# --------------------------------------------------------------------------
# finding documents


def supported_suffixes() -> dict[str, str]:
    """File name suffix -> document format, for every format (:mod:`toolkit.documents`)."""
    from ..documents import format_module, formats

    return {suffix: name for name in formats() for suffix in format_module(name).SUFFIXES}


def find_documents(inputs: Sequence[str | os.PathLike], outdir: str | os.PathLike | None = None) -> list[SourceDocument]:
    """The documents to translate: every file under each folder (hidden files
    and folders, and the output folder, left out; symbolic links to folders
    not followed) whose suffix a document format claims, and each file named
    (whatever its suffix: txt unless a format claims it). Paths are made
    relative to the inputs' common folder; sorted.

    Raises:
        InputError: an input does not exist, or two inputs give the same
            relative path.
    """
    suffixes = supported_suffixes()
    out = Path(os.path.realpath(outdir)) if outdir is not None else None
    paths = [Path(p) for p in inputs]
    for path in paths:
        if not path.exists():
            raise InputError("no such file or folder", path)
    roots = [Path(os.path.realpath(p if p.is_dir() else p.parent)) for p in paths]
    base = Path(os.path.commonpath([str(r) for r in roots])) if roots else Path(".")
    found: dict[str, SourceDocument] = {}
    for path in paths:
        if path.is_dir():
            files = []
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                                 and (out is None or Path(os.path.realpath(Path(folder) / d)) != out))
                files += [Path(folder) / n for n in sorted(names)
                          if not n.startswith(".") and Path(n).suffix.lower() in suffixes]
        else:
            files = [path]
        for file in files:
            real = Path(os.path.realpath(file.parent)) / file.name
            rel = real.relative_to(base).as_posix()
            fmt = suffixes.get(file.suffix.lower(), "txt")
            if rel in found and found[rel].path != file:
                raise InputError(f"two inputs would be written to the same output {rel!r}", file)
            found[rel] = SourceDocument(file, rel, fmt)
    return [found[rel] for rel in sorted(found)]


def _check_outdir(documents: list[SourceDocument], outdir: Path, as_po: bool) -> None:
    from ..fileio import same_file

    if outdir.exists() and not outdir.is_dir():
        raise InputError(_("the output must be a folder when translating several documents"), outdir)
    for document in documents:
        target = outdir / _output_rel(document.rel, as_po)
        if target.exists() and same_file(target, document.path):
            raise InputError(_("the output would overwrite the input {path!r}; write to another folder")
                             .format(path=str(document.path)), outdir)


def _output_rel(rel: str, as_po: bool) -> str:
    return rel + ".po" if as_po else rel


# --------------------------------------------------------------------------
# the job


def _settings(options: FolderOptions, config: JobConfig) -> dict[str, Any]:
    from .. import __version__

    spec = config.spec
    return {"atau": __version__, "from": config.from_code, "to": config.to_code,
            "packages": [f"{p.name}@{p.version}" for p in spec.packages],
            "device": spec.device, "compute_type": spec.compute_type, "beam": options.beam_size,
            "glossary": config.glossary_sha if (config.enforce or config.as_po) else None,
            "enforce": config.enforce, "po": options.as_po}


def _config(options: FolderOptions, threads: int) -> JobConfig:
    from ..errors import GlossaryError
    from ..langtags import normalize_tag
    from ..service import load_terms

    from_code, to_code = normalize_tag(options.from_code), normalize_tag(options.to_code)
    spec = resolve_spec(from_code, to_code, device=options.device, threads=threads)
    glossary = load_terms(options.glossary) if (options.enforce or options.as_po) else None
    enforce = options.enforce
    notices: tuple[str, ...] = ()
    if enforce and glossary is not None:
        try:
            for lang in (from_code, to_code):
                glossary.check_language(lang)
        except GlossaryError as exc:
            enforce = False
            notices = (_("the glossary is not enforced: {reason}").format(reason=exc),)
    return JobConfig(from_code, to_code, spec, options.beam_size, options.as_po, glossary, enforce, notices)


def _runner(options: FolderOptions, config: JobConfig, progress):
    if options.ray is not None:
        from .ray_runner import RayRunner

        return RayRunner(config, options.ray, workers=options.workers if options.workers > 1 else None)
    if options.workers > 1:
        from .local import ProcessRunner

        return ProcessRunner(config, options.workers, progress)
    from .local import InProcessRunner

    return InProcessRunner(config, progress)


def run_folder_job(inputs: Sequence[str | os.PathLike], outdir: str | os.PathLike, options: FolderOptions,
                   *, on_event: Event | None = None) -> FolderSummary:
    """Translate every document of ``inputs`` into ``outdir``; resumable.

    Args:
        inputs: folders and files (:func:`find_documents`).
        outdir: the output folder (created).
        options (FolderOptions): the settings.
        on_event (Event | None): told of the plan, progress and each document.

    Returns:
        FolderSummary

    Raises:
        InputError: no documents, an output folder that is an input or a
            file, another job on the same output folder, an unreadable memory.
        ModelNotFoundError, ModelError: no model, or it fails.
        GlossaryError: the glossary cannot be read.
    """
    from ..fileio import decode_text, read_bytes

    if options.workers < 1:
        raise InputError(_("--workers must be at least 1"))
    outdir = Path(outdir)
    documents = find_documents(inputs, outdir)
    if not documents:
        raise InputError(_("no documents to translate (supported: {suffixes})").format(
            suffixes=", ".join(sorted(supported_suffixes()))), inputs[0] if inputs else None)
    _check_outdir(documents, outdir, options.as_po)
    workers = options.workers
    config = _config(options, threads_per_worker(workers, options.threads))
    key = job_key(_settings(options, config))
    emit = on_event or (lambda kind, data: None)
    memory = _open_memory(options, config) if options.use_memory else None
    summary = FolderSummary(str(outdir), str(memory.path) if memory is not None else None,
                            "ray" if options.ray is not None else ("processes" if workers > 1 else "in-process"),
                            workers)
    try:
        with Manifest(outdir) as manifest:
            _remove_leftovers(outdir, documents, options.as_po)
            todo: list[tuple[SourceDocument, str, int]] = []
            finished: list[DocumentOutcome] = []
            sentences = 0
            for document in documents:
                out_rel = _output_rel(document.rel, options.as_po)
                try:
                    data = read_bytes(document.path)
                except InputError as exc:
                    finished.append(DocumentOutcome(document.rel, out_rel, "failed", error=str(exc)))
                    continue
                digest = _sha(data)
                entry = manifest.done(document.rel, digest, key)
                if entry is not None:
                    counts = {k: int(entry.get(k, 0)) for k in DocumentOutcome("", "", "").counts()}
                    counts["model_calls"] = 0
                    finished.append(DocumentOutcome(document.rel, out_rel, "done", **counts))
                    continue
                try:
                    from .document import document_keys

                    count = document_keys(decode_text(data, document.path), document.fmt,
                                          config.from_code).sentences
                except InputError as exc:
                    if exc.path is None:
                        exc.path = str(document.path)
                    finished.append(DocumentOutcome(document.rel, out_rel, "failed", error=str(exc)))
                    continue
                todo.append((document, digest, count))
                sentences += count
            emit("plan", {"documents": len(documents), "todo": len(todo), "sentences": sentences,
                          "done": sum(o.status == "done" for o in finished)})
            for outcome in finished:
                summary.add(outcome)
                emit("document", outcome)
            if todo:
                _translate(todo, outdir, options, config, key, manifest, memory, summary, emit)
    finally:
        if memory is not None:
            memory.close()
    return summary


def _remove_leftovers(outdir: Path, documents: list[SourceDocument], as_po: bool) -> None:
    """Remove the temporary files of outputs a killed run was writing
    (:func:`toolkit.fileio.atomic_open` names them ``.NAME.*.tmp``)."""
    names: dict[Path, set[str]] = {}
    for document in documents:
        target = outdir / _output_rel(document.rel, as_po)
        names.setdefault(target.parent, set()).add(target.name)
    for folder, wanted in names.items():
        if not folder.is_dir():
            continue
        for path in folder.glob(".*.tmp"):
            stem = path.name[1:].rsplit(".", 2)[0]
            if stem in wanted:
                try:
                    path.unlink()
                except OSError:
                    pass


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _open_memory(options: FolderOptions, config: JobConfig) -> "TranslationMemory":
    from ..memory.store import TranslationMemory, default_memory_path

    path = options.memory or default_memory_path(config.from_code, config.to_code)
    return TranslationMemory(path, config.from_code, config.to_code)


def _translate(todo, outdir: Path, options: FolderOptions, config: JobConfig, key: str, manifest: Manifest,
               memory, summary: FolderSummary, emit: Event) -> None:
    from ..fileio import decode_text, read_bytes
    from .document import document_keys, markup_of

    spec = config.spec
    mt_key = spec.mt_key(options.beam_size)
    unit_glossary = config.unit_glossary()
    jobs: dict[int, tuple[SourceDocument, str, int]] = {}
    reported: dict[int, int] = {}

    def progress(task_id: int, done: int, total: int) -> None:
        job = jobs.get(task_id)
        if job is None or total <= 0:
            return
        now = min(job[2], job[2] * done // total)
        if now > reported.get(task_id, 0):
            emit("progress", now - reported.get(task_id, 0))
            reported[task_id] = now

    def tasks() -> Iterator[Task]:
        for number, (document, digest, count) in enumerate(todo):
            try:
                data = read_bytes(document.path)
                text = decode_text(data, document.path)
                keys = document_keys(text, document.fmt, config.from_code)
            except InputError as exc:
                if exc.path is None:
                    exc.path = str(document.path)
                _finish(DocumentOutcome(document.rel, _output_rel(document.rel, options.as_po), "failed",
                                        error=str(exc)))
                continue
            signature = spec.signature(options.beam_size, markup_of(document.fmt))
            recall, known = {}, {}
            if memory is not None:
                recall = memory.recall(keys.segments, signature=signature, glossary=unit_glossary)
                known = memory.mt_lookup(mt_key, keys.inputs)
            jobs[number] = (document, _sha(data), keys.sentences)
            yield Task(number, text, document.fmt, document.path.name, recall, known, signature, str(document.path),
                       options.live_progress)

    def _finish(outcome: DocumentOutcome) -> None:
        summary.add(outcome)
        emit("document", outcome)

    with _runner(options, config, progress if options.live_progress else None) as runner:
        for result in runner.imap(tasks()):
            document, digest, count = jobs.pop(result.id)
            out_rel = _output_rel(document.rel, options.as_po)
            left = count - reported.pop(result.id, 0)
            if result.error is not None:
                _finish(DocumentOutcome(document.rel, out_rel, "failed", error=result.error, worker=result.worker))
                emit("progress", left)
                continue
            output, suggestions = result.output, 0
            if memory is not None:
                memory.add(result.units)
                if result.hypotheses:
                    memory.mt_add(mt_key, result.hypotheses)
                if options.as_po:
                    output, suggestions = _suggest(output, memory, options.fuzzy_threshold)
            target = outdir / out_rel
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_output(target, output)
            outcome = DocumentOutcome(document.rel, out_rel, "translated", result.sentences, result.reused_human,
                                      result.reused_machine, result.flagged, result.unresolved,
                                      result.model_calls, suggestions, None, result.worker, result.report)
            manifest.record({"input": document.rel, "sha256": digest, "job": key, "output": out_rel,
                             "output_sha256": _sha(output.encode("utf-8")), **outcome.counts()})
            emit("progress", left)
            _finish(outcome)
        summary.workers_lost = getattr(runner, "restarts", 0)


def _write_output(path: Path, text: str) -> None:
    """Write an output atomically against a kill (a temporary file beside it,
    renamed over it), without fsync: after a power cut an output that did
    not reach the disk no longer has the hash the manifest recorded, and is
    done again (:meth:`toolkit.batch.manifest.Manifest.done`). Named as
    :func:`toolkit.fileio.atomic_open` names its temporary files, so that
    a killed run's are removed by the next (:func:`_remove_leftovers`)."""
    import tempfile

    if path.is_symlink() or (path.exists() and not path.is_file()):
        from ..fileio import atomic_write

        atomic_write(path, text)  # a link or a device: written the careful way
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _suggest(po_text: str, memory, threshold: float) -> tuple[str, int]:
    """Fuzzy matches from the memory's human units as suggestions in a PO file."""
    import polib

    from ..memory.reuse import add_suggestions

    class _Human:  # search human units only: machine units change during a job
        def search(self, text, **kwargs):
            return memory.search(text, origin="human", **kwargs)

    catalog = polib.pofile(po_text, wrapwidth=78)
    count = add_suggestions(catalog, _Human(), threshold=threshold)
    if not count:
        return po_text, 0
    text = str(catalog)
    return (text if text.endswith("\n") else text + "\n"), count
