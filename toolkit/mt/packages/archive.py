"""Installing package archives: safety checks of the zip, extraction, and
installing a file (offline) or a download from the index.

An archive is checked before anything is extracted (:func:`check_archive`),
extracted into a hidden staging folder inside the install directory,
verified there (its metadata, its special tokens, and that it loads and
translates a test sentence: :mod:`.verify`), and only then moved into place
by :func:`.local.replace` (a recoverable swap under the install directory's
lock). A failure at any step, or a kill at any moment, leaves the previous
installation usable.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ...errors import DownloadError, ModelNotFoundError, PackageError
from .index import download, load_index
from .local import (
    InstalledPackage,
    Locations,
    load_metadata,
    locations,
    newest,
    read_package,
    replace,
    same_code,
    sweep_leftovers,
)
from .verify import verify

__all__ = ["check_archive", "install_file", "install", "MAX_UNPACKED_BYTES", "MAX_RATIO"]

MAX_UNPACKED_BYTES = 4 * 1024 ** 3
"""Archives declaring more than 4 GiB of content are refused."""
MAX_RATIO = 200
"""Archives whose content, or any one entry, is declared more than 200
times larger than its compressed data are refused (checked above 1 MiB of
content)."""
_RATIO_FLOOR = 1024 ** 2
_MAX_METADATA_BYTES = 1024 ** 2  # 1 MiB: real metadata.json files are a few hundred bytes
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
_CHUNK = 1 << 20  # bytes extracted per read


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


def _check_zip(archive: zipfile.ZipFile, path: Path) -> _Archive:
    infos = archive.infolist()
    if not infos:
        raise PackageError("empty archive", path)
    names: set[str] = set()
    tops: set[str] = set()
    total = 0
    compressed = 0
    bomb: str | None = None  # the first entry with a ratio above MAX_RATIO
    for info in infos:
        name = info.filename
        parts = re.split(r"[/\\]", name)
        if (name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or ".." in parts
                or not name.isprintable()):
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
        if bomb is None and info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                info.compress_size, 1):
            bomb = name
        total += info.file_size
        compressed += info.compress_size
    if len(tops) != 1:
        raise PackageError(f"archive must hold exactly one top-level folder, found {len(tops)}", path)
    if total > MAX_UNPACKED_BYTES:
        raise PackageError(f"archive declares {total} bytes of content (limit {MAX_UNPACKED_BYTES})", path)
    if total > _RATIO_FLOOR and total > MAX_RATIO * max(compressed, 1):
        raise PackageError(f"archive compression ratio above {MAX_RATIO}:1 (zip bomb?)", path)
    if bomb is not None:
        raise PackageError(f"archive compression ratio above {MAX_RATIO}:1 (zip bomb?): {bomb!r}", path)
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
    metadata = load_metadata(data, f"{path}: {top}/metadata.json")
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
        PackageError: damaged, unsafe or incomplete archive; another pair;
            metadata of the wrong type; a special token missing from the
            model's vocabulary; a model that does not load or translate; a
            folder of the package's name that is not a package of the pair.
    """
    path = Path(path)
    locs = locs or locations()
    locs.install_dir.mkdir(parents=True, exist_ok=True)
    sweep_leftovers(locs.install_dir)
    with _open_zip(path) as archive:
        checked = _check_zip(archive, path)
        metadata = checked.metadata
        for wanted, key in ((from_code, "from_code"), (to_code, "to_code")):
            if wanted is not None and not same_code(str(metadata[key]), wanted):
                raise PackageError(f"package is for {metadata['from_code']}->{metadata['to_code']}, "
                                   f"not {from_code}->{to_code}", path)
        staging = Path(tempfile.mkdtemp(prefix=".atau-install-", dir=locs.install_dir))
        try:
            _extract(archive, staging, path)
            try:
                package = read_package(staging / checked.top)
            except PackageError as exc:
                raise PackageError(exc.message, path) from exc
            verify(package, path)
            installed = replace(package.path, locs)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return installed


def install(from_code: str, to_code: str, locs: Locations | None = None, *, timeout: float = 60,
            progress: Callable[[int, int | None], None] | None = None) -> InstalledPackage:
    """Download the index's package for ``from_code`` -> ``to_code``, verify
    it and install it (:func:`install_file`). The download is a temporary
    file of this call's own (concurrent installs never share one), deleted
    afterwards.

    Raises:
        DownloadError: index or package cannot be downloaded (see
            :func:`.index.download`), or the index's only entries for the
            pair are malformed (the message names the entry and the problem).
        ModelNotFoundError: the index has no such package (the message says
            how to pack one instead).
        PackageError: the downloaded package is refused (see :func:`install_file`).
    """
    locs = locs or locations()
    index = load_index(locs, refresh=True, timeout=timeout)
    matches = [p for p in index.packages
               if same_code(p.from_code, from_code) and same_code(p.to_code, to_code) and p.type == "translate"]
    broken = [f for f in index.skipped if f.data["from"] and f.data["to"]
              and same_code(f.data["from"], from_code) and same_code(f.data["to"], to_code)]
    if not matches and broken:
        raise DownloadError(f"{locs.index_url}: the package index's {from_code}->{to_code} package is unusable: "
                            f"{broken[0].message}")
    if not matches:
        raise ModelNotFoundError(
            f"the package index ({locs.index_url}) has no {from_code}->{to_code} package; make one "
            f"with `atau models pack MODEL_DIR --sp SPM.model --from {from_code} --to {to_code} "
            f"-o {from_code}_{to_code}.argosmodel`", from_code, to_code)
    package = newest(matches, lambda p: p.version)
    path = download(package, locs.downloads_dir, timeout=timeout, progress=progress)
    try:
        return install_file(path, locs, from_code=from_code, to_code=to_code)
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
