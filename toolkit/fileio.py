"""Reading untrusted files within limits, and writing files atomically.

Reading: :func:`read_bytes` and :func:`read_stream` read at most
:data:`toolkit.limits.MAX_INPUT_BYTES` (``/dev/zero`` as an input is an
error, not an endless read); all text input goes through
:func:`decode_text`, which gives one clear :class:`~toolkit.errors.InputError`
for bytes that are not text.

Writing one file: :func:`atomic_write` / :func:`atomic_open` write a
temporary file beside it, fsync it and rename it over the file, so an
interrupted run (power loss, ``kill -9``, a full disk) leaves either the
old file or the new one, never a half-written file. A read-only file is
never replaced; a write error (``No space left on device``) names the file;
the temporary files of killed writes are removed by the next write of the
same file.

Writing several files that belong together (a glossary folder, a catalog's
``.po`` and ``.mo`` for each language): :func:`commit` replaces all of them
or none, even across ``kill -9`` (a journal finished by the next run:
:class:`Commit`, :func:`recover`).
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import json
import os
import re
import stat
import time
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import IO, Iterable, Iterator

from .errors import InputError
from .i18n import _

__all__ = ["atomic_write", "atomic_open", "decode_text", "read_text", "read_bytes", "read_stream",
           "refuse_read_only", "sweep_temporaries", "Commit", "commit", "recover", "pending",
           "directory_lock"]


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
        raise InputError(_("binary data (NUL character): not a text file"), path,
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
    """Read a whole file, at most :data:`toolkit.limits.MAX_INPUT_BYTES`.

    A device or a pipe (``/dev/zero``, ``/dev/urandom``, a FIFO) is read up
    to the limit too, never until memory runs out.

    Raises:
        InputError: the file does not exist, is a directory, cannot be read,
            or is larger than the limit (every message names the file).
    """
    try:
        with open(path, "rb") as handle:
            return read_stream(handle, path)
    except FileNotFoundError as exc:
        raise InputError(_("no such file"), path) from exc
    except IsADirectoryError as exc:
        raise InputError(_("is a directory, not a file"), path) from exc
    except PermissionError as exc:
        raise InputError(_("permission denied"), path) from exc
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path) from exc


def read_stream(stream: IO[bytes], name: str | os.PathLike = "<stdin>") -> bytes:
    """Read a binary stream (standard input's ``sys.stdin.buffer``, an open
    file) to its end, at most :data:`toolkit.limits.MAX_INPUT_BYTES`.

    Args:
        stream: the stream.
        name: what the error names (``"<stdin>"``, the file).

    Raises:
        InputError: more than the limit (for a regular file: its size says
            so before anything is read); a read error, naming ``name``.
    """
    from . import limits

    limit = limits.MAX_INPUT_BYTES
    size = _regular_size(stream)
    if size is not None and size > limit:
        raise InputError(f"the file is {limits.megabytes(size)}; Atau reads at most "
                         f"{limits.megabytes(limit)} from one input", name)
    try:
        data = stream.read(limit + 1)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), name) from exc
    if len(data) > limit:
        raise InputError(f"more than {limits.megabytes(limit)} to read (Atau's limit for one input; "
                         "a device such as /dev/zero never ends)", name)
    return data


def _regular_size(stream) -> int | None:
    """The size of the regular file ``stream`` reads, or None (a pipe, a
    device, a stream without a file descriptor)."""
    try:
        status = os.fstat(stream.fileno())
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None


def read_text(path: str | os.PathLike, *, nfc: bool = True) -> str:
    """Read a text file with :func:`decode_text`; the same errors, plus those of
    :func:`read_bytes`."""
    return decode_text(read_bytes(path), path, nfc=nfc)


# --------------------------------------------------------------------------
# writing: one file, atomically


#: Seconds since its last change after which a temporary file of a write
#: that no live process holds is stale. A live write holds an exclusive
#: ``flock`` on its temporary file from its creation to its rename (where
#: ``fcntl`` exists; elsewhere a temporary file is stale after an hour).
STALE_AFTER = 2.0
_STALE_WITHOUT_LOCKS = 3600.0
#: A temporary file of Atau's: ``.NAME.XXXXXXXX.tmp`` (mkstemp's eight
#: random characters), ``.NAME.commit-XXXXXXXX.tmp`` for a :class:`Commit`.
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?P<commit>commit-)?[a-z0-9_]{8}\.tmp")
#: The errors of writing a file (full disk, quota, file size limit, I/O).
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS}


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "w", *, backup: bool = False,
                encoding: str = "utf-8", newline: str | None = "") -> Iterator[IO]:
    """Open a temporary file beside ``path``; on a clean exit flush, fsync and
    rename it over ``path``. A symbolic link is written through (the file it
    names is replaced, the link stays); a device or pipe (``/dev/null``, a
    FIFO) is simply opened and written.

    The temporary file (``.NAME.XXXXXXXX.tmp``) is locked (``flock``) while
    it is written; those that killed writes of ``path`` left behind are
    removed (:func:`sweep_temporaries`).

    Args:
        path: the file to create or replace.
        mode (str): ``"w"`` (text) or ``"wb"`` (bytes).
        backup (bool): keep the previous version as ``path + "~"``.
        encoding (str): text encoding in text mode.
        newline (str | None): as for :func:`open`; ``""`` writes ``\\n`` as is.

    Yields:
        the open temporary file.

    Raises:
        InputError: ``path`` is a directory or a read-only file (mode 0444:
            never replaced), its directory does not exist or is not
            writable, or writing fails (a full disk, a quota: the message
            names ``path``). If the body raises, the temporary file is
            removed and ``path`` is untouched.
    """
    path = Path(path)
    kwargs = {} if "b" in mode else {"encoding": encoding, "newline": newline}
    if path.is_symlink():
        # Write the file the link names; the link stays a link.
        path = Path(os.path.realpath(path))
    if path.is_dir():
        raise InputError(_("is a directory, not a file"), path)
    if path.exists() and not path.is_file():
        # A device or a pipe (/dev/null, /dev/stdout, a FIFO): nothing to
        # replace atomically, and replacing it would destroy it.
        try:
            with open(path, mode, **kwargs) as handle:
                yield handle
        except PermissionError as exc:
            raise InputError(_("permission denied"), path) from exc
        except OSError as exc:
            raise _named(exc, path) from exc
        return
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(_("directory does not exist"), directory)
    refuse_read_only(path)
    sweep_temporaries(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror}", directory) from exc
    _hold(fd)
    handle = os.fdopen(fd, mode, **kwargs)
    try:
        try:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        except OSError as exc:
            raise _named(exc, path) from exc
        _finish(tmp, path, backup)
        _fsync_dir(directory)
    except BaseException:
        with contextlib.suppress(OSError):
            handle.close()  # the buffer of a failed write is lost with the file
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    finally:
        with contextlib.suppress(OSError):
            handle.close()


def _finish(tmp: str, path: Path, backup: bool) -> None:
    """Give the temporary file ``path``'s mode (else 0644), back ``path``
    up, rename the temporary file over it."""
    if path.exists():
        with contextlib.suppress(OSError):
            shutil.copymode(path, tmp)
        if backup:
            _backup(path)
    else:
        os.chmod(tmp, 0o644)
    try:
        os.replace(tmp, path)
    except OSError as exc:
        raise _named(exc, path) from exc


def _named(exc: OSError, path: Path) -> Exception:
    """The error to raise for ``exc``, met writing ``path``: an
    :class:`InputError` naming ``path`` for a write error (``No space left
    on device``...), else ``exc`` itself (it names its own file, or is not
    about writing)."""
    if isinstance(exc, PermissionError):
        return InputError(_("permission denied"), path)
    if exc.errno in _WRITE_ERRORS or (exc.filename is None and exc.errno is not None
                                      and not isinstance(exc, ConnectionError)):
        return InputError(exc.strerror or str(exc), path)
    return exc


def refuse_read_only(path: str | os.PathLike) -> None:
    """Refuse to replace a read-only file (no write permission bit, or not
    writable by this user): its owner made it so, and replacing it by a
    rename would get round that.

    Raises:
        InputError: ``"read-only file: not replaced (make it writable: chmod
            u+w FILE)"``.
    """
    try:
        status = os.stat(path)
    except OSError:
        return  # does not exist (yet)
    if not stat.S_ISREG(status.st_mode):
        return
    if not status.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise InputError(f"read-only file: not replaced (make it writable: chmod u+w {os.fspath(path)})",
                         path)


def _hold(fd: int) -> None:
    """Lock the temporary file ``fd`` (``flock``) for as long as this
    process has it open, so that :func:`sweep_temporaries` leaves it."""
    try:
        import fcntl
    except ImportError:  # not POSIX: temporary files go by age
        return
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _stale(path: str, *, commit_locked: bool = False, now: float | None = None) -> bool:
    """True when the temporary file ``path`` belongs to a dead write: no
    process holds its ``flock`` and it has not been written for
    :data:`STALE_AFTER` seconds (without ``fcntl``: for an hour). A
    backup's temporary file (``.NAME~.XXXXXXXX.tmp``, a hard link of the
    old file, never locked) goes by its change time, which the link sets.

    Args:
        commit_locked (bool): ``path`` is a :class:`Commit`'s temporary file
            and the caller holds the lock of commits there: it is stale.
    """
    now = time.time() if now is None else now
    try:
        status = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(status.st_mode):
        return False
    if commit_locked:
        return True
    changed = status.st_mtime
    if os.path.basename(path).split(".tmp")[0].rsplit(".", 1)[0].endswith("~"):
        changed = max(changed, status.st_ctime)
    try:
        import fcntl
    except ImportError:
        return now - changed > _STALE_WITHOUT_LOCKS
    if now - changed < STALE_AFTER:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # held: a live write
    finally:
        os.close(fd)
    return True


_LISTED: dict[str, list[str]] = {}
"""Per directory, the names of Atau's temporary files seen by this process
(a directory is listed once, so that writing 100,000 files into one folder
does not list it 100,000 times)."""


def sweep_temporaries(path: str | os.PathLike, *, commits: bool = False) -> list[str]:
    """Remove the temporary files that killed writes of ``path`` left
    beside it (``.NAME.XXXXXXXX.tmp``, and ``.NAME~.XXXXXXXX.tmp`` of its
    backup) and that no live process holds (:func:`_stale`).

    Only names Atau makes for ``path`` are touched, never another file.

    Args:
        path: the file about to be written.
        commits (bool): also the temporary files of a :class:`Commit`
            (``.NAME.commit-XXXXXXXX.tmp``); only with the commit's lock
            held, when every such file belongs to a dead process.

    Returns:
        list[str]: the names removed.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    key = os.path.realpath(directory)
    names = _LISTED.get(key)
    if names is None:
        try:
            with os.scandir(directory) as entries:
                names = [entry.name for entry in entries if _TEMPORARY.fullmatch(entry.name)]
        except OSError:
            names = []
        if len(_LISTED) >= 1024:  # a long-running process (the server) forgets old folders
            _LISTED.clear()
        _LISTED[key] = names
    removed = []
    for name in list(names):
        match = _TEMPORARY.fullmatch(name)
        if match is None or match.group("name") not in (path.name, path.name + "~"):
            continue
        if match.group("commit") and not commits:
            continue
        full = os.path.join(directory, name)
        if _stale(full, commit_locked=bool(match.group("commit"))):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(full)
                removed.append(name)
        if not os.path.lexists(full):
            names.remove(name)
    return removed


# --------------------------------------------------------------------------
# writing several files: all or none


COMMIT_JOURNAL = ".atau-commit.json"
"""The journal of a :class:`Commit`, in its root folder while its renames
are being done."""
LOCK_TIMEOUT = 30.0
"""Seconds :func:`commit` waits for another process's commit in the same
folder."""


class Commit:
    """Several files replaced together: after a crash (``kill -9``, power
    loss) either all of them are new or all are old, never a mix.

    How: :meth:`stage` writes each new file completely to a temporary file
    beside it (``.NAME.commit-XXXXXXXX.tmp``, fsynced); :meth:`finish` then
    writes a journal (:data:`COMMIT_JOURNAL`, in ``root``: which temporary
    file becomes which file), renames every temporary file over its file
    and deletes the journal. A crash before the journal exists leaves the
    old files (the temporary files are swept later); a crash after it is
    finished by the next run (:func:`recover`: the renames are redone, each
    either done already or still to do). This is a redo log, as databases
    keep.

    Use it through :func:`commit`, which holds the root's lock and recovers
    first. All files must be inside ``root``.

    Args:
        root: the folder the files are in (at any depth).
    """

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)
        self._staged: list[tuple[Path, Path]] = []
        self._backups: list[Path] = []

    @property
    def staged(self) -> list[Path]:
        """The files staged so far, in order."""
        return [target for _tmp, target in self._staged]

    def stage(self, path: str | os.PathLike, data: str | bytes, *, backup: bool = False) -> None:
        """Write ``data`` (str as UTF-8, or bytes) for ``path`` to a temporary
        file beside it, fsynced; ``path`` is unchanged until :meth:`finish`.

        Args:
            path: a file inside :attr:`root` (its folder must exist).
            backup (bool): keep the previous version as ``path + "~"`` (made
                by :meth:`finish`, once every file is staged).

        Raises:
            InputError: ``path`` is read-only or a directory, or writing fails
                (a full disk: the message names ``path``).
            ValueError: ``path`` is not inside :attr:`root`.
        """
        path = Path(path)
        if path.is_symlink():
            path = Path(os.path.realpath(path))
        self._relative(path)
        if path.is_dir():
            raise InputError(_("is a directory, not a file"), path)
        refuse_read_only(path)
        sweep_temporaries(path, commits=True)
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.commit-", suffix=".tmp", dir=path.parent)
        except OSError as exc:
            raise InputError(f"cannot write here: {exc.strerror}", path.parent) from exc
        self._staged.append((Path(tmp), path))
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
                handle.flush()
                os.fsync(handle.fileno())
            if path.exists():
                with contextlib.suppress(OSError):
                    shutil.copymode(path, tmp)
                if backup:
                    self._backups.append(path)
            else:
                os.chmod(tmp, 0o644)
        except OSError as exc:
            raise _named(exc, path) from exc

    def finish(self) -> None:
        """Journal, rename every staged file into place, delete the journal.

        Raises:
            InputError: the journal cannot be written (nothing changed; the
                temporary files are removed), or a rename fails (the journal
                stays and the next run finishes the commit).
        """
        if not self._staged:
            return
        journal = self.root / COMMIT_JOURNAL
        record = {"v": 1, "renames": [[self._relative(tmp), self._relative(target)]
                                      for tmp, target in self._staged]}
        for folder in {target.parent for _tmp, target in self._staged}:  # what killed commits left there
            _sweep_commit_temporaries(folder, keep=[tmp for tmp, _target in self._staged])
        for path in self._backups:  # the old files, until the renames below
            try:
                _backup(path)
            except OSError as exc:
                self.abort()
                raise _named(exc, Path(str(path) + "~")) from exc
        try:
            fd, tmp = tempfile.mkstemp(prefix=f"{COMMIT_JOURNAL}.", suffix=".tmp", dir=self.root)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(record, handle)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, journal)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            _fsync_dir(self.root)
        except OSError as exc:
            self.abort()
            raise _named(exc, journal) from exc
        _roll_forward(self.root, record, journal)
        self._staged = []
        self._backups = []

    def abort(self) -> None:
        """Remove the staged temporary files; nothing was replaced."""
        for tmp, _target in self._staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self._staged = []
        self._backups = []

    def _relative(self, path: Path) -> str:
        root = os.path.realpath(self.root)
        full = os.path.realpath(path.parent) + os.sep + path.name
        if os.path.commonpath([root, full]) != root or full == root:
            raise ValueError(f"{path} is not inside {self.root}")
        return os.path.relpath(full, root).replace(os.sep, "/")


def _roll_forward(root: Path, record: dict, journal: Path) -> list[str]:
    """Do the renames of a journal ``record`` (a temporary file that no
    longer exists was renamed already), then delete the journal.

    Returns:
        list[str]: the files renamed into place now.

    Raises:
        InputError: the journal is not one Atau wrote, or a rename fails
            (the journal is kept).
    """
    renames = record.get("renames") if isinstance(record, dict) else None
    pairs: list[tuple[Path, Path]] = []
    for pair in renames if isinstance(renames, list) else [None]:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            raise InputError(_("not a journal Atau wrote: remove it"), journal)
        tmp, target = (Path(p) for p in pair)
        match = _TEMPORARY.fullmatch(tmp.name)
        if (tmp.is_absolute() or target.is_absolute() or ".." in tmp.parts or ".." in target.parts
                or tmp.parent != target.parent or match is None or not match.group("commit")
                or match.group("name") != target.name):
            raise InputError(_("not a journal Atau wrote: remove it"), journal)
        pairs.append((root / tmp, root / target))
    done = []
    folders = set()
    for tmp, target in pairs:
        try:
            os.replace(tmp, target)
        except FileNotFoundError:
            if tmp.exists():
                raise InputError(f"cannot finish an interrupted write: {target.parent} is missing; "
                                 "restore it or remove the journal", journal) from None
            continue  # renamed before the crash
        except OSError as exc:
            raise InputError(f"cannot finish an interrupted write of {target}: {exc.strerror}; "
                             "fix that and run again", journal) from exc
        done.append(str(target))
        folders.add(target.parent)
    for folder in folders:
        _fsync_dir(folder)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(journal)
    _fsync_dir(root)
    return done


def pending(root: str | os.PathLike) -> bool:
    """True when ``root`` holds the journal of a commit that is being done
    or was interrupted (one ``stat``)."""
    return os.path.lexists(os.path.join(root, COMMIT_JOURNAL))


def recover(root: str | os.PathLike, *, locked: bool = False) -> list[str]:
    """Finish the commit a crash interrupted in ``root`` (see
    :class:`Commit`), and remove what a crash left of a journal being
    written.

    Args:
        root: the commit's folder.
        locked (bool): the caller holds the lock that serialises commits
            in ``root`` (else :func:`directory_lock` is taken).

    Returns:
        list[str]: the files renamed into place now (empty when there was
        nothing to finish).

    Raises:
        InputError: as :func:`_roll_forward`; the lock not had in
            :data:`LOCK_TIMEOUT` seconds.
    """
    root = Path(root)
    if not pending(root):
        return []
    with contextlib.nullcontext() if locked else directory_lock(root):
        journal = root / COMMIT_JOURNAL
        if not journal.exists():  # finished meanwhile by its own process
            return []
        try:
            record = json.loads(read_bytes(journal))
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise InputError(_("not a journal Atau wrote: remove it"), journal) from exc
        done = _roll_forward(root, record, journal)
        _sweep_journal_temporaries(root)
        return done


def _sweep_commit_temporaries(folder: Path, keep: Iterable[Path] = ()) -> None:
    """Remove the temporary files of commits (``.NAME.commit-XXXXXXXX.tmp``)
    in ``folder`` but ``keep``: the lock of commits held and no journal
    pending, every such file belongs to a commit that a crash stopped
    before its journal, of any file of the folder."""
    kept = {os.path.realpath(path) for path in keep}
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            match = _TEMPORARY.fullmatch(entry.name)
            if (match is not None and match.group("commit") and os.path.realpath(entry.path) not in kept
                    and entry.is_file(follow_symlinks=False)):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _sweep_journal_temporaries(root: Path) -> None:
    """Remove the temporary files of journals that a crash left half
    written (the lock of commits in ``root`` held: none is alive)."""
    with contextlib.suppress(OSError), os.scandir(root) as entries:
        for entry in entries:
            if entry.name.startswith(COMMIT_JOURNAL + ".") and entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


@contextlib.contextmanager
def directory_lock(root: str | os.PathLike, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on the folder ``root`` (``flock`` on the
    folder itself, which leaves no file behind; where that is impossible,
    a ``.atau.lock`` file in it, with filelock).

    Raises:
        InputError: not had within ``timeout`` seconds (default
            :data:`LOCK_TIMEOUT`).
    """
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    fd = _flock_folder(root, timeout)
    if fd is not None:
        try:
            yield
        finally:
            os.close(fd)
        return
    from filelock import FileLock, Timeout

    try:
        with FileLock(os.path.join(root, ".atau.lock"), timeout=timeout):
            yield
    except Timeout as exc:
        raise InputError(f"locked by another process for {timeout:g} s", root) from exc


def _flock_folder(root: str | os.PathLike, timeout: float) -> int | None:
    """An open descriptor of the folder ``root`` holding its ``flock``, or
    None where folders cannot be locked so (no fcntl; NFS).

    Raises:
        InputError: another process holds it for ``timeout`` seconds."""
    try:
        import fcntl

        fd = os.open(root, os.O_RDONLY)
    except (ImportError, OSError):
        return None
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise InputError(f"locked by another process for {timeout:g} s", root) from None
            time.sleep(0.02)
        except OSError:
            os.close(fd)
            return None


@contextlib.contextmanager
def commit(root: str | os.PathLike, *, locked: bool = False) -> Iterator[Commit]:
    """A :class:`Commit` in ``root``: stage files in the body; on a clean
    exit they all replace their files at once, else none does.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> with commit(root) as files:
    ...     files.stage(root / "a.po", "msgid ...")
    ...     files.stage(root / "a.mo", b"\\x95\\x04\\x12\\xde")
    >>> sorted(p.name for p in root.iterdir())
    ['a.mo', 'a.po']

    Args:
        root: the folder (it must exist).
        locked (bool): the caller holds its own lock serialising writers of
            ``root`` (the glossary's); else :func:`directory_lock`.

    Raises:
        InputError: as :meth:`Commit.stage`, :meth:`Commit.finish`,
            :func:`recover` and :func:`directory_lock`.
    """
    with contextlib.nullcontext() if locked else directory_lock(root):
        recover(root, locked=True)
        _sweep_journal_temporaries(Path(root))
        _sweep_commit_temporaries(Path(root))
        files = Commit(root)
        try:
            yield files
        except BaseException:
            files.abort()
            raise
        files.finish()


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
            raise InputError(_("is a directory, not a file"), path)
        directory = Path(os.path.realpath(path)).parent
        if not directory.is_dir():
            raise InputError(_("directory does not exist"), path.parent if str(path.parent) else directory)
        for other in read:
            if same_file(path, other):
                raise InputError(f"the output would overwrite the input {os.fspath(other)!r}; "
                                 f"write to another file", path)
        for other in written:
            if same_file(path, other):
                raise InputError(_("named as two outputs of one command"), path)
        written.append(path)


def _backup(path: Path) -> None:
    """Make ``path~`` the current content of ``path``, atomically: a hard link
    (or, where links are impossible, a copy) under a temporary name, renamed
    over the old backup. ``path`` is only ever replaced, never rewritten in
    place, so the linked backup keeps the old content."""
    target = Path(str(path) + "~")
    with contextlib.suppress(OSError):
        if os.path.samefile(path, target):
            return  # the backup is a link of the current file already (a killed write made it)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        try:
            os.unlink(tmp)
            os.link(path, tmp)
        except OSError:
            shutil.copy2(path, tmp)
        os.replace(tmp, target)
        # rename() of two links of one file does nothing: the name may remain
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
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
