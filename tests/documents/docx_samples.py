"""Small .docx files made for the tests (python-docx plus a little raw XML),
and a structure count to compare an input with its translation."""

from __future__ import annotations

import io
import zipfile
from collections import Counter

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _png() -> bytes:
    """A 1x1 white PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


PNG = _png()


def sample_docx() -> bytes:
    """A heading, a paragraph with bold and italic runs, a hyperlink, a tab
    and a line break, a table, a header with a PAGE field and a footer."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_heading("The Senate met today", level=1)
    paragraph = document.add_paragraph("The ")
    paragraph.add_run("Senate").bold = True
    paragraph.add_run(" approved the bill. The Mazhilis ")
    paragraph.add_run("agreed").italic = True
    paragraph.add_run(" quickly.")
    paragraph = document.add_paragraph("Read the ")
    rid = document.part.relate_to("https://akorda.kz", "http://schemas.openxmlformats.org/officeDocument/2006/"
                                  "relationships/hyperlink", is_external=True)
    paragraph._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
        f'<w:t>official statement</w:t></w:r></w:hyperlink>'))
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> on the site.</w:t><w:tab/>'
        f'<w:t>It was published</w:t><w:br/><w:t xml:space="preserve">in the evening.</w:t></w:r>'))
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Name of the member"
    table.cell(0, 1).text = "Role in the chamber"
    table.cell(1, 0).text = "Maulen Ashimbayev"
    table.cell(1, 1).text = "Chairman of the Senate"
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = "Press service of the Senate, page "
    header._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    header._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'))
    header._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    header._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t>1</w:t></w:r>'))
    header._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
    section.footer.paragraphs[0].text = "All rights reserved by the Senate."
    picture = document.add_paragraph("The hall of the Senate ")
    picture.add_run().add_picture(io.BytesIO(PNG))
    picture.add_run(" after the session.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def replace_part(data: bytes, name: str, content: bytes) -> bytes:
    """``data`` (a zip) with the entry ``name`` replaced by ``content``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name else source.read(info.filename))
    return out.getvalue()


def structure(data: bytes) -> Counter:
    """Counts of what a reader sees in the translated parts: paragraphs,
    tables, formatting runs (adjacent runs with the same properties are
    one), hyperlinks, tabs, breaks, fields, footnote references, pictures."""
    import lxml.etree as etree

    counts: Counter = Counter()
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if not (name == "word/document.xml" or name.startswith(("word/header", "word/footer"))):
            continue
        root = etree.fromstring(archive.read(name))
        for tag in ("p", "tbl", "tc", "hyperlink", "tab", "br", "fldChar", "instrText", "footnoteReference",
                    "drawing", "bookmarkStart", "sectPr"):
            counts[tag] += len(root.findall(f".//{{{W}}}{tag}"))
        for paragraph in root.iter(f"{{{W}}}p"):
            previous = None
            for run in paragraph.iter(f"{{{W}}}r"):
                if not "".join(t.text or "" for t in run.iter(f"{{{W}}}t")).strip():
                    continue
                rpr = run.find(f"{{{W}}}rPr")
                key = (etree.tostring(rpr) if rpr is not None else b"", run.getparent().tag)
                if key != previous:
                    counts["run"] += 1
                previous = key
    return counts


def docx_text(data: bytes) -> list[str]:
    """The text of every paragraph of the body, as python-docx reads it."""
    import docx

    document = docx.Document(io.BytesIO(data))
    return [p.text for p in document.paragraphs]
