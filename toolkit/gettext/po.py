"""PO and MO files: reading and writing them with polib.

:func:`read_po` and :func:`write_po` read and write **file objects**, as
babel's ``pofile.read_po``/``write_po`` do; :func:`load_po` and
:func:`save_po` are the same for paths (atomic writes). Words are gettext's
own: msgid, msgstr, msgctxt, msgid_plural, msgstr[n], fuzzy, obsolete.

What Atau checks that polib does not: the syntax of every line (an unknown
keyword, an unterminated string, with its line), duplicate entries (as
``msgfmt`` does, in linear time), and the charset a non-UTF-8 file declares
(:func:`decode_po`).
"""

from __future__ import annotations

import io
import os
import re
from typing import IO, TYPE_CHECKING

from .. import __version__
from ..errors import InputError
from ..fileio import atomic_write, decode_text, read_bytes

if TYPE_CHECKING:
    import polib

__all__ = [
    "GENERATOR",
    "decode_po",
    "read_po",
    "write_po",
    "write_mo",
    "load_po",
    "save_po",
]

#: The ``X-Generator`` header of every PO file Atau writes.
GENERATOR = f"Atau {__version__}"

# A line of a PO file that is not a comment: a keyword and a string, or a
# continuation string.
_PO_LINE = re.compile(
    r'(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])?\s*"(?:[^"\\]|\\.)*"\s*')
_CHARSET = re.compile(rb"charset\s*=\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)


def _declared_charset(data: bytes) -> str | None:
    """The charset the PO header declares (``Content-Type: text/plain;
    charset=CP1251``), or None; placeholders (``CHARSET``) count as none."""
    found = _CHARSET.search(data[:8192])
    if not found:
        return None
    name = found.group(1).decode("ascii")
    return None if name.upper() == "CHARSET" else name


def decode_po(data: bytes, path: str | os.PathLike | None = None) -> str:
    """The text of a PO file's bytes.

    UTF-8 (and UTF-16/32 with a byte-order mark) is read as by
    :func:`toolkit.fileio.decode_text`. A file that is not UTF-8 is decoded
    with the charset its header declares, as gettext does (a PO saved by an
    old tool as ``charset=CP1251``).

    Raises:
        InputError: the bytes are neither UTF-8 nor valid in the declared
            charset, the charset is unknown, or the file has NUL bytes; with
            line and column of the first bad byte where known.
    """
    import codecs

    try:
        return decode_text(data, path, nfc=False)
    except InputError as exc:
        if not isinstance(exc.__cause__, UnicodeDecodeError) or data.startswith(
                (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise
        declared = _declared_charset(data)
        if declared is None:
            raise
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            raise InputError(f"the header declares the unknown charset {declared!r}; "
                             "save the file as UTF-8", path) from exc
        if codec in ("utf-8", "utf-8-sig"):
            raise
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as bad:
            before = data[: bad.start]
            raise InputError(f"neither UTF-8 nor valid {declared} text (byte 0x{data[bad.start]:02x}) "
                             "although the header declares that charset; save the file as UTF-8",
                             path, before.count(b"\n") + 1,
                             bad.start - (before.rfind(b"\n") + 1) + 1) from bad
        return decode_text(text.encode("utf-8"), path, nfc=False)


def read_po(fileobj: IO, path: str | os.PathLike | None = None, *,
            wrapwidth: int = 78) -> "polib.POFile":
    """Read a PO or POT file.

    Args:
        fileobj: a binary or text file object.
        path: the file's name, for error messages only.
        wrapwidth (int): line width for writing the catalog back (0: no wrapping).

    Returns:
        polib.POFile: the catalog (entries keep their ``linenum``). A file in
        another charset than UTF-8 (see :func:`decode_po`) is decoded and its
        header's charset set to UTF-8, since Atau writes UTF-8.

    Raises:
        InputError: undecodable bytes, a syntax error (with the 1-based line:
            an unknown keyword, an unterminated string), or a duplicate entry
            (with the line of the second one).
    """
    import polib

    data = fileobj.read()
    text = decode_po(data, path) if isinstance(data, bytes) else data
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not _PO_LINE.fullmatch(stripped):
            what = "unterminated string" if stripped.count('"') % 2 else "not a PO keyword or string"
            raise InputError(f"PO syntax error: {what}: {stripped[:40]!r}", path, number)
    if not text.strip():
        return polib.POFile(wrapwidth=wrapwidth)
    try:
        # polib's own duplicate check scans the catalog for every entry
        # (quadratic: 1.3 s for 2,000 entries); _check_duplicates is linear.
        catalog = polib.pofile(text, check_for_duplicates=False, wrapwidth=wrapwidth)
    except (OSError, ValueError) as exc:
        message = str(exc)
        match = re.search(r"\(line (\d+)\)", message)
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*in po file.*$|\s*\(line \d+\)", "", message) or "PO syntax error"
        raise InputError(f"PO syntax error: {message}" if match else message, path, line) from exc
    _check_duplicates(catalog, path)
    catalog.check_for_duplicates = True  # entries appended later are checked as before
    _utf8_header(catalog)
    return catalog


def _check_duplicates(catalog, path) -> None:
    """Refuse an entry that repeats an earlier one's (msgctxt, msgid), as
    gettext's msgfmt does.

    Raises:
        InputError: naming the line of the second entry.
    """
    seen: set = set()
    for entry in catalog:
        key = (entry.msgctxt, entry.msgid, entry.obsolete)
        if key in seen:
            raise InputError(f'Entry "{entry.msgid}" already exists', path, entry.linenum)
        seen.add(key)


def _utf8_header(catalog) -> None:
    content_type = catalog.metadata.get("Content-Type")
    if not content_type:
        return
    found = re.search(r"charset\s*=\s*([A-Za-z0-9._:-]+)", content_type, re.IGNORECASE)
    if found and found.group(1).upper() not in ("UTF-8", "UTF8", "CHARSET"):
        catalog.metadata["Content-Type"] = (content_type[:found.start(1)] + "UTF-8"
                                            + content_type[found.end(1):])


def write_po(fileobj: IO[str], catalog: "polib.POFile") -> None:
    """Write ``catalog`` as PO text (UTF-8 header, lines wrapped at 78 as
    gettext does)."""
    fileobj.write(str(catalog))


def write_mo(fileobj: IO[bytes], catalog: "polib.POFile") -> None:
    """Write the compiled MO form of ``catalog``: translated, non-fuzzy
    entries and the header, sorted; the same catalog always gives the same
    bytes."""
    fileobj.write(catalog.to_binary())


def load_po(path: str | os.PathLike) -> "polib.POFile":
    """:func:`read_po` of a file on disk (errors as there, plus missing file)."""
    return read_po(io.BytesIO(read_bytes(path)), path)


def save_po(catalog: "polib.POFile", path: str | os.PathLike, *,
            mo_path: str | os.PathLike | None = None) -> None:
    """Write ``catalog`` atomically to ``path`` and, if given, its MO to ``mo_path``."""
    buffer = io.StringIO()
    write_po(buffer, catalog)
    atomic_write(path, buffer.getvalue())
    if mo_path is not None:
        binary = io.BytesIO()
        write_mo(binary, catalog)
        atomic_write(mo_path, binary.getvalue())

