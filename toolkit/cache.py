"""On-disk cache of things that are slow to make and cheap to load: parsed
glossaries and built term matchers.

Entries are pickles named by a hash of Atau's version and of everything
they are made from (the glossary file's bytes, the glossary's fingerprint
and a language), so an edited glossary or a new release never reads a stale
entry. The cache is optional: any problem with it (unwritable folder,
damaged or foreign file) falls back to making the thing again.

Every edit of a glossary makes new entries and leaves the old ones unused,
so the cache is pruned whenever it stores something (:func:`prune`): entries
not used for ``cache_max_age_days`` (default 30) go, then the least recently
used ones until the cache is within ``cache_max_mb`` (default 256 MiB); both
limits come from the settings file (:mod:`toolkit.config`). Reading an
entry marks it used (its modification time).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

#: The limits when the settings file sets none (see :mod:`toolkit.config`).
DEFAULT_MAX_MB = 256
DEFAULT_MAX_AGE_DAYS = 30


def cache_dir() -> Path:
    """The cache folder: ``$ATAU_CACHE_DIR``, else the platform's user cache
    folder (platformdirs), e.g. ``~/.cache/atau`` on Linux."""
    if os.environ.get("ATAU_CACHE_DIR"):
        return Path(os.environ["ATAU_CACHE_DIR"])
    from platformdirs import user_cache_path

    return user_cache_path("atau", appauthor=False)


#: File endings of entries: pickles, and the term matchers' own compact
#: format (:meth:`toolkit.terms.matching.TermMatcher.save`).
_SUFFIXES = (".pickle", ".idx")

#: Modules whose classes are pickled: an entry made by other code (a
#: development checkout between releases) is never read.
_PICKLED_MODULES = ("termbase/model.py", "morphology/base.py", "termbase/period.py")  # Term, Form, Period


def cache_key(*parts: str | bytes) -> str:
    """A file-name-safe key (32 hex digits of SHA-256) for ``parts``, with
    Atau's version and the size and time of the modules whose classes are
    pickled."""
    from . import __version__

    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for name in _PICKLED_MODULES:
        try:
            info = (here / name).stat()
            digest.update(f"{name}:{info.st_size}:{info.st_mtime_ns}".encode())
        except OSError:
            pass
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()[:32]


def load(kind: str, key: str) -> Any | None:
    """The object stored under ``kind``/``key``, or None when there is none,
    it cannot be read, or it is not trusted (see :func:`trusted`)."""
    path = cache_dir() / kind / f"{key}.pickle"
    try:
        if not trusted(path):
            return None
        with open(path, "rb") as handle:
            value = _unpickle(handle)
    except Exception:  # noqa: BLE001 - absent, damaged or from another Python: make it again
        return None
    try:
        os.utime(path)  # used now: pruning keeps what is used
    except OSError:
        pass
    return value


def _pickle(value: Any) -> bytes:
    """``pickle.dumps`` with glossary terms and concepts written as their
    field values and rebuilt by :func:`_rebuild` (no validation: they were
    valid when stored): loading a 100,000-concept glossary then takes 0.4 s
    and 160 MiB instead of 0.5 s and 200 MiB (an attribute dictionary
    filled field by field shares its keys with the class's)."""
    import copyreg
    import io

    from .termbase.model import Concept, Term

    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    table = copyreg.dispatch_table.copy()
    for cls in (Term, Concept):
        table[cls] = _reducer(cls)
    pickler.dispatch_table = table
    pickler.dump(value)
    return buffer.getvalue()


def _fields(cls) -> tuple[str, ...]:
    import dataclasses

    return tuple(f.name for f in dataclasses.fields(cls))


def _reducer(cls):
    names = _fields(cls)
    return lambda obj: (_rebuild, (cls, tuple(getattr(obj, name) for name in names)))


def _rebuild(cls, values: tuple) -> Any:
    """A dataclass instance from its field values, as stored by :func:`_pickle`."""
    obj = object.__new__(cls)
    obj.__dict__.update(zip(_FIELDS.get(cls) or _FIELDS.setdefault(cls, _fields(cls)), values))
    return obj


_FIELDS: dict[type, tuple[str, ...]] = {}


def _unpickle(handle) -> Any:
    """``pickle.load`` with the cyclic garbage collector off: unpickling
    creates objects only, and the collector would traverse them again and
    again (a 100,000-concept glossary: 2.2 s with it, 0.5 s without)."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(handle)
    finally:
        if collecting:
            gc.enable()


def store(kind: str, key: str, value: Any) -> None:
    """Keep ``value`` under ``kind``/``key`` (folder 0700, file 0600, written
    atomically). Failures are ignored: a cache is optional."""
    from .fileio import atomic_write

    path = cache_dir() / kind / f"{key}.pickle"
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(path, _pickle(value))
        os.chmod(path, 0o600)
    except Exception:  # noqa: BLE001 - unwritable, full disk, unpicklable: keep going without
        return
    try:
        prune(keep=[path])
    except Exception:  # noqa: BLE001 - pruning is housekeeping: never fail a command for it
        pass


def entry_path(kind: str, key: str, suffix: str = ".pickle") -> Path:
    """Where the entry ``kind``/``key`` is (or would be) kept."""
    return cache_dir() / kind / f"{key}{suffix}"


def usable(path: Path) -> bool:
    """True when the entry at ``path`` exists and is trusted (:func:`trusted`);
    it is then marked used (its modification time)."""
    try:
        if not trusted(path):
            return False
    except OSError:
        return False
    try:
        os.utime(path)
    except OSError:
        pass
    return True


def store_file(kind: str, key: str, suffix: str, write) -> None:
    """Keep an entry that writes itself: ``write(path)`` writes the file
    (atomically); folder 0700, file 0600, then the cache is pruned. Failures
    are ignored: a cache is optional."""
    path = entry_path(kind, key, suffix)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write(path)
        os.chmod(path, 0o600)
    except Exception:  # noqa: BLE001 - unwritable, full disk: keep going without
        return
    try:
        prune(keep=[path])
    except Exception:  # noqa: BLE001 - pruning is housekeeping
        pass


def files(kind: str, suffix: str) -> list[Path]:
    """The entries of ``kind`` whose names end with ``suffix``, most recently
    used first."""
    try:
        found = [(entry.stat().st_mtime, Path(entry.path)) for entry in os.scandir(cache_dir() / kind)
                 if entry.name.endswith(suffix) and entry.is_file(follow_symlinks=False)]
    except OSError:
        return []
    return [path for _time, path in sorted(found, key=lambda item: -item[0])]


@dataclass(frozen=True)
class Pruned:
    """What :func:`prune` did.

    Attributes:
        removed (int): entries deleted.
        freed (int): their bytes.
        kept (int): entries left.
        size (int): their bytes.
    """

    removed: int
    freed: int
    kept: int
    size: int


def entries(folder: Path | None = None) -> list[tuple[Path, int, float]]:
    """The cache's entries as ``(path, bytes, last use)`` (last use: the
    modification time, seconds since the epoch), most recently used first."""
    folder = folder or cache_dir()
    found: list[tuple[Path, int, float]] = []
    try:
        kinds = [entry for entry in os.scandir(folder) if entry.is_dir(follow_symlinks=False)]
    except OSError:
        return []
    for kind in kinds:
        try:
            for entry in os.scandir(kind.path):
                if entry.name.endswith(_SUFFIXES) and entry.is_file(follow_symlinks=False):
                    info = entry.stat(follow_symlinks=False)
                    found.append((Path(entry.path), info.st_size, info.st_mtime))
        except OSError:
            continue
    found.sort(key=lambda item: -item[2])
    return found


def _limits() -> tuple[int, int]:
    """``(max bytes, max age in seconds)`` from the settings file, else the defaults."""
    try:
        from .config import load_config

        config = load_config()
        return config.get("cache_max_mb") * 1024 * 1024, config.get("cache_max_age_days") * 86400
    except Exception:  # noqa: BLE001 - a broken settings file is reported by the command, not here
        return DEFAULT_MAX_MB * 1024 * 1024, DEFAULT_MAX_AGE_DAYS * 86400


def prune(max_bytes: int | None = None, max_age: float | None = None, *,
          keep: Iterable[Path] = (), now: float | None = None) -> Pruned:
    """Delete the entries unused for longer than ``max_age`` seconds, then
    the least recently used ones until the rest is within ``max_bytes``;
    never those in ``keep`` (what was just stored). Entries that cannot be
    deleted (another user's, a read-only folder) are left.

    Args:
        max_bytes (int | None), max_age (float | None): the limits; None:
            the settings file's (``cache_max_mb``, ``cache_max_age_days``)
            or the defaults (256 MiB, 30 days).
        now (float | None): the time to measure age from (tests).

    Returns:
        Pruned: what was deleted and what is left.
    """
    limit_bytes, limit_age = _limits()
    max_bytes = limit_bytes if max_bytes is None else max_bytes
    max_age = limit_age if max_age is None else max_age
    now = time.time() if now is None else now
    kept_paths = {Path(p) for p in keep}
    removed = freed = kept = size = 0
    for path, nbytes, used in entries():
        stale = now - used > max_age
        if path not in kept_paths and (stale or size + nbytes > max_bytes):
            try:
                path.unlink()
                removed, freed = removed + 1, freed + nbytes
                continue
            except OSError:
                pass
        kept, size = kept + 1, size + nbytes
    return Pruned(removed, freed, kept, size)


def trusted(path: Path) -> bool:
    """Unpickling runs code, so an entry is read only from a file and folder
    that belong to the current user and that nobody else can write (POSIX
    permissions; elsewhere: any existing file).

    Raises:
        OSError: ``path`` or its folder does not exist.
    """
    if not hasattr(os, "getuid"):
        return path.is_file()
    for item in (path.parent, path):
        info = item.stat()
        if info.st_uid != os.getuid() or info.st_mode & 0o022:
            return False
    return True
