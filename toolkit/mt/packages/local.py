"""Installed packages: where they are, what they hold, which is newest, and
every change to the install folder (a recoverable swap for installs,
removal, recovery and leftovers of killed runs).

Where things are
    All locations come from ``argostranslate.settings`` (:func:`locations`),
    read *at call time*: ``package_data_dir`` (install directory, env
    ``ARGOS_PACKAGES_DIR``, default ``$XDG_DATA_HOME/argos-translate/packages``),
    ``package_dirs`` (searched), ``remote_package_index`` (env
    ``ARGOS_PACKAGE_INDEX`` + ``index.json``), ``local_package_index`` and
    ``downloads_dir``. argostranslate reads its environment variables once,
    when ``argostranslate.settings`` is first imported (and creates its
    directories then); to point Atau elsewhere in the same process, set the
    attributes of that module, or set the variables before the first import.

An installed package is a directory holding ``metadata.json``, ``model/``
(a CTranslate2 model) and ``sentencepiece.model`` or ``bpe.model``; the
metadata keys Atau reads are listed in :mod:`toolkit.mt.packages`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from ...errors import InputError, ModelNotFoundError, PackageError

__all__ = [
    "Locations",
    "InstalledPackage",
    "locations",
    "read_package",
    "load_metadata",
    "installed_packages",
    "find_package",
    "remove",
    "same_code",
    "version_key",
    "newest",
    "replace",
    "recover",
    "sweep_leftovers",
    "LOCK_TIMEOUT",
    "RECOVERY_LOCK_TIMEOUT",
    "TEMPORARY_PREFIXES",
    "LEFTOVER_AGE",
    "check_argos_settings",
    "argos_settings_file",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Locations:
    """Where packages and the index are kept.

    Attributes:
        install_dir (Path): packages are installed here.
        search_dirs (tuple[Path, ...]): installed packages are looked for
            here (``install_dir`` first).
        index_url (str): URL of the remote ``index.json``.
        index_path (Path): local copy of the index.
        downloads_dir (Path): downloads in progress.
    """

    install_dir: Path
    search_dirs: tuple[Path, ...]
    index_url: str
    index_path: Path
    downloads_dir: Path


def locations() -> Locations:
    """The locations argostranslate uses, read from ``argostranslate.settings``
    now (see the module docs for how they are configured).

    The first call imports ``argostranslate.settings``, which reads Argos's
    settings (environment variables and ``settings.json``) and would print
    to standard output, or fail with a bare ``KeyError``, on a bad one:
    they are checked first (:func:`check_argos_settings`), and whatever the
    import prints goes to standard error (``--json`` output stays JSON).

    Raises:
        InputError: ``settings.json`` is not a JSON object or holds a wrong
            value (the message names the file and the setting).
        ModelError: an ``ARGOS_*`` environment variable is wrong (named), or
            Argos cannot create its folders.
    """
    if "argostranslate.settings" not in sys.modules:
        _import_argos_settings()
    from argostranslate import settings  # lazily: creates its directories on import

    install_dir = Path(settings.package_data_dir)
    search = [install_dir] + [Path(p) for p in settings.package_dirs if Path(p) != install_dir]
    return Locations(
        install_dir=install_dir,
        search_dirs=tuple(search),
        index_url=str(settings.remote_package_index),
        index_path=Path(settings.local_package_index),
        downloads_dir=Path(settings.downloads_dir),
    )


# --------------------------------------------------------------------------
# Argos Translate's settings

#: Argos's settings that must be whole numbers (``int()`` of the value).
_WHOLE_NUMBER_SETTINGS = ("ARGOS_INTER_THREADS", "ARGOS_INTRA_THREADS", "ARGOS_BATCH_SIZE", "ARGOS_BEAM_SIZE")
#: Argos's settings with a fixed set of values.
_CHOICE_SETTINGS = {
    "ARGOS_MODEL_PROVIDER": ("OPENNMT", "LIBRETRANSLATE", "OPENAI"),
    "ARGOS_CHUNK_TYPE": ("DEFAULT", "ARGOSTRANSLATE", "NONE", "STANZA", "SPACY", "MINISBD"),
}
#: Argos's settings that must be text (a path, a URL).
_TEXT_SETTINGS = ("ARGOS_PACKAGES_DIR", "ARGOS_PACKAGE_INDEX")


def argos_settings_file(environ=None) -> Path:
    """Where Argos Translate keeps ``settings.json``:
    ``$XDG_CONFIG_HOME/argos-translate/settings.json`` (default
    ``~/.config``; under snap, in ``$SNAP_USER_DATA``), as
    ``argostranslate.settings`` computes it."""
    environ = os.environ if environ is None else environ
    home = Path(environ["SNAP_USER_DATA"]) if "SNAP" in environ and environ.get("SNAP_USER_DATA") else Path.home()
    config = Path(environ.get("XDG_CONFIG_HOME") or home / ".config")
    return config / "argos-translate" / "settings.json"


def check_argos_settings(environ=None) -> None:
    """Check the Argos Translate settings that ``argostranslate.settings``
    reads when it is imported (environment variables first, then
    ``settings.json``), so that a bad one is an error that names it rather
    than a ``KeyError`` or lines printed on standard output.

    Raises:
        InputError: ``settings.json`` is not a JSON object (with line and
            column), or a value in it is wrong (see below; the error names
            the file).
        ModelError: an ``ARGOS_*`` environment variable is wrong: a
            whole-number setting (``ARGOS_INTER_THREADS``...) that is not
            one, ``ARGOS_MODEL_PROVIDER`` or ``ARGOS_CHUNK_TYPE`` not one of
            its values, a path or URL setting that is not text.
    """
    from ...errors import InputError, ModelError
    from ...fileio import read_bytes

    environ = os.environ if environ is None else environ
    if "SNAP" in environ and not environ.get("SNAP_USER_DATA"):
        raise ModelError("SNAP is set but SNAP_USER_DATA is not: Argos Translate cannot find its settings")
    path = argos_settings_file(environ)
    from_file: dict = {}
    if path.is_file():
        try:
            from_file = json.loads(read_bytes(path).decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise InputError("Argos Translate's settings file is not UTF-8 text; fix or remove it", path) from exc
        except json.JSONDecodeError as exc:
            raise InputError(f"Argos Translate's settings file is not valid JSON ({exc.msg}); fix or remove it",
                             path, exc.lineno, exc.colno) from exc
        except RecursionError as exc:
            raise InputError("Argos Translate's settings file is nested too deeply; fix or remove it",
                             path) from exc
        if not isinstance(from_file, dict):
            raise InputError("Argos Translate's settings file must hold a JSON object ({...}); fix or remove it",
                             path)

    def value(key: str):
        if environ.get(key) is not None:
            return environ[key], f"the environment variable {key}"
        return from_file.get(key), key

    def wrong(where: str, message: str) -> Exception:
        if where.startswith("the environment"):
            return ModelError(f"{where} {message}")
        return InputError(f"{where} in Argos Translate's settings {message}", path)

    for key in _WHOLE_NUMBER_SETTINGS:
        found, where = value(key)
        try:
            if found is not None and (isinstance(found, bool) or not isinstance(found, (str, int, float))):
                raise TypeError(found)
            if found is not None:
                int(found)
        except (TypeError, ValueError, OverflowError):
            raise wrong(where, f"is {found!r}: Argos Translate needs a whole number") from None
    for key, choices in _CHOICE_SETTINGS.items():
        found, where = value(key)
        if found is not None and found not in choices:
            raise wrong(where, f"is {found!r}: Argos Translate knows {', '.join(choices)}")
    for key in _TEXT_SETTINGS:
        found, where = value(key)
        if found is not None and not isinstance(found, str):
            raise wrong(where, f"is {found!r}: Argos Translate needs text (a path or URL)")


def _import_argos_settings() -> None:
    """Import ``argostranslate.settings`` after :func:`check_argos_settings`,
    with whatever it prints sent to standard error.

    Raises:
        InputError, ModelError: as :func:`check_argos_settings`; the import
            fails all the same (ModelError: a folder it cannot create, a
            setting not checked there).
    """
    from ...errors import ModelError

    check_argos_settings()
    with contextlib.redirect_stdout(sys.stderr):
        try:
            import argostranslate.settings  # noqa: F401 - creates its directories, reads its settings
        except OSError as exc:
            where = f" {exc.filename}" if exc.filename else ""
            raise ModelError(f"Argos Translate cannot create its folder{where}: {exc.strerror or exc}") from exc
        except (KeyError, ValueError, TypeError, AssertionError) as exc:  # a setting not checked above
            raise ModelError(f"Argos Translate's settings are invalid: {type(exc).__name__}: {exc} "
                             f"(see {argos_settings_file()} and the ARGOS_* environment variables)") from exc


@dataclass(frozen=True)
class InstalledPackage:
    """A package installed on disk.

    Attributes:
        path (Path): its directory.
        from_code (str), to_code (str): language codes of the pair.
        version (str): ``package_version`` ("" when not given).
        from_name (str), to_name (str): language names.
        type (str): ``"translate"`` for translation packages.
        tokenizer (str): ``"sentencepiece"`` or ``"bpe"``.
        source_prefix (str | None), source_suffix (str | None),
        target_prefix (str | None): special tokens (package docs).
        sentence_splitter (str | None): ``"minisbd"``, ``"stanza"``,
            ``"spacy"`` or None (Atau segments with sentencex in any case).
        metadata (dict): the whole ``metadata.json``.
    """

    path: Path
    from_code: str
    to_code: str
    version: str = ""
    from_name: str = ""
    to_name: str = ""
    type: str = "translate"
    tokenizer: str = "sentencepiece"
    source_prefix: str | None = None
    source_suffix: str | None = None
    target_prefix: str | None = None
    sentence_splitter: str | None = None
    metadata: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def name(self) -> str:
        """The directory name, e.g. ``translate-en_ru-1_9``."""
        return self.path.name

    @property
    def pair(self) -> str:
        """``"en-ru"``."""
        return f"{self.from_code}-{self.to_code}"

    @property
    def model_dir(self) -> Path:
        """The CTranslate2 model directory."""
        return self.path / "model"

    @property
    def tokenizer_path(self) -> Path:
        """``sentencepiece.model`` or ``bpe.model``."""
        return self.path / ("bpe.model" if self.tokenizer == "bpe" else "sentencepiece.model")

    def disk_size(self) -> int:
        """Bytes used on disk by the package's files."""
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())

    def to_dict(self) -> dict:
        """JSON-ready summary (no metadata blob)."""
        return {
            "name": self.name, "from": self.from_code, "to": self.to_code,
            "version": self.version, "path": str(self.path), "tokenizer": self.tokenizer,
            "source_prefix": self.source_prefix, "source_suffix": self.source_suffix,
            "target_prefix": self.target_prefix,
        }


def read_package(path: str | os.PathLike) -> InstalledPackage:
    """Read an installed package directory.

    Raises:
        PackageError: no readable ``metadata.json`` with ``from_code`` and
            ``to_code``, or no ``model/`` or tokenizer model.
    """
    path = Path(path)
    metadata = load_metadata((path / "metadata.json").read_bytes()
                             if (path / "metadata.json").is_file() else None, path / "metadata.json")
    if not (path / "model").is_dir():
        raise PackageError("package has no model/ directory", path)
    if (path / "sentencepiece.model").is_file():
        tokenizer = "sentencepiece"
    elif (path / "bpe.model").is_file():
        tokenizer = "bpe"
    else:
        raise PackageError("package has no sentencepiece.model or bpe.model", path)
    splitter = next((name for name in ("minisbd", "stanza", "spacy") if (path / name).exists()), None)
    return InstalledPackage(
        path=path,
        from_code=str(metadata["from_code"]),
        to_code=str(metadata["to_code"]),
        version=str(metadata.get("package_version", "")),
        from_name=str(metadata.get("from_name", "")),
        to_name=str(metadata.get("to_name", "")),
        type=str(metadata.get("type", "translate")),
        tokenizer=tokenizer,
        source_prefix=metadata.get("source_prefix") or None,
        source_suffix=metadata.get("source_suffix") or None,
        target_prefix=metadata.get("target_prefix") or None,
        sentence_splitter=splitter,
        metadata=metadata,
    )


_TEXT_FIELDS = ("from_name", "to_name", "type", "source_prefix", "source_suffix", "target_prefix")
"""Metadata keys whose value must be a string (or null) when present."""


def load_metadata(data: bytes | None, where: str | os.PathLike) -> dict:
    """Parse the bytes of a ``metadata.json``.

    Args:
        data (bytes | None): the file's content; None when it is missing.
        where (str | PathLike): what the errors name (the file, or
            ``"ARCHIVE: TOP/metadata.json"``).

    Returns:
        dict: the metadata, with string ``from_code`` and ``to_code``.

    Raises:
        PackageError: missing, not JSON (also nested too deeply to parse),
            not an object, without string ``from_code``/``to_code``, or with
            a value of the wrong type (``package_version`` not a string or
            number; ``from_name``, ``to_name``, ``type``, ``source_prefix``,
            ``source_suffix`` or ``target_prefix`` not a string); the
            message names the field.
    """
    if data is None:
        raise PackageError("metadata.json is missing", where)
    try:
        metadata = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise PackageError(f"metadata.json is not valid JSON: {exc}", where) from exc
    if not isinstance(metadata, dict) or not metadata.get("from_code") or not metadata.get("to_code"):
        raise PackageError("metadata.json lacks from_code/to_code", where)
    if not all(isinstance(metadata[key], str) and metadata[key].isprintable()
               for key in ("from_code", "to_code")):
        raise PackageError("metadata.json: from_code and to_code must be language codes (strings)", where)
    version = metadata.get("package_version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, (str, int, float))):
        raise PackageError(f"package_version must be a string, not {_json_type(version)}", where)
    for key in _TEXT_FIELDS:
        value = metadata.get(key)
        if value is not None and not isinstance(value, str):
            raise PackageError(f"{key} must be a string, not {_json_type(value)}", where)
    return metadata


def _json_type(value: object) -> str:
    """What a JSON value is, in words: ``"a list"``, ``"a number"``, ..."""
    if isinstance(value, bool):
        return "true/false"
    return {dict: "an object", list: "a list", str: "a string", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def installed_packages(locs: Locations | None = None) -> list[InstalledPackage]:
    """All installed translation packages, sorted by pair and version.

    An install or removal that was killed halfway is first finished or
    rolled back (:func:`recover`). Directories that are not packages (or
    are damaged) are skipped; hidden directories (Atau's temporary ones) too.
    """
    locs = locs or locations()
    recover(locs)
    return _scan(locs)


def _scan(locs: Locations) -> list[InstalledPackage]:
    found: list[InstalledPackage] = []
    seen: set[Path] = set()
    for directory in locs.search_dirs:
        if not directory.is_dir():
            continue
        for child in sorted(directory.iterdir()):
            if child.name.startswith(".") or not child.is_dir() or child in seen:
                continue
            seen.add(child)
            try:
                package = read_package(child)
            except (PackageError, OSError):
                continue
            if package.type == "translate":
                found.append(package)
    found.sort(key=lambda p: (p.from_code, p.to_code, version_key(p.version)))
    return found


def version_key(version: str) -> tuple:
    """Sort key of a package version: valid versions (PEP 440) by value,
    after the others by text (``"1.10"`` after ``"1.9"``)."""
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


def newest(items: Iterable[T], version_of: Callable[[T], str]) -> T:
    """The item with the highest :func:`version_key` (the last one listed
    among equals).

    Raises:
        ValueError: ``items`` is empty.
    """
    ordered = sorted(items, key=lambda item: version_key(version_of(item)))
    if not ordered:
        raise ValueError("no items")
    return ordered[-1]


def same_code(code: str, wanted: str) -> bool:
    """True when two language codes are equal ignoring case and ``_``/``-``."""
    return code.lower().replace("_", "-") == wanted.lower().replace("_", "-")


def find_package(from_code: str, to_code: str,
                 locs: Locations | None = None) -> InstalledPackage | None:
    """The installed package for ``from_code`` -> ``to_code`` (the newest
    version if several are installed), or None. A regional tag is served by
    a package of its language when none is for the region (``ru-RU`` and
    ``ru_RU`` by an ``ru`` package, as Argos packages are tagged)."""
    packages = installed_packages(locs)
    matches = [p for p in packages if same_code(p.from_code, from_code) and same_code(p.to_code, to_code)]
    if not matches:
        from ...langtags import tag_matches

        def serves(code: str, wanted: str) -> bool:
            try:
                return same_code(code, wanted) or tag_matches(wanted, code)
            except InputError:  # a package's code that is no language tag serves nothing
                return False

        matches = [p for p in packages if serves(p.from_code, from_code) and serves(p.to_code, to_code)]
    return newest(matches, lambda p: p.version) if matches else None


def remove(from_code: str, to_code: str, locs: Locations | None = None) -> list[InstalledPackage]:
    """Remove the installed package(s) for ``from_code`` -> ``to_code`` from
    the install directory (under the install directory's lock).

    Returns:
        list[InstalledPackage]: what was removed.

    Raises:
        ModelNotFoundError: nothing is installed for the pair there.
        PackageError: another process holds the lock for :data:`LOCK_TIMEOUT`
            seconds.
    """
    locs = locs or locations()
    sweep_leftovers(locs.install_dir)
    if not locs.install_dir.is_dir():
        raise ModelNotFoundError(f"no package for {from_code}->{to_code} is installed in {locs.install_dir}",
                                 from_code, to_code)
    with _locked(locs.install_dir):
        _recover_locked(locs.install_dir)
        victims = [p for p in _scan(locs) if p.path.parent == locs.install_dir
                   and same_code(p.from_code, from_code) and same_code(p.to_code, to_code)]
        if not victims:
            raise ModelNotFoundError(f"no package for {from_code}->{to_code} is installed in {locs.install_dir}",
                                     from_code, to_code)
        for package in victims:
            aside = Path(tempfile.mkdtemp(prefix=_REMOVING, dir=locs.install_dir))
            os.rename(package.path, aside / "p")  # atomic: the package is gone or still whole
            shutil.rmtree(aside, ignore_errors=True)
    return victims


# --------------------------------------------------------------------------
# the install folder's transactions
#
# Every change to the install folder happens under its lock (.atau.lock).
# Replacing a pair's package is two renames: the old package(s) into a hidden
# aside folder, then the new package into place. A journal written into the
# aside folder before the first rename says which package was being put in
# place, so that after a kill -9 between the renames the next run (any run
# that lists the installed packages) can tell a finished swap (the new
# package is in place: delete the old copies) from an unfinished one (move
# the old copies back).

LOCK_TIMEOUT = 60.0
"""Seconds an install or removal waits for another one to finish."""
RECOVERY_LOCK_TIMEOUT = 10.0
"""Seconds a reader waits for the lock to repair a killed swap (then it
reads the folder as it is)."""
TEMPORARY_PREFIXES = (".atau-install-", ".atau-old-", ".atau-remove-")
"""Temporary folders of installs and removals (beside the packages)."""
LEFTOVER_AGE = 3600
"""A temporary folder this old (seconds) belongs to a killed process."""
_ASIDE, _REMOVING = ".atau-old-", ".atau-remove-"
_JOURNAL = "swap.json"


@contextlib.contextmanager
def _locked(install_dir: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the install directory's lock.

    Args:
        timeout (float | None): seconds to wait (None: :data:`LOCK_TIMEOUT`).

    Raises:
        PackageError: not had within ``timeout`` seconds.
        OSError: the lock file cannot be created.
    """
    from filelock import FileLock, Timeout

    lock_path = install_dir / ".atau.lock"
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=LOCK_TIMEOUT if timeout is None else timeout)
    except Timeout as exc:
        raise PackageError(f"the package folder is locked by another process ({lock_path})",
                           install_dir) from exc
    try:
        yield
    finally:
        lock.release()


def replace(new_dir: Path, locs: Locations | None = None) -> InstalledPackage:
    """Move the package folder ``new_dir`` (a staging folder inside the
    install directory) into the install directory under its own name,
    replacing the installed package(s) of its pair, as one recoverable step
    (see the comment above; under the install directory's lock).

    Never deletes or moves a folder that is not a package of the same pair.

    Returns:
        InstalledPackage: the package as installed.

    Raises:
        PackageError: ``new_dir`` is not a package; the install directory
            already has a folder of that name that is not a package of the
            same pair; the lock is held elsewhere for :data:`LOCK_TIMEOUT`
            seconds; a rename fails (what was moved aside is moved back).
    """
    locs = locs or locations()
    package = read_package(new_dir)
    final = locs.install_dir / new_dir.name
    with _locked(locs.install_dir):
        _recover_locked(locs.install_dir)
        old = [p.path for p in _scan(locs) if p.path.parent == locs.install_dir
               and same_code(p.from_code, package.from_code) and same_code(p.to_code, package.to_code)]
        if (final.exists() or final.is_symlink()) and final not in old:
            try:
                other = read_package(final)
            except (PackageError, OSError):
                raise PackageError(f"the package folder already has a folder {final.name!r} that is not an "
                                   f"installed package; move it away, or pack this package under another "
                                   f"name (atau models pack --name)", final) from None
            raise PackageError(f"the folder {final.name!r} already holds the {other.from_code}->{other.to_code} "
                               f"package; pack this one under another name (atau models pack --name)", final)
        aside = Path(tempfile.mkdtemp(prefix=_ASIDE, dir=locs.install_dir))
        moved: list[Path] = []
        try:
            _write_journal(aside, final.name, [directory.name for directory in old])
            (aside / "old").mkdir()
            for directory in old:
                os.rename(directory, aside / "old" / directory.name)
                moved.append(directory)
            os.rename(new_dir, final)
        except OSError as exc:
            restored = True
            for directory in reversed(moved):
                try:
                    os.rename(aside / "old" / directory.name, directory)
                except OSError:
                    restored = False  # the journal stays: the next run tries again
            if restored:
                shutil.rmtree(aside, ignore_errors=True)
            raise PackageError(f"cannot install into {locs.install_dir}: {exc.strerror or exc}",
                               final) from exc
        shutil.rmtree(aside, ignore_errors=True)
        return read_package(final)


def _write_journal(aside: Path, new: str, old: list[str]) -> None:
    with open(aside / _JOURNAL, "w", encoding="utf-8") as handle:
        json.dump({"new": new, "old": old}, handle)
        handle.flush()
        os.fsync(handle.fileno())


def recover(locs: Locations | None = None) -> list[str]:
    """Finish or roll back what a killed install or removal left in the
    install directory: a swap whose new package is in place loses its old
    copies; one whose new package is not gets its old packages back.

    Cheap when there is nothing to do (one directory listing); otherwise
    takes the install directory's lock (waiting at most
    :data:`RECOVERY_LOCK_TIMEOUT` seconds), so a swap in progress in another
    process is never touched. Failures (a read-only folder, a held lock)
    leave the folder as it is.

    Returns:
        list[str]: the names of the packages moved back.
    """
    locs = locs or locations()
    try:
        pending = any(entry.name.startswith((_ASIDE, _REMOVING)) for entry in os.scandir(locs.install_dir))
    except OSError:
        return []
    if not pending:
        return []
    try:
        with _locked(locs.install_dir, RECOVERY_LOCK_TIMEOUT):
            return _recover_locked(locs.install_dir)
    except (PackageError, OSError):
        return []


def _recover_locked(install_dir: Path) -> list[str]:
    """:func:`recover`, the lock held: every aside or removal folder
    belongs to a dead process."""
    restored: list[str] = []
    try:
        entries = [entry.path for entry in os.scandir(install_dir)]
    except OSError:
        return restored
    for entry in map(Path, entries):
        if entry.name.startswith(_REMOVING):
            shutil.rmtree(entry, ignore_errors=True)  # the rename into it was the removal
            continue
        if not entry.name.startswith(_ASIDE) or not (entry / _JOURNAL).is_file():
            continue  # not a swap, or killed before it moved anything (swept by age)
        try:
            journal = json.loads((entry / _JOURNAL).read_text(encoding="utf-8"))
            new = install_dir / journal["new"]
            finished = new.is_dir() and read_package(new) is not None
        except (OSError, ValueError, KeyError, TypeError, PackageError):
            finished = False
        kept = False
        if not finished:
            for old in sorted((entry / "old").iterdir()) if (entry / "old").is_dir() else ():
                target = install_dir / old.name
                try:
                    if target.exists():
                        raise FileExistsError(target)
                    os.rename(old, target)
                    restored.append(old.name)
                except OSError:
                    kept = True  # its name is taken now: keep the copy rather than lose it
        if not kept:
            shutil.rmtree(entry, ignore_errors=True)
    return restored


def sweep_leftovers(install_dir: Path, now: float | None = None) -> list[str]:
    """Delete the temporary folders that installs and removals killed
    halfway (``kill -9``, power cut) left in ``install_dir``: those older
    than :data:`LEFTOVER_AGE`, so that a concurrent install's folder is
    never touched. Aside folders with a swap journal are :func:`recover`'s.

    Returns:
        list[str]: the names deleted; failures are ignored.
    """
    now = time.time() if now is None else now
    swept = []
    try:
        entries = list(os.scandir(install_dir))
    except OSError:
        return swept
    for entry in entries:
        try:
            if (entry.name.startswith(TEMPORARY_PREFIXES) and entry.is_dir(follow_symlinks=False)
                    and now - entry.stat(follow_symlinks=False).st_mtime > LEFTOVER_AGE
                    and not os.path.isfile(os.path.join(entry.path, _JOURNAL))):
                shutil.rmtree(entry.path, ignore_errors=True)
                swept.append(entry.name)
        except OSError:
            continue
    return swept
