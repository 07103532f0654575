"""Documents as PO files for post-editing, and back.

:func:`document_to_po` makes a PO file of a document, one entry per
sentence (msgctxt ``"p3.s2"``: paragraph 3, sentence 2), with glossary
hints; :func:`po_to_document` rebuilds the translated document after
post-editing. The document's layout (everything that is not a sentence)
travels in the PO header (:data:`LAYOUT_FIELD`), made and read by the
document model (:meth:`toolkit.documents.model.Document.to_layout`,
:meth:`~toolkit.documents.model.Document.from_layout`), so nothing but the
PO is needed.
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from ..errors import InputError
from ..langtags import language_name, normalize_tag
from ..signature import PO_HEADER, Signature
from ..termbase.model import Glossary
from .glossary_catalogs import glossary_comments, glossary_terms_in
from .locales import locale_headers
from .po import GENERATOR

if TYPE_CHECKING:
    import polib

__all__ = [
    "LAYOUT_FIELD",
    "MAX_LAYOUT_BYTES",
    "Untranslated",
    "AppliedDocument",
    "document_to_po",
    "po_to_document",
]

#: Header field holding a document's layout in a PO made by :func:`document_to_po`.
LAYOUT_FIELD = "X-Atau-Layout"


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
        data (bytes | None): for a binary format (``docx``), the translated
            file (a copy of the original with its text replaced); ``text``
            is then the text of its parts, for a preview.
    """

    text: str
    fmt: str
    source_name: str | None = None
    untranslated: tuple[Untranslated, ...] = ()
    fuzzy: tuple[str, ...] = ()
    data: bytes | None = None

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


def document_to_po(document, from_code: str, to_code: str, *, fmt: str = "txt",
                   glossary: Glossary | None = None,
                   translations: Sequence[str | None] | None = None,
                   source_name: str | None = None,
                   signature: Signature | None = None,
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
        document (str | toolkit.documents.model.Document): the text, or a parsed
            document (then ``fmt`` and ``from_code`` are not used for parsing).
        from_code (str), to_code (str): language tags.
        fmt (str): ``txt``, ``md`` or ``json`` (see :mod:`toolkit.documents`).
        glossary (Glossary | None): for the glossary comments.
        translations (Sequence[str | None] | None): one machine translation
            per sentence, in order (``Document.sentences``); None or ``""``
            for none.
        source_name (str | None): the document's file name.
        signature (Signature | None): what made the PO (model packages,
            glossary, settings), written to the ``X-Atau-Signature`` header
            field (:data:`toolkit.signature.PO_HEADER`); None writes none.
        notes (Sequence[Sequence[str]] | None): per sentence, lines for the
            translator (e.g. the MT pipeline's flags), as extracted comments.

    Returns:
        polib.POFile

    Raises:
        InputError: bad ``fmt``, invalid JSON, unknown language.
        ValueError: ``translations`` or ``notes`` has the wrong length.

    Example, from the MT pipeline's result (:mod:`toolkit.mt.pipeline`)::

        result = translate_document(text, engine, fmt=fmt)
        po = document_to_po(text, from_code, to_code, fmt=fmt, glossary=glossary,
                            translations=[s.target for s in result.segments],
                            notes=[[f"mt: {f.code}: {f.message}" for f in s.flags]
                                   for s in result.segments],
                            source_name=path.name,
                            signature=Signature(from_code, to_code, glossary.fingerprint(),
                                                result.info.engine.packages))
    """
    import polib

    from ..documents import Document, parse_document

    if not isinstance(document, Document):
        document = parse_document(document, fmt, from_code)
    sentences = document.sentences
    if translations is not None and len(translations) != len(sentences):
        raise ValueError(f"{len(translations)} translations for {len(sentences)} sentences")
    if notes is not None and len(notes) != len(sentences):
        raise ValueError(f"{len(notes)} notes for {len(sentences)} sentences")
    contexts = document.positions()
    catalog = polib.POFile(wrapwidth=78)
    if document.source is not None:  # a binary format: rebuilt into a copy of the original
        rebuild = (f"atau catalog apply FILE.po --original {source_name or 'ORIGINAL.' + document.fmt} "
                   f"-o OUTPUT.{document.fmt}")
    else:
        rebuild = "atau catalog apply FILE.po -o OUTPUT"
    catalog.header = (f"{source_name or 'Document'}: {language_name(from_code)} to "
                      f"{language_name(to_code)}, one entry per sentence.\n"
                      f"Rebuild the document with: {rebuild}\n"
                      f"Keep the {LAYOUT_FIELD} header: it holds the layout.")
    metadata = {
        "Project-Id-Version": source_name or "document",
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": "",
        "Last-Translator": "",
        "Language-Team": language_name(to_code),
        **locale_headers(to_code),
        "X-Generator": GENERATOR,
        "X-Atau-Source-Language": normalize_tag(from_code),
        "X-Atau-Format": document.fmt,
    }
    if signature is not None:
        metadata[PO_HEADER] = str(signature)
    metadata[LAYOUT_FIELD] = _pack_layout(document)
    catalog.metadata = metadata
    for sentence, context in zip(sentences, contexts):
        comments = [] if sentence.block == "paragraph" else [sentence.block]
        if glossary is not None:
            comments += glossary_comments(glossary_terms_in(sentence.text, glossary, from_code, to_code),
                                          to_code)
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


def po_to_document(catalog: "polib.POFile", *, use_fuzzy: bool = True,
                   original: bytes | None = None) -> AppliedDocument:
    """Rebuild the translated document from a PO made by :func:`document_to_po`.

    Entries are found by msgctxt (editors may reorder or rewrap them; the
    msgid is used if a context was lost). The layout comes from the header;
    sentences without a translation keep their source text and are listed.
    A binary format (``docx``) is not in the PO alone: its images, styles
    and the rest come from ``original``, the file the PO was made from.

    Args:
        catalog (polib.POFile): the post-edited PO.
        use_fuzzy (bool): use fuzzy (unreviewed) translations; when False
            they count as untranslated.
        original (bytes | None): the original file of a binary-format
            document (ignored for text formats).

    Returns:
        AppliedDocument: with :attr:`AppliedDocument.data` for a binary
        format.

    Raises:
        InputError: the PO has no (or a damaged) :data:`LAYOUT_FIELD` header;
            a binary format without ``original``, or with another file than
            the one the PO was made from.
    """
    from ..documents import Document, build_binary

    value = catalog.metadata.get(LAYOUT_FIELD)
    if not value:
        raise InputError(f"no {LAYOUT_FIELD} header: this PO was not made from a document "
                         "by Atau (atau translate --format po)")
    layout = _unpack_layout(value)
    binary = layout.get("source") is not None
    if binary and original is None:
        fmt = layout.get("fmt") if isinstance(layout.get("fmt"), str) else "docx"
        raise InputError(f"this PO was made from a .{fmt} file: give the original file too "
                         f"(atau catalog apply FILE.po --original FILE.{fmt} -o OUT.{fmt})")
    try:
        document, contexts = Document.from_layout(layout, binary=binary)
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
    rendered = document.render(targets)
    data = build_binary(document, rendered, original) if binary else None
    return AppliedDocument(rendered, document.fmt,
                           catalog.metadata.get("Project-Id-Version") or None,
                           tuple(untranslated), tuple(fuzzy), data)
