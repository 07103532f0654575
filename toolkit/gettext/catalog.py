"""Gettext catalogs: glossary catalogs, documents as PO files for
post-editing, machine pre-translation of POT files, and QA of catalogs.

PO and MO files are read and written with polib; locale data (plural rules,
language names) comes from babel's CLDR data. Words are gettext's own:
msgid, msgstr, msgctxt, msgid_plural, msgstr[n], fuzzy, obsolete.

Four jobs:

* :func:`glossary_catalog` turns the termbase into a catalog per target
  language (msgid: English preferred term; msgstr: preferred target term;
  extracted comments: definition, notes, admitted and forbidden variants), so
  the glossary can be used by any gettext tool or translation memory;
  :func:`write_glossary_catalogs` writes the ``.po`` and ``.mo`` files
  byte-for-byte reproducibly.
* :func:`document_to_po` makes a PO file of a document, one entry per
  sentence (msgctxt ``"p3.s2"``: paragraph 3, sentence 2), with glossary
  hints; :func:`po_to_document` rebuilds the translated document after
  post-editing. The document's layout travels in the PO header
  (:data:`LAYOUT_FIELD`), so nothing else is needed.
* :func:`pretranslate` fills untranslated entries of a catalog with machine
  translation through any function ``translate_texts(list[str]) ->
  list[str]`` (:data:`TranslateTexts`), keeping placeholders intact
  (:mod:`toolkit.gettext.placeholders`), filling every plural form the language needs,
  and marking the results fuzzy. A translated entry is never changed.
* :func:`check_catalog` reports placeholder, plural and glossary problems as
  :class:`Finding` records.
"""

from __future__ import annotations

import base64
import functools
import gettext
import io
import json
import os
import re
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable, Iterable, Sequence

from .. import __version__
from ..errors import InputError
from ..fileio import atomic_write, decode_text, read_bytes
from ..langtags import normalize_tag, tag_matches
from ..termbase.model import Concept, Glossary, Term

if TYPE_CHECKING:
    import polib

__all__ = [
    "LAYOUT_FIELD",
    "TranslateTexts",
    "decode_po",
    "read_po",
    "write_po",
    "write_mo",
    "load_po",
    "save_po",
    "plural_forms",
    "plural_examples",
    "locale_headers",
    "glossary_catalog",
    "write_glossary_catalogs",
    "TermHit",
    "glossary_terms_in",
    "glossary_comments",
    "document_to_po",
    "po_to_document",
    "Untranslated",
    "AppliedDocument",
    "new_catalog",
    "update_catalog",
    "pretranslate",
    "enforce_glossary",
    "EntryRepair",
    "PretranslateReport",
    "Finding",
    "check_catalog",
    "glossary_findings",
]

#: Header field holding a document's layout in a PO made by :func:`document_to_po`.
LAYOUT_FIELD = "X-Atau-Layout"
#: ``translate_texts(texts) -> translations``, one per text, in order.
TranslateTexts = Callable[[list[str]], list[str]]

_GENERATOR = f"Atau {__version__}"
_PO_LINE = re.compile(
    r'(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])?\s*"(?:[^"\\]|\\.)*"\s*')


# --------------------------------------------------------------------------
# reading and writing


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


# --------------------------------------------------------------------------
# locales


def _locale(lang: str):
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(normalize_tag(lang), sep="-")
    except (UnknownLocaleError, ValueError) as exc:
        raise InputError(f"unknown language {lang!r} (no CLDR data)") from exc


def plural_forms(lang: str) -> tuple[int, str]:
    """gettext's plural rule for ``lang`` from babel's CLDR data.

    Returns:
        tuple[int, str]: ``(nplurals, plural expression)``.

    >>> plural_forms("kk")
    (2, '(n != 1)')
    >>> plural_forms("ru")[0]
    3
    """
    from babel.messages.plurals import get_plural

    locale = _locale(lang)
    rule = get_plural(locale)
    return rule.num_plurals, rule.plural_expr


def plural_examples(lang: str) -> list[tuple[int, str, int]]:
    """One representative number per plural form of ``lang``.

    Returns:
        list[tuple[int, str, int]]: ``(form index, CLDR category, number)``
        for each msgstr[index]: the smallest positive number that selects the
        form (babel's CLDR rule names the category).

    >>> plural_examples("ru")
    [(0, 'one', 1), (1, 'few', 2), (2, 'many', 5)]
    >>> plural_examples("kk")
    [(0, 'one', 1), (1, 'other', 2)]
    """
    count, expr = plural_forms(lang)
    choose = gettext.c2py(expr)
    locale = _locale(lang)
    out = []
    for index in range(count):
        number = next((n for n in range(1, 1000) if choose(n) == index),
                      next((n for n in range(1000) if choose(n) == index), 0))
        out.append((index, locale.plural_form(number), number))
    return out


def _numbers_of_form(lang: str, index: int, limit: int = 200) -> list[int]:
    count, expr = plural_forms(lang)
    choose = gettext.c2py(expr)
    return [n for n in range(limit) if choose(n) == index]


def locale_headers(lang: str) -> dict[str, str]:
    """Header fields that depend on the language: ``Language``,
    ``Plural-Forms`` (CLDR via babel), ``MIME-Version``, ``Content-Type``
    (UTF-8), ``Content-Transfer-Encoding``.

    >>> locale_headers("kk")["Plural-Forms"]
    'nplurals=2; plural=(n != 1);'
    """
    count, expr = plural_forms(lang)
    return {
        "Language": str(_locale(lang)),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": f"nplurals={count}; plural={expr};",
    }


def _language_name(lang: str) -> str:
    return _locale(lang).get_display_name("en") or lang


# --------------------------------------------------------------------------
# glossary catalogs


def glossary_catalog(glossary: Glossary, lang: str, *, src: str = "en",
                     domain: str = "glossary") -> "polib.POFile":
    """The glossary as a catalog for target language ``lang``.

    One entry per concept that has a term in ``src``: msgid is its preferred
    ``src`` term, msgstr the preferred ``lang`` term (empty when there is
    none); msgctxt is the concept id when two concepts share the msgid.
    Extracted comments (``#.``) carry the concept id and subject, the
    definition and note, the admitted ``src`` terms, and the other ``lang``
    terms with their status and grammar.

    The header has no dates; ``X-Atau-Glossary`` is the glossary's
    :meth:`~toolkit.termbase.model.Glossary.fingerprint`, so the same glossary always
    gives the same file.

    Args:
        glossary (Glossary): the termbase.
        lang (str): target language tag (``ru``, ``kk``).
        src (str): source language tag.
        domain (str): gettext domain, used in the header.

    Returns:
        polib.POFile
    """
    import polib

    catalog = polib.POFile(wrapwidth=78)
    catalog.header = (f"{glossary.name or 'Glossary'}: {_language_name(src)} to "
                      f"{_language_name(lang)} terms.\nGenerated by Atau from the glossary; "
                      "do not edit: edit the glossary and rebuild.")
    catalog.metadata = {
        "Project-Id-Version": domain,
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": "",
        "Last-Translator": "",
        "Language-Team": _language_name(lang),
        **locale_headers(lang),
        "X-Generator": _GENERATOR,
        "X-Atau-Glossary": glossary.fingerprint(),
    }
    rows = [(c, c.preferred(src)) for c in glossary]
    rows = [(c, t) for c, t in rows if t is not None]
    counts: dict[str, int] = {}
    for _c, term in rows:
        counts[term.text] = counts.get(term.text, 0) + 1
    for concept, term in rows:
        target = concept.preferred(lang)
        entry = polib.POEntry(
            msgid=term.text,
            msgstr=target.text if target else "",
            msgctxt=concept.id if counts[term.text] > 1 else None,
            comment="\n".join(_concept_comments(concept, term, target, src, lang)),
        )
        catalog.append(entry)
    return catalog


def _concept_comments(concept: Concept, term: Term, target: Term | None,
                      src: str, lang: str) -> list[str]:
    lines = [f"concept: {concept.id}" + (f" ({concept.subject})" if concept.subject else "")]
    if concept.definition:
        lines.append(f"definition: {concept.definition}")
    if concept.note:
        lines.append(f"note: {concept.note}")
    for other in concept.terms_in(src):
        if other is not term:
            lines.append(f"{src} {other.status}: {other.text}")
    for other in concept.terms_in(lang):
        if other is target:
            details = _grammar(other)
            if details:
                lines.append(f"{lang} grammar: {details}")
            if other.note:
                lines.append(f"{lang} note: {other.note}")
            if other.source:
                lines.append(f"{lang} source: {other.source}")
            continue
        lines.append(f"{lang} {other.status}: {other.text}"
                     + (f" ({other.note})" if other.note else ""))
    if target is None:
        lines.append(f"no {lang} term in the glossary")
    return [" ".join(line.split()) for line in lines]


def _grammar(term: Term) -> str:
    parts = [v for v in (term.pos, term.gender, term.number) if v]
    if term.case_sensitive:
        parts.append("case-sensitive")
    return ", ".join(parts)


def write_glossary_catalogs(glossary: Glossary, out_dir: str | os.PathLike,
                            langs: Sequence[str], *, src: str = "en",
                            domain: str = "glossary") -> list[Path]:
    """Write ``<out_dir>/<lang>/LC_MESSAGES/<domain>.po`` and ``.mo`` for each
    language (folders are created; files replaced atomically).

    Returns:
        list[Path]: the files written, PO then MO per language.

    Raises:
        InputError: unknown language, or ``out_dir`` cannot be written.
    """
    written: list[Path] = []
    for lang in langs:
        catalog = glossary_catalog(glossary, lang, src=src, domain=domain)
        folder = Path(out_dir) / str(_locale(lang)) / "LC_MESSAGES"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create folder: {exc.strerror}", folder) from exc
        po_path, mo_path = folder / f"{domain}.po", folder / f"{domain}.mo"
        save_po(catalog, po_path, mo_path=mo_path)
        written += [po_path, mo_path]
    return written


# --------------------------------------------------------------------------
# glossary hints and checks (simple matching; toolkit.terms.matching / toolkit.terms.check
# will replace the bodies of glossary_terms_in and glossary_findings)


@dataclass(frozen=True)
class TermHit:
    """A glossary term found in a source text.

    Attributes:
        concept (Concept): the concept.
        source (Term): the source-language term found (any status).
        target (Term | None): the preferred (else admitted) target term.
        start (int), end (int): where the term is in the text.
    """

    concept: Concept
    source: Term
    target: Term | None
    start: int
    end: int


@functools.lru_cache(maxsize=65536)
def _terms(concept: Concept, lang: str, statuses: tuple[str, ...] | None = None) -> tuple[Term, ...]:
    """``concept.terms_in(lang, statuses)``, cached (concepts are frozen)."""
    return concept.terms_in(lang, statuses)


def _preferred(concept: Concept, lang: str) -> Term | None:
    approved = _terms(concept, lang, ("preferred", "admitted"))
    return approved[0] if approved else None


def glossary_terms_in(text: str, glossary: Glossary, src: str, tgt: str) -> list[TermHit]:
    """The concepts whose ``src`` terms (any status, any inflected form) occur
    in ``text``, found by :class:`toolkit.terms.matching.TermMatcher`.

    A longer term wins over the terms inside it ("deputy" in "Deputy Prime
    Minister"). Each concept is reported once, at its first occurrence, in
    text order.

    >>> from toolkit.termbase.model import Concept, Term
    >>> g = Glossary([Concept("senate", (Term("Senate", "en"), Term("Сенат", "ru"))),
    ...               Concept("chair", (Term("Chairman of the Senate", "en"),))])
    >>> [(h.concept.id, h.source.text) for h in glossary_terms_in(
    ...     "The Chairman of the Senate thanked the senate.", g, "en", "ru")]
    [('chair', 'Chairman of the Senate'), ('senate', 'Senate')]
    """
    from ..terms.matching import matcher_for

    hits: dict[str, TermHit] = {}
    for match in matcher_for(glossary, src).find(text):
        if match.concept.id not in hits:
            hits[match.concept.id] = TermHit(match.concept, match.term, _preferred(match.concept, tgt),
                                             match.start, match.end)
    return list(hits.values())


def glossary_comments(hits: Iterable[TermHit], tgt: str) -> list[str]:
    """Extracted-comment lines for glossary hits: the source term found, the
    target term to use, the other approved target terms and those to avoid,
    e.g. ``"glossary: Mazhilis → Мажилис (preferred); not: Меджлис (forbidden)"``
    or ``"glossary: Kazakhstan → Республика Казахстан (preferred); also:
    Казахстан (admitted)"``."""
    lines = []
    for hit in hits:
        source = hit.source.text + (f" [{hit.source.status}]" if not hit.source.approved else "")
        if hit.target is None:
            line = f"glossary: {source} → (no {tgt} term)"
        else:
            line = f"glossary: {source} → {hit.target.text} ({hit.target.status})"
        also = [t for t in _terms(hit.concept, tgt, ("preferred", "admitted")) if t != hit.target]
        if also:
            line += "; also: " + ", ".join(f"{t.text} ({t.status})" for t in also)
        avoid = [t for t in _terms(hit.concept, tgt) if not t.approved]
        if avoid:
            line += "; not: " + ", ".join(f"{t.text} ({t.status})" for t in avoid)
        lines.append(line)
    return lines


def glossary_findings(source: str, target: str, glossary: Glossary, src: str,
                      tgt: str) -> list[tuple[str, str]]:
    """Glossary problems of one translation, as ``atau check`` finds them
    (:func:`toolkit.terms.check.check_segments`).

    Checks: ``glossary-missing`` (a concept named in ``source`` without an
    approved ``tgt`` term, in any inflected form, in ``target``),
    ``glossary-forbidden`` (a forbidden term, or a deprecated term of a
    concept the source names).

    Returns:
        list[tuple[str, str]]: ``(check, message)`` pairs.
    """
    from ..terms.check import check_segments

    report = check_segments(glossary, [source], [target], src, tgt)
    return [("glossary-missing" if f.code == "missing" else "glossary-forbidden", f.message)
            for f in report.findings]


def enforce_glossary(source: str, target: str, glossary: Glossary, src: str,
                     tgt: str) -> tuple[str, list[str]]:
    """Enforce the glossary on a machine translation
    (:class:`toolkit.terms.enforce.Enforcer`: preferred terms, inflected).

    Returns:
        tuple[str, list[str]]: the text and one note per replacement
        (``"Меджлису → Мажилису"``).
    """
    from ..terms.enforce import Enforcer

    return _enforced(Enforcer(glossary, src, tgt), source, target)


def _enforced(enforcer, source: str, target: str) -> tuple[str, list[str]]:
    result = enforcer.enforce(source, target)
    return result.target, [f"{e.before} → {e.after}" for e in result.edits]


# --------------------------------------------------------------------------
# documents


@dataclass(frozen=True)
class Untranslated:
    """A sentence of a document that had no usable translation.

    Attributes:
        context (str): its msgctxt (``"p3.s2"``).
        source (str): the source sentence (used in its place).
        line (int): its line in the source document.
    """

    context: str
    source: str
    line: int

    def to_dict(self) -> dict:
        return {"context": self.context, "source": self.source, "line": self.line}


@dataclass(frozen=True)
class AppliedDocument:
    """A document rebuilt from a post-edited PO by :func:`po_to_document`.

    Attributes:
        text (str): the translated document.
        fmt (str): its format (``txt``, ``md``, ``json``).
        source_name (str | None): the source document's file name.
        untranslated (tuple[Untranslated, ...]): sentences kept in the source
            language (empty msgstr, or fuzzy with ``use_fuzzy=False``).
        fuzzy (tuple[str, ...]): contexts of fuzzy (unreviewed) entries used.
    """

    text: str
    fmt: str
    source_name: str | None = None
    untranslated: tuple[Untranslated, ...] = ()
    fuzzy: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"format": self.fmt, "source": self.source_name,
                "untranslated": [u.to_dict() for u in self.untranslated],
                "fuzzy": list(self.fuzzy)}


def _pack_layout(document) -> str:
    data = json.dumps(document.to_layout(), ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(zlib.compress(data.encode("utf-8"), 9)).decode("ascii")


#: Largest layout (decompressed) :func:`po_to_document` accepts: a PO file
#: is untrusted, and a few kilobytes of zlib can claim gigabytes.
MAX_LAYOUT_BYTES = 128 * 1024 ** 2


def _unpack_layout(value: str) -> dict:
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(base64.b64decode("".join(value.split()), validate=True),
                                  MAX_LAYOUT_BYTES)
        if inflater.unconsumed_tail:
            raise InputError(f"{LAYOUT_FIELD} header decompresses to more than "
                             f"{MAX_LAYOUT_BYTES // 1024 ** 2} MiB: refused")
        if not inflater.eof:
            raise ValueError("truncated")
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, zlib.error, UnicodeDecodeError, RecursionError) as exc:
        raise InputError(f"damaged {LAYOUT_FIELD} header: cannot rebuild the document") from exc
    if not isinstance(data, dict) or data.get("v") != 1 or not isinstance(data.get("pieces"), list):
        raise InputError(f"unsupported {LAYOUT_FIELD} header (made by another Atau version?)")
    return data


def document_to_po(document, src: str, tgt: str, *, fmt: str = "txt",
                   glossary: Glossary | None = None,
                   translations: Sequence[str | None] | None = None,
                   source_name: str | None = None,
                   provenance: str | None = None,
                   notes: Sequence[Sequence[str]] | None = None) -> "polib.POFile":
    """A PO file for post-editing a document.

    One entry per sentence (:mod:`toolkit.documents`), in document order:
    msgctxt is the position ``"p<paragraph>.s<sentence>"``, msgid the
    sentence, msgstr its machine translation marked ``fuzzy`` (or empty when
    no translation is given); the occurrence is ``source_name:line``;
    extracted comments name the block (``heading``, ``list-item``...) and the
    glossary terms of the sentence (``"glossary: Senate → Сенат
    (preferred)"``). The layout (everything that is not a sentence) is kept
    in the header field :data:`LAYOUT_FIELD`, so :func:`po_to_document`
    needs nothing but the PO.

    Args:
        document (str | toolkit.documents.Document): the text, or a parsed
            document (then ``fmt`` and ``src`` are not used for parsing).
        src (str), tgt (str): language tags.
        fmt (str): ``txt``, ``md`` or ``json`` (see :mod:`toolkit.documents`).
        glossary (Glossary | None): for the glossary comments.
        translations (Sequence[str | None] | None): one machine translation
            per sentence, in order (``Document.sentences``); None or ``""``
            for none.
        source_name (str | None): the document's file name.
        provenance (str | None): what made the translations (model, version),
            written to the ``X-Atau-MT`` header field.
        notes (Sequence[Sequence[str]] | None): per sentence, lines for the
            translator (e.g. the MT pipeline's flags), as extracted comments.

    Returns:
        polib.POFile

    Raises:
        InputError: bad ``fmt``, invalid JSON, unknown language.
        ValueError: ``translations`` or ``notes`` has the wrong length.

    Example, from the MT pipeline's result (:mod:`toolkit.mt.pipeline`)::

        result = translate_document(text, engine, fmt=fmt)
        po = document_to_po(text, src, tgt, fmt=fmt, glossary=glossary,
                            translations=[s.target for s in result.segments],
                            notes=[[f"mt: {f.code}: {f.message}" for f in s.flags]
                                   for s in result.segments],
                            source_name=path.name, provenance=result.info.signature)
    """
    import polib

    from ..documents import Document, parse_document

    if not isinstance(document, Document):
        document = parse_document(document, fmt, src)
    sentences = document.sentences
    if translations is not None and len(translations) != len(sentences):
        raise ValueError(f"{len(translations)} translations for {len(sentences)} sentences")
    if notes is not None and len(notes) != len(sentences):
        raise ValueError(f"{len(notes)} notes for {len(sentences)} sentences")
    contexts = document.positions()
    catalog = polib.POFile(wrapwidth=78)
    catalog.header = (f"{source_name or 'Document'}: {_language_name(src)} to "
                      f"{_language_name(tgt)}, one entry per sentence.\n"
                      f"Rebuild the document with: atau catalog apply FILE.po -o OUTPUT\n"
                      f"Keep the {LAYOUT_FIELD} header: it holds the layout.")
    metadata = {
        "Project-Id-Version": source_name or "document",
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": "",
        "Last-Translator": "",
        "Language-Team": _language_name(tgt),
        **locale_headers(tgt),
        "X-Generator": _GENERATOR,
        "X-Atau-Source-Language": normalize_tag(src),
        "X-Atau-Format": document.fmt,
    }
    if provenance:
        metadata["X-Atau-MT"] = provenance
    if glossary is not None:
        metadata["X-Atau-Glossary"] = glossary.fingerprint()
    metadata[LAYOUT_FIELD] = _pack_layout(document)
    catalog.metadata = metadata
    for sentence, context in zip(sentences, contexts):
        comments = [] if sentence.block == "paragraph" else [sentence.block]
        if glossary is not None:
            comments += glossary_comments(glossary_terms_in(sentence.text, glossary, src, tgt), tgt)
        if notes is not None:
            comments += [" ".join(str(note).split()) for note in notes[sentence.index]]
        target = (translations[sentence.index] or "") if translations is not None else ""
        entry = polib.POEntry(
            msgctxt=context, msgid=sentence.text, msgstr=target,
            comment="\n".join(comments),
            occurrences=[(source_name, str(sentence.line))] if source_name else [],
        )
        if target:
            entry.flags.append("fuzzy")
        catalog.append(entry)
    return catalog


def po_to_document(catalog: "polib.POFile", *, use_fuzzy: bool = True) -> AppliedDocument:
    """Rebuild the translated document from a PO made by :func:`document_to_po`.

    Entries are found by msgctxt (editors may reorder or rewrap them; the
    msgid is used if a context was lost). The layout comes from the header;
    sentences without a translation keep their source text and are listed.

    Args:
        catalog (polib.POFile): the post-edited PO.
        use_fuzzy (bool): use fuzzy (unreviewed) translations; when False
            they count as untranslated.

    Returns:
        AppliedDocument

    Raises:
        InputError: the PO has no (or a damaged) :data:`LAYOUT_FIELD` header.
    """
    from ..documents import Document

    value = catalog.metadata.get(LAYOUT_FIELD)
    if not value:
        raise InputError(f"no {LAYOUT_FIELD} header: this PO was not made from a document "
                         "by Atau (atau translate --format po)")
    layout = _unpack_layout(value)
    try:
        document, contexts = Document.from_layout(layout)
    except InputError as exc:
        raise InputError(f"{LAYOUT_FIELD} header: {exc.message}") from exc
    by_context = {e.msgctxt: e for e in catalog if e.msgctxt and not e.obsolete}
    by_msgid: dict[str, list] = {}
    for e in catalog:
        if not e.obsolete and e.msgid:
            by_msgid.setdefault(e.msgid, []).append(e)
    known = set(contexts)
    targets: list[str] = []
    untranslated: list[Untranslated] = []
    fuzzy: list[str] = []
    for sentence, context in zip(document.sentences, contexts):
        text = sentence.text
        entry = by_context.get(context)
        if entry is None or entry.msgid != text:  # context lost or changed: find by msgid
            entry = next((e for e in by_msgid.get(text, []) if e.msgctxt not in known), None)
        target = entry.msgstr if entry is not None else ""
        if target and entry.fuzzy:
            if use_fuzzy:
                fuzzy.append(context)
            else:
                target = ""
        if not target:
            untranslated.append(Untranslated(context, text, sentence.line))
            target = text
        targets.append(target)
    return AppliedDocument(document.render(targets), document.fmt,
                           catalog.metadata.get("Project-Id-Version") or None,
                           tuple(untranslated), tuple(fuzzy))


# --------------------------------------------------------------------------
# pre-translation of templates


def _fill_headers(catalog, tgt: str, now: datetime | None) -> None:
    metadata = dict(catalog.metadata)
    metadata.update(locale_headers(tgt))
    defaults = {"Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
                "Language-Team": "LANGUAGE <LL@li.org>"}
    for name, default in defaults.items():
        if metadata.get(name, default) == default:
            metadata[name] = ""
    if now is not None:
        metadata["PO-Revision-Date"] = now.strftime("%Y-%m-%d %H:%M%z")
    elif metadata.get("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE") == "YEAR-MO-DA HO:MI+ZONE":
        metadata["PO-Revision-Date"] = ""
    metadata.setdefault("Project-Id-Version", "")
    metadata["X-Generator"] = _GENERATOR
    catalog.metadata = metadata
    catalog.metadata_is_fuzzy = False


def _fit_plurals(catalog, tgt: str) -> None:
    count = plural_forms(tgt)[0]
    for entry in catalog:
        if entry.msgid_plural and not any(entry.msgstr_plural.values()):
            entry.msgstr_plural = {i: "" for i in range(count)}


def new_catalog(template: "polib.POFile", tgt: str, *, now: datetime | None = None) -> "polib.POFile":
    """A new catalog for ``tgt`` from a template (POT): the template's
    entries with empty translations, exactly as many msgstr[n] as the
    language has plural forms, and the header filled from the locale
    (Language, Plural-Forms, UTF-8 Content-Type; the template's
    ``FULL NAME``/``LANGUAGE`` placeholders emptied; ``PO-Revision-Date``
    ``now`` or empty). The template is not changed.

    A PO file of ``tgt`` itself may be given instead of a template: then its
    translations (and fuzzy flags) are kept."""
    import polib

    catalog = polib.pofile(str(template), wrapwidth=template.wrapwidth)
    same = _header_lang(template) is not None and tag_matches(_header_lang(template), tgt)
    for entry in catalog:
        if same:
            continue
        entry.msgstr = ""
        entry.msgstr_plural = {}
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    _fill_headers(catalog, tgt, now)
    _fit_plurals(catalog, tgt)
    return catalog


def update_catalog(catalog: "polib.POFile", template: "polib.POFile", tgt: str) -> None:
    """Merge a template into an existing catalog, as ``msgmerge`` does
    without fuzzy matching (polib's ``merge``): new messages are added,
    comments and references refreshed, vanished ones made obsolete;
    translations are kept. Untranslated plural entries get the language's
    number of forms; the header gets Language and Plural-Forms if missing."""
    flags = {(e.msgctxt, e.msgid): list(e.flags) for e in catalog}
    catalog.merge(template)
    for entry in catalog:  # polib's merge moves "fuzzy" last: keep the file's order
        before = flags.get((entry.msgctxt, entry.msgid))
        if before is not None and sorted(before) == sorted(entry.flags):
            entry.flags = before
    metadata = dict(catalog.metadata)
    for name, value in locale_headers(tgt).items():
        if not metadata.get(name) or "INTEGER" in metadata.get(name, "") or "CHARSET" in metadata.get(name, ""):
            metadata[name] = value
    catalog.metadata = metadata
    _fit_plurals(catalog, tgt)


@dataclass(frozen=True)
class EntryRepair:
    """A change Atau made to a machine translation of one entry.

    Attributes:
        msgid (str), msgctxt (str | None), form (int | None): the entry and
            plural form.
        what (str): e.g. ``"inserted '%s'"``, ``"Меджлис → Мажилис"``.
    """

    msgid: str
    msgctxt: str | None
    form: int | None
    what: str

    def to_dict(self) -> dict:
        return {"msgid": self.msgid, "msgctxt": self.msgctxt, "form": self.form, "what": self.what}


@dataclass(frozen=True)
class PretranslateReport:
    """What :func:`pretranslate` did.

    Attributes:
        translated (int): entries filled (and marked fuzzy).
        kept (int): entries that already had a translation, left unchanged.
        failed (tuple[str, ...]): msgids the translator returned nothing for.
        repairs (tuple[EntryRepair, ...]): placeholder repairs and glossary
            replacements.
    """

    translated: int
    kept: int
    failed: tuple[str, ...] = ()
    repairs: tuple[EntryRepair, ...] = ()

    def to_dict(self) -> dict:
        return {"translated": self.translated, "kept": self.kept, "failed": list(self.failed),
                "repairs": [r.to_dict() for r in self.repairs]}


@dataclass
class _Job:
    entry: object
    form: int | None
    source: str
    masked: object
    number: str | None = None
    token: str | None = None


def _plural_job_source(entry, lang: str, index: int) -> tuple[str, int]:
    """The English text and the number to translate plural form ``index``
    with: the smallest number of the form (1, 2, 5 for Russian); when the
    msgid has no count placeholder ("One file") and the form also serves
    other numbers (Russian form 0: 1, 21, 31...), the msgid_plural with the
    next such number (21), so that the translation has the count. A number
    already in the text is skipped, so it can be found again in the output."""
    from .placeholders import find_placeholders, is_count

    flags = set(entry.flags)
    numbers = [n for n in _numbers_of_form(lang, index) if n > 0] or [0]
    if not any(is_count(p) for p in find_placeholders(entry.msgid, flags)) and len(numbers) > 1:
        numbers = [n for n in numbers if n != 1]
    for number in numbers:
        source = entry.msgid if number == 1 else entry.msgid_plural
        if not re.search(rf"(?<!\d){number}(?!\d)", source):
            return source, number
    return (entry.msgid if numbers[0] == 1 else entry.msgid_plural), numbers[0]


def _split_lines(text: str) -> list[str]:
    """``[space, line, space, line, ..., space]``: the lines of ``text``
    (odd indices) with the whitespace and line breaks around them."""
    pieces = re.split(r"(\S(?:[^\n]*\S)?)", text)
    return pieces if len(pieces) > 1 else [text]


def pretranslate(catalog: "polib.POFile", translate_texts: TranslateTexts, tgt: str, *,
                 src: str = "en", glossary: Glossary | None = None,
                 masking: bool = True, provenance: str | None = None) -> PretranslateReport:
    """Fill the untranslated entries of ``catalog`` with machine translation,
    in place.

    Only entries whose msgstr (all msgstr[n]) is empty are touched; an entry
    with any translation, fuzzy or not, is left exactly as it is. Each filled
    entry is marked ``fuzzy`` and gets extracted comments with the glossary
    terms and what was repaired.

    Placeholders are masked (:func:`toolkit.gettext.placeholders.mask`), restored and
    repaired after translation. A plural entry gets one translation per
    plural form of ``tgt``: the msgid (or msgid_plural) with its count
    placeholder replaced by a number of that form (1, 2, 5 for Russian), so
    the model inflects the noun, and the number turned back into the
    placeholder. Deprecated and forbidden glossary terms in the output are
    replaced by the preferred ones (:func:`enforce_glossary`).

    Each line of a message is translated on its own and the whitespace and
    line breaks around it are kept (``"Usage:\\n"`` gives ``"…:\\n"``, as
    ``msgfmt --check`` requires); all lines go to ``translate_texts`` in one
    call.

    Args:
        catalog (polib.POFile): a catalog for ``tgt`` (see :func:`new_catalog`).
        translate_texts (TranslateTexts): the MT function.
        tgt (str), src (str): language tags.
        glossary (Glossary | None): for enforcement and comments.
        masking (bool): mask placeholders (False sends them raw; they are
            still repaired afterwards).
        provenance (str | None): what translated (model and version), for the
            entries' comments.

    Returns:
        PretranslateReport

    Raises:
        ValueError: ``translate_texts`` returned a list of the wrong length.
    """
    from .placeholders import MaskedMessage, is_count, mask, repair, unmask

    jobs: list[_Job] = []
    kept = 0
    nplurals = plural_forms(tgt)[0]
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgstr or any(entry.msgstr_plural.values()):
            kept += 1
            continue
        flags = frozenset(entry.flags)
        if not entry.msgid_plural:
            masked = mask(entry.msgid, flags) if masking else MaskedMessage(entry.msgid, entry.msgid, (), flags)
            jobs.append(_Job(entry, None, entry.msgid, masked))
            continue
        for index in range(nplurals):
            source, number = _plural_job_source(entry, tgt, index)
            masked = mask(source, flags)
            job = _Job(entry, index, source, masked)
            count = next((i for i, p in enumerate(masked.placeholders) if is_count(p)), None)
            text = masked.text
            if count is not None:
                job.number, job.token = str(number), f"<x{count + 1}/>"
                text = text.replace(job.token, job.number, 1)
            if not masking:
                text = source if count is None else source.replace(
                    masked.placeholders[count].text, str(number), 1)
            job.masked = MaskedMessage(masked.source, text, masked.placeholders, flags)
            jobs.append(job)
    # Each line is translated on its own and the whitespace around it kept, so
    # "Usage:\n" gets a translation that ends with "\n" too (msgfmt --check).
    layouts = [_split_lines(job.masked.text) for job in jobs]
    texts = [piece for layout in layouts for piece in layout[1::2]]
    translations = list(translate_texts(texts)) if texts else []
    if len(translations) != len(texts):
        raise ValueError(f"translate_texts returned {len(translations)} texts for {len(texts)}")
    outputs, k = [], 0
    for layout in layouts:
        pieces = list(layout)
        for i in range(1, len(pieces), 2):
            pieces[i] = (translations[k] or "").strip()
            k += 1
        outputs.append("".join(pieces) if all(pieces[1::2]) else "")

    results: dict[int, dict[int | None, str]] = {}
    notes: dict[int, list[str]] = {}
    enforcer = None
    if glossary is not None:
        from ..terms.enforce import Enforcer

        enforcer = Enforcer(glossary, src, tgt)
    repairs: list[EntryRepair] = []
    failed: list[str] = []
    for job, output in zip(jobs, outputs):
        entry = job.entry
        if not output:
            failed.append(entry.msgid)
            results.setdefault(id(entry), {})[job.form] = ""
            continue
        if job.number is not None:
            number = re.search(rf"(?<![\d.,]){job.number}(?![\d]|[.,]\d)", output)
            if number:
                replacement = job.token if masking else next(
                    p.text for p in job.masked.placeholders if is_count(p))
                output = output[:number.start()] + replacement + output[number.end():]
        if masking:
            restored = unmask(MaskedMessage(job.source, job.masked.text, job.masked.placeholders,
                                     job.masked.flags), output)
        else:
            restored = repair(job.source, output, job.masked.flags)
        text = restored.text
        done = [str(r) for r in restored.repairs]
        if enforcer is not None:
            text, fixes = _enforced(enforcer, job.source, text)
            done += fixes
        for what in done:
            repairs.append(EntryRepair(entry.msgid, entry.msgctxt, job.form, what))
        notes.setdefault(id(entry), []).extend(done)
        results.setdefault(id(entry), {})[job.form] = text

    translated = 0
    for entry in catalog:
        forms = results.get(id(entry))
        if forms is None:
            continue
        if any(not v for v in forms.values()):
            continue  # partly failed: leave the entry untranslated
        if entry.msgid_plural:
            entry.msgstr_plural = {i: forms[i] for i in sorted(forms)}
        else:
            entry.msgstr = forms[None]
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        comments = [c for c in entry.comment.split("\n") if c] if entry.comment else []
        if glossary is not None:
            for line in glossary_comments(glossary_terms_in(entry.msgid, glossary, src, tgt), tgt):
                if line not in comments:
                    comments.append(line)
        mt = "machine translation" + (f" ({provenance})" if provenance else "")
        changes = list(dict.fromkeys(notes.get(id(entry), [])))
        if changes:
            mt += "; repaired: " + "; ".join(changes)
        comments.append(f"atau: {mt}")
        entry.comment = "\n".join(comments)
        translated += 1
    return PretranslateReport(translated, kept, tuple(dict.fromkeys(failed)), tuple(repairs))


# --------------------------------------------------------------------------
# QA


@dataclass(frozen=True)
class Finding:
    """A problem in a catalog entry.

    Attributes:
        check (str): ``placeholder``, ``line-breaks``, ``plural-count``, ``plural-forms``
            (header), ``glossary-missing`` or ``glossary-forbidden``.
        message (str): what is wrong.
        msgid (str), msgctxt (str | None): the entry (``""`` for the header).
        line (int | None): the entry's line in the PO file.
        form (int | None): the plural form, for msgstr[n].
        fuzzy (bool): the entry is fuzzy.
    """

    check: str
    message: str
    msgid: str
    msgctxt: str | None = None
    line: int | None = None
    form: int | None = None
    fuzzy: bool = False

    def to_dict(self) -> dict:
        return {"check": self.check, "message": self.message, "msgid": self.msgid,
                "msgctxt": self.msgctxt, "line": self.line, "form": self.form,
                "fuzzy": self.fuzzy}


def _header_lang(catalog) -> str | None:
    value = (catalog.metadata.get("Language") or "").strip()
    if not value:
        return None
    try:
        return normalize_tag(value.split("@")[0].split(".")[0])
    except InputError:
        return None


def _nplurals(catalog) -> int | None:
    m = re.search(r"nplurals\s*=\s*(\d+)", catalog.metadata.get("Plural-Forms", ""))
    return int(m.group(1)) if m else None


def _plural_header(catalog, tgt: str | None, expected: int | None) -> list[str]:
    """Problems of the header's Plural-Forms that matter for a catalog with
    translated plural entries: missing or left as the template's
    ``nplurals=INTEGER; plural=EXPRESSION;``, an expression gettext cannot
    evaluate, or one that picks other forms than CLDR for ``tgt``. The
    expression is evaluated by :func:`gettext.c2py`, which accepts only
    C arithmetic on ``n`` (never arbitrary code)."""
    if not any(e.msgid_plural and any(e.msgstr_plural.values()) for e in catalog if not e.obsolete):
        return []
    value = catalog.metadata.get("Plural-Forms", "")
    want = (f"; {_language_name(tgt)} needs '{locale_headers(tgt)['Plural-Forms']}'"
            if tgt and expected else "; set Language and Plural-Forms")
    if not value.strip() or "INTEGER" in value or "EXPRESSION" in value:
        what = "no Plural-Forms" if not value.strip() else f"the template's Plural-Forms {value!r}"
        return [f"header has {what}: gettext would use the English rule (n != 1) for the "
                f"plural entries{want}"]
    found = re.search(r"plural\s*=\s*(.+?);?\s*$", value)
    if found is None or _nplurals(catalog) is None:
        return [f"header's Plural-Forms {value!r} is not 'nplurals=N; plural=EXPRESSION;'{want}"]
    declared = _nplurals(catalog)
    try:
        choose = gettext.c2py(found.group(1))
        forms = [choose(n) for n in range(200)]
    except (ValueError, SyntaxError, ArithmeticError, RecursionError, TypeError) as exc:
        return [f"header's plural expression {found.group(1)!r} is not valid ({exc}){want}"]
    if any(not 0 <= form < declared for form in forms):
        n = next(n for n, form in enumerate(forms) if not 0 <= form < declared)
        return [f"header's plural expression gives form {forms[n]} for n={n}, "
                f"but nplurals={declared}{want}"]
    if tgt and expected == declared:
        cldr = gettext.c2py(plural_forms(tgt)[1])
        n = next((n for n in range(200) if cldr(n) != forms[n]), None)
        if n is not None:
            return [f"header's plural expression gives form {forms[n]} for n={n}; "
                    f"{_language_name(tgt)} uses form {cldr(n)}{want}"]
    return []


def _line_breaks(msgid: str, msgstr: str) -> list[str]:
    """msgfmt --check's rule: msgid and msgstr both start, and both end,
    with a line break, or neither does."""
    out = []
    if msgid.startswith("\n") != msgstr.startswith("\n"):
        out.append("msgid and msgstr differ in starting with a line break (\\n)")
    if msgid.endswith("\n") != msgstr.endswith("\n"):
        out.append("msgid and msgstr differ in ending with a line break (\\n)")
    return out


def check_catalog(catalog: "polib.POFile", *, glossary: Glossary | None = None,
                  src: str = "en", tgt: str | None = None) -> list[Finding]:
    """Check every translated entry of ``catalog`` (fuzzy ones too).

    Checks:

    * ``placeholder``: msgstr has the placeholders of msgid, per the entry's
      format flags, plus tags and entities (:func:`toolkit.gettext.placeholders.compare`);
      a plural form used for one number only may leave out the count;
    * ``line-breaks``: msgid and msgstr agree in starting and ending with
      ``\\n`` (msgfmt --check rejects the file otherwise);
    * ``plural-count``: a plural entry has exactly as many msgstr[n] as the
      language has forms (CLDR via babel; else the header's nplurals);
    * ``plural-forms``: the header's nplurals differs from the language's;
    * ``glossary-missing`` / ``glossary-forbidden``: see
      :func:`glossary_findings` (when a glossary is given).

    Args:
        catalog (polib.POFile): the catalog.
        glossary (Glossary | None): for the glossary checks.
        src (str): source language.
        tgt (str | None): target language; default: the header's Language.

    Returns:
        list[Finding]: in file order; empty when all is well.
    """
    from .placeholders import compare, find_placeholders, is_count

    findings: list[Finding] = []
    tgt = tgt or _header_lang(catalog)
    expected = None
    if tgt:
        try:
            expected = plural_forms(tgt)[0]
        except InputError:
            expected = None
    declared = _nplurals(catalog)
    if expected and declared and declared != expected:
        findings.append(Finding("plural-forms", f"header says nplurals={declared}; "
                                f"{_language_name(tgt)} has {expected} forms", ""))
    findings += [Finding("plural-forms", message, "") for message in _plural_header(catalog, tgt, expected)]
    count = expected or declared
    single = set()
    if tgt and expected:
        single = {i for i in range(expected) if len(_numbers_of_form(tgt, i, 1000)) == 1}
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        flags = set(entry.flags)

        def add(check: str, message: str, form: int | None = None) -> None:
            findings.append(Finding(check, message, entry.msgid, entry.msgctxt, entry.linenum,
                                    form, entry.fuzzy))

        if entry.msgid_plural:
            forms = entry.msgstr_plural
            if not any(forms.values()):
                continue
            if count and len(forms) != count:
                add("plural-count", f"{len(forms)} plural forms; {tgt or 'the language'} "
                    f"needs {count}")
            counts = [p.key for p in find_placeholders(entry.msgid_plural, flags) if is_count(p)]
            for index in sorted(forms):
                if not forms[index]:
                    continue
                source = entry.msgid_plural
                optional = counts if index in single else ()
                for issue in compare(source, forms[index], flags, optional=optional):
                    add("placeholder", f"msgstr[{index}]: {issue}", index)
                for message in _line_breaks(entry.msgid, forms[index]):
                    add("line-breaks", f"msgstr[{index}]: {message}", index)
            targets = [(i, forms[i]) for i in sorted(forms) if forms[i]]
        else:
            if not entry.msgstr:
                continue
            for issue in compare(entry.msgid, entry.msgstr, flags):
                add("placeholder", str(issue))
            for message in _line_breaks(entry.msgid, entry.msgstr):
                add("line-breaks", message)
            targets = [(None, entry.msgstr)]
        if glossary is not None and tgt:
            for index, text in targets:
                for check, message in glossary_findings(entry.msgid, text, glossary, src, tgt):
                    add(check, (f"msgstr[{index}]: " if index is not None else "") + message, index)
    return findings
