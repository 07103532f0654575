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
from typing import IO, Iterable, Iterator

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
        if _looks_like_utf16(data):
            raise InputError(_UTF16_WITHOUT_BOM, path) from exc
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            path, line, column,
        ) from exc
    if "\x00" in text:
        if _looks_like_utf16(data):
            raise InputError(_UTF16_WITHOUT_BOM, path)
        before = text[: text.index("\x00")]
        raise InputError("binary data (NUL character): not a text file", path,
                         before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
    if nfc:
        text = unicodedata.normalize("NFC", text)
    return text


_UTF16_WITHOUT_BOM = "UTF-16 text without a byte-order mark; save the file as UTF-8"


def _looks_like_utf16(data: bytes) -> bool:
    """Text in UTF-16 (LE or BE) saved without a byte-order mark: the first
    4 KiB decode in one of the two byte orders to printable text (letters,
    digits, punctuation, white space) with no NUL, nine in ten of its
    characters Latin, Greek, Cyrillic or general punctuation: English
    (every other byte NUL) as well as Russian or Kazakh (every other byte
    0x04)."""
    sample = data[:4096]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 8:
        return False
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" in text or not all(c.isprintable() or c in "\r\n\t" for c in text):
            continue
        # Mostly Latin, Greek or Cyrillic (Kazakh letters included) and
        # general punctuation: bytes of ASCII text read as UTF-16 are CJK.
        if sum(ord(c) < 0x0530 or 0x2000 <= ord(c) < 0x2070 for c in text) >= 0.9 * len(text):
            return True
    return False


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
    rename it over ``path``. A symbolic link is written through (the file it
    names is replaced, the link stays); a device or pipe (``/dev/null``, a
    FIFO) is simply opened and written.

    Args:
        path: the file to create or replace.
        mode (str): ``"w"`` (text) or ``"wb"`` (bytes).
        backup (bool): keep the previous version as ``path + "~"``.
        encoding (str): text encoding in text mode.
        newline (str | None): as for :func:`open`; ``""`` writes ``\\n`` as is.

    Yields:
        the open temporary file.

    Raises:
        InputError: ``path`` is a directory, or its directory does not exist
            or is not writable. If the body raises, the temporary file is
            removed and ``path`` is untouched.
    """
    path = Path(path)
    kwargs = {} if "b" in mode else {"encoding": encoding, "newline": newline}
    if path.is_symlink():
        # Write the file the link names; the link stays a link.
        path = Path(os.path.realpath(path))
    if path.is_dir():
        raise InputError("is a directory, not a file", path)
    if path.exists() and not path.is_file():
        # A device or a pipe (/dev/null, /dev/stdout, a FIFO): nothing to
        # replace atomically, and replacing it would destroy it.
        try:
            with open(path, mode, **kwargs) as handle:
                yield handle
        except PermissionError as exc:
            raise InputError("permission denied", path) from exc
        return
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError("directory does not exist", directory)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror}", directory) from exc
    try:
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


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """True when ``a`` and ``b`` name the same file: the same inode when both
    exist (symbolic and hard links included), else the same resolved path."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return os.path.realpath(a) == os.path.realpath(b)


def check_outputs(inputs: Iterable[str | os.PathLike | None],
                  outputs: Iterable[str | os.PathLike | None]) -> None:
    """Refuse, before any work is done, output files that would destroy an
    input or one another, or that cannot be written where they are.

    Args:
        inputs: the files the command reads (None and ``-`` are skipped).
        outputs: the files it writes (None and ``-`` are skipped). Devices
            and pipes (``/dev/null``) may appear several times.

    Raises:
        InputError: an output is a directory, is in a directory that does
            not exist, is the same file as an input (also through a link),
            or is named twice.
    """
    def usable(path) -> Path | None:
        if path is None or str(path) == "-":
            return None
        return Path(path)

    def special(path: Path) -> bool:
        return path.exists() and not path.is_file() and not path.is_dir()

    read = [p for p in map(usable, inputs) if p is not None]
    written: list[Path] = []
    for path in map(usable, outputs):
        if path is None or special(path):
            continue
        if path.is_dir():
            raise InputError("is a directory, not a file", path)
        directory = Path(os.path.realpath(path)).parent
        if not directory.is_dir():
            raise InputError("directory does not exist", path.parent if str(path.parent) else directory)
        for other in read:
            if same_file(path, other):
                raise InputError(f"the output would overwrite the input {os.fspath(other)!r}; "
                                 f"write to another file", path)
        for other in written:
            if same_file(path, other):
                raise InputError("named as two outputs of one command", path)
        written.append(path)


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
