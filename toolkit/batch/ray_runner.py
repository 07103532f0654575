"""Running a folder job on a Ray cluster (``atau translate DIR --ray [ADDRESS]``).

A pool of Ray actors, each holding one :class:`~toolkit.batch.worker.DocumentWorker`
(one CTranslate2 translator); documents are the unit of work. The
coordinator stays in the command's process: it looks the memory up before a
document is dispatched and writes the memory, the output and the manifest
after (:mod:`toolkit.batch.job`), so workers need no access to the memory
or the output folder.

What is shipped to the workers:

* the job's settings and the glossary (a Python object, through Ray's
  object store: no shared file needed);
* the model packages: by path when the cluster is this machine (no
  ADDRESS), else as zip archives through the object store, unpacked once
  per node into a temporary folder — unless ``ATAU_RAY_SHARED_MODELS=1``
  says the package folders are on shared storage at the same path on
  every node;
* Atau's own code: through the runtime environment (``py_modules``) when
  connecting to a cluster; its dependencies (ctranslate2, sentencepiece,
  ...) must be installed on the nodes (``pip install 'atau[ray]'``).

When a worker dies (its node is lost, it is killed, out of memory), a new
actor takes its place (up to :data:`MAX_RESTARTS` per worker in a job) and
the documents it held are dispatched again, each at most :data:`MAX_ATTEMPTS` times in all; a
document that fails that often is reported failed (and redone by the next
run, as it is not in the manifest). Nothing a dead worker did is written:
only the coordinator writes.

``ray`` is imported here only (an optional dependency: ``pip install 'atau[ray]'``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import AtauError, InputError, ModelError
from ..i18n import _
from .worker import DocumentWorker, JobConfig, Task, TaskResult

__all__ = ["RayRunner", "MAX_RESTARTS", "MAX_ATTEMPTS", "import_ray"]

MAX_RESTARTS = 3
"""How many new actors a job starts, per worker, in place of ones that died."""
MAX_ATTEMPTS = 3
"""How often a document is dispatched before it is reported failed."""
#: Seconds to wait for a result before checking the actors again.
_WAIT = 5.0


def import_ray():
    """The ``ray`` module.

    Raises:
        InputError: Ray is not installed (the message says how to install it).
    """
    try:
        import ray
    except ImportError as exc:
        raise InputError(_("--ray needs Ray: pip install 'atau[ray]' (or: pip install ray)")) from exc
    return ray


def _zip_folder(folder: Path) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def _unpack(name: str, data: bytes) -> Path:
    """Unpack a shipped package once per node (by name and size) into the temp folder."""
    import hashlib
    import io
    import zipfile

    digest = hashlib.sha256(data).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / "atau-ray-models" / f"{name}-{digest}"
    if (target / ".complete").exists():
        return target
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=target.parent if target.parent.exists()
                                    else _mkdir(target.parent)))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            path = (staging / member.filename).resolve()
            if not str(path).startswith(str(staging.resolve()) + os.sep):
                raise ModelError(f"shipped package {name}: unsafe path {member.filename!r}")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(archive.read(member))
    (staging / ".complete").write_text("ok")
    try:
        os.replace(staging, target)
    except OSError:  # another actor on this node got there first
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
    return target


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


class _Actor:
    """The body of a Ray actor: one DocumentWorker."""

    def __init__(self, config: JobConfig, shipped: dict | None) -> None:
        if shipped:
            import ray

            paths = {name: _unpack(name, ray.get(ref) if not isinstance(ref, bytes) else ref)
                     for name, ref in shipped.items()}
            from dataclasses import replace

            config = replace(config, spec=config.spec.with_paths(paths))
        self.worker = DocumentWorker(config)

    def run(self, task: Task) -> TaskResult:
        return self.worker.run(task)

    def pid(self) -> int:
        return os.getpid()


class RayRunner:
    """Run tasks on Ray actors.

    Args:
        config (JobConfig): the job; its spec's threads are per actor.
        address (str): ``"local"`` (or ``""``) starts a local Ray instance;
            else the address of a cluster (``ray://HOST:10001``, ``auto``).
        workers (int | None): actors (default: the cluster's CPUs divided
            by the threads each actor uses).

    Raises:
        InputError: Ray is not installed.
        AtauError: Ray cannot start or connect (the message says why).
    """

    def __init__(self, config: JobConfig, address: str = "local", *, workers: int | None = None) -> None:
        ray = import_ray()
        self.ray = ray
        local = address in ("", "local")
        self._started = False
        if not ray.is_initialized():
            kwargs = {"include_dashboard": False, "log_to_driver": False, "logging_level": "ERROR",
                      "configure_logging": True}
            try:
                if local:
                    cpus = workers * max(1, config.spec.threads) if workers else None
                    ray.init(num_cpus=cpus, **kwargs)
                else:
                    import toolkit

                    runtime_env = {"py_modules": [str(Path(toolkit.__file__).parent)]}
                    ray.init(address=address, runtime_env=runtime_env, **kwargs)
            except Exception as exc:  # noqa: BLE001 - Ray raises many types; one line for the user
                raise AtauError(_("Ray could not start or connect ({address}): {error}").format(
                    address=address or "local", error=" ".join(str(exc).split())[:300])) from exc
            self._started = True
        threads = max(1, config.spec.threads)
        if workers is None:
            cpus = int(ray.cluster_resources().get("CPU", 1))
            workers = max(1, cpus // threads)
        self.workers = workers
        shipped = None
        if not local and os.environ.get("ATAU_RAY_SHARED_MODELS") != "1":
            shipped = {p.name: ray.put(_zip_folder(p.path)) for p in config.spec.packages}
        # Passed by value: arguments held in the object store would make Ray
        # warn that a restarted actor may not find them.
        self._config = config
        self._shipped = shipped
        self._remote = ray.remote(num_cpus=threads, max_restarts=0, max_task_retries=0)(_Actor)
        self.restarts = 0
        self.actors = [self._new_actor() for _ in range(workers)]

    def _new_actor(self):
        return self._remote.remote(self._config, self._shipped)

    def imap(self, tasks: Iterable[Task]) -> Iterator[TaskResult]:
        ray = self.ray
        from ray.exceptions import RayActorError, RayTaskError

        source = iter(tasks)
        exhausted = False
        inflight: dict = {}  # ref -> (task, actor, attempt)
        load: dict = {id(a): 0 for a in self.actors}
        retry: list[tuple[Task, int]] = []

        def submit(task: Task, attempt: int) -> None:
            actor = min(self.actors, key=lambda a: load[id(a)])
            ref = actor.run.remote(task)
            inflight[ref] = (task, actor, attempt)
            load[id(actor)] += 1

        def replace_dead(actor) -> None:
            if actor not in self.actors:
                return  # replaced already (several of its documents failed)
            index = self.actors.index(actor)
            self.restarts += 1
            if self.restarts > MAX_RESTARTS * len(self.actors):
                self.actors.pop(index)
                if not self.actors:
                    raise ModelError(_("every Ray worker died; see the Ray logs (ray logs cluster)"))
                return
            self.actors[index] = fresh = self._new_actor()
            load[id(fresh)] = 0

        while True:
            while retry:
                task, attempt = retry.pop(0)
                submit(task, attempt)
            while not exhausted and len(inflight) < 2 * len(self.actors):
                task = next(source, None)
                if task is None:
                    exhausted = True
                    break
                submit(task, 1)
            if not inflight:
                return
            ready, _pending = ray.wait(list(inflight), num_returns=1, timeout=_WAIT)
            for ref in ready:
                task, actor, attempt = inflight.pop(ref)
                load[id(actor)] = load.get(id(actor), 1) - 1
                try:
                    result = ray.get(ref)
                except RayActorError:
                    # The worker died: a new one takes its place; the document is done again.
                    replace_dead(actor)
                    if attempt >= MAX_ATTEMPTS:
                        yield TaskResult(task.id, error=_("a Ray worker died {n} times on this document")
                                         .format(n=attempt))
                    else:
                        retry.append((task, attempt + 1))
                    continue
                except RayTaskError as exc:
                    cause = exc.as_instanceof_cause() if hasattr(exc, "as_instanceof_cause") else exc
                    if isinstance(cause, AtauError):
                        raise cause from None
                    raise ModelError(_("a Ray worker failed: {error}").format(
                        error=" ".join(str(exc).split())[:300])) from exc
                yield result

    def close(self) -> None:
        for actor in self.actors:
            try:
                self.ray.kill(actor)
            except Exception:  # noqa: BLE001 - already gone
                pass
        self.actors = []
        if self._started:
            self.ray.shutdown()

    def __enter__(self):
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def in_process_worker(config: JobConfig) -> DocumentWorker:
    """A worker as an actor would build it (for tests)."""
    return _Actor(config, None).worker
