"""Reading untrusted text files and writing files atomically.

All of Atau's file output goes through :func:`atomic_write`, so an interrupted
run (power loss, ``kill -9``, a full disk) leaves either the old file or the
new one, never a half-written file. All text input goes through
:func:`decode_text`, which gives one clear :class:`~toolkit.errors.InputError`
for bytes that are not text.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import IO, Iterator

from .errors import InputError

__all__ = ["atomic_write", "atomic_open", "decode_text", "read_text", "read_bytes"]


def decode_text(data: bytes, path: str | os.PathLike | None = None, *, nfc: bool = True) -> str:
    """Decode the bytes of a text file.

    Accepts UTF-8 with or without a byte-order mark and UTF-16/UTF-32 with a
    byte-order mark (what Windows editors and Excel write). Line endings are
    left as they are.

    Args:
        data (bytes): the file's content.
        path (str | PathLike | None): used in error messages only.
        nfc (bool): return the text in Unicode normalisation form C (composed),
            so that a decomposed "і" or "ә" compares equal to the composed one.

    Returns:
        str: the text.

    Raises:
        InputError: the bytes contain NUL characters (a binary file), or are not
            valid UTF-8; the message gives the line and column of the first bad
            byte.
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "utf-32"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8-sig":
            raise InputError(f"not valid {encoding.upper()} text", path) from exc
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            path, line, column,
        ) from exc
    if "\x00" in text:
        before = text[: text.index("\x00")]
        message = ("UTF-16 text without a byte-order mark; save the file as UTF-8"
                   if _looks_like_utf16(data) else "binary data (NUL character): not a text file")
        raise InputError(message, path,
                         before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
    if nfc:
        text = unicodedata.normalize("NFC", text)
    return text


def _looks_like_utf16(data: bytes) -> bool:
    """Most of every other byte is NUL, the rest is not: ASCII-range text
    in UTF-16 (LE or BE) saved without a byte-order mark."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) >= 0.6 * half and min(even, odd) <= 0.05 * half


def read_bytes(path: str | os.PathLike) -> bytes:
    """Read a whole file.

    Raises:
        InputError: the file does not exist, is a directory or cannot be read.
    """
    try:
        return Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise InputError("no such file", path) from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory, not a file", path) from exc
    except PermissionError as exc:
        raise InputError("permission denied", path) from exc
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path) from exc


def read_text(path: str | os.PathLike, *, nfc: bool = True) -> str:
    """Read a text file with :func:`decode_text`; the same errors, plus those of
    :func:`read_bytes`."""
    return decode_text(read_bytes(path), path, nfc=nfc)


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "w", *, backup: bool = False,
                encoding: str = "utf-8", newline: str | None = "") -> Iterator[IO]:
    """Open a temporary file beside ``path``; on a clean exit flush, fsync and
    rename it over ``path``.

    Args:
        path: the file to create or replace.
        mode (str): ``"w"`` (text) or ``"wb"`` (bytes).
        backup (bool): keep the previous version as ``path + "~"``.
        encoding (str): text encoding in text mode.
        newline (str | None): as for :func:`open`; ``""`` writes ``\\n`` as is.

    Yields:
        the open temporary file.

    Raises:
        InputError: the directory does not exist or is not writable. If the
            body raises, the temporary file is removed and ``path`` is untouched.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError("directory does not exist", directory)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror}", directory) from exc
    try:
        kwargs = {} if "b" in mode else {"encoding": encoding, "newline": newline}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                shutil.copymode(path, tmp)
            if backup:
                _backup(path)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        _fsync_dir(directory)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write(path: str | os.PathLike, data: str | bytes, *, backup: bool = False) -> None:
    """Write ``data`` (str as UTF-8, or bytes) to ``path`` atomically; see
    :func:`atomic_open` for the guarantees and errors."""
    if isinstance(data, str):
        with atomic_open(path, "w", backup=backup) as handle:
            handle.write(data)
    else:
        with atomic_open(path, "wb", backup=backup) as handle:
            handle.write(data)


def _backup(path: Path) -> None:
    """Make ``path~`` the current content of ``path``, atomically: a hard link
    (or, where links are impossible, a copy) under a temporary name, renamed
    over the old backup. ``path`` is only ever replaced, never rewritten in
    place, so the linked backup keeps the old content."""
    target = Path(str(path) + "~")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        try:
            os.unlink(tmp)
            os.link(path, tmp)
        except OSError:
            shutil.copy2(path, tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
