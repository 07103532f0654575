"""On-disk cache of things that are slow to make and cheap to load: parsed
glossaries and built term matchers.

Entries are pickles named by a hash of Atau's version and of everything
they are made from (the glossary file's bytes, the glossary's fingerprint
and a language), so an edited glossary or a new release never reads a stale
entry. The cache is optional: any problem with it (unwritable folder,
damaged or foreign file) falls back to making the thing again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    """The cache folder: ``$ATAU_CACHE_DIR``, else the platform's user cache
    folder (platformdirs), e.g. ``~/.cache/atau`` on Linux."""
    if os.environ.get("ATAU_CACHE_DIR"):
        return Path(os.environ["ATAU_CACHE_DIR"])
    from platformdirs import user_cache_path

    return user_cache_path("atau", appauthor=False)


#: Modules whose classes are pickled: an entry made by other code (a
#: development checkout between releases) is never read.
_PICKLED_MODULES = ("termbase/model.py", "terms/matching.py", "morphology/base.py")  # Term, TermMatcher, Form


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
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - absent, damaged or from another Python: make it again
        return None


def store(kind: str, key: str, value: Any) -> None:
    """Keep ``value`` under ``kind``/``key`` (folder 0700, file 0600, written
    atomically). Failures are ignored: a cache is optional."""
    from .fileio import atomic_write

    path = cache_dir() / kind / f"{key}.pickle"
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.chmod(path, 0o600)
    except Exception:  # noqa: BLE001 - unwritable, full disk, unpicklable: keep going without
        pass


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
