"""The manifest of a folder job: which documents are done, so that a rerun
after a crash, ``kill -9`` or Ctrl-C does only what is missing or changed.

The manifest is ``OUTDIR/.atau-manifest.jsonl``: one JSON object per line,
one line per finished document, appended right after the document's output
was written (atomically: a temporary file renamed). A line says: the input (path
relative to the job's root and SHA-256 of its bytes), the job key
(:func:`job_key`: model package@version, glossary SHA-256, settings), the
output (path and SHA-256) and the document's counts. A document is done when
its last line has the input's current hash and the current job key and its
output still has the recorded hash; anything else is redone.

A kill can cut the last line short: such a line is ignored (the document is
redone), and the file is rewritten without it (and without lines that later
ones replace) when the next run opens it. ``OUTDIR/.atau-manifest.lock``
keeps two jobs from writing one folder at once.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Iterator, Mapping

from ..errors import InputError

__all__ = ["Manifest", "job_key", "sha256_file", "MANIFEST_NAME", "LOCK_NAME"]

MANIFEST_NAME = ".atau-manifest.jsonl"
LOCK_NAME = ".atau-manifest.lock"
_MAX_LINE = 1 << 20  # a manifest line is a few hundred bytes: a longer one is damage


def job_key(settings: Mapping[str, Any]) -> str:
    """SHA-256 of the settings that change an output (canonical JSON)."""
    data = json.dumps(dict(settings), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def sha256_file(path: str | os.PathLike) -> str | None:
    """SHA-256 of a file's bytes, or None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


class Manifest:
    """The manifest of ``outdir`` (created with the folder).

    Raises:
        InputError: another job holds the folder (its lock), or the folder
            cannot be created.
    """

    def __init__(self, outdir: str | os.PathLike, *, lock_timeout: float = 1.0) -> None:
        from filelock import FileLock, Timeout

        self.outdir = Path(outdir)
        try:
            self.outdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create the output folder: {exc.strerror}", self.outdir) from exc
        self.path = self.outdir / MANIFEST_NAME
        self._lock = FileLock(str(self.outdir / LOCK_NAME))
        try:
            self._lock.acquire(timeout=lock_timeout)
        except Timeout as exc:
            raise InputError(f"another atau job is writing this folder ({self.outdir / LOCK_NAME})",
                             self.outdir) from exc
        self.entries: dict[str, dict] = dict(self._read())
        self._compact()
        self._handle = open(self.path, "a", encoding="utf-8")

    def _read(self) -> Iterator[tuple[str, dict]]:
        try:
            with open(self.path, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            return
        for raw in data.split(b"\n"):
            if not raw.strip() or len(raw) > _MAX_LINE:
                continue
            try:
                entry = json.loads(raw.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                continue  # a line cut short by a kill: that document is done again
            if isinstance(entry, dict) and isinstance(entry.get("input"), str):
                yield entry["input"], entry

    def _compact(self) -> None:
        from ..fileio import atomic_write

        text = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in self.entries.values())
        try:
            current = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            current = None
        if current != text and (current is not None or text):
            atomic_write(self.path, text)

    def done(self, rel: str, input_sha: str, key: str) -> dict | None:
        """The entry of ``rel`` if it is done with this input and job key and
        its output is still as written; else None."""
        entry = self.entries.get(rel)
        if entry is None or entry.get("sha256") != input_sha or entry.get("job") != key:
            return None
        output = self.outdir / entry.get("output", "")
        if not entry.get("output") or sha256_file(output) != entry.get("output_sha256"):
            return None
        return entry

    def record(self, entry: dict) -> None:
        """Append a finished document's line (``input``, ``sha256``, ``job``,
        ``output``, ``output_sha256``, counts), flushed to the system (a
        ``kill -9`` keeps it). It is not fsynced: a line a power cut loses
        only makes the document done again, and a line that outlives its
        output is caught by the output's hash (:meth:`done`)."""
        self.entries[entry["input"]] = entry
        self._handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
        self._handle.flush()

    def close(self) -> None:
        try:
            try:
                os.fsync(self._handle.fileno())
            except OSError:
                pass
            self._handle.close()
        finally:
            self._lock.release()

    def __enter__(self) -> "Manifest":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
