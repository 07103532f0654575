"""Where the glossary lives, and reading/writing glossary files safely.

Which glossary is used (first that applies):

1. an explicit path (``--glossary PATH``): a ``.tbx`` file or a folder of them;
2. ``$ATAU_GLOSSARY``;
3. ``./glossary/`` in the current directory, when it holds ``.tbx`` files;
4. the user's own copy of the default glossary (``atau`` makes it on the
   first edit: the built-in one is read-only), under the platform's user
   data folder (platformdirs), e.g. ``~/.local/share/atau/glossary/``;
5. the default glossary shipped inside the package (``toolkit/data/kazakhstan.tbx``).

Edits take a file lock (``<file>.lock``, filelock) around read-modify-write,
keep the previous version as ``<file>~`` and replace the file atomically
(temporary file, fsync, rename), so two processes adding terms at once lose
nothing and a crash never leaves a half-written glossary.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

from ..errors import GlossaryError, InputError
from ..fileio import atomic_write, decode_text, read_bytes, same_file
from .model import Concept, Glossary

__all__ = [
    "PACKAGED_GLOSSARY",
    "GlossaryStore",
    "resolve_glossary",
    "load_glossary",
    "read_glossary_file",
    "write_glossary_file",
    "format_of",
]

PACKAGED_GLOSSARY = Path(__file__).parent.parent / "data" / "kazakhstan.tbx"
FORMATS = ("tbx", "csv", "tsv", "json")
LOCK_TIMEOUT = 30.0  # seconds


def format_of(path: str | os.PathLike, fmt: str | None = None) -> str:
    """The glossary file format: ``fmt`` if given, else from the extension
    (``.tbx``/``.xml`` TBX, ``.csv``, ``.tsv``/``.tab``/``.txt`` TSV, ``.json``).

    Raises:
        InputError: unknown format or extension.
    """
    if fmt:
        if fmt not in FORMATS:
            raise InputError(f"unknown glossary format {fmt!r}; use one of {', '.join(FORMATS)}")
        return fmt
    suffix = Path(path).suffix.lower()
    mapping = {".tbx": "tbx", ".xml": "tbx", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
               ".txt": "tsv", ".json": "json"}
    if suffix not in mapping:
        raise InputError(f"cannot tell the format from the extension {suffix or '(none)'!r}; "
                         "name it with --format tbx|csv|tsv|json", path)
    return mapping[suffix]


def read_glossary_file(path: str | os.PathLike, fmt: str | None = None,
                       langs: Sequence[str] | None = None) -> Glossary:
    """Read a glossary file of any supported format.

    Args:
        path: the file.
        fmt: ``tbx``, ``csv``, ``tsv`` or ``json``; from the extension when None.
        langs: ``(source, target)`` for a two-column CSV/TSV without header.

    Raises:
        InputError / GlossaryError: missing or unreadable file, not UTF-8,
            malformed content (with line numbers where known), or a term
            without any letter or digit (empty, blank, punctuation only:
            such a term would match everywhere).
    """

    fmt = format_of(path, fmt)
    glossary = _read_glossary(path, fmt, langs)
    for concept in glossary:
        for term in concept.terms:
            if not any(char.isalnum() for char in term.text):
                problem = "is empty" if not term.text.strip() else "has no letters or digits"
                raise GlossaryError(f"concept {concept.id!r}: the {term.lang} term {term.text!r} {problem}; "
                                    "nothing was imported", path)
    return glossary


def _read_glossary(path: str | os.PathLike, fmt: str, langs: Sequence[str] | None) -> Glossary:
    from . import tabular, tbx

    data = read_bytes(path)
    if fmt == "tbx":
        return tbx.loads_tbx(data, path)
    text = decode_text(data, path)
    if fmt == "json":
        try:
            return Glossary.from_dict(json.loads(text))
        except json.JSONDecodeError as exc:
            raise GlossaryError(f"malformed JSON: {exc.msg}", path, exc.lineno, exc.colno) from exc
        except RecursionError as exc:
            raise GlossaryError("JSON nested too deeply to be a glossary", path) from exc
        except GlossaryError as exc:
            raise GlossaryError(exc.message, path) from exc
    return tabular.loads_table(text, path, delimiter="\t" if fmt == "tsv" else None, langs=langs)


def dumps_glossary(glossary: Glossary, fmt: str, langs: Sequence[str] | None = None) -> str:
    """The glossary as text in format ``fmt`` (see :func:`write_glossary_file`)."""
    from . import tabular, tbx

    if langs:
        from ..langtags import tag_matches

        keep = [lang for lang in langs]
        glossary = Glossary(
            (c.with_terms(t for t in c.terms if any(tag_matches(t.lang, k) for k in keep))
             for c in glossary),
            name=glossary.name)
    if fmt == "tbx":
        return tbx.dumps_tbx(glossary)
    if fmt == "json":
        return json.dumps(glossary.to_dict(), ensure_ascii=False, indent=2) + "\n"
    return tabular.dumps_table(glossary, langs, delimiter="\t" if fmt == "tsv" else ",")


def write_glossary_file(glossary: Glossary, path: str | os.PathLike, fmt: str | None = None,
                        langs: Sequence[str] | None = None) -> None:
    """Write ``glossary`` atomically to ``path``.

    Args:
        fmt: ``tbx`` (all data), ``json`` (all data), ``csv``/``tsv``
            (preferred terms only, a header row of language codes).
        langs: only these languages (BCP 47 tags; ``ru`` includes ``ru-RU``).

    Raises:
        InputError: unknown format, or the folder does not exist.
    """
    fmt = format_of(path, fmt)
    atomic_write(path, dumps_glossary(glossary, fmt, langs))


def _user_copy() -> Path:
    from platformdirs import user_data_path

    return user_data_path("atau", appauthor=False) / "glossary" / PACKAGED_GLOSSARY.name


def resolve_glossary(explicit: str | os.PathLike | None = None, *, create: bool = False) -> Path:
    """The glossary path to use, by the order in the module docstring.

    Args:
        explicit: ``--glossary`` value.
        create (bool): accept an explicit ``.tbx`` path that does not exist
            yet (for edits, which then create it).

    Raises:
        InputError: an explicit or ``$ATAU_GLOSSARY`` path does not exist, or
            is a folder without ``.tbx`` files.
    """
    for candidate, origin in ((explicit, "--glossary"), (os.environ.get("ATAU_GLOSSARY"), "$ATAU_GLOSSARY")):
        if candidate:
            path = Path(candidate)
            if create and not path.exists() and path.suffix.lower() == ".tbx":
                return path
            if not path.exists():
                raise InputError(f"glossary not found (from {origin})", path)
            if path.is_dir() and not any(path.glob("*.tbx")):
                raise InputError(f"folder has no .tbx files (from {origin})", path)
            return path
    local = Path("glossary")
    if local.is_dir() and any(local.glob("*.tbx")):
        return local
    user = _user_copy()
    if user.is_file():
        return user
    return PACKAGED_GLOSSARY


def _parse_tbx(data: bytes, path: Path) -> Glossary:
    """:func:`toolkit.termbase.tbx.loads_tbx`, kept in the cache (:mod:`toolkit.cache`)
    by the file's bytes: the shipped glossary parses in 30 ms and loads back
    from the cache in 2 ms; a 50,000-concept one in seconds. A file that
    does not parse raises as :func:`~toolkit.termbase.tbx.loads_tbx` does, every time."""
    from .. import cache

    key = cache.cache_key("tbx", data)
    glossary = cache.load("glossaries", key)
    if not isinstance(glossary, Glossary):
        from . import tbx

        glossary = tbx.loads_tbx(data, path)
        cache.store("glossaries", key, glossary)
    return glossary


@dataclass
class GlossaryStore:
    """A glossary on disk: one ``.tbx`` file or a folder of them.

    In a folder, each concept is written back to the file it came from; new
    concepts go to the first file (in name order).

    Attributes:
        path (Path): the file or folder.
    """

    path: Path
    _names: dict = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, explicit: str | os.PathLike | None = None, *, create: bool = False) -> "GlossaryStore":
        """The store for ``--glossary`` / ``$ATAU_GLOSSARY`` / defaults
        (see :func:`resolve_glossary`; ``create`` lets an edit start a new file)."""
        return cls(resolve_glossary(explicit, create=create))

    @property
    def files(self) -> list[Path]:
        """The ``.tbx`` files, sorted by name."""
        if self.path.is_dir():
            return sorted(self.path.glob("*.tbx"))
        return [self.path]

    @property
    def builtin(self) -> bool:
        """True for the read-only glossary shipped in the package."""
        return self.path.resolve() == PACKAGED_GLOSSARY.resolve()

    def check_output(self, path: str | os.PathLike) -> None:
        """Refuse ``path`` as an export's output when it is one of the
        glossary's own files (also through a symlink or a hard link), or a
        ``.tbx`` file in the glossary's folder (which would become part of
        the glossary): the export would overwrite the termbase, maybe in
        another format or with fewer languages, without a backup.

        Raises:
            InputError: ``"the output is the glossary itself: ..."``.
        """
        out = Path(path)
        for file in self.files:
            if same_file(out, file):
                raise InputError(f"the output is the glossary itself: {path}; export to another file")
        if (self.path.is_dir() and out.suffix.lower() == ".tbx"
                and out.resolve().parent == self.path.resolve()):
            raise InputError(f"the output is the glossary itself: {path} is in the glossary folder "
                             f"{self.path}; export to another folder")

    def load(self) -> Glossary:
        """Read the glossary.

        Raises:
            GlossaryError: a file is malformed, or two files define the same id.
        """
        return self._load()[0]

    def load_concepts(self) -> list[Concept]:
        """All concepts of all files, duplicates included (for validation)."""
        from . import tbx

        for file in self.files:
            _check_tbx_name(file)
        return [c for file in self.files for c in tbx.parse_entries(read_bytes(file), file)[1]]

    def _load(self) -> tuple[Glossary, dict[str, Path]]:
        merged = Glossary()
        origin: dict[str, Path] = {}
        for file in self.files:
            if not file.exists():
                continue
            _check_tbx_name(file)
            part = _parse_tbx(read_bytes(file), file)
            self._names[file] = part.name
            if merged.name is None:
                merged.name = part.name
            for concept in part:
                if concept.id in origin:
                    raise GlossaryError(
                        f"concept id {concept.id!r} is also defined in {origin[concept.id]}", file)
                merged.add(concept)
                origin[concept.id] = file
        return merged, origin

    @contextmanager
    def edit(self) -> Iterator[Glossary]:
        """Lock, load, let the caller change the glossary, then save atomically
        (with a ``~`` backup) if the body returns normally.

        Editing the built-in glossary edits a copy of it in the user data
        folder (the built-in one is read-only); :attr:`path` then points at
        the copy. The copy is written only when the body returns normally
        and changed something: a failed or empty edit leaves no copy (it
        would hide later versions of the built-in glossary).

        Raises:
            GlossaryError: the lock could not be had within 30 seconds.
        """
        from filelock import FileLock, Timeout

        copy = None
        if self.builtin:
            copy = _user_copy()
            copy.parent.mkdir(parents=True, exist_ok=True)
            lock_path = Path(f"{copy}.lock")
        else:
            lock_path = (self.path / ".atau.lock") if self.path.is_dir() else Path(f"{self.path}.lock")
        try:
            with FileLock(lock_path, timeout=LOCK_TIMEOUT):
                if copy is not None and copy.exists():  # made meanwhile by another process
                    self.path, copy = copy, None
                glossary, origin = self._load()
                before = (glossary.fingerprint(), glossary.name) if copy is not None else None
                yield glossary
                if copy is not None:
                    if (glossary.fingerprint(), glossary.name) == before:
                        return
                    self.path = copy
                    origin = {concept_id: copy for concept_id in origin}
                self._save(glossary, origin)
        except Timeout as exc:
            raise GlossaryError(f"glossary is locked by another process ({lock_path})", self.path) from exc

    def _save(self, glossary: Glossary, origin: dict[str, Path]) -> None:
        from . import tbx

        files = self.files
        default = files[0]
        by_file: dict[Path, Glossary] = {f: Glossary(name=glossary.name if f == default else None)
                                         for f in files}
        for concept in glossary:
            by_file[origin.get(concept.id, default)].add(concept)
        for file, part in by_file.items():
            if file != default:
                part.name = self._names.get(file)
            text = tbx.dumps_tbx(part)
            if not file.exists() or read_bytes(file).decode("utf-8", "replace") != text:
                atomic_write(file, text, backup=file.exists())


def _check_tbx_name(file: Path) -> None:
    """Refuse a glossary file named as CSV, TSV or JSON: the glossary is
    TBX; other formats are imported (else the error would be "malformed XML")."""
    try:
        fmt = format_of(file)
    except InputError:  # an unknown extension: let the parser judge
        return
    if fmt != "tbx":
        raise GlossaryError(f"not a TBX file (to use a {fmt.upper()} glossary, import it: "
                            f"atau glossary import {file})", file)


def load_glossary(explicit: str | os.PathLike | None = None) -> Glossary:
    """Read the glossary chosen by :func:`resolve_glossary` (the usual entry
    point for library users: ``from toolkit import load_glossary``)."""
    return GlossaryStore.open(explicit).load()
