"""The translation memory: one SQLite database per language pair.

Two tables:

``units``
    translation units (:class:`~toolkit.memory.model.Unit`): a source
    segment, its target, its origin (human, or machine with the signature of
    the model and settings), the date and the glossary SHA-256. At most one
    human unit per segment (the latest wins) and one machine unit per
    segment, signature and glossary.
``mt``
    the raw machine translation of what the engine was given (the masked
    model input, :mod:`toolkit.mt.protect`), before markup was put back and
    before the glossary was enforced, keyed by the model and beam
    (:func:`model_key`): the model's whole :class:`~toolkit.mt.engine.Hypothesis`
    (tokens, score, and attention when it was asked for), so that a changed
    glossary is enforced again without translating again, and the output is
    the one a fresh run gives.

The database is safe to share between processes: write-ahead logging, a
busy timeout (:data:`BUSY_TIMEOUT`), every write one ``BEGIN IMMEDIATE``
transaction. Sizes are bounded: segments up to
:data:`~toolkit.memory.model.MAX_SEGMENT_CHARS` characters, hypotheses up to
:data:`MAX_HYPOTHESIS_BYTES`; longer ones are not kept (never an error).

Where: ``--memory PATH``, else ``$ATAU_MEMORY_DIR/<from>-<to>.sqlite``,
else ``<user data dir>/atau/memory/<from>-<to>.sqlite`` (platformdirs:
``~/.local/share/atau/memory`` on Linux).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import struct
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from ..errors import InputError
from ..langtags import normalize_tag
from .model import HUMAN, MACHINE, MAX_SEGMENT_CHARS, ORIGINS, Unit, segment_key, utc_now

if TYPE_CHECKING:
    from ..mt.engine import Hypothesis

__all__ = ["TranslationMemory", "MemoryStats", "Match", "AddResult", "default_memory_path",
           "model_key", "BUSY_TIMEOUT", "MAX_HYPOTHESIS_BYTES", "DEFAULT_THRESHOLD"]

#: Seconds a writer waits for another process's transaction before failing.
BUSY_TIMEOUT = 30.0
#: Largest encoded hypothesis kept (attention of a long sentence in float64).
MAX_HYPOTHESIS_BYTES = 4 * 1024 ** 2
#: Default least similarity (0-100, rapidfuzz's normalized Indel ratio) of a fuzzy match.
DEFAULT_THRESHOLD = 75.0
#: Most candidates a fuzzy search scores (those closest in length first).
MAX_CANDIDATES = 500_000

_FORMAT = "atau-translation-memory"
_SCHEMA = 1
_CHUNK = 500  # keys per IN (...) query: under SQLite's variable limit

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    length INTEGER NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('human', 'machine')),
    signature TEXT NOT NULL DEFAULT '',
    glossary TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    meta TEXT,
    UNIQUE (key, origin, signature, glossary)
);
CREATE INDEX IF NOT EXISTS units_length ON units (length);
CREATE TABLE IF NOT EXISTS mt (
    model TEXT NOT NULL,
    input TEXT NOT NULL,
    attention INTEGER NOT NULL,
    hypothesis BLOB NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (model, input)
);
"""


def default_memory_path(from_code: str, to_code: str) -> Path:
    """Where the memory of a pair lives by default: ``$ATAU_MEMORY_DIR``, else
    the user data folder (platformdirs), ``memory/<from>-<to>.sqlite``.

    Raises:
        InputError: a language is not a language tag.
    """
    name = f"{normalize_tag(from_code)}-{normalize_tag(to_code)}.sqlite"
    if os.environ.get("ATAU_MEMORY_DIR"):
        return Path(os.environ["ATAU_MEMORY_DIR"]) / name
    from platformdirs import user_data_path

    return user_data_path("atau", appauthor=False) / "memory" / name


def model_key(signature: str, beam_size: int) -> str:
    """The key of the ``mt`` table: the model's signature line and the beam."""
    return f"{signature}|beam:{beam_size}"


@dataclass(frozen=True)
class AddResult:
    """What :meth:`TranslationMemory.add` did: units ``added`` (new),
    ``updated`` (another target or date for a known unit), ``unchanged``,
    and ``skipped`` (empty, or longer than MAX_SEGMENT_CHARS)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def to_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "skipped": self.skipped}


@dataclass(frozen=True)
class MemoryStats:
    """Counts of a memory (:meth:`TranslationMemory.stats`)."""

    path: str
    from_code: str
    to_code: str
    human: int
    machine: int
    segments: int
    raw_mt: int
    bytes: int
    oldest: str | None
    newest: str | None

    def to_dict(self) -> dict:
        return {"path": self.path, "from": self.from_code, "to": self.to_code, "human": self.human,
                "machine": self.machine, "segments": self.segments, "raw_mt": self.raw_mt,
                "bytes": self.bytes, "oldest": self.oldest, "newest": self.newest}


@dataclass(frozen=True)
class Match:
    """A fuzzy match: ``score`` 0-100 (100: the same key) and the unit."""

    score: float
    unit: Unit

    def to_dict(self) -> dict:
        return {"score": round(self.score, 1), **self.unit.to_dict()}


class TranslationMemory:
    """A translation memory for one language pair, in an SQLite file.

    Args:
        path (str | PathLike): the database (created with its folder when missing).
        from_code (str | None), to_code (str | None): the pair; None takes the
            pair the database was made for (an error for a new one).
        timeout (float): seconds to wait for another writer.

    Raises:
        InputError: the file is not an Atau translation memory, holds
            another pair, was made by a newer Atau, cannot be created, or
            the pair is not given for a new database.

    Use it as a context manager, or call :meth:`close`.
    """

    def __init__(self, path: str | os.PathLike, from_code: str | None = None, to_code: str | None = None,
                 *, timeout: float = BUSY_TIMEOUT) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise InputError("is a directory, not a translation memory", self.path)
        new = not self.path.exists()
        if new:
            if from_code is None or to_code is None:
                raise InputError("no translation memory here; give the languages (--from, --to) "
                                 "to create one", self.path)
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(f"cannot create the folder: {exc.strerror}", self.path.parent) from exc
        try:
            self._db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None,
                                       check_same_thread=False)
        except sqlite3.Error as exc:
            raise InputError(f"cannot open the translation memory ({exc})", self.path) from exc
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._wal(timeout)
            self._db.execute("PRAGMA synchronous = NORMAL")
            self.from_code, self.to_code = self._setup(from_code, to_code)
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise InputError(f"not an Atau translation memory ({exc})", self.path) from exc
        except BaseException:
            self._db.close()
            raise

    # ------------------------------------------------------------------ setup

    def _wal(self, timeout: float) -> None:
        """Switch to write-ahead logging. Two processes opening a new
        database at once contend for it, and SQLite answers "database is
        locked" at once rather than after the busy timeout: retried, for at
        most ``timeout`` seconds."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _setup(self, from_code: str | None, to_code: str | None) -> tuple[str, str]:
        with self.transaction():
            for statement in _TABLES.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            meta = dict(self._db.execute("SELECT name, value FROM meta"))
            if not meta:
                if from_code is None or to_code is None:
                    raise InputError("an empty translation memory: give the languages (--from, --to)",
                                     self.path)
                pair = normalize_tag(from_code), normalize_tag(to_code)
                self._db.executemany("INSERT INTO meta VALUES (?, ?)",
                                     [("format", _FORMAT), ("schema", str(_SCHEMA)),
                                      ("from", pair[0]), ("to", pair[1]), ("created", utc_now())])
                return pair
        if meta.get("format") != _FORMAT:
            raise InputError("not an Atau translation memory", self.path)
        if int(meta.get("schema", "0")) > _SCHEMA:
            raise InputError(f"made by a newer Atau (schema {meta.get('schema')}); upgrade Atau", self.path)
        pair = meta["from"], meta["to"]
        wanted = (normalize_tag(from_code) if from_code else pair[0], normalize_tag(to_code) if to_code else pair[1])
        if wanted != pair:
            raise InputError(f"this translation memory is for {pair[0]}->{pair[1]}, "
                             f"not {wanted[0]}->{wanted[1]}", self.path)
        return pair

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``): all or nothing."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "TranslationMemory":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # ------------------------------------------------------------------ units

    def add(self, units: Iterable[Unit]) -> AddResult:
        """Store units in one transaction: a human unit replaces the segment's
        previous human unit; a machine unit the one with the same signature
        and glossary. Empty or too long segments are skipped.

        Raises:
            ValueError: a unit has an unknown origin.
        """
        added = updated = unchanged = skipped = 0
        with self.transaction() as db:
            for unit in units:
                if unit.origin not in ORIGINS:
                    raise ValueError(f"unknown origin {unit.origin!r}")
                key = unit.key
                if not key or not unit.target.strip() or len(unit.source) > MAX_SEGMENT_CHARS \
                        or len(unit.target) > MAX_SEGMENT_CHARS:
                    skipped += 1
                    continue
                signature = unit.signature if unit.origin == MACHINE else ""
                row = db.execute("SELECT id, target, created FROM units WHERE key = ? AND origin = ? "
                                 "AND signature = ? AND glossary = ?",
                                 (key, unit.origin, signature, unit.glossary)).fetchone()
                if row is None:
                    db.execute("INSERT INTO units (key, length, source, target, origin, signature, glossary,"
                               " created, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               (key, len(key), unit.source, unit.target, unit.origin, signature,
                                unit.glossary, unit.created, unit.meta_json()))
                    added += 1
                elif row[1] == unit.target:
                    unchanged += 1
                else:
                    db.execute("UPDATE units SET source = ?, target = ?, created = ?, meta = ? WHERE id = ?",
                               (unit.source, unit.target, unit.created, unit.meta_json(), row[0]))
                    updated += 1
        return AddResult(added, updated, unchanged, skipped)

    def recall(self, keys: Iterable[str], *, signature: str | None = None,
               glossary: str = "") -> dict[str, Unit]:
        """The unit to reuse for each key that has one: the human unit (a
        person's translation is never machine-translated again), else the
        machine unit made with ``signature`` and ``glossary`` (the same model,
        settings and glossary: the same result). Keys as :func:`segment_key`.
        """
        found: dict[str, Unit] = {}
        for chunk in _chunks(list(dict.fromkeys(keys))):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, source, target, origin, signature, glossary, created, meta FROM units "
                f"WHERE key IN ({marks}) AND (origin = 'human' OR (signature = ? AND glossary = ?))",
                (*chunk, signature or "\x00", glossary)).fetchall()
            for row in rows:
                unit = _unit(row[1:])
                if row[0] not in found or (unit.origin == HUMAN and found[row[0]].origin != HUMAN):
                    found[row[0]] = unit
        return found

    def units(self, origin: str | None = None) -> Iterator[Unit]:
        """Every unit (or those of one origin), oldest first."""
        query = "SELECT source, target, origin, signature, glossary, created, meta FROM units"
        args: tuple = ()
        if origin is not None:
            query += " WHERE origin = ?"
            args = (origin,)
        for row in self._db.execute(query + " ORDER BY id", args):
            yield _unit(row)

    def search(self, text: str, *, threshold: float = DEFAULT_THRESHOLD, limit: int = 10,
               origin: str | None = None) -> list[Match]:
        """Units whose source is like ``text``, best first: rapidfuzz's
        normalized Indel similarity (``fuzz.ratio``, 0-100) of the keys
        casefolded, at least ``threshold``. Only sources whose length could
        reach the threshold are scored (a ratio r needs lengths within
        r / (200 - r) of each other), at most :data:`MAX_CANDIDATES`.

        Raises:
            ValueError: ``threshold`` outside 0-100 or ``limit`` < 1.
        """
        if not 0 <= threshold <= 100 or limit < 1:
            raise ValueError("threshold must be 0-100 and limit at least 1")
        from rapidfuzz import fuzz, process

        key = segment_key(text)
        if not key:
            return []
        ratio = max(threshold, 1) / (200 - max(threshold, 1))
        low, high = int(len(key) * ratio), int(len(key) / ratio) + 1
        query = ("SELECT id, key FROM units WHERE length BETWEEN ? AND ?"
                 + (" AND origin = ?" if origin else "") + " ORDER BY abs(length - ?) LIMIT ?")
        args = (low, high, *((origin,) if origin else ()), len(key), MAX_CANDIDATES)
        candidates = dict(self._db.execute(query, args).fetchall())
        if not candidates:
            return []
        best = process.extract(key.casefold(), {i: k.casefold() for i, k in candidates.items()},
                               scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
        scores: dict[int, float] = {ident: score for _choice, score, ident in best}
        if not scores:
            return []
        rows = {}
        for chunk in _chunks(list(scores)):
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(
                    f"SELECT id, source, target, origin, signature, glossary, created, meta FROM units "
                    f"WHERE id IN ({marks})", chunk):
                rows[row[0]] = _unit(row[1:])
        # best score first; a person's translation before a machine's; newest first
        ordered = sorted(scores, key=lambda i: (-scores[i], rows[i].origin != HUMAN,
                                                _neg(rows[i].created), i))
        return [Match(scores[i], rows[i]) for i in ordered[:limit]]

    # ------------------------------------------------------------------ raw MT

    def mt_lookup(self, model: str, inputs: Iterable[str]) -> dict[str, "Hypothesis"]:
        """The stored hypotheses of ``model`` (:func:`model_key`) for ``inputs``."""
        found: dict[str, Hypothesis] = {}
        for chunk in _chunks(list(dict.fromkeys(inputs))):
            marks = ",".join("?" * len(chunk))
            for text, data in self._db.execute(
                    f"SELECT input, hypothesis FROM mt WHERE model = ? AND input IN ({marks})",
                    (model, *chunk)):
                hypothesis = decode_hypothesis(data)
                if hypothesis is not None:
                    found[text] = hypothesis
        return found

    def mt_add(self, model: str, items: Iterable[tuple[str, "Hypothesis"]], *, created: str | None = None) -> int:
        """Store hypotheses of ``model`` in one transaction; one with attention
        replaces one without, never the other way round. Returns how many
        were stored (too large ones are not)."""
        created = created or utc_now()
        stored = 0
        with self.transaction() as db:
            for text, hypothesis in items:
                if len(text) > MAX_SEGMENT_CHARS:
                    continue
                data = encode_hypothesis(hypothesis)
                if len(data) > MAX_HYPOTHESIS_BYTES:
                    continue
                attention = int(hypothesis.attention is not None)
                db.execute("INSERT INTO mt (model, input, attention, hypothesis, created) VALUES (?, ?, ?, ?, ?) "
                           "ON CONFLICT (model, input) DO UPDATE SET attention = excluded.attention, "
                           "hypothesis = excluded.hypothesis, created = excluded.created "
                           "WHERE excluded.attention >= mt.attention",
                           (model, text, attention, data, created))
                stored += 1
        return stored

    # ------------------------------------------------------------------ stats

    def stats(self) -> MemoryStats:
        counts = dict(self._db.execute("SELECT origin, count(*) FROM units GROUP BY origin").fetchall())
        segments = self._db.execute("SELECT count(DISTINCT key) FROM units").fetchone()[0]
        raw = self._db.execute("SELECT count(*) FROM mt").fetchone()[0]
        oldest, newest = self._db.execute("SELECT min(created), max(created) FROM units").fetchone()
        size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())
        return MemoryStats(str(self.path), self.from_code, self.to_code, counts.get(HUMAN, 0),
                           counts.get(MACHINE, 0), segments, raw, size, oldest, newest)


def _chunks(items: list) -> Iterator[list]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _unit(row: Sequence) -> Unit:
    source, target, origin, signature, glossary, created, meta = row
    try:
        data = json.loads(meta) if meta else {}
    except ValueError:
        data = {}
    return Unit(source, target, origin, signature, glossary, created, data if isinstance(data, dict) else {})


def _neg(text: str) -> tuple:
    return tuple(-ord(c) for c in text)


# --------------------------------------------------------------------------
# hypotheses as bytes


def encode_hypothesis(hypothesis: "Hypothesis") -> bytes:
    """A :class:`~toolkit.mt.engine.Hypothesis` as bytes: a 4-byte length,
    JSON (text, tokens, score, source tokens, attention row lengths), then
    the attention values as float32 when that keeps them exactly (they come
    from CTranslate2 as float32), else float64."""
    rows = [len(row) for row in hypothesis.attention] if hypothesis.attention is not None else None
    values = array("d", [v for row in hypothesis.attention for v in row]) if rows is not None else array("d")
    single = array("f", values)
    kind = "f" if all(a == b for a, b in zip(single, values)) else "d"
    head = json.dumps({"text": hypothesis.text, "tokens": list(hypothesis.tokens), "score": hypothesis.score,
                       "source_tokens": list(hypothesis.source_tokens), "rows": rows, "kind": kind},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    body = (single if kind == "f" else values).tobytes()
    return struct.pack("<I", len(head)) + head + body


def decode_hypothesis(data: bytes) -> "Hypothesis | None":
    """The inverse of :func:`encode_hypothesis`; None for damaged data."""
    from ..mt.engine import Hypothesis

    try:
        (size,) = struct.unpack_from("<I", data)
        head = json.loads(bytes(data[4:4 + size]).decode("utf-8"))
        attention = None
        if head.get("rows") is not None:
            values = array(head["kind"])
            values.frombytes(bytes(data[4 + size:]))
            if len(values) != sum(head["rows"]):
                return None
            out, at = [], 0
            for n in head["rows"]:
                out.append(tuple(values[at:at + n]))
                at += n
            attention = tuple(out)
        return Hypothesis(head["text"], tuple(head["tokens"]), head["score"], tuple(head["source_tokens"]),
                          attention)
    except (ValueError, KeyError, TypeError, struct.error):
        return None

