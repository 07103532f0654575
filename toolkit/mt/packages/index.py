"""The remote package index: fetching ``index.json``, reading its entries,
downloading a package file.

The index is argospm's (a JSON list of package entries). Entries are read
with ``argostranslate.package.AvailablePackage``; fetching and downloading
are Atau's own (argostranslate's swallow network errors and read whole
files into memory). Optional ``sha256`` and ``size`` keys of an entry are
verified when present.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ... import __version__
from ...errors import DownloadError
from ...fileio import atomic_write
from .local import Locations, locations

__all__ = ["AvailablePackage", "update_index", "available_packages", "parse_index", "download"]

_CHUNK = 1 << 20  # bytes read per network read


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
    parse_index(data, locs.index_url)
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
    return parse_index(data, str(locs.index_path))


def parse_index(data: bytes, where: str) -> list[AvailablePackage]:
    """The packages of an ``index.json``.

    Args:
        data (bytes): the index's bytes.
        where (str): the URL or file the errors name.

    Returns:
        list[AvailablePackage]: sorted by pair.

    Raises:
        DownloadError: not JSON, or not a list.
    """
    try:
        entries = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DownloadError(f"{where}: the package index is not valid JSON ({exc})") from exc
    if not isinstance(entries, list):
        raise DownloadError(f"{where}: the package index is not a list of packages")
    from argostranslate.package import AvailablePackage as ArgosAvailable
    from argostranslate.package import argospm_package_name

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
