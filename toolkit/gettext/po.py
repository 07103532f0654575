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
    "OBSOLETE_TEXT",
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
# (The string is written [^"\\]*(?:\\.[^"\\]*)* rather than (?:[^"\\]|\\.)*:
# the same strings, but Python's re matches it without a backtracking frame
# per character: linear time and constant memory on a 50 MB line.)
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_PO_LINE = re.compile(r'(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])?\s*' + _STRING + r'\s*')
_KEYWORD_STRING = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr\[\d+\]|msgstr)\s*(' + _STRING + ')')
_ONLY_STRING = re.compile(_STRING)
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

    What GNU msgfmt reads, this reads: characters at which Python's
    :meth:`str.splitlines` would end a line (U+2028, U+2029, U+0085, form
    feed, vertical tab, U+001C..U+001E) are characters of the string or
    comment they are in. Obsolete entries (``#~``) keep the text they were
    read from, with their previous-msgid lines (``#~|``, which polib drops:
    polib issue 158) and their flags where the file has them; :func:`write_po`
    writes that text back unless the entry was changed.

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

    from .. import limits

    data = fileobj.read(limits.MAX_INPUT_BYTES + 1)
    if len(data) > limits.MAX_INPUT_BYTES:
        raise InputError(f"more than {limits.megabytes(limits.MAX_INPUT_BYTES)} to read "
                         "(Atau's limit for one input)", path)
    text = decode_po(data, path) if isinstance(data, bytes) else data
    text, restore = _shield(text)
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not _PO_LINE.fullmatch(stripped):
            what = "unterminated string" if stripped.count('"') % 2 else "not a PO keyword or string"
            stripped = _unshielded(stripped, restore)
            raise InputError(f"PO syntax error: {what}: {stripped[:40]!r}", path, number)
    if not text.strip():
        return polib.POFile(wrapwidth=wrapwidth)
    try:
        # polib's own duplicate check scans the catalog for every entry
        # (quadratic: 1.3 s for 2,000 entries); _check_duplicates is linear.
        catalog = polib.pofile(_linear(lines, restore, path), check_for_duplicates=False,
                               wrapwidth=wrapwidth)
    except (OSError, ValueError) as exc:
        message = str(exc)
        match = re.search(r"\(line (\d+)\)", message)
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*in po file.*$|\s*\(line \d+\)", "", message) or "PO syntax error"
        raise InputError(f"PO syntax error: {message}" if match else message, path, line) from exc
    if restore:
        _unshield(catalog, restore)
    _check_duplicates(catalog, path)
    catalog.check_for_duplicates = True  # entries appended later are checked as before
    _utf8_header(catalog)
    if "#~" in text:
        _keep_obsolete_text(catalog, lines, restore)
    return catalog


# --------------------------------------------------------------------------
# characters that end a line for str.splitlines(), not for msgfmt

#: Characters :meth:`str.splitlines` (and so polib) takes as line ends that
#: msgfmt reads as characters of a string: U+2028, U+2029, NEL, vertical
#: tab, form feed and the file/group/record separators.
_INLINE_BREAKS = "\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e"


def _shield(text: str) -> tuple[str, dict[str, str]]:
    """``text`` with each of :data:`_INLINE_BREAKS` replaced by a private-use
    character that is not in it, and the map back (empty when there was
    nothing to replace)."""
    found = [c for c in _INLINE_BREAKS if c in text]
    if not found:
        return text, {}
    shields: dict[str, str] = {}
    for c in found:
        shields[c] = _free_character(text, set(shields.values()))
    return text.translate(str.maketrans(shields)), {v: k for k, v in shields.items()}


_PRIVATE_USE = re.compile("[\U000F0000-\U000FFFFD]")


def _free_character(text: str, taken: set[str]) -> str:
    """A character of Unicode's plane 15 private-use area that is neither in
    ``text`` nor in ``taken`` (one linear scan of ``text``, however many of
    them it holds)."""
    present = set(_PRIVATE_USE.findall(text)) | taken
    for cp in range(0xF0000, 0xFFFFE):
        if chr(cp) not in present:
            return chr(cp)
    raise InputError("the file uses every private-use character of plane 15")  # pragma: no cover


def _unshielded(value, restore: dict[str, str]):
    if not restore or not isinstance(value, str):
        return value
    return value.translate(str.maketrans(restore))


def _unshield(catalog, restore: dict[str, str]) -> None:
    """Put the characters :func:`_shield` replaced back into every string of
    the parsed catalog."""
    catalog.header = _unshielded(catalog.header, restore)
    catalog.metadata = {_unshielded(k, restore): _unshielded(v, restore)
                        for k, v in catalog.metadata.items()}
    for entry in catalog:
        for name in ("msgid", "msgstr", "msgid_plural", "msgctxt", "previous_msgctxt",
                     "previous_msgid", "previous_msgid_plural", "comment", "tcomment"):
            setattr(entry, name, _unshielded(getattr(entry, name), restore))
        entry.msgstr_plural = {k: _unshielded(v, restore) for k, v in entry.msgstr_plural.items()}
        entry.flags = [_unshielded(flag, restore) for flag in entry.flags]
        entry.occurrences = [tuple(_unshielded(part, restore) for part in occurrence)
                             for occurrence in entry.occurrences]


# --------------------------------------------------------------------------
# keeping polib linear

# polib adds each continuation string and each comment line to what it has
# read so far (``entry.msgid += token``): quadratic time for a message or a
# comment of many lines (a 10 MB msgid in 100,000 lines took minutes). So
# polib gets each message's strings joined on its keyword's line, and each
# run of comment lines joined on its first line with a private-use
# character standing for the line break (put back with the shielded
# characters); the lines taken away are left empty, so line numbers stay.


def _split_prefix(line: str) -> tuple[str, str]:
    """``(prefix, body)`` of a stripped line as polib reads it: ``"#~"``
    (obsolete), ``"#|"`` (previous msgid) or ``""``."""
    if line.startswith("#~") and len(line) > 2 and line[2].isspace():
        return "#~", line[3:].strip()
    if line.startswith("#|") and not line.startswith("#|#"):
        return "#|", line[2:].lstrip()
    return "", line


def _comment_kind(body: str) -> str | None:
    """``"#."`` for an extracted comment, ``"#"`` for a translator (or
    header) comment that polib reads as ``body[2:]`` (``"# text"`` or a
    bare ``"#"``), None for other lines."""
    if body.startswith("#.") and len(body) > 3 and body[2].isspace():
        return "#."
    if body == "#" or body.startswith("# "):
        return "#"
    return None


def _linear(lines: list[str], restore: dict[str, str], path) -> str:
    """The text polib parses (see the comment above); adds the line-break
    stand-in to ``restore``.

    Raises:
        InputError: the header entry has more than
            :data:`toolkit.limits.MAX_PO_HEADER_LINES` lines (polib reads
            them in quadratic time).
    """
    from .. import limits

    out = list(lines)
    text_chars = None  # chosen when needed: a private-use character not in the text
    group: list = []  # [index, prefix, keyword, [contents]]
    comments: list = []  # [index, prefix, kind, [bodies]]
    last_msgid: str | None = None

    def flush_group() -> None:
        nonlocal last_msgid
        if not group:
            return
        index, prefix, keyword, contents = group
        if len(contents) > 1:
            out[index] = (prefix + " " if prefix else "") + f'{keyword} "{"".join(contents)}"'
        if prefix == "" and keyword == "msgid":
            last_msgid = "".join(contents)
        elif prefix == "" and keyword == "msgstr" and last_msgid == "":
            breaks = sum(c.count("\\n") for c in contents)
            if breaks > limits.MAX_PO_HEADER_LINES:
                raise InputError(f"the header entry has {breaks:,} lines (at most "
                                 f"{limits.MAX_PO_HEADER_LINES:,})", path, index + 1)
        group.clear()

    def flush_comments() -> None:
        nonlocal text_chars
        if not comments:
            return
        index, prefix, kind, bodies = comments
        if len(bodies) > 1:
            if text_chars is None:
                text_chars = _free_character("\n".join(lines), set(restore))
                restore[text_chars] = "\n"
            skip = 3 if kind == "#." else 2
            joined = text_chars.join(body[skip:] for body in bodies)
            out[index] = (prefix + " " if prefix else "") + (kind + " " if kind == "#." else "# ") + joined
        comments.clear()

    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        prefix, body = _split_prefix(stripped)
        kind = _comment_kind(body)
        if kind is not None:
            flush_group()
            if comments and comments[1] == prefix and comments[2] == kind:
                comments[3].append(body)
                out[index] = ""
            else:
                flush_comments()
                comments.extend([index, prefix, kind, [body]])
            continue
        flush_comments()
        if group and group[1] == prefix and _ONLY_STRING.fullmatch(body):
            group[3].append(body[1:-1])
            out[index] = ""
            continue
        flush_group()
        match = _KEYWORD_STRING.fullmatch(body)
        if match:
            group.extend([index, prefix, match.group(1), [match.group(2)[1:-1]]])
    flush_group()
    flush_comments()
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# obsolete entries as read

#: Attribute of an obsolete polib entry read by :func:`read_po`: ``(text as
#: read, polib's rendering when read)``; :func:`write_po` writes the text as
#: read while polib would still render the entry the same way.
OBSOLETE_TEXT = "atau_obsolete_text"


def _entry_spans(lines: list[str]) -> list[tuple[int, int, bool]]:
    """``(first line, last line + 1, obsolete)`` of each entry of a PO file's
    lines (0-based; comments belong to the entry they precede; blank lines
    to none), in file order."""
    spans: list[tuple[int, int, bool]] = []
    start = last = None
    after_msgstr = obsolete = False
    for index, line in enumerate(lines):
        line = line.strip()
        if not line:
            continue
        body, dead = (line[2:], True) if line.startswith("#~") else (line, False)
        if dead and body.startswith("|"):
            kind = "comment"
        else:
            body = body.strip()
            if not body or body.startswith("#") or (not dead and line.startswith("#")):
                kind = "comment"
            elif body.startswith("msgstr"):
                kind = "msgstr"
            elif body.startswith(("msgid_plural", '"')):
                kind = "more"
            else:  # msgctxt, msgid
                kind = "start"
        if kind in ("comment", "start") and after_msgstr:
            spans.append((start, last + 1, obsolete))
            start, after_msgstr, obsolete = None, False, False
        if start is None:
            start = index
        after_msgstr = after_msgstr or kind == "msgstr"
        obsolete = obsolete or (dead and kind != "comment")
        last = index
    if start is not None and after_msgstr:
        spans.append((start, last + 1, obsolete))
    return spans


def _keep_obsolete_text(catalog, lines: list[str], restore: dict[str, str]) -> None:
    """Give each obsolete entry of ``catalog`` its text from ``lines``
    (:data:`OBSOLETE_TEXT`); an entry whose lines cannot be told for sure
    is left to polib."""
    spans = [(a, b) for a, b, obsolete in _entry_spans(lines) if obsolete]
    entries = [e for e in catalog if e.obsolete]
    if len(spans) != len(entries):
        return
    for (start, end), entry in zip(spans, entries):
        if entry.linenum is None or not start < entry.linenum <= end:
            continue
        text = _unshielded("\n".join(lines[start:end]) + "\n", restore)
        setattr(entry, OBSOLETE_TEXT, (text, entry.__unicode__(catalog.wrapwidth)))


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
    """Write ``catalog`` as PO text: polib's, with the header comment's
    lines (none when it is empty: polib writes a lone ``#``), the header,
    the entries, then the obsolete entries, as read where :func:`read_po`
    kept their text (:data:`OBSOLETE_TEXT`) and they are unchanged. Lines
    are wrapped at the catalog's ``wrapwidth`` (78, as gettext does)."""
    parts = []
    if catalog.header:
        for line in catalog.header.split("\n"):
            parts.append("#" if not line else f"#{line}" if line[:1] in ",:" else f"# {line}")
    head = "".join(f"{line}\n" for line in parts)
    entries = [catalog.metadata_as_entry()] + [e for e in catalog if not e.obsolete]
    texts = [entry.__unicode__(catalog.wrapwidth) for entry in entries]
    for entry in catalog.obsolete_entries():
        rendered = entry.__unicode__(catalog.wrapwidth)
        kept = getattr(entry, OBSOLETE_TEXT, None)
        texts.append(kept[0] if kept is not None and kept[1] == rendered else rendered)
    fileobj.write(head + "\n".join(texts))


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

