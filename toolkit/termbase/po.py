"""PO glossaries: a gettext catalog read as a bilingual term list.

``atau catalog build`` writes the glossary as one PO file per target
language, and Weblate keeps glossaries as PO files too: msgid is the source
term, msgstr the target term. This module reads such a file into glossary
rows (:class:`toolkit.termbase.tabular.Row`) with polib, on its own: it does
not use :mod:`toolkit.gettext`, which handles catalogs of messages.

What is read:

* msgid: the source term (language ``source``, default ``en``), preferred;
* msgstr (``msgstr[0]`` of a plural entry): the target term (language from
  the ``target`` argument, else the header's ``Language``), preferred; a
  fuzzy entry's msgstr is an admitted term noted "to be checked";
  an empty msgstr gives the source term alone;
* an extracted comment ``concept: ID (SUBJECT)`` (what ``atau catalog
  build`` writes) gives the concept id and subject, so a re-imported catalog
  merges into the same concepts; else msgctxt tells homonyms apart;
* the header entry and obsolete (``#~``) entries are skipped.

Charset: UTF-8 (with or without BOM), UTF-16 with BOM, or the charset the
header's ``Content-Type`` declares (e.g. ``CP1251``).
"""

from __future__ import annotations

import codecs
import os
import re
from typing import Sequence

from ..errors import GlossaryError, InputError
from ..fileio import decode_text
from ..i18n import _
from ..langtags import normalize_tag
from .model import Concept, Term
from .tabular import FUZZY_NOTE, Row, row_key

__all__ = ["read_po_rows"]

_CHARSET = re.compile(rb"charset=([A-Za-z0-9._-]+)")
_CONCEPT = re.compile(r"^concept: ([A-Za-z_][\w.\-]*)(?: \((.+)\))?$")
_SYNTAX = re.compile(r"\(line (\d+)\)")
# A line of a PO file outside comments: a keyword and a string, or a string
# continued (gettext's PO grammar; polib lets some broken lines pass).
_PO_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"')


def _decode(data: bytes, path) -> str:
    """The PO file's text: in its declared charset when that is not UTF-8."""
    declared = _CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = declared.group(1).decode("ascii").lower()
        if name.replace("_", "-") not in ("utf-8", "utf8", "charset"):
            try:
                codecs.lookup(name)
            except LookupError:
                raise GlossaryError(_("the PO header declares the unknown charset {charset!r}; "
                                      "save the file as UTF-8").format(charset=name), path) from None
            try:
                return data.decode(name)
            except UnicodeDecodeError as exc:
                line = data[: exc.start].count(b"\n") + 1
                raise GlossaryError(_("the bytes are not {charset} as the header declares; "
                                      "save the file as UTF-8").format(charset=name), path, line) from exc
    return decode_text(data, path)


def read_po_rows(data: bytes, path: str | os.PathLike | None = None,
                 langs: Sequence[str | None] | None = None) -> list[Row]:
    """Read a PO glossary's entries as rows.

    Args:
        data (bytes): the file's content.
        path: the file's name, for error messages.
        langs: ``(source, target)``; ``None`` in either place: ``en`` for the
            source, the header's ``Language`` for the target.

    Returns:
        list[Row]: one row per translatable entry, in file order (line: the
        entry's msgid line).

    Raises:
        GlossaryError: undecodable bytes, a PO syntax error (with its line),
            no target language (neither given nor in the header), or a
            term that is not valid (with its line).
    """
    import polib

    text = _decode(data, path)
    if "\x00" in text:
        raise GlossaryError(_("the file holds NUL bytes: not a PO file"), path)
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not _PO_LINE.fullmatch(stripped):
            what = _("unterminated string") if stripped.count('"') % 2 else _("not a PO keyword or string")
            raise GlossaryError(_("PO syntax error: {what}: {line!r}").format(what=what, line=stripped[:40]),
                                path, number)
    # polib takes a string without a line break for a file name: never let it.
    try:
        catalog = polib.pofile(text if "\n" in text else text + "\n", check_for_duplicates=False)
    except (OSError, ValueError) as exc:
        found = _SYNTAX.search(str(exc))
        raise GlossaryError(_("PO syntax error"), path, int(found.group(1)) if found else None) from exc
    source, target = (list(langs or ()) + [None, None])[:2]
    target = target or catalog.metadata.get("Language") or None
    if not target:
        raise GlossaryError(_("the PO file has no Language header; give the target language with --to"), path)
    try:
        source, target = normalize_tag(source or "en"), normalize_tag(target)
    except InputError as exc:
        raise GlossaryError(exc.message, path) from exc
    rows: list[Row] = []
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        line = entry.linenum
        msgstr = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        fuzzy = "fuzzy" in entry.flags
        concept_id, subject = None, None
        for comment in (entry.comment or "").splitlines():
            found = _CONCEPT.match(comment.strip())
            if found:
                concept_id, subject = found.group(1), found.group(2)
                break
        try:
            terms = [Term(" ".join(entry.msgid.split()), source)]
            if msgstr.strip():
                terms.append(Term(" ".join(msgstr.split()), target,
                                  status="admitted" if fuzzy else "preferred",
                                  note=FUZZY_NOTE if fuzzy else None))
            from .model import slugify

            concept = Concept(concept_id or slugify(terms[0].text), tuple(terms), subject=subject)
        except GlossaryError as exc:
            raise GlossaryError(exc.message, path, line) from exc
        if concept_id:
            rows.append(Row(line, concept, ("id", concept_id), explicit_id=True))
        else:
            rows.append(Row(line, concept, row_key(concept, entry.msgctxt)))
    return rows
