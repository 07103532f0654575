"""CSV and TSV glossaries, in the shapes that DeepL, Google Cloud Translation
and Amazon Translate accept.

Two layouts are read:

* **multilingual**: a header row of language codes, one language per column
  (Google's "equivalent term sets", Amazon Translate's custom terminology);
  optional extra columns ``id``, ``pos``, ``description``/``definition``,
  ``note``, ``subject`` are kept;
* **bilingual**: rows of ``source,target`` without header (DeepL), optionally
  with the language codes in columns 3 and 4 (DeepL's ``source,target,EN,DE``),
  else the caller names the languages.

Tolerated: a UTF-8 byte-order mark (Excel's "CSV UTF-8"), CRLF line ends,
``;`` or tab delimiters (sniffed from the first lines), quoted fields with
commas, quotes and line breaks, empty lines. Refused (an error naming the
file and line): a row with more or fewer fields than the header has columns
(2 for ``source,target``; 2, 4 or 5 for DeepL's rows): an unquoted delimiter
inside a term would shift the later columns into the wrong languages. Every
term read is a preferred term: these formats have one term per language and
no status.
"""

from __future__ import annotations

import csv
import io
import os
from typing import Iterable, Sequence

from ..errors import GlossaryError, InputError
from ..langtags import normalize_tag
from .model import Concept, Glossary, Term

__all__ = ["loads_table", "dumps_table", "sniff_delimiter"]

_EXTRA = {"id": "id", "pos": "pos", "description": "definition", "definition": "definition",
          "note": "note", "notes": "note", "subject": "subject", "domain": "subject"}


def sniff_delimiter(text: str, default: str = ",") -> str:
    """Guess the delimiter (``,``, ``;`` or tab) from the first lines of ``text``.

    A first row that is a header of language codes with one of the
    delimiters decides (so terms full of ``;`` do not mislead the guess);
    else :class:`csv.Sniffer` guesses, else the most frequent delimiter.

    >>> sniff_delimiter("en;ru\\nSenate, upper chamber;Сенат\\n")
    ';'
    """
    sample = "\n".join(text.splitlines()[:20])
    if not sample.strip():
        return default
    first = next((line for line in text.splitlines() if line.strip()), "")
    for delimiter in (",", ";", "\t"):
        try:
            cells = [cell.strip() for cell in next(csv.reader([first], delimiter=delimiter))]
        except (csv.Error, StopIteration):
            continue
        if len(cells) >= 2 and _header(cells) is not None:
            return delimiter
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t"}
        best = max(counts, key=counts.get)
        return best if counts[best] else default


def _as_tag(cell: str) -> str | None:
    """The language tag a header cell names, or None. The language subtag
    must have 2 or 3 letters (ISO 639), so that a header such as
    ``source,target`` (valid BCP 47 syntax: 5-8 letters are "registered"
    subtags, none of which exists) is not read as two languages."""
    try:
        tag = normalize_tag(cell)
    except InputError:
        return None
    if len(cell.strip()) > 12 or not 2 <= len(tag.split("-")[0]) <= 3:
        return None
    return tag


def loads_table(text: str, path: str | os.PathLike | None = None, *,
                delimiter: str | None = None, langs: Sequence[str] | None = None) -> Glossary:
    """Read a CSV/TSV glossary from text.

    Args:
        text (str): the file's decoded text.
        path: the file's name, for error messages.
        delimiter (str | None): ``","``, ``";"`` or ``"\\t"``; sniffed when None.
        langs (Sequence[str] | None): ``(source, target)`` language codes for
            a bilingual file without a header.

    Returns:
        Glossary: one concept per data row, ids made from the first term.

    Raises:
        GlossaryError: the file is empty, has no header of language codes and
            no ``langs`` were given, a header names a language twice, or a
            row has more or fewer fields than the header (an unquoted
            delimiter inside a term would shift the columns into the wrong
            languages; empty lines are skipped); the message names the file
            and line.
    """
    delimiter = delimiter or sniff_delimiter(text)
    # strict: a quote opened and never closed is an error, not a cell that
    # silently swallows the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, [cell.strip() for cell in row]))
            start = reader.line_num + 1
    except csv.Error as exc:
        hint = (" (a quote opened on this line is never closed)" if "end of data" in str(exc)
                else " (a quoted field must be followed by the delimiter)" if "expected after" in str(exc)
                else "")
        raise GlossaryError(f"CSV syntax: {exc}{hint}", path, start) from exc
    if not rows:
        raise GlossaryError("the file has no glossary rows", path)
    columns = _header(rows[0][1])
    body = rows[1:]
    if columns is None:
        deepl = [_as_tag(c) for c in rows[0][1][2:4]] if len(rows[0][1]) >= 4 else []
        if len(deepl) == 2 and all(deepl):
            columns = [deepl[0], deepl[1]]
            body = [(n, _deepl_row(r, columns, path, n)) for n, r in rows]
        elif langs and len(langs) == 2:
            columns = [normalize_tag(langs[0]), normalize_tag(langs[1])]
            # a "source,target" header row (Google's and Amazon's templates) is not a term pair
            body = rows[1:] if [c.strip().lower() for c in rows[0][1]] == ["source", "target"] else rows
        else:
            raise GlossaryError(
                "no header row of language codes (e.g. 'en,ru,kk'); for a two-column "
                "source,target file give the languages (--from/--to)", path, rows[0][0])
        expected = "a source,target row has 2"
    else:
        expected = f"the header has {len(columns)} columns"
    glossary = Glossary()
    for line, row in body:
        if len(row) != len(columns):
            raise GlossaryError(_width_message(len(row), len(columns), expected), path, line)
        concept = _row_concept(row, columns, glossary, path, line)
        if concept is not None:
            glossary.add(concept)
    return glossary


def _fields(n: int) -> str:
    return f"{n} field" if n == 1 else f"{n} fields"


def _width_message(found: int, wanted: int, expected: str) -> str:
    """The error for a row of ``found`` fields where ``wanted`` were due: an
    unquoted delimiter inside a term shifts every later column, so the row is
    refused rather than read into the wrong languages."""
    hint = ("quote fields that contain the delimiter" if found > wanted
            else "keep an empty field for a missing term")
    return f"{_fields(found)} but {expected} ({hint})"


def _deepl_row(row: list[str], columns: list[str], path, line: int) -> list[str]:
    """The ``source,target`` of a DeepL row: ``source,target``, or
    ``source,target,SRC,TGT`` with the languages of the first row, plus
    optionally a fifth column (the relevance score of DeepL's glossary
    generator export)."""
    if len(row) == 2 or (len(row) in (4, 5) and [_as_tag(c) for c in row[2:4]] == columns):
        return row[:2]
    raise GlossaryError(
        f"{_fields(len(row))} but a DeepL row is source,target or source,target,"
        f"{columns[0].upper()},{columns[1].upper()} (quote fields that contain the delimiter)", path, line)


def _header(row: list[str]) -> list[str] | None:
    columns: list[str] = []
    languages = 0
    for cell in row:
        key = cell.lower()
        if key in _EXTRA:
            columns.append("#" + _EXTRA[key])
            continue
        tag = _as_tag(cell)
        if tag is None:
            return None
        columns.append(tag)
        languages += 1
    if languages == 0:
        return None
    langs = [c for c in columns if not c.startswith("#")]
    if len(set(langs)) != len(langs):
        return None
    return columns


def _row_concept(row: list[str], columns: list[str], glossary: Glossary,
                 path, line: int) -> Concept | None:
    try:
        return _make_concept(row, columns, glossary)
    except GlossaryError as exc:
        raise GlossaryError(exc.message, path, line) from exc


def _make_concept(row: list[str], columns: list[str], glossary: Glossary) -> Concept | None:
    values: dict[str, str] = {}
    terms: list[Term] = []
    pos = None
    for column, cell in zip(columns, row):
        if not cell:
            continue
        if column == "#pos":
            pos = cell
        elif column.startswith("#"):
            values[column[1:]] = cell
        else:
            terms.append(Term(cell, column))
    if not terms:
        return None
    if pos:
        terms = [Term(t.text, t.lang, pos=pos) for t in terms]
    concept_id = values.pop("id", None) or glossary.new_id(terms[0].text)
    return Concept(concept_id, tuple(terms), **values)


def dumps_table(glossary: Glossary, langs: Iterable[str] | None = None, *,
                delimiter: str = ",", ids: bool = False) -> str:
    """Write a multilingual CSV/TSV: a header row of language codes, then one
    row per concept with its preferred term in each language (empty where it
    has none). Concepts with no term in any of ``langs`` are left out.

    Args:
        glossary: the termbase.
        langs: language codes in column order; default: all, most used first.
        delimiter (str): ``","`` for CSV, ``"\\t"`` for TSV.
        ids (bool): add a first ``id`` column (Google and Amazon ignore
            nothing: leave it off for files meant for them).

    Returns:
        str: the text, ``\\r\\n`` line ends as RFC 4180 has them.

    Raises:
        GlossaryError: a term that would not read back as it is: an empty
            term, or one with leading or trailing whitespace (readers strip
            cells). Nothing is written.
    """
    langs = [normalize_tag(lang) for lang in (langs or glossary.languages())]
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow((["id"] if ids else []) + langs)
    for concept in glossary:
        cells = []
        for lang in langs:
            term = concept.preferred(lang)
            if term is not None and (not term.text or term.text != term.text.strip()):
                problem = "is empty" if not term.text.strip() else "has leading or trailing whitespace"
                raise GlossaryError(f"concept {concept.id!r}: the {lang} term {term.text!r} {problem}, "
                                    "which CSV/TSV cannot keep; fix it (atau glossary validate) "
                                    "or export TBX or JSON")
            cells.append(term.text if term else "")
        if any(cells):
            writer.writerow(([concept.id] if ids else []) + cells)
    return out.getvalue()
