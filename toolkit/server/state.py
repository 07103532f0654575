"""What a running server keeps: its settings, the loaded models, the
glossaries (reloaded when their files change), API keys, request counts for
the rate limit, and translated files waiting to be downloaded.

Nothing here imports the web framework; :mod:`toolkit.server.app` does.
"""

from __future__ import annotations

import collections
import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import GlossaryError, InputError, ModelNotFoundError

if TYPE_CHECKING:
    from ..mt.engine import Translator
    from ..termbase.model import Glossary

__all__ = ["ServerConfig", "ApiKey", "read_api_keys", "Models", "Glossaries", "RateLimiter", "FileStore",
           "DEFAULT_GLOSSARY"]

log = logging.getLogger("atau.serve")

#: The id of the glossary used when a request names none.
DEFAULT_GLOSSARY = "default"


@dataclass(frozen=True)
class ApiKey:
    """One API key and its own limits (None: the server's).

    Attributes:
        key (str): the key.
        req_limit (int | None): requests per minute.
        char_limit (int | None): characters per request.
    """

    key: str
    req_limit: int | None = None
    char_limit: int | None = None


@dataclass
class ServerConfig:
    """Settings of ``atau serve`` (see :mod:`toolkit.cli.serve` for their meaning).

    Limits follow LibreTranslate's options of the same names: ``char_limit``
    (characters per request; LibreTranslate counts each text, Atau the whole
    request), ``req_limit`` (requests per minute per API key, else per client
    address), ``batch_limit`` (texts in one request); -1 means no limit.
    """

    glossaries: dict[str, str | None] = field(default_factory=lambda: {DEFAULT_GLOSSARY: None})
    api_keys: dict[str, ApiKey] | None = None
    char_limit: int = 20_000
    req_limit: int = -1
    batch_limit: int = 1000
    max_body: int = 4 * 1024 * 1024
    body_timeout: float = 30.0
    threads: int = 0
    beam_size: int = 4
    max_wait: float = 0.005
    preload: bool = True
    files_kept: int = 64
    files_ttl: float = 3600.0
    glossary_interval: float = 1.0
    workers: int = 8


def read_api_keys(path: str | os.PathLike) -> dict[str, ApiKey]:
    """Read an API key file: one key per line, optionally followed by its
    requests per minute and characters per request (``-`` for the server's
    default); ``#`` starts a comment.

    Example::

        # key                                  req/min  chars
        6f1d0c2e-7d8b-4bb5-9a51-2f3c1c0f8a11   120      50000
        newsroom-script                        -        200000

    Raises:
        InputError: unreadable file, a malformed line (with its number), a
            duplicate key, or no key at all.
    """
    from ..fileio import read_text

    keys: dict[str, ApiKey] = {}
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        if len(fields) > 3:
            raise InputError("expected 'KEY [REQUESTS_PER_MINUTE [CHARS_PER_REQUEST]]'", path, number)
        key = fields[0]
        if key in keys:
            raise InputError(f"duplicate API key {key!r}", path, number)
        limits = []
        for value in fields[1:]:
            if value == "-":
                limits.append(None)
            elif value.isdigit() and int(value) > 0:
                limits.append(int(value))
            else:
                raise InputError(f"limit {value!r} is not a positive whole number (or '-')", path, number)
        keys[key] = ApiKey(key, *limits)
    if not keys:
        raise InputError("no API key in the file", path)
    return keys


class Models:
    """The translators of the installed packages, loaded once and shared:
    one :class:`~toolkit.server.batching.BatchingTranslator` per package, and
    pivot pairs (``kk -> en -> ru``) made of the two packages' translators.

    Args:
        threads (int): CPU threads for each model (0: Atau's default).
        max_wait (float), arrivals (Arrivals | None): see
            :class:`~toolkit.server.batching.BatchingTranslator`.
    """

    def __init__(self, *, threads: int = 0, max_wait: float = 0.005, arrivals=None) -> None:
        self.threads = threads
        self.max_wait = max_wait
        self.arrivals = arrivals
        self._loaded: dict[tuple[str, str], "Translator"] = {}
        self._lock = threading.Lock()
        self._pairs: dict[str, tuple[str, ...]] | None = None

    def pairs(self) -> dict[str, tuple[str, ...]]:
        """Source language -> target languages (direct or through English),
        read from the installed packages once."""
        if self._pairs is None:
            from ..service import installed_pairs

            self._pairs = installed_pairs()
        return self._pairs

    def direct(self) -> set[tuple[str, str]]:
        """The pairs a package translates directly."""
        from ..mt.packages.local import installed_packages

        return {(p.from_code, p.to_code) for p in installed_packages()}

    def get(self, from_code: str, to_code: str) -> "Translator":
        """The translator for a pair, loading it the first time.

        Raises:
            ModelNotFoundError: no package or route for the pair.
            ModelError: a model cannot be loaded.
        """
        key = (from_code, to_code)
        translator = self._loaded.get(key)
        if translator is not None:
            return translator
        with self._lock:
            translator = self._loaded.get(key)
            if translator is None:
                translator = self._load(from_code, to_code)
                self._loaded[key] = translator
            return translator

    def _load(self, from_code: str, to_code: str) -> "Translator":
        from ..mt.engine import PivotEngine
        from ..service import load_translator
        from .batching import BatchingTranslator

        direct = self.direct()
        if (from_code, to_code) in direct:
            engine = load_translator(from_code, to_code, device="cpu", threads=self.threads)
            log.info("loaded %s", "+".join(n for n, _v in engine.info.packages))
            return BatchingTranslator(engine, max_wait=self.max_wait, arrivals=self.arrivals)
        if (from_code, "en") in direct and ("en", to_code) in direct:
            first = self._loaded.get((from_code, "en")) or self._load(from_code, "en")
            second = self._loaded.get(("en", to_code)) or self._load("en", to_code)
            self._loaded.setdefault((from_code, "en"), first)
            self._loaded.setdefault(("en", to_code), second)
            return PivotEngine(first, second)  # type: ignore[arg-type]
        return load_translator(from_code, to_code)  # raises ModelNotFoundError with the hint

    def preload(self) -> None:
        """Load every directly installed pair now (start-up)."""
        for from_code, to_code in sorted(self.direct()):
            try:
                self.get(from_code, to_code)
            except ModelNotFoundError:  # pragma: no cover - removed meanwhile
                pass

    def close(self) -> None:
        for translator in self._loaded.values():
            close = getattr(translator, "close", None)
            if close is not None:
                close()


class Glossaries:
    """The server's glossaries by id, each loaded once and loaded again when
    its files change (checked at most every ``interval`` seconds). A glossary
    that fails to load again is reported in the log and the previous one is
    kept.

    Args:
        paths (dict[str, str | None]): id -> a ``.tbx`` file or folder, or
            None for the glossary Atau would use (:func:`toolkit.termbase.store.resolve_glossary`).
        interval (float): seconds between checks of the files.
    """

    def __init__(self, paths: dict[str, str | None], *, interval: float = 1.0) -> None:
        self.paths = dict(paths)
        self.interval = interval
        self._loaded: dict[str, tuple[tuple, "Glossary"]] = {}
        self._checked: dict[str, float] = {}
        self._lock = threading.Lock()
        self.reloads = 0

    @property
    def ids(self) -> list[str]:
        return list(self.paths)

    def get(self, glossary_id: str | None) -> "Glossary":
        """The glossary ``glossary_id`` (None: :data:`DEFAULT_GLOSSARY`, or the first).

        Raises:
            KeyError: no glossary has that id.
            GlossaryError: it cannot be read (and was never read before).
        """
        if glossary_id is None:
            glossary_id = DEFAULT_GLOSSARY if DEFAULT_GLOSSARY in self.paths else next(iter(self.paths))
        if glossary_id not in self.paths:
            raise KeyError(glossary_id)
        now = time.monotonic()
        entry = self._loaded.get(glossary_id)
        if entry is not None and now - self._checked.get(glossary_id, 0.0) < self.interval:
            return entry[1]
        with self._lock:
            entry = self._loaded.get(glossary_id)
            self._checked[glossary_id] = now
            try:
                state = self._state(glossary_id)
            except (InputError, OSError) as exc:
                if entry is None:
                    raise GlossaryError(str(exc)) from exc
                log.error("glossary %s: %s (keeping the one loaded)", glossary_id, exc)
                return entry[1]
            if entry is not None and entry[0] == state:
                return entry[1]
            from ..service import load_terms

            try:
                glossary = load_terms(state[0])
            except (InputError, OSError) as exc:
                if entry is None:
                    raise
                log.error("glossary %s: %s (keeping the one loaded)", glossary_id, exc)
                return entry[1]
            if entry is not None:
                self.reloads += 1
                log.info("glossary %s reloaded (%s)", glossary_id, state[0])
            self._loaded[glossary_id] = (state, glossary)
            return glossary

    def _state(self, glossary_id: str) -> tuple:
        """The glossary's path and the size, time and inode of each file."""
        from ..termbase.store import GlossaryStore, resolve_glossary

        path = resolve_glossary(self.paths[glossary_id])
        files = []
        for file in GlossaryStore(path).files:
            st = os.stat(file)
            files.append((str(file), st.st_size, st.st_mtime_ns, st.st_ino))
        return (str(path), tuple(files))


class RateLimiter:
    """Requests per minute per API key or client address, in a moving window
    of 60 seconds (LibreTranslate's ``--req-limit``). At most ``max_clients``
    clients are remembered (the least recently seen are forgotten first).
    """

    WINDOW = 60.0

    def __init__(self, *, max_clients: int = 100_000) -> None:
        self.max_clients = max_clients
        self._seen: collections.OrderedDict[str, collections.deque] = collections.OrderedDict()
        self._lock = threading.Lock()

    def allow(self, client: str, limit: int, now: float | None = None) -> bool:
        """Count one request of ``client``; False when it is over ``limit``
        in the last minute (the refused request is not counted)."""
        if limit < 0:
            return True
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._seen.pop(client, None) or collections.deque()
            while times and now - times[0] >= self.WINDOW:
                times.popleft()
            self._seen[client] = times
            while len(self._seen) > self.max_clients:
                self._seen.popitem(last=False)
            if len(times) >= limit:
                return False
            times.append(now)
            return True


@dataclass(frozen=True)
class StoredFile:
    name: str
    data: bytes
    media_type: str
    created: float


class FileStore:
    """Translated files kept in memory until downloaded (never on disk: a
    name from a request never reaches the filesystem). At most ``kept``
    files, each for ``ttl`` seconds; the oldest go first."""

    def __init__(self, *, kept: int = 64, ttl: float = 3600.0) -> None:
        self.kept = kept
        self.ttl = ttl
        self._files: collections.OrderedDict[str, StoredFile] = collections.OrderedDict()
        self._lock = threading.Lock()

    def put(self, name: str, data: bytes, media_type: str) -> str:
        """Keep a file; returns its token (URL-safe, unguessable)."""
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._expire()
            self._files[token] = StoredFile(name, data, media_type, time.monotonic())
            while len(self._files) > self.kept:
                self._files.popitem(last=False)
        return token

    def get(self, token: str) -> StoredFile | None:
        with self._lock:
            self._expire()
            return self._files.get(token)

    def _expire(self) -> None:
        now = time.monotonic()
        for token in [t for t, f in self._files.items() if now - f.created > self.ttl]:
            del self._files[token]


def safe_download_name(name: str, default: str = "translation.txt") -> str:
    """A file name for Content-Disposition: the last path part of ``name``,
    letters, digits, ``.``, ``-``, ``_`` and spaces only, at most 100 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(c for c in base if c.isalnum() or c in ".-_ ").strip(" .")
    return kept[:100] or default
