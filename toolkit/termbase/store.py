"""Where the glossary lives, and reading/writing glossary files safely.

Which glossary is used (first that applies):

1. an explicit path (``--glossary PATH``): a ``.tbx`` file or a folder of them;
2. ``$ATAU_GLOSSARY``;
3. ``glossary`` in the settings file (:mod:`toolkit.config`);
4. ``./glossary/`` in the current directory, when it holds ``.tbx`` files;
5. the user's own copy of the default glossary (``atau`` makes it on the
   first edit: the built-in one is read-only), under the platform's user
   data folder (platformdirs), e.g. ``~/.local/share/atau/glossary/``;
6. the default glossary shipped inside the package (``toolkit/data/kazakhstan.tbx``).

Edits take a file lock (``<file>.lock``, filelock; ``.atau.lock`` in a
folder) around read-modify-write, keep the previous version as ``<file>~``
and replace the file atomically (temporary file, fsync, rename), so two
processes adding terms at once lose nothing and a crash never leaves a
half-written glossary. In a folder, the files an edit changes are replaced
together (:func:`toolkit.fileio.commit`): after ``kill -9`` the folder is
all old or all new, never half an import; an interrupted commit is finished
by the next run that reads the folder. A read-only glossary file (mode
0444) that an edit would change is never replaced: the edit is refused and
nothing is written.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Literal, Sequence

from ..errors import GlossaryError, InputError
from .. import fileio
from ..fileio import atomic_write, decode_text, read_bytes, same_file
from ..i18n import _
from .model import Concept, Glossary

if TYPE_CHECKING:
    from .tabular import FileConflict

__all__ = [
    "PACKAGED_GLOSSARY",
    "GlossaryStore",
    "resolve_glossary",
    "glossary_source",
    "load_glossary",
    "read_glossary_file",
    "import_glossary_file",
    "ImportedFile",
    "write_glossary_file",
    "export_glossary",
    "Exported",
    "format_of",
    "FORMATS",
    "IMPORT_FORMATS",
    "EXPORT_FORMATS",
]

PACKAGED_GLOSSARY = Path(__file__).parent.parent / "data" / "kazakhstan.tbx"
#: Formats ``atau glossary import`` reads (TBX v3 and v2 alike; CSV includes
#: DeepL's and Weblate's layouts).
IMPORT_FORMATS = ("tbx", "csv", "tsv", "json", "po", "deepl-csv")
#: Formats ``atau glossary export`` writes: ``tbx`` is TBX v3 (ISO
#: 30042:2019), ``tbx2`` the TBX v2 "martif" layout; ``deepl-csv`` is
#: DeepL's headerless ``source,target``.
EXPORT_FORMATS = ("tbx", "tbx2", "csv", "tsv", "json", "deepl-csv")
FORMATS = tuple(dict.fromkeys(IMPORT_FORMATS + EXPORT_FORMATS))
_ALIASES = {"tbx3": "tbx", "tbx-v3": "tbx", "tbx-v2": "tbx2", "martif": "tbx2", "deepl": "deepl-csv",
            "pot": "po"}
_SUFFIXES = {".tbx": "tbx", ".xml": "tbx", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
             ".txt": "tsv", ".json": "json", ".po": "po", ".pot": "po"}
LOCK_TIMEOUT = 30.0  # seconds


def format_of(path: str | os.PathLike, fmt: str | None = None, *,
              formats: Sequence[str] = FORMATS) -> str:
    """The glossary file format: ``fmt`` if given (``tbx2``, ``deepl-csv``,
    ...; aliases ``tbx-v2``, ``deepl``), else from the extension (``.tbx``/
    ``.xml`` TBX, ``.csv``, ``.tsv``/``.tab``/``.txt`` TSV, ``.json``,
    ``.po``/``.pot``).

    Args:
        formats: the formats allowed here (:data:`IMPORT_FORMATS` or
            :data:`EXPORT_FORMATS`).

    Raises:
        InputError: unknown format or extension, or a format not in ``formats``.
    """
    names = ", ".join(formats)
    if fmt:
        fmt = _ALIASES.get(fmt.strip().lower(), fmt.strip().lower())
        if fmt not in formats:
            raise InputError(_("unknown glossary format {fmt!r}; use one of {formats}").format(
                fmt=fmt, formats=names))
        return fmt
    suffix = Path(path).suffix.lower()
    found = _SUFFIXES.get(suffix)
    if found is None or found not in formats:
        raise InputError(_("cannot tell the format from the extension {suffix!r}; "
                           "name it with --format ({formats})").format(suffix=suffix or "(none)",
                                                                       formats=names), path)
    return found


@dataclass(frozen=True)
class ImportedFile:
    """A glossary file as read for import.

    Attributes:
        glossary (Glossary): its concepts (rows with the same source term
            merged into one).
        conflicts (tuple[FileConflict, ...]): rows of a CSV/TSV/PO file that
            gave a term another translation than an earlier row, resolved by
            ``on_conflict`` (empty for TBX and JSON, whose concepts have ids).
        fmt (str): the format read.
    """

    glossary: Glossary
    conflicts: tuple["FileConflict", ...] = ()
    fmt: str = "tbx"


def import_glossary_file(path: str | os.PathLike, fmt: str | None = None,
                         langs: Sequence[str | None] | None = None,
                         on_conflict: Literal["keep", "replace", "fail"] = "fail") -> ImportedFile:
    """Read a glossary file of any importable format (:data:`IMPORT_FORMATS`).

    Args:
        path: the file.
        fmt: the format; from the extension when None.
        langs: ``(source, target)``: for a two-column CSV/TSV without header,
            a Weblate CSV file (both needed) and a PO file (source default
            ``en``, target default the header's ``Language``).
        on_conflict: for rows of one file that disagree (the same English
            term with another Russian one): ``keep`` the earlier row's,
            ``replace`` with the later row's, or ``fail``
            (see :func:`toolkit.termbase.tabular.group_rows`).

    Raises:
        InputError / GlossaryError: missing or unreadable file, not UTF-8,
            malformed content (with line numbers where known), a term
            without any letter or digit (empty, blank, punctuation only:
            such a term would match everywhere), more than
            :data:`toolkit.limits.MAX_LANGUAGES` languages, a file larger
            than :data:`toolkit.limits.MAX_INPUT_BYTES`.
        ConflictError: rows disagree and ``on_conflict="fail"``.
    """
    from .. import limits

    fmt = format_of(path, fmt, formats=IMPORT_FORMATS)
    imported = _read_glossary(path, fmt, langs, on_conflict)
    languages = {term.lang for concept in imported.glossary for term in concept.terms}
    if len(languages) > limits.MAX_LANGUAGES:
        raise GlossaryError(_("{n:,} languages: a glossary has at most {limit}; nothing was imported").format(
            n=len(languages), limit=limits.MAX_LANGUAGES), path)
    for concept in imported.glossary:
        for term in concept.terms:
            if not any(char.isalnum() for char in term.text):
                message = (_("concept {id!r}: the {lang} term {text!r} is empty; nothing was imported")
                           if not term.text.strip() else
                           _("concept {id!r}: the {lang} term {text!r} has no letters or digits; "
                             "nothing was imported"))
                raise GlossaryError(message.format(id=concept.id, lang=term.lang, text=term.text), path)
    return imported


def read_glossary_file(path: str | os.PathLike, fmt: str | None = None,
                       langs: Sequence[str | None] | None = None) -> Glossary:
    """The glossary of :func:`import_glossary_file` (rows that disagree are
    an error).

    Raises:
        as :func:`import_glossary_file`.
    """
    return import_glossary_file(path, fmt, langs).glossary


def _read_glossary(path: str | os.PathLike, fmt: str, langs: Sequence[str | None] | None,
                   on_conflict: str) -> ImportedFile:
    from . import tabular, tbx

    data = read_bytes(path)
    if fmt == "tbx":
        return ImportedFile(tbx.loads_tbx(data, path), (), fmt)
    if fmt == "po":
        from .po import read_po_rows

        rows = read_po_rows(data, path, langs)
    else:
        text = decode_text(data, path)
        if fmt == "json":
            try:
                return ImportedFile(Glossary.from_dict(json.loads(text)), (), fmt)
            except json.JSONDecodeError as exc:
                raise GlossaryError(_("malformed JSON: {error}").format(error=exc.msg),
                                    path, exc.lineno, exc.colno) from exc
            except RecursionError as exc:
                raise GlossaryError(_("JSON nested too deeply to be a glossary"), path) from exc
            except GlossaryError as exc:
                raise GlossaryError(exc.message, path) from exc
        pair = tuple(langs) if langs and all(langs) and len(langs) == 2 else None
        if fmt == "deepl-csv" and pair is None:
            raise GlossaryError(_("a DeepL CSV file does not say its languages; give them with "
                                  "--from and --to"), path)
        rows = tabular.read_rows(text, path, delimiter="\t" if fmt == "tsv" else None, langs=pair)
    glossary, conflicts = tabular.group_rows(rows, path, on_conflict)
    return ImportedFile(glossary, tuple(conflicts), fmt)


@dataclass(frozen=True)
class Exported:
    """A glossary as the text of an export file.

    Attributes:
        text (str): the file's content.
        fmt (str): the format written.
        entries (int): concepts written (CSV and DeepL: rows).
        left_out (tuple[str, ...]): ids of concepts the format could not
            take (DeepL: a source term an earlier concept already has).
    """

    text: str
    fmt: str
    entries: int
    left_out: tuple[str, ...] = ()


def export_glossary(glossary: Glossary, fmt: str, langs: Sequence[str] | None = None) -> Exported:
    """The glossary in format ``fmt`` (:data:`EXPORT_FORMATS`).

    Args:
        fmt: ``tbx`` (TBX v3) or ``tbx2`` (TBX v2 "martif", for
            translate-toolkit and Weblate): all data; ``json``: all data;
            ``csv``/``tsv``: preferred terms, a header row of language codes
            (Google's and Amazon's layout); ``deepl-csv``: DeepL's
            headerless ``source,target`` rows (``langs`` names the two).
        langs: only these languages (BCP 47 tags; ``ru`` includes ``ru-RU``),
            in column order.

    Raises:
        InputError: ``deepl-csv`` without exactly two languages.
        GlossaryError: a term the format cannot keep (see the writers).
    """
    from . import tabular, tbx

    if fmt == "deepl-csv":
        if not langs or len(langs) != 2:
            raise InputError(_("DeepL's CSV has two columns, source and target: give them with "
                               "--langs, e.g. --langs en,ru"))
        text, left_out = tabular.dumps_deepl(glossary, langs[0], langs[1])
        entries = sum(1 for c in glossary if c.preferred(langs[0]) and c.preferred(langs[1])) - len(left_out)
        return Exported(text, fmt, entries, tuple(left_out))
    if langs:
        from ..langtags import tag_matches

        keep = list(langs)
        glossary = Glossary(
            (c.with_terms(t for t in c.terms if any(tag_matches(t.lang, k) for k in keep))
             for c in glossary),
            name=glossary.name)
    if fmt in ("tbx", "tbx2"):
        return Exported(tbx.dumps_tbx(glossary, 2 if fmt == "tbx2" else 3), fmt, len(glossary))
    if fmt == "json":
        return Exported(json.dumps(glossary.to_dict(), ensure_ascii=False, indent=2) + "\n", fmt, len(glossary))
    columns = list(langs or glossary.languages())
    entries = sum(1 for c in glossary if any(c.preferred(lang) for lang in columns))
    return Exported(tabular.dumps_table(glossary, langs, delimiter="\t" if fmt == "tsv" else ","), fmt, entries)


def dumps_glossary(glossary: Glossary, fmt: str, langs: Sequence[str] | None = None) -> str:
    """The text of :func:`export_glossary`."""
    return export_glossary(glossary, fmt, langs).text


def write_glossary_file(glossary: Glossary, path: str | os.PathLike, fmt: str | None = None,
                        langs: Sequence[str] | None = None) -> Exported:
    """Write ``glossary`` atomically to ``path`` (see :func:`export_glossary`).

    Returns:
        Exported: what was written.

    Raises:
        InputError: unknown format, or the folder does not exist.
    """
    fmt = format_of(path, fmt, formats=EXPORT_FORMATS)
    exported = export_glossary(glossary, fmt, langs)
    atomic_write(path, exported.text)
    return exported


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
        InputError: an explicit, ``$ATAU_GLOSSARY`` or settings-file path does
            not exist, or is a folder without ``.tbx`` files; a settings file
            that is not valid (:func:`toolkit.config.load_config`).
    """
    return glossary_source(explicit, create=create)[0]


def glossary_source(explicit: str | os.PathLike | None = None, *,
                    create: bool = False) -> tuple[Path, str]:
    """:func:`resolve_glossary` and where the choice comes from:
    ``"--glossary"``, ``"$ATAU_GLOSSARY"``, the settings file's path,
    ``"./glossary/"``, ``"your edited copy"`` or ``"built-in"``.

    Raises:
        as :func:`resolve_glossary`.
    """
    from ..config import load_config

    candidates = [(explicit, "--glossary"), (os.environ.get("ATAU_GLOSSARY"), "$ATAU_GLOSSARY")]
    if not explicit and not os.environ.get("ATAU_GLOSSARY"):
        config = load_config()
        candidates.append((config.values.get("glossary"), str(config.path)))
    for candidate, origin in candidates:
        if candidate:
            path = Path(candidate)
            if create and not path.exists() and path.suffix.lower() == ".tbx":
                return path, origin
            if not path.exists():
                raise InputError(_("glossary not found (from {origin})").format(origin=origin), path)
            if path.is_dir() and not any(path.glob("*.tbx")):
                raise InputError(_("folder has no .tbx files (from {origin})").format(origin=origin), path)
            return path, origin
    local = Path("glossary")
    if local.is_dir() and any(local.glob("*.tbx")):
        return local, "./glossary/"
    user = _user_copy()
    if user.is_file():
        return user, _("your edited copy")
    return PACKAGED_GLOSSARY, _("built-in")


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
                raise InputError(_("the output is the glossary itself: {path}; export to another file").format(path=path))
        if (self.path.is_dir() and out.suffix.lower() == ".tbx"
                and out.resolve().parent == self.path.resolve()):
            raise InputError(_("the output is the glossary itself: {path} is in the glossary folder "
                               "{folder}; export to another folder").format(path=path, folder=self.path))

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
        return [c for file, data in self._read_files() for c in tbx.parse_entries(data, file)[1]]

    def _lock_path(self) -> Path:
        return (self.path / ".atau.lock") if self.path.is_dir() else Path(f"{self.path}.lock")

    def _read_files(self, locked: bool = False) -> list[tuple[Path, bytes]]:
        """The bytes of every file, as one state of the glossary.

        A folder whose last edit a crash interrupted is repaired first
        (:func:`toolkit.fileio.recover`, under the lock). A folder is read
        without the lock when it can be: its files' identities (inode,
        size, mtime) are taken before and after reading them, and the
        commit journal is looked for in between; an edit's renames all
        happen while its journal exists, so equal identities and no journal
        mean no edit overlapped the reading. Otherwise the folder is read
        again, at most :data:`_READ_TRIES` times, then under the lock.

        Args:
            locked (bool): the caller holds the glossary's lock.
        """
        if not self.path.is_dir():
            return [(file, read_bytes(file)) for file in self.files if file.exists()]
        if locked:
            fileio.recover(self.path, locked=True)
            return [(file, read_bytes(file)) for file in self.files if file.exists()]
        for _attempt in range(_READ_TRIES):
            if fileio.pending(self.path):
                break
            files = [file for file in self.files if file.exists()]
            before = [_identity(file) for file in files]
            data = [(file, read_bytes(file)) for file in files]
            if not fileio.pending(self.path) and [_identity(file) for file in files] == before:
                return data
        with self._locked():
            return self._read_files(locked=True)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        from filelock import FileLock, Timeout

        lock_path = self._lock_path()
        try:
            with FileLock(lock_path, timeout=LOCK_TIMEOUT):
                yield
        except Timeout as exc:
            raise GlossaryError(_("glossary is locked by another process ({lock})").format(lock=lock_path),
                                self.path) from exc

    def _load(self, locked: bool = False) -> tuple[Glossary, dict[str, Path]]:
        merged = Glossary()
        origin: dict[str, Path] = {}
        for file, data in self._read_files(locked):
            _check_tbx_name(file)
            part = _parse_tbx(data, file)
            self._names[file] = part.name
            if merged.name is None:
                merged.name = part.name
            for concept in part:
                if concept.id in origin:
                    raise GlossaryError(
                        _("concept id {id!r} is also defined in {file}").format(
                            id=concept.id, file=origin[concept.id]), file)
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
            lock_path = self._lock_path()
        try:
            with FileLock(lock_path, timeout=LOCK_TIMEOUT):
                if copy is not None and copy.exists():  # made meanwhile by another process
                    self.path, copy = copy, None
                glossary, origin = self._load(locked=True)
                before = (glossary.fingerprint(), glossary.name) if copy is not None else None
                yield glossary
                if copy is not None:
                    if (glossary.fingerprint(), glossary.name) == before:
                        return
                    self.path = copy
                    origin = {concept_id: copy for concept_id in origin}
                self._save(glossary, origin)
        except Timeout as exc:
            raise GlossaryError(_("glossary is locked by another process ({lock})").format(lock=lock_path),
                                self.path) from exc

    def _save(self, glossary: Glossary, origin: dict[str, Path]) -> None:
        from . import tbx

        files = self.files
        default = files[0]
        by_file: dict[Path, Glossary] = {f: Glossary(name=glossary.name if f == default else None)
                                         for f in files}
        for concept in glossary:
            by_file[origin.get(concept.id, default)].add(concept)
        changed: list[tuple[Path, str]] = []
        for file, part in by_file.items():
            if file != default:
                part.name = self._names.get(file)
            text = tbx.dumps_tbx(part)
            if not file.exists() or read_bytes(file).decode("utf-8", "replace") != text:
                changed.append((file, text))
        if not self.path.is_dir():
            for file, text in changed:
                atomic_write(file, text, backup=file.exists())
            return
        # A folder: the changed files are replaced together or not at all.
        with fileio.commit(self.path, locked=True) as files:
            for file, text in changed:
                files.stage(file, text, backup=file.exists())


_READ_TRIES = 3
"""Times a folder glossary is read without the lock before reading it
under the lock (an edit replaced files while it was being read)."""


def _identity(file: Path) -> tuple:
    """What changes when a file is replaced or written: inode, size, mtime."""
    try:
        status = file.stat()
    except OSError:
        return ()
    return (status.st_ino, status.st_size, status.st_mtime_ns)


def _check_tbx_name(file: Path) -> None:
    """Refuse a glossary file named as CSV, TSV or JSON: the glossary is
    TBX; other formats are imported (else the error would be "malformed XML")."""
    try:
        fmt = format_of(file)
    except InputError:  # an unknown extension: let the parser judge
        return
    if fmt != "tbx":
        raise GlossaryError(_("not a TBX file (to use a {fmt} glossary, import it: "
                              "atau glossary import {file})").format(fmt=fmt.upper(), file=file), file)


def load_glossary(explicit: str | os.PathLike | None = None) -> Glossary:
    """Read the glossary chosen by :func:`resolve_glossary` (the usual entry
    point for library users: ``from toolkit import load_glossary``)."""
    return GlossaryStore.open(explicit).load()
