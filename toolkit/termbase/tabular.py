"""CSV and TSV glossaries, in the shapes that DeepL, Google Cloud Translation,
Amazon Translate and Weblate use.

Three layouts are read:

* **multilingual**: a header row of language codes, one language per column
  (Google's "equivalent term sets", Amazon Translate's custom terminology);
  optional extra columns ``id``, ``pos``, ``description``/``definition``,
  ``note``, ``subject`` are kept;
* **bilingual**: rows of ``source,target`` without header (DeepL), optionally
  with the language codes in columns 3 and 4 (DeepL's ``source,target,EN,DE``),
  else the caller names the languages;
* **Weblate**: the header ``location,source,target,id,fuzzy,context,
  translator_comments,developer_comments`` of Weblate's CSV export (columns in
  any order; ``source`` and ``target`` required); the caller names the two
  languages, which the file does not. ``developer_comments`` becomes the
  definition, ``translator_comments`` the target term's note, ``context`` the
  concept's note; a ``fuzzy`` translation is imported as an admitted term
  noted "to be checked" (``atau glossary validate --review`` lists it).

The same source term on several rows (the same English term twice, with the
same or another Russian term) is one concept, never two: :func:`group_rows`
merges such rows with :func:`toolkit.termbase.merge.merge_into` and reports
the rows that disagree (a :class:`FileConflict`), resolved as the caller's
``on_conflict`` says. Rows with different source terms stay apart even when
they share a target term (synonyms: "Senate" and "Upper House" are both
"Сенат"); merging into a termbase decides about those.

Limits (:mod:`toolkit.limits`): at most ``MAX_LANGUAGES`` (100) language
columns, ``MAX_FIELD_CHARS`` (131,072) characters a field.

Tolerated: a UTF-8 byte-order mark (Excel's "CSV UTF-8"), CRLF line ends,
``;`` or tab delimiters (sniffed from the first lines), quoted fields with
commas, quotes and line breaks, empty lines. Refused (an error naming the
file and line): a row with more or fewer fields than the header has columns
(2 for ``source,target``; 2, 4 or 5 for DeepL's rows): an unquoted delimiter
inside a term would shift the later columns into the wrong languages. Every
term read is a preferred term (Weblate's fuzzy ones aside): these formats have
one term per language and no status.

Written: the multilingual layout with a header (:func:`dumps_table`) and
DeepL's headerless ``source,target`` rows (:func:`dumps_deepl`).
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, replace
from typing import Iterable, Literal, Sequence

from .. import limits
from ..errors import ConflictError, GlossaryError, InputError
from ..i18n import _
from ..langtags import normalize_tag
from .merge import Conflict
from .model import Concept, Glossary, Term, fold

__all__ = ["loads_table", "read_rows", "dumps_table", "dumps_deepl", "sniff_delimiter", "Row",
           "FileConflict", "group_rows", "WEBLATE_COLUMNS"]

#: The columns of Weblate's CSV export (``location`` ... ``developer_comments``).
WEBLATE_COLUMNS = ("location", "source", "target", "id", "fuzzy", "context",
                   "translator_comments", "developer_comments")
#: The note of a term that was fuzzy (unreviewed) in the file it came from.
FUZZY_NOTE = "fuzzy in the imported file: to be checked"


@dataclass(frozen=True)
class Row:
    """One glossary row of a file, as a concept.

    Attributes:
        line (int): 1-based line of the row in its file.
        concept (Concept): the row's terms and fields; its id is the file's
            own when ``explicit_id``, else made from the first term.
        key (tuple): what makes two rows one concept: the explicit id, else
            the language and folded text of the row's first term (and a
            Weblate context or PO msgctxt, which tell homonyms apart).
        explicit_id (bool): the id comes from the file (an ``id`` column, a
            PO comment), not from the term.
    """

    line: int
    concept: Concept
    key: tuple
    explicit_id: bool = False


@dataclass(frozen=True)
class FileConflict:
    """Two rows of one file that give the same source term different data.

    Attributes:
        line (int): the later row's line.
        first_line (int): the line of the row it disagrees with.
        conflict (Conflict): what differs (``existing``: the earlier row's
            value, ``incoming``: the later row's).
    """

    line: int
    first_line: int
    conflict: Conflict

    def __str__(self) -> str:
        c = self.conflict
        where = c.concept_id + (f" [{c.lang}]" if c.lang else "")
        return _("line {line}: {where}: {field} {incoming!r} differs from {existing!r} on line {first}").format(
            line=self.line, where=where, field=c.field, incoming=c.incoming, existing=c.existing,
            first=self.first_line)

    def to_dict(self) -> dict:
        return {"line": self.line, "first_line": self.first_line, **self.conflict.to_dict()}


def group_rows(rows: Iterable[Row], path: str | os.PathLike | None = None,
               on_conflict: Literal["keep", "replace", "fail"] = "fail") -> tuple[Glossary, list[FileConflict]]:
    """Make a glossary of a file's rows, rows with the same key being one
    concept (merged with :func:`toolkit.termbase.merge.merge_into`).

    Args:
        rows: the rows in file order.
        path: the file, for error messages.
        on_conflict: for rows that disagree (the same English term with
            another Russian one): ``keep`` the earlier row's data, ``replace``
            it with the later row's (the earlier preferred term stays as an
            admitted one), or ``fail``.

    Returns:
        tuple[Glossary, list[FileConflict]]: one concept per key, in the order
        of first appearance; the disagreements found (resolved as asked).

    Raises:
        ConflictError: ``on_conflict="fail"`` and rows disagree; the message
            names the file, the lines and what differs.
    """
    from .merge import merge_into

    mode = "keep" if on_conflict == "fail" else on_conflict
    rows = list(rows)
    used = {row.concept.id for row in rows if row.explicit_id}
    groups: dict[tuple, tuple[int, Glossary]] = {}
    conflicts: list[FileConflict] = []
    for row in rows:
        found = groups.get(row.key)
        if found is None:
            concept = row.concept
            if not row.explicit_id:
                concept = replace(concept, id=_fresh_id(concept.id, used))
            used.add(concept.id)
            groups[row.key] = (row.line, Glossary([concept]))
            continue
        first_line, group = found
        (existing,) = list(group)
        report = merge_into(group, [replace(row.concept, id=existing.id)], on_conflict=mode)
        conflicts.extend(FileConflict(row.line, first_line, c) for c in report.conflicts)
    if conflicts and on_conflict == "fail":
        shown = "; ".join(str(c) for c in conflicts[:3])
        more = _(" (and {n} more)").format(n=len(conflicts) - 3) if len(conflicts) > 3 else ""
        raise ConflictError(
            _("{n} row(s) give a term another translation than an earlier row: {shown}{more}; "
              "choose --on-conflict keep (the earlier row) or replace (the later one)").format(
                n=len(conflicts), shown=shown, more=more),
            conflicts=[c.conflict for c in conflicts], path=path)
    return Glossary(concept for _line, group in groups.values() for concept in group), conflicts


def _fresh_id(base: str, used: set[str]) -> str:
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def row_key(concept: Concept, *extra: str | None) -> tuple:
    """The grouping key of a row without an explicit id: its first term's
    language and folded text, and ``extra`` (a context)."""
    first = concept.terms[0]
    return ("term", first.lang, fold(first.text), *(e or "" for e in extra))

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
                delimiter: str | None = None, langs: Sequence[str] | None = None,
                on_conflict: Literal["keep", "replace", "fail"] = "fail") -> Glossary:
    """Read a CSV/TSV glossary from text: :func:`read_rows`, then
    :func:`group_rows` (rows with the same source term are one concept).

    Raises:
        GlossaryError: as :func:`read_rows`.
        ConflictError: rows disagree and ``on_conflict="fail"``.
    """
    return group_rows(read_rows(text, path, delimiter=delimiter, langs=langs), path, on_conflict)[0]


def read_rows(text: str, path: str | os.PathLike | None = None, *,
              delimiter: str | None = None, langs: Sequence[str] | None = None) -> list[Row]:
    """Read the rows of a CSV/TSV glossary from text.

    Args:
        text (str): the file's decoded text.
        path: the file's name, for error messages.
        delimiter (str | None): ``","``, ``";"`` or ``"\\t"``; sniffed when None.
        langs (Sequence[str] | None): ``(source, target)`` language codes for
            a bilingual file without a header, or for a Weblate file.

    Returns:
        list[Row]: one row per data row with a term, in file order.

    Raises:
        GlossaryError: the file is empty, has no header of language codes and
            no ``langs`` were given (also for a Weblate file), a header names a
            language twice, or a row has more or fewer fields than the header
            (an unquoted delimiter inside a term would shift the columns into
            the wrong languages; empty lines are skipped); the message names
            the file and line.
    """
    delimiter = delimiter or sniff_delimiter(text)
    # strict: a quote opened and never closed is an error, not a cell that
    # silently swallows the rest of the file.
    if csv.field_size_limit() != limits.MAX_FIELD_CHARS:
        csv.field_size_limit(limits.MAX_FIELD_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, [cell.strip() for cell in row]))
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise GlossaryError(_("a field of more than {n:,} characters: not a glossary term "
                                  "(Atau's limit for one field)").format(n=limits.MAX_FIELD_CHARS),
                                path, start) from exc
        hint = (_(" (a quote opened on this line is never closed)") if "end of data" in str(exc)
                else _(" (a quoted field must be followed by the delimiter)") if "expected after" in str(exc)
                else "")
        raise GlossaryError(_("CSV syntax: {error}{hint}").format(error=exc, hint=hint), path, start) from exc
    if not rows:
        raise GlossaryError(_("the file has no glossary rows"), path)
    weblate = _weblate_header(rows[0][1])
    if weblate is not None:
        return _weblate_rows(rows[0][0], weblate, rows[1:], path, langs)
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
                _("no header row of language codes (e.g. 'en,ru,kk'); for a two-column "
                  "source,target file give the languages (--from/--to)"), path, rows[0][0])
        expected = _("a source,target row has 2")
    else:
        languages = sum(1 for c in columns if not c.startswith("#"))
        if languages > limits.MAX_LANGUAGES:
            raise GlossaryError(_("the header names {n:,} languages; a glossary has at most {limit}").format(
                n=languages, limit=limits.MAX_LANGUAGES), path, rows[0][0])
        from ..langtags import check_language

        for column in columns:
            if not column.startswith("#"):
                try:  # a language nobody knows ('xx') would be a column no command can name
                    check_language(column)
                except InputError as exc:
                    raise GlossaryError(str(exc), path, rows[0][0]) from None
        if not body:
            raise GlossaryError(_("the file has a header row and no glossary rows"), path, rows[0][0])
        expected = _("the header has {n} columns").format(n=len(columns))
    out: list[Row] = []
    for line, row in body:
        if len(row) != len(columns):
            raise GlossaryError(_width_message(len(row), len(columns), expected), path, line)
        made = _row_concept(row, columns, path, line)
        if made is not None:
            concept, explicit = made
            key = ("id", concept.id) if explicit else row_key(concept)
            out.append(Row(line, concept, key, explicit))
    return out


def _weblate_header(row: list[str]) -> list[str] | None:
    """The column names of a Weblate CSV header (``location,source,target,...``),
    or None when ``row`` is not one."""
    names = [cell.strip().lower() for cell in row]
    if "source" in names and "target" in names and set(names) <= set(WEBLATE_COLUMNS) and len(names) >= 3:
        return names
    return None


def _weblate_rows(header_line: int, names: list[str], body: list[tuple[int, list[str]]], path,
                  langs: Sequence[str] | None) -> list[Row]:
    if not langs or len(langs) != 2:
        raise GlossaryError(_("a Weblate CSV file does not say its languages; give them with "
                              "--from and --to"), path, header_line)
    source, target = normalize_tag(langs[0]), normalize_tag(langs[1])
    expected = _("the header has {n} columns").format(n=len(names))
    out: list[Row] = []
    for line, row in body:
        if len(row) != len(names):
            raise GlossaryError(_width_message(len(row), len(names), expected), path, line)
        cell = dict(zip(names, row))
        if not cell["source"]:
            continue
        fuzzy = cell.get("fuzzy", "").lower() in ("true", "1", "yes")
        try:
            terms = [Term(cell["source"], source)]
            if cell["target"]:
                note = cell.get("translator_comments") or None
                if fuzzy:
                    note = f"{note}; {FUZZY_NOTE}" if note else FUZZY_NOTE
                terms.append(Term(cell["target"], target, status="admitted" if fuzzy else "preferred",
                                  note=note))
            context = cell.get("context") or None
            concept = Concept(_slug_id(cell["source"]), tuple(terms),
                              definition=cell.get("developer_comments") or None,
                              note=f"context: {context}" if context else None)
        except GlossaryError as exc:
            raise GlossaryError(exc.message, path, line) from exc
        out.append(Row(line, concept, row_key(concept, context)))
    return out


def _slug_id(text: str) -> str:
    from .model import slugify

    return slugify(text)


def _fields(n: int) -> str:
    from ..i18n import ngettext

    return ngettext("{n} field", "{n} fields", n).format(n=n)


def _width_message(found: int, wanted: int, expected: str) -> str:
    """The error for a row of ``found`` fields where ``wanted`` were due: an
    unquoted delimiter inside a term shifts every later column, so the row is
    refused rather than read into the wrong languages."""
    hint = (_("quote fields that contain the delimiter") if found > wanted
            else _("keep an empty field for a missing term"))
    return _("{fields} but {expected} ({hint})").format(fields=_fields(found), expected=expected, hint=hint)


def _deepl_row(row: list[str], columns: list[str], path, line: int) -> list[str]:
    """The ``source,target`` of a DeepL row: ``source,target``, or
    ``source,target,SRC,TGT`` with the languages of the first row, plus
    optionally a fifth column (the relevance score of DeepL's glossary
    generator export)."""
    if len(row) == 2 or (len(row) in (4, 5) and [_as_tag(c) for c in row[2:4]] == columns):
        return row[:2]
    raise GlossaryError(
        _("{fields} but a DeepL row is source,target or source,target,{src},{tgt} "
          "(quote fields that contain the delimiter)").format(
            fields=_fields(len(row)), src=columns[0].upper(), tgt=columns[1].upper()), path, line)


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


def _row_concept(row: list[str], columns: list[str], path, line: int) -> tuple[Concept, bool] | None:
    try:
        return _make_concept(row, columns)
    except GlossaryError as exc:
        raise GlossaryError(exc.message, path, line) from exc


def _make_concept(row: list[str], columns: list[str]) -> tuple[Concept, bool] | None:
    """The concept of a multilingual row and whether its id is the file's
    own (an ``id`` column), or None for a row without terms."""
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
    explicit = values.pop("id", None)
    return Concept(explicit or _slug_id(terms[0].text), tuple(terms), **values), explicit is not None


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
                raise GlossaryError(_unkeepable(concept, term))
            cells.append(term.text if term else "")
        if any(cells):
            writer.writerow(([concept.id] if ids else []) + cells)
    return out.getvalue()


def _unkeepable(concept: Concept, term: Term) -> str:
    if not term.text.strip():
        return _("concept {id!r}: the {lang} term {text!r} is empty, which CSV/TSV cannot keep; "
                 "fix it (atau glossary validate) or export TBX or JSON").format(
            id=concept.id, lang=term.lang, text=term.text)
    return _("concept {id!r}: the {lang} term {text!r} has leading or trailing whitespace, which "
             "CSV/TSV cannot keep; fix it (atau glossary validate) or export TBX or JSON").format(
        id=concept.id, lang=term.lang, text=term.text)


def dumps_deepl(glossary: Glossary, source: str, target: str) -> tuple[str, list[str]]:
    """DeepL's glossary CSV: one entry per line, ``source,target``, no header
    row (DeepL would import a header ``en,ru`` as an entry), ``\\n`` line
    ends, fields quoted only when needed.

    A row per concept with a preferred (else admitted) term in both
    languages. DeepL refuses a source term given twice, so a concept whose
    source term an earlier concept already has is left out (a homonym; the
    first concept wins) and named in the returned list.

    Args:
        glossary: the termbase.
        source (str), target (str): the two languages (``ru`` includes ``ru-RU``).

    Returns:
        tuple[str, list[str]]: the text, and the ids of concepts left out as
        duplicates.

    Raises:
        GlossaryError: a term with leading or trailing whitespace (DeepL
            strips it); nothing is written.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    seen: set[str] = set()
    left_out: list[str] = []
    for concept in glossary:
        pair = (concept.preferred(source), concept.preferred(target))
        if pair[0] is None or pair[1] is None:
            continue
        for term in pair:
            if not term.text.strip() or term.text != term.text.strip():
                raise GlossaryError(_unkeepable(concept, term))
        key = fold(pair[0].text)
        if key in seen:
            left_out.append(concept.id)
            continue
        seen.add(key)
        writer.writerow([pair[0].text, pair[1].text])
    return out.getvalue(), left_out
