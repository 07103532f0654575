"""Running a job's tasks on this machine: in the command's own process
(:class:`InProcessRunner`, one worker) or in worker processes
(:class:`ProcessRunner`, ``--workers N``), each process with its own
CTranslate2 translator.

A runner's :meth:`imap` takes tasks from an iterator as it has room (at
most two per worker in flight, so that the coordinator looks the memory up
just before a document is sent, and sees what the documents before it
added) and yields results as they come.

Worker processes are started with ``spawn`` (no inherited locks or
threads), ignore Ctrl-C (the command stops them), and end themselves when
the command is gone (``kill -9``): a watchdog thread checks the parent.
"""

from __future__ import annotations

import os
import threading
from typing import Callable, Iterable, Iterator

from .worker import DocumentWorker, JobConfig, Task, TaskResult

__all__ = ["InProcessRunner", "ProcessRunner"]

Progress = Callable[[int, int, int], None]
"""``progress(task_id, done, total)``: sentences of a document done."""


class InProcessRunner:
    """One worker, in this process."""

    workers = 1

    def __init__(self, config: JobConfig, progress: Progress | None = None) -> None:
        self.worker = DocumentWorker(config)
        self.progress = progress

    def imap(self, tasks: Iterable[Task]) -> Iterator[TaskResult]:
        for task in tasks:
            step = (lambda done, total, _id=task.id: self.progress(_id, done, total)) if self.progress else None
            yield self.worker.run(task, step)

    def close(self) -> None:
        return None

    def __enter__(self):
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


# --------------------------------------------------------------------------
# worker processes

_WORKER: DocumentWorker | None = None
_QUEUE = None


def _init(config: JobConfig, queue, parent: int) -> None:
    import signal

    global _WORKER, _QUEUE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = DocumentWorker(config)
    _QUEUE = queue
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="atau-parent-watch").start()


def _watch(parent: int) -> None:
    import time

    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _run(task: Task) -> TaskResult:
    assert _WORKER is not None
    queue = _QUEUE
    step = (lambda done, total: queue.put((task.id, done, total))) if queue is not None else None
    return _WORKER.run(task, step)


class ProcessRunner:
    """``workers`` processes (``spawn``), each a :class:`DocumentWorker`.

    Args:
        config (JobConfig): the job (its spec's threads are per worker).
        workers (int): how many processes.
        progress (Progress | None): sentences done within documents.
    """

    def __init__(self, config: JobConfig, workers: int, progress: Progress | None = None) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")
        self.workers = workers
        self.progress = progress
        self._queue = context.Queue() if progress is not None else None
        self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init,
                                         initargs=(config, self._queue, os.getpid()))
        self._stop = threading.Event()
        self._drain = None
        if self._queue is not None:
            self._drain = threading.Thread(target=self._pump, daemon=True, name="atau-progress")
            self._drain.start()

    def _pump(self) -> None:
        import queue as queues

        while not self._stop.is_set():
            try:
                task_id, done, total = self._queue.get(timeout=0.2)
            except (queues.Empty, OSError, EOFError, ValueError):
                continue
            try:
                self.progress(task_id, done, total)
            except Exception:  # noqa: BLE001 - a progress bar must never stop the job
                pass

    def imap(self, tasks: Iterable[Task]) -> Iterator[TaskResult]:
        from concurrent.futures import FIRST_COMPLETED, wait

        pending = set()
        source = iter(tasks)
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * self.workers:
                task = next(source, None)
                if task is None:
                    exhausted = True
                    break
                pending.add(self._pool.submit(_run, task))
            if not pending:
                return
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()

    def close(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._drain is not None:
            self._drain.join(timeout=2)
        if self._queue is not None:
            self._queue.close()

    def terminate(self) -> None:
        """Stop the workers now (Ctrl-C): their documents are not finished."""
        self._stop.set()
        for process in list(getattr(self._pool, "_processes", {}).values()):
            try:
                process.terminate()
            except Exception:  # noqa: BLE001 - already gone
                pass
        self._pool.shutdown(wait=False, cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *_exc) -> None:
        if exc_type is not None:
            self.terminate()
        else:
            self.close()
