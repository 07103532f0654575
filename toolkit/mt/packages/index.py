"""The remote package index: fetching ``index.json``, reading its entries,
downloading a package file.

The index is argospm's: a JSON list of package entries. The index and the
packages come from a server Atau does not control, so everything is
bounded and checked:

- only ``http:`` and ``https:`` URLs are fetched, redirects included
  (never ``file:``, ``ftp:`` or ``data:``);
- every transfer has an overall deadline (not only a timeout per read) and
  a byte cap enforced while streaming: :data:`MAX_INDEX_BYTES` for the
  index; for a package the entry's ``size`` when given, and
  :data:`MAX_DOWNLOAD_BYTES` in any case;
- each entry is validated on its own (:func:`parse_index`): a malformed
  entry is skipped and reported as a :class:`~toolkit.findings.Finding`,
  the others stay usable;
- each download has its own temporary file (``.atau-download-*`` in the
  downloads folder), removed on failure; ones a killed run left are
  removed by the next download once :data:`~.local.LEFTOVER_AGE` old.

Optional ``sha256`` and ``size`` keys of an entry are verified when present.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urljoin, urlsplit

from ... import __version__
from ...errors import DownloadError
from ...fileio import atomic_write
from ...findings import Finding
from .local import LEFTOVER_AGE, Locations, locations

__all__ = ["AvailablePackage", "Index", "update_index", "load_index", "read_index_file",
           "available_packages", "parse_index", "download", "sweep_downloads",
           "MAX_INDEX_BYTES", "MAX_DOWNLOAD_BYTES", "MAX_LINKS", "INDEX_DEADLINE", "DOWNLOAD_DEADLINE"]

MAX_INDEX_BYTES = 16 * 1024 ** 2
"""An ``index.json`` larger than 16 MiB is refused (Argos's has ~100 KB)."""
MAX_DOWNLOAD_BYTES = 5 * 1024 ** 3
"""No package download goes past 5 GiB (a package may hold at most
:data:`~.archive.MAX_UNPACKED_BYTES`, 4 GiB, of content)."""
MAX_LINKS = 10
"""Entries with more download links than this are skipped."""
INDEX_DEADLINE = 120.0
"""Seconds the whole index download may take."""
DOWNLOAD_DEADLINE = 2 * 3600.0
"""Seconds a whole package download (all its links) may take."""
_CHUNK = 1 << 20  # bytes read per network read, at most
_DOWNLOAD_PREFIX = ".atau-download-"
_CODE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{1,8})*")
_TYPE = re.compile(r"[A-Za-z0-9_-]{1,32}")
_SHA256 = re.compile(r"[0-9A-Fa-f]{64}")

Progress = Callable[[int, "int | None"], None]


@dataclass(frozen=True)
class AvailablePackage:
    """A package listed in the package index.

    Attributes:
        from_code (str), to_code (str), version (str), from_name (str),
        to_name (str): as in the index.
        name (str): argospm's name, e.g. ``translate-en_ru``.
        links (tuple[str, ...]): download URLs (http or https), tried in order.
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


@dataclass(frozen=True)
class Index:
    """A package index as read.

    Attributes:
        packages (tuple[AvailablePackage, ...]): the valid entries, sorted by pair.
        skipped (tuple[Finding, ...]): one ``"index-entry"`` warning per
            entry that was skipped: ``segment`` is its 0-based position,
            ``message`` says why, ``data`` has ``from``/``to`` when the
            entry gave them as strings.
        source (str): the URL or file it was read from.
    """

    packages: tuple[AvailablePackage, ...]
    skipped: tuple[Finding, ...] = ()
    source: str = ""


def update_index(locs: Locations | None = None, *, timeout: float = 60,
                 deadline: float = INDEX_DEADLINE) -> Path:
    """Download the package index and store it where argostranslate keeps it.

    Args:
        timeout (float): seconds to wait for the connection and each read.
        deadline (float): seconds the whole download may take.

    Returns:
        Path: the local index file.

    Raises:
        DownloadError: the index cannot be fetched, is larger than
            :data:`MAX_INDEX_BYTES`, or is not a JSON list; the message
            names the URL.
    """
    locs = locs or locations()
    buffer = io.BytesIO()
    _stream(locs.index_url, buffer, timeout=timeout, deadline=deadline,
            limit=(MAX_INDEX_BYTES, "the limit for a package index"))
    data = buffer.getvalue()
    parse_index(data, locs.index_url)
    locs.index_path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(locs.index_path, data)
    return locs.index_path


def load_index(locs: Locations | None = None, *, refresh: bool = True, timeout: float = 60) -> Index:
    """The package index, with what was skipped.

    Args:
        refresh (bool): download the index first (else use the local copy,
            downloading it only if there is none).

    Raises:
        DownloadError: the index cannot be fetched (or the local copy is
            damaged or too large).
    """
    locs = locs or locations()
    if refresh or not locs.index_path.is_file():
        update_index(locs, timeout=timeout)
    try:
        return read_index_file(locs.index_path)
    except OSError as exc:
        raise DownloadError(f"{locs.index_path}: cannot read the package index: {exc.strerror}") from exc


def available_packages(locs: Locations | None = None, *, refresh: bool = True,
                       timeout: float = 60) -> list[AvailablePackage]:
    """The valid packages of the package index (:func:`load_index`), sorted by pair."""
    return list(load_index(locs, refresh=refresh, timeout=timeout).packages)


def read_index_file(path: Path) -> Index:
    """Read a local ``index.json`` (at most :data:`MAX_INDEX_BYTES`).

    Raises:
        OSError: it cannot be read (also: it does not exist).
        DownloadError: it is too large, not JSON or not a list.
    """
    with open(path, "rb") as handle:
        data = handle.read(MAX_INDEX_BYTES + 1)
    if len(data) > MAX_INDEX_BYTES:
        raise DownloadError(f"{path}: the package index is larger than {MAX_INDEX_BYTES} bytes")
    return parse_index(data, str(path))


def parse_index(data: bytes, where: str) -> Index:
    """Read the entries of an ``index.json``, each on its own.

    An entry is skipped (and reported in :attr:`Index.skipped`) unless it
    is an object with ``from_code`` and ``to_code`` that look like language
    codes; ``links``, a list of at most :data:`MAX_LINKS` http(s) URLs (at
    least one); and, when present, a string or number ``package_version``,
    string ``from_name``/``to_name``/``type``, a 64-digit hex ``sha256``
    and a non-negative integer ``size``. An entry nested too deeply to
    parse is skipped too.

    Args:
        data (bytes): the index's bytes.
        where (str): the URL or file the errors name.

    Returns:
        Index: the valid entries sorted by pair, and the skipped ones.

    Raises:
        DownloadError: not UTF-8 JSON, or not a list.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DownloadError(f"{where}: the package index is not valid JSON ({exc})") from exc
    packages: list[AvailablePackage] = []
    skipped: list[Finding] = []
    for position, entry, problem in _elements(text, where):
        if problem is None:
            try:
                packages.append(_package(entry))
                continue
            except _Invalid as exc:
                problem = str(exc)
        codes = {key: entry[key] for key in ("from_code", "to_code")
                 if isinstance(entry, dict) and isinstance(entry.get(key), str)}
        skipped.append(Finding("index-entry", f"entry {position + 1}: {problem}", "warning",
                               segment=position,
                               data={"from": codes.get("from_code"), "to": codes.get("to_code")}))
    packages.sort(key=lambda p: (p.from_code, p.to_code))
    return Index(tuple(packages), tuple(skipped), where)


class _Invalid(Exception):
    """An index entry that cannot be used (the message says why)."""


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _elements(text: str, where: str) -> Iterator[tuple[int, object, str | None]]:
    """``(position, value, None)`` for each element of the top-level JSON
    list, or ``(position, None, reason)`` for one nested too deeply."""
    decoder = json.JSONDecoder()
    i = _WHITESPACE.match(text).end()
    if text[i:i + 1] != "[":
        raise DownloadError(f"{where}: the package index is not a list of packages")
    i = _WHITESPACE.match(text, i + 1).end()
    if text[i:i + 1] == "]":
        i += 1
    else:
        position = 0
        while True:
            try:
                value, i = decoder.raw_decode(text, i)
                yield position, value, None
            except RecursionError:
                i = _value_end(text, i, where)
                yield position, None, "nested too deeply"
            except json.JSONDecodeError as exc:
                raise DownloadError(f"{where}: the package index is not valid JSON ({exc})") from None
            i = _WHITESPACE.match(text, i).end()
            if text[i:i + 1] == "]":
                i += 1
                break
            if text[i:i + 1] != ",":
                raise DownloadError(f"{where}: the package index is not valid JSON "
                                    f"(expected ',' or ']' at character {i})")
            i = _WHITESPACE.match(text, i + 1).end()
            position += 1
    if text[_WHITESPACE.match(text, i).end():]:
        raise DownloadError(f"{where}: the package index is not valid JSON (extra data at character {i})")


def _value_end(text: str, start: int, where: str) -> int:
    """Where the JSON array or object starting at ``start`` ends (strings
    skipped whole; linear, no recursion)."""
    depth = 0
    for match in _TOKEN.finditer(text, start):
        token = match.group()
        if token in "[{":
            depth += 1
        elif token in "]}":
            depth -= 1
            if depth == 0:
                return match.end()
    raise DownloadError(f"{where}: the package index is not valid JSON (unterminated)")


def _show(value: object, limit: int = 60) -> str:
    """``repr(value)``, cut to ``limit`` characters (control characters escaped)."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _printable(text: str) -> str:
    """What a server said (an HTTP reason, a bad status line), its control
    characters escaped and cut to 200 characters."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= 200 else text[:199] + "…"


def _package(entry: object) -> AvailablePackage:
    """An index entry as an :class:`AvailablePackage`.

    Raises:
        _Invalid: saying which key is wrong.
    """
    if not isinstance(entry, dict):
        raise _Invalid(f"not an object but {type(entry).__name__}")
    for key in ("from_code", "to_code"):
        code = entry.get(key)
        if not isinstance(code, str) or not _CODE.fullmatch(code):
            raise _Invalid(f"{key} {_show(code)} is not a language code")
    texts = {}
    for key, default in (("from_name", ""), ("to_name", ""), ("type", "translate")):
        value = entry.get(key)
        if value is not None and not isinstance(value, str):
            raise _Invalid(f"{key} must be a string, not {_show(value)}")
        texts[key] = value if value is not None else default
    if not _TYPE.fullmatch(texts["type"]):
        raise _Invalid(f"type {_show(texts['type'])} is not a package type")
    version = entry.get("package_version", "")
    if version is None:
        version = ""
    if isinstance(version, bool) or not isinstance(version, (str, int, float)):
        raise _Invalid(f"package_version must be a string, not {_show(version)}")
    links = entry.get("links")
    if not isinstance(links, list) or not all(isinstance(link, str) for link in links):
        raise _Invalid(f"links must be a list of URLs, not {_show(links)}")
    if not links:
        raise _Invalid("no download link")
    if len(links) > MAX_LINKS:
        raise _Invalid(f"{len(links)} download links (at most {MAX_LINKS})")
    for link in links:
        if not _is_http(link):
            raise _Invalid(f"link {_show(link)} is not an http(s) URL")
    sha256 = entry.get("sha256")
    if sha256 is not None and not (isinstance(sha256, str) and _SHA256.fullmatch(sha256)):
        raise _Invalid(f"sha256 {_show(sha256)} is not 64 hexadecimal digits")
    size = entry.get("size")
    if isinstance(size, str) and size.isascii() and size.isdigit():
        size = int(size)
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
        raise _Invalid(f"size {_show(size)} is not a number of bytes")
    return AvailablePackage(
        from_code=entry["from_code"], to_code=entry["to_code"], version=str(version),
        name=f"{texts['type']}-{entry['from_code']}_{entry['to_code']}", links=tuple(links),
        from_name=texts["from_name"], to_name=texts["to_name"], type=texts["type"],
        sha256=sha256 or None, size=size,
    )


def _is_http(url: str) -> bool:
    """An absolute http(s) URL without control characters or spaces."""
    if not url.isprintable() or " " in url:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _opener():
    """A urllib opener that follows redirects to http(s) URLs only."""
    import urllib.request

    class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
        def http_error_302(self, req, fp, code, msg, headers):
            target = headers.get("location") or headers.get("uri")
            if target is not None:
                target = urljoin(req.full_url, target)
                if not _is_http(target):
                    fp.close()
                    raise DownloadError(f"{req.full_url}: redirected to {_show(target)}, which is not an "
                                        f"http(s) URL; refused")
            return super().http_error_302(req, fp, code, msg, headers)

        http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    return urllib.request.build_opener(HttpOnlyRedirects)


def _stream(url: str, out, *, timeout: float, deadline: float, limit: tuple[int, str],
            progress: Progress | None = None, digest=None, allowed: float | None = None) -> int:
    """Copy ``url`` into the file object ``out``.

    Args:
        timeout (float): seconds for the connection and for each read.
        deadline (float): seconds the whole transfer may take; the transfer
            stops at the latest ``min(timeout, deadline)`` seconds after it.
        limit (tuple[int, str]): at most this many bytes, and what the
            limit is (for the message).
        allowed (float | None): the deadline the user knows, when
            ``deadline`` is what is left of it (for the message).

    Returns:
        int: the number of bytes copied.

    Raises:
        DownloadError: not an http(s) URL, HTTP error, no connection,
            timeout, deadline passed, more bytes than ``limit``, truncated.
    """
    import http.client
    import socket
    import urllib.error
    import urllib.request

    if not _is_http(url):
        raise DownloadError(f"{_show(url)}: only http and https URLs are fetched")
    cap, what = limit
    request = urllib.request.Request(url, headers={"User-Agent": f"atau/{__version__}"})
    started = time.monotonic()
    done = 0
    try:
        with _opener().open(request, timeout=min(timeout, deadline)) as response:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isascii() and length.isdigit() else None
            if total is not None and total > cap:
                raise DownloadError(f"{url}: the server announces {total} bytes, more than {what} ({cap})")
            if progress:
                progress(0, total)
            while True:
                if time.monotonic() - started > deadline:
                    raise DownloadError(f"{url}: not complete after {allowed or deadline:g} s ({done} bytes); gave up")
                chunk = response.read1(_CHUNK)
                if not chunk:
                    break
                done += len(chunk)
                if done > cap:
                    raise DownloadError(f"{url}: larger than {what} ({cap} bytes); stopped")
                out.write(chunk)
                if digest is not None:
                    digest.update(chunk)
                if progress:
                    progress(done, total)
    except urllib.error.HTTPError as exc:
        raise DownloadError(f"{url}: HTTP error {exc.code} {_printable(str(exc.reason))}") from None
    except urllib.error.URLError as exc:
        reason = getattr(exc.reason, "strerror", None) or exc.reason
        raise DownloadError(f"cannot reach {url}: {reason} (no network?)") from None
    except http.client.IncompleteRead as exc:
        raise DownloadError(f"{url}: download truncated after {done + len(exc.partial)} bytes") from None
    except (socket.timeout, TimeoutError):
        raise DownloadError(f"{url}: timed out after {min(timeout, deadline):g} s") from None
    except (http.client.HTTPException, ConnectionError, OSError) as exc:
        raise DownloadError(f"{url}: download failed ({exc.__class__.__name__}: {_printable(str(exc))})") from None
    if total is not None and done != total:
        raise DownloadError(f"{url}: download truncated ({done} of {total} bytes)")
    return done


def download(package: AvailablePackage, directory: str | os.PathLike, *, timeout: float = 60,
             deadline: float = DOWNLOAD_DEADLINE, progress: Progress | None = None) -> Path:
    """Download ``package`` into ``directory`` and check its size and SHA-256
    (when the index gives them). The links are tried in order, within one
    overall deadline.

    Each call writes its own temporary file, so concurrent downloads of the
    same package never meet; stale ones left by killed runs are removed
    first (:func:`sweep_downloads`).

    Args:
        timeout (float): seconds for each connection and each read.
        deadline (float): seconds all the links together may take.
        progress: called as ``progress(bytes_done, bytes_total_or_None)``.

    Returns:
        Path: the downloaded file (``.atau-download-<name>-*.argosmodel`` in
        ``directory``); the caller deletes it.

    Raises:
        DownloadError: every link failed (not http(s), unreachable, too
            slow, larger than the entry's ``size`` or
            :data:`MAX_DOWNLOAD_BYTES`, truncated, wrong checksum); no
            partial file is left behind.
    """
    if not package.links:
        raise DownloadError(f"the package index gives no download link for {package.name}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    sweep_downloads(directory)
    if package.size is not None and package.size <= MAX_DOWNLOAD_BYTES:
        limit = (package.size, "the size the package index gives")
    else:
        limit = (MAX_DOWNLOAD_BYTES, "Atau's limit for a package download")
    started = time.monotonic()
    errors: list[str] = []
    for url in package.links:
        left = deadline - (time.monotonic() - started)
        if left <= 0:
            errors.append(f"{url}: not tried, the download took {deadline:g} s already")
            break
        digest = hashlib.sha256()
        fd, part = tempfile.mkstemp(prefix=f"{_DOWNLOAD_PREFIX}{package.name}-", suffix=".part", dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                size = _stream(url, handle, timeout=timeout, deadline=left, limit=limit,
                               progress=progress, digest=digest, allowed=deadline)
            if package.size is not None and size != package.size:
                raise DownloadError(f"{url}: got {size} bytes, the index says {package.size}")
            if package.sha256 and digest.hexdigest().lower() != package.sha256.lower():
                raise DownloadError(f"{url}: SHA-256 does not match the index (damaged download)")
            final = Path(part[: -len(".part")] + ".argosmodel")
            os.replace(part, final)
            return final
        except DownloadError as exc:
            errors.append(str(exc))
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(part)
    raise DownloadError("; ".join(errors))


def sweep_downloads(directory: Path, now: float | None = None) -> list[str]:
    """Delete the download files that killed runs left in ``directory``:
    Atau's (``.atau-download-*``, owned by this user) not written to for
    :data:`~.local.LEFTOVER_AGE` seconds (a live download writes at least
    every ``timeout`` seconds).

    Returns:
        list[str]: the names deleted; failures are ignored.
    """
    now = time.time() if now is None else now
    swept = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return swept
    for entry in entries:
        try:
            if not entry.name.startswith(_DOWNLOAD_PREFIX) or not entry.is_file(follow_symlinks=False):
                continue
            info = entry.stat(follow_symlinks=False)
            mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
            if mine and now - info.st_mtime > LEFTOVER_AGE:
                os.unlink(entry.path)
                swept.append(entry.name)
        except OSError:
            continue
    return swept
