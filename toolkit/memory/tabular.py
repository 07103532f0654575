"""Translation units as CSV: the plain exchange a spreadsheet opens.

Layout: a header row; the source and target columns are named by their
language tags (``en,ru``) or ``source,target``; optional columns
``origin`` (``human``/``machine``; default human), ``created`` (ISO 8601),
``signature``, ``glossary`` and ``note``. Written by :func:`write_csv` in that
layout (``en,ru,origin,created,signature,glossary``), UTF-8, ``\\n``
line ends, quoted where needed.

Read strictly: a UTF-8 byte-order mark is skipped; a row with a different
number of fields than the header, an unclosed quote, an unknown origin, or
no column for a language is an :class:`~toolkit.errors.InputError` with the
file and line, and nothing is imported.
"""

from __future__ import annotations

import csv
import io
import os
from typing import IO, Iterable

from ..errors import InputError
from ..langtags import normalize_tag, primary_language
from .model import MACHINE, ORIGINS, Unit

__all__ = ["read_csv", "write_csv"]

_OPTIONAL = ("origin", "created", "signature", "glossary", "note")


def read_csv(text: str, from_code: str, to_code: str, path: str | os.PathLike | None = None) -> list[Unit]:
    """Units from CSV text (see the module docs for the layout).

    Raises:
        InputError: no header, no column for a language, a row of another
            length, an unclosed quote, an unknown origin (with the line).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(f"CSV error: {exc}", path, 1) from exc
    if not header or not any(cell.strip() for cell in header):
        raise InputError("no header row (expected e.g. en,ru)", path, 1)
    names = [cell.strip() for cell in header]
    source_col = _column(names, from_code, "source")
    target_col = _column(names, to_code, "target")
    if source_col is None or target_col is None:
        missing = from_code if source_col is None else to_code
        raise InputError(f"no column for {missing!r} in the header ({', '.join(names)})", path, 1)
    optional = {name: names.index(name) for name in _OPTIONAL if name in names}
    units: list[Unit] = []
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) != len(names):
                raise InputError(f"{len(row)} fields where the header has {len(names)} "
                                 f"(an unquoted comma?)", path, line)
            source, target = row[source_col], row[target_col]
            if not source.strip() or not target.strip():
                continue
            origin = row[optional["origin"]].strip().lower() if "origin" in optional else "human"
            origin = origin or "human"
            if origin not in ORIGINS:
                raise InputError(f"unknown origin {origin!r} (expected human or machine)", path, line)
            extra = {}
            if "created" in optional and row[optional["created"]].strip():
                extra["created"] = row[optional["created"]].strip()
            meta = {"note": row[optional["note"]]} if "note" in optional and row[optional["note"]] else {}
            units.append(Unit(source, target, origin,
                              row[optional["signature"]] if "signature" in optional and origin == MACHINE else "",
                              row[optional["glossary"]] if "glossary" in optional else "", meta=meta, **extra))
    except csv.Error as exc:
        raise InputError(f"CSV error: {exc} (an unclosed quote?)", path, reader.line_num or line) from exc
    return units


def _column(names: list[str], lang: str, role: str) -> int | None:
    wanted = normalize_tag(lang)
    for i, name in enumerate(names):
        try:
            if normalize_tag(name) == wanted:
                return i
        except InputError:
            continue
    for i, name in enumerate(names):
        try:
            if primary_language(name) == primary_language(wanted):
                return i
        except InputError:
            continue
    return names.index(role) if role in names else None


def write_csv(fileobj: IO[str], units: Iterable[Unit], from_code: str, to_code: str) -> int:
    """Write units as CSV; returns how many."""
    writer = csv.writer(fileobj, lineterminator="\n")
    writer.writerow([normalize_tag(from_code), normalize_tag(to_code), "origin", "created", "signature",
                     "glossary"])
    count = 0
    for unit in units:
        writer.writerow([unit.source, unit.target, unit.origin, unit.created, unit.signature, unit.glossary])
        count += 1
    return count
