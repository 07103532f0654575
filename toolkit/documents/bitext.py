"""Aligned source/target segments from files: line-aligned plain text (one
segment per line, as sacrebleu reads it), a PO file (msgid is the source,
msgstr the target) or an XLIFF 1.2/2.0 file (every unit with a target; the
target keeps its inline codes as tags, :mod:`toolkit.documents.xliff`).

:class:`Bitext` remembers what is needed to write the targets back in the
same shape: the line endings of every line and the final newline of a text
file, or the whole catalog of a PO file.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from ..errors import InputError
from ..fileio import decode_text, read_text

__all__ = ["Bitext", "read_bitext", "read_lines", "split_lines", "join_lines"]


def split_lines(text: str) -> tuple[list[str], list[str]]:
    """Cut ``text`` into lines and their endings (``"\\n"``, ``"\\r\\n"``, or
    ``""`` for a last line without one). ``join_lines`` undoes it exactly."""
    lines, endings = [], []
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append(body)
        endings.append(raw[len(body):])
    return lines, endings


def join_lines(lines: Sequence[str], endings: Sequence[str]) -> str:
    """Inverse of :func:`split_lines`."""
    return "".join(line + end for line, end in zip(lines, endings))


@dataclass
class Bitext:
    """Aligned segments and how to write the targets back.

    Attributes:
        sources (list[str]), targets (list[str]): aligned segments.
        kind (str): ``"lines"``, ``"po"`` or ``"xliff"``.
        endings (list[str]): line endings of the target file (``lines``).
        catalog: the polib POFile (``po``).
        slots (list[tuple]): for ``po``, where each segment lives:
            ``(entry, plural_index_or_None)``.
        originals (list[str]): for ``lines``, the target lines exactly as in
            the file (``targets`` are in NFC); :meth:`render` writes these
            back where a segment is unchanged.
        pairs: for ``xliff``, the :class:`toolkit.documents.xliff.Pairs`.
    """

    sources: list[str]
    targets: list[str]
    kind: str = "lines"
    endings: list[str] = field(default_factory=list)
    catalog: Any = None
    slots: list = field(default_factory=list)
    originals: list[str] = field(default_factory=list)
    pairs: Any = None

    def line_of(self, index: int) -> int:
        """The 1-based line of the target file where segment ``index`` is:
        ``index + 1`` for line-aligned text, the entry's first line for PO."""
        if self.kind == "po":
            entry = self.slots[index][0]
            return getattr(entry, "linenum", None) or index + 1
        if self.kind == "xliff":
            return self.pairs.lines[index] or index + 1
        return index + 1

    def render(self, targets: Sequence[str]) -> str:
        """The target file's text with ``targets`` in place of the segments.

        Raises:
            InputError: ``targets`` has another length than :attr:`targets`.
        """
        if len(targets) != len(self.targets):
            raise InputError(f"expected {len(self.targets)} segments, got {len(targets)}")
        if self.kind == "xliff":
            return self.pairs.render(list(targets))
        if self.kind == "lines":
            originals = self.originals or self.targets
            return join_lines([original if new == old else new for new, old, original
                               in zip(targets, self.targets, originals)], self.endings)
        for (entry, plural), text in zip(self.slots, targets):
            if plural is None:
                entry.msgstr = text
            else:
                entry.msgstr_plural[plural] = text
        return str(self.catalog) if str(self.catalog).endswith("\n") else str(self.catalog) + "\n"


def read_lines(path: str | os.PathLike, *, nfc: bool = True) -> tuple[list[str], list[str]]:
    """The lines of a text file (``"-"``: standard input) and their endings
    (:func:`split_lines`), in NFC unless ``nfc`` is False.

    Raises:
        InputError: unreadable or not UTF-8 (with line and column).
    """
    if str(path) == "-":
        import sys

        from ..fileio import read_stream

        return split_lines(decode_text(read_stream(sys.stdin.buffer), "<stdin>", nfc=nfc))
    return split_lines(read_text(path, nfc=nfc))


def read_po(path: str | os.PathLike):
    """Parse a PO file (:func:`toolkit.gettext.po.read_po`: UTF-8 or the
    header's charset; written back unwrapped).

    Raises:
        InputError: unreadable file, PO syntax error or duplicate entry
            (with the line).
    """
    import io

    from ..gettext.po import read_po as parse_po
    from ..fileio import read_bytes

    return parse_po(io.BytesIO(read_bytes(path)), path, wrapwidth=0)


def read_bitext(target: str | os.PathLike, source: str | os.PathLike | None = None) -> Bitext:
    """Read aligned segments.

    Args:
        target: a plain-text file (one segment per line), a ``.po`` file or
            an XLIFF file (``.xlf``, ``.xliff``).
        source: for plain text, the source file with the same number of
            lines; ignored (may be None) for PO and XLIFF, which hold the source.

    Returns:
        Bitext: for PO, every translated entry that is not obsolete (fuzzy
        ones included); a plural entry gives one segment per msgstr[n],
        msgstr[0] with msgid as source, the others with msgid_plural.

    Raises:
        InputError: missing files, non-UTF-8 text, PO syntax errors, or
            line counts that differ.
    """
    if Path(target).suffix.lower() in (".xlf", ".xliff"):
        from .xliff import read_pairs

        try:
            pairs = read_pairs(read_text(target))
        except InputError as exc:
            raise InputError(exc.message, target, exc.line, exc.column) from exc
        return Bitext(list(pairs.sources), list(pairs.targets), "xliff", pairs=pairs)
    if Path(target).suffix.lower() in (".po", ".pot"):
        catalog = read_po(target)
        sources, targets, slots = [], [], []
        for entry in catalog:
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                for n in sorted(entry.msgstr_plural):
                    if entry.msgstr_plural[n]:
                        sources.append(entry.msgid if n == 0 else entry.msgid_plural)
                        targets.append(entry.msgstr_plural[n])
                        slots.append((entry, n))
            elif entry.msgstr:
                sources.append(entry.msgid)
                targets.append(entry.msgstr)
                slots.append((entry, None))
        return Bitext(sources, targets, "po", catalog=catalog, slots=slots)
    if source is None:
        raise InputError("a plain-text target needs --source (one segment per line)", target)
    if str(source) == "-" and str(target) == "-":
        raise InputError("only one of --source and --target can be standard input (-)")
    source_lines, _ = read_lines(source)
    originals, endings = read_lines(target, nfc=False)
    target_lines = [unicodedata.normalize("NFC", line) for line in originals]
    if len(source_lines) != len(target_lines):
        raise InputError(f"{source} has {len(source_lines)} lines but {target} has {len(target_lines)}; "
                         "files must be line-aligned (one segment per line)")
    return Bitext(source_lines, target_lines, "lines", endings=endings, originals=originals)
