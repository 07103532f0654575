"""Word documents (``.docx``), read and written at the level of their XML
(WordprocessingML, ECMA-376) with the standard library's zipfile and lxml.

python-docx has no API for what translation needs (hyperlinks and fields
inside a paragraph, run boundaries inside a sentence) and re-serialises
every part it loads; working on the XML keeps every part Atau does not
translate byte for byte (styles, numbering, images, footnotes, comments,
settings), bounds what is read, and refuses DTDs.

What is translated: every paragraph (``w:p``) of the body, of tables (nested
too), of content controls, and of the headers and footers
(``word/header*.xml``, ``word/footer*.xml``). Footnotes, endnotes, comments,
text boxes and tracked insertions or deletions are left as they are.

A paragraph becomes text with inline code tags (:mod:`toolkit.documents.codes`):

* its *base* formatting is that of most of its characters; a run formatted
  otherwise (bold, italic, a colour...) is ``<gN>…</gN>``, so the MT pipeline
  puts the formatting back on the words aligned with the source's;
* a hyperlink is ``<gN>…</gN>`` around its text;
* a complex field (``PAGE``, ``HYPERLINK``, a cross-reference) is
  ``<gN>…</gN>`` around its result, its instruction kept;
* a tab, a line break, a footnote reference, a picture, a bookmark, a
  comment anchor, a simple field, a content control or a tracked change
  inside the paragraph is ``<xN/>``, kept as it is.

Every code's markup closes the text run it is in and opens the next one, so
any order of codes the translation comes back with is well-formed XML. The
paragraph's properties (style, numbering, alignment) are kept; its runs are
rebuilt from the translation: a paragraph keeps its formatting runs (runs
that differed only in revision ids are one), its hyperlinks, fields, breaks
and pictures.

A damaged file is refused with one line: not a zip (or truncated), a zip
bomb (declared sizes over :data:`MAX_PART_BYTES`/:data:`MAX_TOTAL_BYTES` or
compression over :data:`MAX_RATIO`:1), too many entries, a part with a
DOCTYPE (entities), or XML nested deeper than libxml2 allows.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import zipfile
from collections import Counter

from ..errors import InputError
from .codes import Inline
from .model import Document, DocumentBuilder, escaper

__all__ = ["FORMAT", "SUFFIXES", "BINARY", "parse", "build", "escape", "MAX_FILE_BYTES"]

FORMAT = "docx"
SUFFIXES = (".docx",)
#: Read as bytes; written back by :func:`build` into a copy of the original.
BINARY = True

#: Largest .docx accepted.
MAX_FILE_BYTES = 200 * 1024 ** 2
#: Largest part (uncompressed, as declared and as read).
MAX_PART_BYTES = 100 * 1024 ** 2
#: Largest sum of all parts (uncompressed).
MAX_TOTAL_BYTES = 500 * 1024 ** 2
#: Highest compression ratio accepted for a part over 1 MiB.
MAX_RATIO = 200
#: Most entries in the zip.
MAX_ENTRIES = 10_000

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"
_PARTS = re.compile(r"word/(?:document|header\d*|footer\d*)\.xml")
_MARK = re.compile("\ufdd0(\\d+)\ufdd1")
_SEPARATOR = re.compile("\x00([^\x00]{1,300})\x00")
#: Paragraphs inside these are left as they are (text boxes, drawings, tracked changes).
_SKIP_ANCESTORS = {f"{_W}txbxContent", f"{{{MC}}}AlternateContent", f"{_W}pict", f"{_W}object",
                   f"{_W}drawing", f"{_W}del", f"{_W}ins", f"{_W}moveFrom", f"{_W}moveTo"}
#: Dropped: they carry nothing a reader sees.
_DROPPED = {f"{_W}proofErr", f"{_W}lastRenderedPageBreak", f"{_W}noProof"}
_OPEN_T = '<w:t xml:space="preserve">'


def escape(text: str) -> str:
    """``text`` for XML text."""
    return escaper("xml")(text)


# --------------------------------------------------------------------------
# reading the package, bounded


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"Word document larger than {MAX_FILE_BYTES // 1024 ** 2} MiB: refused")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"not a Word document: a damaged or truncated zip ({exc})") from exc
    if len(infos) > MAX_ENTRIES:
        raise InputError(f"Word document with {len(infos)} zip entries (at most {MAX_ENTRIES}): refused")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES or (
                info.file_size > 1024 ** 2 and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise InputError(f"Word document whose part {info.filename!r} unpacks to {info.file_size} bytes "
                             "(a zip bomb?): refused")
    names = {info.filename for info in infos}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise InputError("not a Word document (.docx): no word/document.xml in the zip")
    return archive


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        with archive.open(name) as handle:
            data = handle.read(MAX_PART_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:  # CRC, truncation, zlib
        raise InputError(f"not a Word document: the zip entry {name!r} is damaged ({exc})") from exc
    if len(data) > MAX_PART_BYTES:
        raise InputError(f"Word document part {name!r} larger than declared: refused")
    return data


def _parse_xml(data: bytes, name: str):
    import lxml.etree as etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_blank_text=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"Word document part {name!r} is not valid XML: {exc.msg}") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise InputError(f"Word document part {name!r} has a DOCTYPE (entities): refused")
    return root


# --------------------------------------------------------------------------
# parsing


def parse(data: bytes, builder: DocumentBuilder) -> dict:
    """Cut a .docx into pieces: each translatable part's XML, a literal
    ``"\\x00name\\x00"`` before it, and its paragraphs' sentences.

    Returns:
        dict: the document's ``source`` (``sha256``, ``bytes`` of the
        original file): :func:`build` writes into that file only.

    Raises:
        InputError: a damaged or hostile file (see the module docstring).
    """
    import lxml.etree as etree

    if not isinstance(data, (bytes, bytearray)):
        raise InputError("a Word document is read as bytes")
    archive = _open_zip(bytes(data))
    names = sorted((i.filename for i in archive.infolist() if _PARTS.fullmatch(i.filename)),
                   key=lambda n: (n != "word/document.xml", n))
    for name in names:
        root = _parse_xml(_read_part(archive, name), name)
        slots: list = []
        area = "header" if "header" in name else "footer" if "footer" in name else None
        for number, paragraph in enumerate(list(root.iter(f"{_W}p")), start=1):
            if any(a.tag in _SKIP_ANCESTORS for a in paragraph.iterancestors()):
                continue
            slot = _paragraph(paragraph, len(slots))
            if slot is not None:
                block = area or _block(paragraph)
                slots.append((slot, number, block))
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")
        builder.literal(f"\x00{name}\x00")
        cursor = 0
        for match in _MARK.finditer(xml):
            builder.literal(xml[cursor:match.start()])
            inline, number, block = slots[int(match.group(1))]
            value = inline.value
            body = value.strip()
            lead = value[: len(value) - len(value.lstrip())]
            trail = value[len(value.rstrip()):]
            builder._gap(lead, inline.table, "xml", builder.literal, number)
            builder.text_block(body, number, block, "xml", codes=inline.table)
            builder._gap(trail, inline.table, "xml", builder.literal, number)
            cursor = match.end()
        builder.literal(xml[cursor:])
    return {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def _block(paragraph) -> str:
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    value = (style.get(f"{_W}val") or "").lower() if style is not None else ""
    if value.startswith("heading") or value == "title":
        return "heading"
    if paragraph.find(f"{_W}pPr/{_W}numPr") is not None or value.startswith("list"):
        return "list-item"
    if any(a.tag == f"{_W}tc" for a in paragraph.iterancestors()):
        return "table-cell"
    return "paragraph"


_DECLARATION = re.compile(r' xmlns(?::([\w.-]+))?="([^"]*)"')


def _xml(element) -> str:
    """An element's XML without the namespace declarations the part's root
    already makes (lxml repeats them on a serialised element); a namespace
    declared inside the part (a picture's ``a:``) keeps its declaration."""
    import lxml.etree as etree

    declared = element.getroottree().getroot().nsmap
    text = etree.tostring(element, encoding="unicode", with_tail=False)
    head, _, rest = text.partition(">")
    head = _DECLARATION.sub(lambda m: "" if declared.get(m.group(1)) == m.group(2) else m.group(0), head)
    return head + ">" + rest


def _rpr(run) -> str:
    rpr = run.find(f"{_W}rPr") if run is not None else None
    return _xml(rpr) if rpr is not None else ""


def _paragraph(paragraph, slot: int) -> Inline | None:
    """Replace the paragraph's content by a mark and return it as text with
    codes; None (paragraph untouched) when it has no words."""
    from .sentences import has_words

    content = [child for child in paragraph if child.tag != f"{_W}pPr"]
    if not content:
        return None
    weights: Counter = Counter()
    elements: dict = {}
    for run in paragraph.iterchildren(f"{_W}r"):
        key = _rpr(run)
        weights[key] += sum(len(t.text or "") for t in run.iterchildren(f"{_W}t"))
        elements.setdefault(key, run.find(f"{_W}rPr"))
    base = weights.most_common(1)[0][0] if weights else ""
    inline = Inline(escape)
    _Writer(inline, base).items(content)
    if not has_words(inline.plain()):
        return None
    for child in content:
        paragraph.remove(child)
    import lxml.etree as etree

    run = etree.SubElement(paragraph, f"{_W}r")
    if base:
        run.append(copy.deepcopy(elements[base]))
    text = etree.SubElement(run, f"{_W}t")
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    text.text = f"\ufdd0{slot}\ufdd1"
    return inline


class _Writer:
    """Turns a paragraph's children into text and codes."""

    def __init__(self, inline: Inline, base: str) -> None:
        self.inline = inline
        self.base = base
        self.fields: list[int] = []  # open complex fields (code numbers)

    def switch(self, rpr: str) -> str:
        """Markup that leaves the current text run and opens one formatted ``rpr``."""
        return f"</w:t></w:r><w:r>{rpr}{_OPEN_T}"

    def items(self, children, context: str | None = None) -> None:
        context = self.base if context is None else context
        group: tuple[str, int] | None = None  # (rPr, code number) of the open formatting group
        field: list | None = None  # runs of a field instruction being collected
        depth = 0
        for child in children:
            tag = child.tag
            if tag in _DROPPED or not isinstance(tag, str):
                continue
            if tag == f"{_W}r":
                chars = [c.get(f"{_W}fldCharType") for c in child.iterchildren(f"{_W}fldChar")]
                if field is not None:
                    field.append(child)
                    depth += chars.count("begin") - chars.count("end")
                    if depth == 0 and chars and chars[-1] == "end":  # a field without a result
                        group = self._close(group, context)
                        self.inline.single(["</w:t></w:r>" + "".join(_xml(r) for r in field) + f"<w:r>{context}{_OPEN_T}"])
                        field = None
                    elif depth == 1 and "separate" in chars:
                        group = self._close(group, context)
                        number = self.inline.open(["</w:t></w:r>" + "".join(_xml(r) for r in field)
                                                   + f"<w:r>{context}{_OPEN_T}"])
                        self.fields.append(number)
                        field = None
                    continue
                if "begin" in chars:
                    field, depth = [child], chars.count("begin") - chars.count("end")
                    if depth == 0:  # begin and end in one run
                        group = self._close(group, context)
                        self.inline.single([self.switch_out(child, context)])
                        field = None
                    continue
                if "end" in chars and self.fields:
                    group = self._close(group, context)
                    self.inline.close(self.fields.pop(), ["</w:t></w:r>" + _xml(child) + f"<w:r>{context}{_OPEN_T}"])
                    continue
                group = self.run(child, context, group)
            elif tag == f"{_W}hyperlink":
                group = self._close(group, context)
                inner_runs = list(child.iterchildren(f"{_W}r"))
                first = _rpr(inner_runs[0]) if inner_runs else ""
                attributes = _xml(child).split(">", 1)[0] + ">" if len(child) else _xml(child)
                if attributes.endswith("/>"):
                    self.inline.single([f"</w:t></w:r>{attributes}<w:r>{context}{_OPEN_T}"])
                    continue
                number = self.inline.open([f"</w:t></w:r>{attributes}<w:r>{first}{_OPEN_T}"])
                self.items(list(child), first)
                self.inline.close(number, [f"</w:t></w:r></w:hyperlink><w:r>{context}{_OPEN_T}"])
            else:  # bookmarks, comment anchors, simple fields, content controls, tracked changes, math
                self.inline.single([f"</w:t></w:r>{_xml(child)}<w:r>{self._current(group, context)}{_OPEN_T}"])
        if field is not None:  # a field that never ended: kept as it is
            group = self._close(group, context)
            self.inline.single(["</w:t></w:r>" + "".join(_xml(r) for r in field) + f"<w:r>{context}{_OPEN_T}"])
        self._close(group, context)

    def switch_out(self, run, context: str) -> str:
        return f"</w:t></w:r>{_xml(run)}<w:r>{context}{_OPEN_T}"

    def _current(self, group, context: str) -> str:
        return group[0] if group is not None else context

    def _close(self, group, context: str):
        if group is not None:
            self.inline.close(group[1], [self.switch(context)])
        return None

    def run(self, run, context: str, group):
        """One ``w:r``: its text in the formatting group of its ``rPr``."""
        rpr = _rpr(run)
        for child in run:
            tag = child.tag
            if tag == f"{_W}rPr" or tag in _DROPPED or not isinstance(tag, str):
                continue
            if tag == f"{_W}t":
                if not child.text:
                    continue
                if rpr != self._current(group, context):
                    group = self._close(group, context)
                    if rpr != context:
                        group = (rpr, self.inline.open([self.switch(rpr)]))
                self.inline.text(child.text)
            elif rpr == self._current(group, context):  # a tab, a break: inside the current run
                self.inline.single([f"</w:t>{_xml(child)}{_OPEN_T}"])
            else:  # a footnote reference, a picture: a run of its own formatting
                self.inline.single([f"</w:t></w:r><w:r>{rpr}{_xml(child)}</w:r>"
                                    f"<w:r>{self._current(group, context)}{_OPEN_T}"])
        return group


# --------------------------------------------------------------------------
# writing


def build(document: Document, rendered: str, original: bytes) -> bytes:
    """The translated .docx: ``original`` with its translatable parts
    replaced by ``rendered`` (:meth:`Document.render` of ``document``);
    every other entry copied as it was, in the same order.

    Raises:
        InputError: ``original`` is not the file ``document`` was read from,
            or a rendered part is not well-formed XML (a damaged layout).
    """
    import lxml.etree as etree

    source = document.source or {}
    if source.get("sha256") and hashlib.sha256(original).hexdigest() != source["sha256"]:
        raise InputError("this is not the Word document the translation was made from (its checksum differs)")
    parts: dict[str, bytes] = {}
    pieces = _SEPARATOR.split(rendered)
    for name, xml in zip(pieces[1::2], pieces[2::2]):
        if not _PARTS.fullmatch(name):
            raise InputError(f"damaged document layout: unexpected part {name!r}")
        try:
            root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as exc:
            raise InputError(f"the translated part {name!r} is not well-formed XML: {exc.msg}") from exc
        _drop_empty_runs(root)
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    archive = _open_zip(original)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in archive.infolist():
            data = parts.get(info.filename)
            if data is None:
                data = _read_part(archive, info.filename)
            target.writestr(info, data, compress_type=info.compress_type)
    return out.getvalue()


def _drop_empty_runs(root) -> None:
    """Remove runs left with nothing but properties and empty text (where a
    code's markup met another), and empty text elements in runs with more."""
    for run in list(root.iter(f"{_W}r")):
        for text in list(run.iterchildren(f"{_W}t")):
            if not text.text:
                run.remove(text)
        if all(child.tag == f"{_W}rPr" for child in run):
            run.getparent().remove(run)
