"""Argos Translate model packages: list, find, download, install, remove, pack.

A package (``.argosmodel``) is a zip archive with one top-level folder
holding ``metadata.json``, ``model/`` (a CTranslate2 model),
``sentencepiece.model`` or ``bpe.model`` and optionally ``stanza/`` or
``minisbd/`` sentence-splitter data. Packages are installed where Argos
Translate keeps them, so ``argospm`` and Atau see the same packages.

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

What Atau does itself
    Parsing of index entries uses ``argostranslate.package.AvailablePackage``.
    Downloading, verification, installation and removal are Atau's own,
    because argostranslate's functions swallow network errors (returning
    None or logging), read whole files into memory, extract archives without
    checking for symlinks or zip bombs, and import ``argostranslate.translate``
    (and with it stanza and torch), which takes seconds.

Atau's metadata extension (``atau models pack``)
    ``source_prefix``: a token put before every source sentence (NLLB:
    ``"eng_Latn"``); ``source_suffix``: a token put after it (NLLB:
    ``"</s>"``); ``target_prefix``: the token the target starts with (NLLB:
    ``"kaz_Cyrl"``; the same key and meaning as in Argos Translate, which
    also honours it). Optional ``sha256`` and ``size`` keys of an index entry
    are verified when present.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .. import __version__
from ..errors import DownloadError, ModelNotFoundError, PackageError
from ..fileio import atomic_open, atomic_write

__all__ = [
    "Locations",
    "InstalledPackage",
    "AvailablePackage",
    "locations",
    "installed_packages",
    "read_package",
    "find_package",
    "find_route",
    "missing_model_hint",
    "update_index",
    "available_packages",
    "download",
    "check_archive",
    "install_file",
    "install",
    "remove",
    "pack",
    "LANGUAGE_NAMES",
    "MAX_UNPACKED_BYTES",
    "MAX_RATIO",
]

MAX_UNPACKED_BYTES = 4 * 1024 ** 3
"""Archives declaring more than 4 GiB of content are refused."""
MAX_RATIO = 200
"""Archives whose content is declared more than 200 times larger than the
archive's compressed data are refused (checked above 1 MiB of content)."""
_RATIO_FLOOR = 1024 ** 2
PIVOT = "en"
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh", "tr": "Turkish",
                  "de": "German", "fr": "French", "zh": "Chinese", "uz": "Uzbek",
                  "ky": "Kyrgyz", "es": "Spanish", "ar": "Arabic"}
_CHUNK = 1 << 20


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
    now (see the module docs for how they are configured)."""
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
        target_prefix (str | None): special tokens (module docs).
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


@dataclass(frozen=True)
class AvailablePackage:
    """A package listed in the package index.

    Attributes:
        from_code (str), to_code (str), version (str), from_name (str),
        to_name (str): as in the index.
        name (str): argospm's name, e.g. ``translate-en_ru``.
        links (tuple[str, ...]): download URLs, tried in order.
        sha256 (str | None): expected SHA-256 (hex) of the file, if given.
        size (int | None): expected size in bytes, if given.
    """

    from_code: str
    to_code: str
    version: str
    name: str
    links: tuple[str, ...]
    from_name: str = ""
    to_name: str = ""
    type: str = "translate"
    sha256: str | None = None
    size: int | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "from": self.from_code, "to": self.to_code,
                "version": self.version, "from_name": self.from_name, "to_name": self.to_name,
                "links": list(self.links), "sha256": self.sha256, "size": self.size}


# --------------------------------------------------------------------------
# installed packages


def read_package(path: str | os.PathLike) -> InstalledPackage:
    """Read an installed package directory.

    Raises:
        PackageError: no readable ``metadata.json`` with ``from_code`` and
            ``to_code``, or no ``model/`` or tokenizer model.
    """
    path = Path(path)
    metadata = _load_metadata((path / "metadata.json").read_bytes()
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


def _load_metadata(data: bytes | None, where: Path | str) -> dict:
    if data is None:
        raise PackageError("metadata.json is missing", where)
    try:
        metadata = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise PackageError(f"metadata.json is not valid JSON: {exc}", where) from exc
    if not isinstance(metadata, dict) or not metadata.get("from_code") or not metadata.get("to_code"):
        raise PackageError("metadata.json lacks from_code/to_code", where)
    if not isinstance(metadata["from_code"], str) or not isinstance(metadata["to_code"], str):
        raise PackageError("metadata.json: from_code and to_code must be language codes (strings)", where)
    return metadata


def installed_packages(locs: Locations | None = None) -> list[InstalledPackage]:
    """All installed translation packages, sorted by pair and version.

    Directories that are not packages (or are damaged) are skipped; hidden
    directories (Atau's temporary ones) too.
    """
    locs = locs or locations()
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
    found.sort(key=lambda p: (p.from_code, p.to_code, _version_key(p.version)))
    return found


def _version_key(version: str) -> tuple:
    """Sort key: valid versions (PEP 440) by value, after the others by text."""
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


def _sort_versions(items: Iterable, key: Callable) -> list:
    return sorted(items, key=lambda item: _version_key(key(item)))


def find_package(from_code: str, to_code: str,
                 locs: Locations | None = None) -> InstalledPackage | None:
    """The installed package for ``from_code`` -> ``to_code`` (the newest
    version if several are installed), or None."""
    matches = [p for p in installed_packages(locs) if _same(p.from_code, from_code)
               and _same(p.to_code, to_code)]
    return _sort_versions(matches, lambda p: p.version)[-1] if matches else None


def _same(code: str, wanted: str) -> bool:
    return code.lower().replace("_", "-") == wanted.lower().replace("_", "-")


def find_route(from_code: str, to_code: str,
               locs: Locations | None = None) -> tuple[InstalledPackage, ...]:
    """The packages that translate ``from_code`` -> ``to_code``: the direct
    package, or two packages pivoting through English.

    Returns:
        tuple[InstalledPackage, ...]: one package, or two (``from -> en``,
        ``en -> to``).

    Raises:
        ModelNotFoundError: neither is installed; the message names the
            command that installs what is missing.
    """
    locs = locs or locations()
    direct = find_package(from_code, to_code, locs)
    if direct is not None:
        return (direct,)
    if PIVOT not in (from_code, to_code):
        first = find_package(from_code, PIVOT, locs)
        second = find_package(PIVOT, to_code, locs)
        if first is not None and second is not None:
            return (first, second)
    raise ModelNotFoundError(missing_model_hint(from_code, to_code, locs), from_code, to_code)


def missing_model_hint(from_code: str, to_code: str, locs: Locations | None = None) -> str:
    """One line saying that no model translates the pair and which command
    fixes it. Uses the cached package index (no network): a pair the index
    has gets ``atau models install``; a pair it lacks gets ``atau models pack``
    (or the two installs of a pivot through English)."""
    locs = locs or locations()
    pair = f"{from_code}->{to_code}"
    pack_cmd = (f"atau models pack MODEL_DIR --sp SPM.model --from {from_code} --to {to_code} "
                f"-o {from_code}_{to_code}.argosmodel && atau models install {from_code}_{to_code}.argosmodel")
    try:
        index = _parse_index(locs.index_path.read_bytes(), str(locs.index_path))
    except (OSError, DownloadError):
        index = None
    if index is None:
        return (f"no installed model translates {pair}; install one with "
                f"`atau models install {from_code} {to_code}` or make one with `{pack_cmd}`")
    pairs = {(p.from_code, p.to_code) for p in index}
    if (from_code, to_code) in pairs:
        return f"no installed model translates {pair}; install it with `atau models install {from_code} {to_code}`"
    if PIVOT not in (from_code, to_code) and (from_code, PIVOT) in pairs and (PIVOT, to_code) in pairs:
        needed = [f"atau models install {a} {b}" for a, b in ((from_code, PIVOT), (PIVOT, to_code))
                  if find_package(a, b, locs) is None]
        return (f"no installed model translates {pair}; to translate through English, run "
                f"`{' && '.join(needed)}`")
    return (f"no installed model translates {pair} and the package index has none; "
            f"make one from a CTranslate2 model with `{pack_cmd}`")


# --------------------------------------------------------------------------
# index and downloads


def update_index(locs: Locations | None = None, *, timeout: float = 60) -> Path:
    """Download the package index and store it where argostranslate keeps it.

    Returns:
        Path: the local index file.

    Raises:
        DownloadError: the index cannot be fetched or is not a JSON list; the
            message names the URL.
    """
    locs = locs or locations()
    data = _fetch(locs.index_url, timeout=timeout)
    _parse_index(data, locs.index_url)
    locs.index_path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(locs.index_path, data)
    return locs.index_path


def available_packages(locs: Locations | None = None, *, refresh: bool = True,
                       timeout: float = 60) -> list[AvailablePackage]:
    """Packages in the package index, sorted by pair and version.

    Args:
        refresh (bool): download the index first (else use the local copy,
            downloading it only if there is none).

    Raises:
        DownloadError: the index cannot be fetched (or the local copy is damaged).
    """
    locs = locs or locations()
    if refresh or not locs.index_path.is_file():
        update_index(locs, timeout=timeout)
    try:
        data = locs.index_path.read_bytes()
    except OSError as exc:
        raise DownloadError(f"{locs.index_path}: cannot read the package index: {exc.strerror}") from exc
    return _parse_index(data, str(locs.index_path))


def _parse_index(data: bytes, where: str) -> list[AvailablePackage]:
    try:
        entries = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DownloadError(f"{where}: the package index is not valid JSON ({exc})") from exc
    if not isinstance(entries, list):
        raise DownloadError(f"{where}: the package index is not a list of packages")
    from argostranslate.package import AvailablePackage as ArgosAvailable, argospm_package_name

    packages: list[AvailablePackage] = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("from_code") or not entry.get("to_code"):
            continue
        argos = ArgosAvailable(entry)
        size = entry.get("size")
        packages.append(AvailablePackage(
            from_code=argos.from_code, to_code=argos.to_code,
            version=str(argos.package_version or ""), name=argospm_package_name(argos),
            links=tuple(str(link) for link in argos.links or ()),
            from_name=argos.from_name or "", to_name=argos.to_name or "", type=argos.type,
            sha256=(entry.get("sha256") or None),
            size=int(size) if isinstance(size, (int, str)) and str(size).isdigit() else None,
        ))
    packages.sort(key=lambda p: (p.from_code, p.to_code))
    return packages


def _fetch(url: str, *, timeout: float = 60) -> bytes:
    buffer = io.BytesIO()
    _stream(url, buffer, timeout=timeout)
    return buffer.getvalue()


def _stream(url: str, out, *, timeout: float, progress: Callable[[int, int | None], None] | None = None,
            digest=None) -> int:
    """Copy ``url`` into the file object ``out``; return the byte count."""
    import http.client
    import socket
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": f"atau/{__version__}"})
    done = 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            if progress:
                progress(0, total)
            while True:
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                out.write(chunk)
                if digest is not None:
                    digest.update(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
    except urllib.error.HTTPError as exc:
        raise DownloadError(f"{url}: HTTP error {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = getattr(exc.reason, "strerror", None) or exc.reason
        raise DownloadError(f"cannot reach {url}: {reason} (no network?)") from None
    except http.client.IncompleteRead as exc:
        raise DownloadError(f"{url}: download truncated after {done + len(exc.partial)} bytes") from None
    except (socket.timeout, TimeoutError):
        raise DownloadError(f"{url}: timed out after {timeout:g} s") from None
    except (http.client.HTTPException, ConnectionError, OSError) as exc:
        raise DownloadError(f"{url}: download failed ({exc.__class__.__name__}: {exc})") from None
    if total is not None and done != total:
        raise DownloadError(f"{url}: download truncated ({done} of {total} bytes)")
    return done


def download(package: AvailablePackage, directory: str | os.PathLike, *, timeout: float = 60,
             progress: Callable[[int, int | None], None] | None = None) -> Path:
    """Download ``package`` into ``directory`` and check its size and SHA-256
    (when the index gives them). The links are tried in order.

    Args:
        progress: called as ``progress(bytes_done, bytes_total_or_None)``.

    Returns:
        Path: the downloaded ``<name>.argosmodel``.

    Raises:
        DownloadError: every link failed, or the file is truncated or does not
            match its checksum; no partial file is left behind.
    """
    if not package.links:
        raise DownloadError(f"the package index gives no download link for {package.name}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"{package.name}.argosmodel"
    errors: list[str] = []
    for url in package.links:
        digest = hashlib.sha256()
        fd, part = tempfile.mkstemp(prefix=f".{package.name}.", suffix=".part", dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                size = _stream(url, handle, timeout=timeout, progress=progress, digest=digest)
            if package.size is not None and size != package.size:
                raise DownloadError(f"{url}: got {size} bytes, the index says {package.size}")
            if package.sha256 and digest.hexdigest().lower() != package.sha256.lower():
                raise DownloadError(f"{url}: SHA-256 does not match the index (damaged download)")
            os.replace(part, final)
            return final
        except DownloadError as exc:
            errors.append(str(exc))
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(part)
    raise DownloadError("; ".join(errors))


# --------------------------------------------------------------------------
# archives


@dataclass(frozen=True)
class _Archive:
    top: str
    metadata: dict


def check_archive(path: str | os.PathLike) -> dict:
    """Check that ``path`` is a safe, complete package archive without
    extracting it.

    Checks: a readable zip; no absolute paths, ``..`` parts, symlinks,
    encrypted or duplicate entries; at most :data:`MAX_UNPACKED_BYTES`
    declared and a compression ratio of at most :data:`MAX_RATIO`; one
    top-level folder with ``metadata.json`` (with ``from_code`` and
    ``to_code``), ``model/`` and ``sentencepiece.model`` or ``bpe.model``.

    Returns:
        dict: the package's metadata.

    Raises:
        PackageError: naming the file and the problem.
    """
    with _open_zip(path) as archive:
        return _check_zip(archive, Path(path)).metadata


@contextlib.contextmanager
def _open_zip(path: str | os.PathLike):
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise PackageError("no such file", path) from exc
    except IsADirectoryError as exc:
        raise PackageError("is a directory, not a package file", path) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise PackageError(f"not a valid package: damaged or not a zip archive ({exc})", path) from exc
    except OSError as exc:
        raise PackageError(exc.strerror or str(exc), path) from exc
    with archive:
        yield archive


_MAX_METADATA_BYTES = 1024 ** 2  # 1 MiB: real metadata.json files are a few hundred bytes
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)


def _check_zip(archive: zipfile.ZipFile, path: Path) -> _Archive:
    infos = archive.infolist()
    if not infos:
        raise PackageError("empty archive", path)
    names: set[str] = set()
    tops: set[str] = set()
    total = 0
    compressed = 0
    for info in infos:
        name = info.filename
        parts = re.split(r"[/\\]", name)
        if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or ".." in parts:
            raise PackageError(f"unsafe path in archive: {name!r}", path)
        mode = (info.external_attr >> 16) & 0o170000
        if mode == 0o120000:
            raise PackageError(f"archive contains a symbolic link: {name!r}", path)
        if mode not in (0, 0o100000, 0o040000):
            raise PackageError(f"archive contains a special file: {name!r}", path)
        if info.flag_bits & 0x1:
            raise PackageError(f"archive entry is encrypted: {name!r}", path)
        if info.compress_type not in _COMPRESSIONS:
            raise PackageError(f"unsupported compression method {info.compress_type} for {name!r}", path)
        key = name.rstrip("/")
        if key in names:
            raise PackageError(f"archive has a duplicate entry: {name!r}", path)
        names.add(key)
        if len(parts) < 2 and not info.is_dir():
            raise PackageError(f"file outside the package folder: {name!r}", path)
        tops.add(parts[0])
        total += info.file_size
        compressed += info.compress_size
    if len(tops) != 1:
        raise PackageError(f"archive must hold exactly one top-level folder, found {len(tops)}", path)
    if total > MAX_UNPACKED_BYTES:
        raise PackageError(f"archive declares {total} bytes of content (limit {MAX_UNPACKED_BYTES})", path)
    if total > _RATIO_FLOOR and total > MAX_RATIO * max(compressed, 1):
        raise PackageError(f"archive compression ratio above {MAX_RATIO}:1 (zip bomb?)", path)
    top = tops.pop()
    if top.startswith("."):
        raise PackageError(f"the package folder {top!r} is hidden", path)
    try:
        size = archive.getinfo(f"{top}/metadata.json").file_size
    except KeyError:
        size = 0
    if size > _MAX_METADATA_BYTES:
        raise PackageError(f"{top}/metadata.json declares {size} bytes (limit {_MAX_METADATA_BYTES})", path)
    try:
        data = archive.read(f"{top}/metadata.json")
    except KeyError:
        data = None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise PackageError(f"damaged archive ({exc})", path) from exc
    metadata = _load_metadata(data, f"{path}: {top}/metadata.json")
    named = re.fullmatch(r"translate-([A-Za-z]{2,3})_([A-Za-z]{2,3})(?:-.*)?", top)
    if named and (named.group(1).lower(), named.group(2).lower()) != (
            metadata["from_code"].lower(), metadata["to_code"].lower()):
        raise PackageError(f"the package folder {top!r} names another language pair than metadata.json "
                           f"({metadata['from_code']}->{metadata['to_code']})", path)
    if not any(n.startswith(f"{top}/model/") for n in names):
        raise PackageError("package has no model/ directory", path)
    if f"{top}/sentencepiece.model" not in names and f"{top}/bpe.model" not in names:
        raise PackageError("package has no sentencepiece.model or bpe.model", path)
    return _Archive(top, metadata)


def _extract(archive: zipfile.ZipFile, destination: Path, path: Path) -> None:
    """Extract every entry below ``destination``, never writing more than
    declared, checking each file's CRC."""
    root = destination.resolve()
    for info in archive.infolist():
        target = (destination / info.filename).resolve()
        if target != root and root not in target.parents:
            raise PackageError(f"unsafe path in archive: {info.filename!r}", path)
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        try:
            with archive.open(info) as source, open(target, "wb") as out:
                while True:
                    chunk = source.read(_CHUNK)
                    if not chunk:
                        break
                    written += len(chunk)
                    if written > info.file_size:
                        raise PackageError(f"entry {info.filename!r} is larger than declared", path)
                    out.write(chunk)
        except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError) as exc:
            raise PackageError(f"damaged archive: {info.filename!r} ({exc})", path) from exc


# --------------------------------------------------------------------------
# install / remove


def install_file(path: str | os.PathLike, locs: Locations | None = None, *,
                 from_code: str | None = None, to_code: str | None = None) -> InstalledPackage:
    """Install a package file, offline.

    The archive is checked (:func:`check_archive`), extracted into a
    temporary directory beside the install directory and moved into place;
    an installed package of the same pair is replaced only then, so a
    failure leaves the previous installation as it was.

    Args:
        path: the ``.argosmodel`` file.
        from_code, to_code (str | None): if given, the package must be for
            this pair.

    Returns:
        InstalledPackage

    Raises:
        PackageError: damaged, unsafe or incomplete archive, or another pair.
    """
    from filelock import FileLock

    path = Path(path)
    locs = locs or locations()
    locs.install_dir.mkdir(parents=True, exist_ok=True)
    _sweep_leftovers(locs.install_dir)
    with _open_zip(path) as archive:
        checked = _check_zip(archive, path)
        metadata = checked.metadata
        for wanted, key in ((from_code, "from_code"), (to_code, "to_code")):
            if wanted is not None and not _same(str(metadata[key]), wanted):
                raise PackageError(f"package is for {metadata['from_code']}->{metadata['to_code']}, "
                                   f"not {from_code}->{to_code}", path)
        staging = Path(tempfile.mkdtemp(prefix=".atau-install-", dir=locs.install_dir))
        try:
            _extract(archive, staging, path)
            package = read_package(staging / checked.top)
            with FileLock(str(locs.install_dir / ".atau.lock")):
                installed = _replace_installed(staging / checked.top, package, locs)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return installed


#: Temporary folders of installs and removals (beside the packages).
_TEMPORARY_PREFIXES = (".atau-install-", ".atau-old-", ".atau-remove-")
#: A temporary folder this old (seconds) belongs to a killed process.
_LEFTOVER_AGE = 3600


def _sweep_leftovers(install_dir: Path, now: float | None = None) -> list[str]:
    """Delete the temporary folders that installs and removals killed
    halfway (``kill -9``, power cut) left in ``install_dir``: those older
    than an hour, so that a concurrent install's folder is never touched.
    Returns the names deleted; failures are ignored."""
    now = time.time() if now is None else now
    swept = []
    try:
        entries = list(os.scandir(install_dir))
    except OSError:
        return swept
    for entry in entries:
        try:
            if (entry.name.startswith(_TEMPORARY_PREFIXES) and entry.is_dir(follow_symlinks=False)
                    and now - entry.stat(follow_symlinks=False).st_mtime > _LEFTOVER_AGE):
                shutil.rmtree(entry.path, ignore_errors=True)
                swept.append(entry.name)
        except OSError:
            continue
    return swept


def _replace_installed(new_dir: Path, package: InstalledPackage, locs: Locations) -> InstalledPackage:
    final = locs.install_dir / new_dir.name
    old = [p.path for p in installed_packages(locs) if p.path.parent == locs.install_dir
           and _same(p.from_code, package.from_code) and _same(p.to_code, package.to_code)]
    if final.exists() and final not in old:
        try:
            other = read_package(final)
        except PackageError:
            other = None
        if other is not None:
            raise PackageError(f"the folder {final.name!r} already holds the {other.from_code}->{other.to_code} "
                               f"package; pack this one under another name (atau models pack --name)", final)
        old.append(final)
    moved: list[tuple[Path, Path]] = []
    try:
        for directory in old:
            aside = Path(tempfile.mkdtemp(prefix=".atau-old-", dir=locs.install_dir)) / "p"
            os.rename(directory, aside)
            moved.append((directory, aside))
        os.rename(new_dir, final)
    except OSError as exc:
        for directory, aside in reversed(moved):
            with contextlib.suppress(OSError):
                os.rename(aside, directory)
        raise PackageError(f"cannot install into {locs.install_dir}: {exc.strerror or exc}",
                           final) from exc
    for _directory, aside in moved:
        shutil.rmtree(aside.parent, ignore_errors=True)
    return read_package(final)


def install(from_code: str, to_code: str, locs: Locations | None = None, *, timeout: float = 60,
            progress: Callable[[int, int | None], None] | None = None) -> InstalledPackage:
    """Download the index's package for ``from_code`` -> ``to_code``, verify
    it and install it.

    Raises:
        DownloadError: index or package cannot be downloaded, or the download
            is truncated or fails its checksum.
        ModelNotFoundError: the index has no such package (the message says
            how to pack one instead).
        PackageError: the downloaded archive is damaged, unsafe or for another pair.
    """
    locs = locs or locations()
    matches = [p for p in available_packages(locs, refresh=True, timeout=timeout)
               if _same(p.from_code, from_code) and _same(p.to_code, to_code) and p.type == "translate"]
    if not matches:
        raise ModelNotFoundError(
            f"the package index ({locs.index_url}) has no {from_code}->{to_code} package; make one "
            f"with `atau models pack MODEL_DIR --sp SPM.model --from {from_code} --to {to_code} "
            f"-o {from_code}_{to_code}.argosmodel`", from_code, to_code)
    package = _sort_versions(matches, lambda p: p.version)[-1]
    path = download(package, locs.downloads_dir, timeout=timeout, progress=progress)
    try:
        return install_file(path, locs, from_code=from_code, to_code=to_code)
    finally:
        with contextlib.suppress(OSError):
            path.unlink()


def remove(from_code: str, to_code: str, locs: Locations | None = None) -> list[InstalledPackage]:
    """Remove the installed package(s) for ``from_code`` -> ``to_code`` from
    the install directory.

    Returns:
        list[InstalledPackage]: what was removed.

    Raises:
        ModelNotFoundError: nothing is installed for the pair there.
    """
    locs = locs or locations()
    _sweep_leftovers(locs.install_dir)
    victims = [p for p in installed_packages(locs) if p.path.parent == locs.install_dir
               and _same(p.from_code, from_code) and _same(p.to_code, to_code)]
    if not victims:
        raise ModelNotFoundError(f"no package for {from_code}->{to_code} is installed in {locs.install_dir}",
                                 from_code, to_code)
    for package in victims:
        aside = Path(tempfile.mkdtemp(prefix=".atau-remove-", dir=locs.install_dir))
        os.rename(package.path, aside / "p")  # atomic: the package is gone or still whole
        shutil.rmtree(aside, ignore_errors=True)
    return victims


# --------------------------------------------------------------------------
# pack


_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def pack(model_dir: str | os.PathLike, sp_model: str | os.PathLike, from_code: str, to_code: str,
         output: str | os.PathLike, *, source_prefix: str | None = None,
         target_prefix: str | None = None, source_suffix: str | None = "auto",
         name: str | None = None, version: str = "1.0", readme: str | None = None) -> Path:
    """Wrap a CTranslate2 sequence-to-sequence model and its SentencePiece
    model into an Argos package.

    The archive is deterministic (sorted entries, fixed timestamps and
    permissions): packing the same files twice gives the same bytes.

    Args:
        model_dir: CTranslate2 model directory (``model.bin``, ``config.json``,
            vocabulary files).
        sp_model: SentencePiece model (becomes ``sentencepiece.model``).
        from_code, to_code (str): language codes of the pair.
        output: the ``.argosmodel`` file to write (atomically).
        source_prefix (str | None): token before each source sentence (NLLB:
            ``"eng_Latn"``).
        target_prefix (str | None): token the target starts with (NLLB:
            ``"kaz_Cyrl"``).
        source_suffix (str | None): token after each source sentence;
            ``"auto"``: the model's end-of-sentence token when a source prefix
            is given and the model does not add it itself (NLLB, M2M-100),
            else none.
        name (str | None): the package folder, default
            ``translate-<from>_<to>-<version>``.
        version (str): ``package_version``.
        readme (str | None): README.md text (default: a short generated one).

    Returns:
        Path: ``output``.

    Raises:
        PackageError: not a CTranslate2 model, unreadable SentencePiece model,
            or a prefix/suffix token that is not in the model's vocabulary.
    """
    import sentencepiece

    model_dir, sp_model, output = Path(model_dir), Path(sp_model), Path(output)
    if not (model_dir / "model.bin").is_file():
        raise PackageError("not a CTranslate2 model directory (no model.bin)", model_dir)
    config = {}
    if (model_dir / "config.json").is_file():
        try:
            config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise PackageError(f"config.json is not valid JSON: {exc}", model_dir) from exc
    try:
        sentencepiece.SentencePieceProcessor(model_file=str(sp_model))
    except (OSError, RuntimeError) as exc:
        raise PackageError(f"not a SentencePiece model ({exc})", sp_model) from exc
    if source_suffix == "auto":
        source_suffix = (config.get("eos_token") or "</s>") if source_prefix and not config.get(
            "add_source_eos") else None
    source_vocab, target_vocab = _vocabularies(model_dir)
    for token, vocab, what in ((source_prefix, source_vocab, "source prefix"),
                               (source_suffix, source_vocab, "source suffix"),
                               (target_prefix, target_vocab, "target prefix")):
        if token and vocab is not None and token not in vocab:
            import difflib

            close = difflib.get_close_matches(token, list(vocab), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise PackageError(f"{what} {token!r} is not in the model's vocabulary{hint}", model_dir)
    top = name or f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    if not re.fullmatch(r"[\w.-]+", top):
        raise PackageError(f"package name {top!r} may only contain letters, digits, '.', '_' and '-'")
    metadata = {
        "package_version": version, "argos_version": "1.0", "type": "translate",
        "from_code": from_code, "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code, "to_name": LANGUAGE_NAMES.get(to_code, to_code),
        "packed_by": f"atau {__version__}",
    }
    for key, value in (("source_prefix", source_prefix), ("source_suffix", source_suffix),
                       ("target_prefix", target_prefix)):
        if value:
            metadata[key] = value
    if readme is None:
        readme = (f"# {metadata['from_name']} -> {metadata['to_name']}\n\n"
                  f"CTranslate2 model `{model_dir.name}` packed by atau {__version__}.\n")
    entries: list[tuple[str, Path | bytes | None]] = [
        (f"{top}/metadata.json",
         (json.dumps(metadata, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()),
        (f"{top}/README.md", readme.encode()),
        (f"{top}/sentencepiece.model", sp_model),
    ]
    for file in model_dir.rglob("*"):
        if file.is_file():
            entries.append((f"{top}/model/{file.relative_to(model_dir).as_posix()}", file))
    dirs = {"/".join(n.split("/")[:i]) + "/" for n, _ in entries for i in range(1, n.count("/") + 1)}
    entries += [(directory, None) for directory in dirs]
    entries.sort(key=lambda e: e[0])
    with atomic_open(output, "wb") as handle:
        with zipfile.ZipFile(handle, "w", allowZip64=True) as archive:
            for entry, source in entries:
                info = zipfile.ZipInfo(entry, date_time=_FIXED_TIME)
                info.create_system = 3
                if source is None:
                    info.external_attr = (0o40755 << 16) | 0x10
                    archive.writestr(info, b"")
                    continue
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_STORED if entry.endswith(".bin") else zipfile.ZIP_DEFLATED
                if isinstance(source, bytes):
                    archive.writestr(info, source, compresslevel=6)
                    continue
                info.file_size = source.stat().st_size
                with open(source, "rb") as data, \
                        archive.open(info, "w", force_zip64=info.file_size > 1 << 30) as out:
                    shutil.copyfileobj(data, out, _CHUNK)
    check_archive(output)
    return output


def _vocabularies(model_dir: Path) -> tuple[set[str] | None, set[str] | None]:
    def load(stem: str) -> set[str] | None:
        for suffix in (".json", ".txt"):
            file = model_dir / f"{stem}{suffix}"
            if file.is_file():
                text = file.read_text(encoding="utf-8")
                if suffix == ".json":
                    return set(json.loads(text))
                return set(text.splitlines())
        return None

    shared = load("shared_vocabulary")
    if shared is not None:
        return shared, shared
    return load("source_vocabulary"), load("target_vocabulary")
