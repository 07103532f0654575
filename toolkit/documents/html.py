"""HTML (``.html``, ``.htm``): the text of every block (``p``, ``h1``, ``li``,
``td``, ``title``...) is translated, with its inline elements (``a``,
``b``, ``em``, ``span``, ``img``, ``br``...) kept as inline code tags
(:mod:`toolkit.documents.codes`) the MT pipeline puts back by alignment;
``alt`` and ``title`` attributes are translated; ``script``, ``style``,
``code``, ``pre``, ``textarea``, ``svg``, ``math`` and every other attribute
are kept.

The document is read by lxml's HTML parser (libxml2; never regular
expressions over markup) and written back by lxml's serializer, so the
output is the same tree, not the same bytes: attribute quoting and entities
come out normalised, and whitespace inside a translated text is one space.
"""

from __future__ import annotations

import re

from ..errors import InputError
from .codes import Inline, Nested
from .model import DocumentBuilder
from .sentences import has_words

__all__ = ["FORMAT", "SUFFIXES", "parse", "escape", "MAX_DEPTH"]

FORMAT = "html"
SUFFIXES = (".html", ".htm", ".xhtml")

#: Elements nested deeper than this are refused (a hostile file).
MAX_DEPTH = 200

#: Kept whole, never translated.
KEPT = frozenset({"script", "style", "pre", "code", "textarea", "svg", "math", "template", "kbd", "samp",
                  "var", "object", "iframe", "noscript"})
#: Inline elements: part of the sentence around them.
INLINE = frozenset({"a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "data", "del", "dfn", "em",
                    "font", "i", "ins", "mark", "q", "s", "small", "span", "strike", "strong", "sub", "sup",
                    "time", "tt", "u", "label", "br", "img", "wbr", "code", "kbd", "samp", "var", "nobr"})
_VOID = frozenset({"br", "img", "wbr", "input", "hr", "area", "base", "col", "embed", "link", "meta",
                   "param", "source", "track"})
#: Attributes whose value is text to translate.
TEXT_ATTRIBUTES = ("alt", "title")
_MARK = re.compile("\ufdd0(\\d+)\ufdd1")


def escape(text: str) -> str:
    """``text`` for HTML text or a double-quoted attribute value."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def parse(text: str, builder: DocumentBuilder) -> None:
    """Cut an HTML document (or fragment) into pieces (see the module docstring).

    Raises:
        InputError: elements nested more than :data:`MAX_DEPTH` deep, or a
            file lxml cannot read.
    """
    import lxml.etree
    import lxml.html

    if "\ufdd0" in text or "\ufdd1" in text:
        raise InputError("the HTML contains the noncharacters U+FDD0/U+FDD1")
    whole = re.match(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype|html[\s>])", text, re.IGNORECASE | re.DOTALL) is not None
    try:
        if whole:
            root = lxml.html.document_fromstring(text)
        else:
            root = lxml.html.fragment_fromstring(text, create_parent="div")
    except (lxml.etree.ParserError, ValueError) as exc:
        if not text.strip():
            builder.literal(text)
            return
        raise InputError(f"not readable HTML: {exc}") from exc
    _check_depth(root)
    _declare_utf8(root, re.search(r"<meta[^>]*http-equiv\s*=\s*[\"']?content-type", text, re.IGNORECASE) is not None)
    slots: list = []
    _block(root, slots)
    if whole:
        # lxml gives a page without one HTML 4's doctype, which puts browsers in quirks mode: only
        # the page's own is written back
        declared = re.match(r"\s*(?:<!--.*?-->\s*)*<!doctype", text, re.IGNORECASE | re.DOTALL) is not None
        doctype = root.getroottree().docinfo.doctype if declared else None
        out = lxml.html.tostring(root, encoding="unicode", method="html", doctype=doctype or None)
        if text.endswith("\n") and not out.endswith("\n"):
            out += "\n"
    else:
        out = lxml.html.tostring(root, encoding="unicode", method="html")
        out = out[len("<div>"):-len("</div>")]
    cursor = 0
    for match in _MARK.finditer(out):
        builder.literal(out[cursor:match.start()])
        kind, payload, line = slots[int(match.group(1))]
        if kind == "run":
            lead, body, trail = _edges(payload)
            builder._gap(lead, payload.table, FORMAT, builder.literal, line)
            builder.text_block(body, line, _block_name(line), FORMAT, codes=payload.table)
            builder._gap(trail, payload.table, FORMAT, builder.literal, line)
        else:
            builder.sentence(payload, line, "attribute", FORMAT)
        cursor = match.end()
    builder.literal(out[cursor:])


def _declare_utf8(root, had_content_type: bool) -> None:
    """The page's declared encoding made UTF-8, as the translation is
    written (``<meta charset="windows-1251">`` would make browsers read
    the UTF-8 bytes as a Cyrillic code page). lxml drops a ``<meta
    http-equiv="Content-Type">`` when it parses text (``had_content_type``):
    ``<meta charset="utf-8">`` takes its place at the head's start."""
    import lxml.html

    declared = False
    for meta in root.iter("meta"):
        if meta.get("charset") is not None:
            meta.set("charset", "utf-8")
            declared = True
    if had_content_type and not declared:
        head = root.find("head")
        if head is not None:
            head.insert(0, lxml.html.Element("meta", charset="utf-8"))


def _block_name(_line: int) -> str:
    return "paragraph"


def _edges(inline: Inline) -> tuple[str, str, str]:
    value = inline.value
    body = value.strip()
    if not body:
        return value, "", ""
    lead = value[: len(value) - len(value.lstrip())]
    trail = value[len(value.rstrip()):]
    return lead, body, trail


def _check_depth(root) -> None:
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError(f"HTML nested more than {MAX_DEPTH} elements deep (line {element.sourceline}): refused")
        stack.extend((child, depth + 1) for child in element)


def _tag(element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _mark(slots: list, kind: str, payload, line: int) -> str:
    slots.append((kind, payload, line or 0))
    return f"\ufdd0{len(slots) - 1}\ufdd1"


def _attributes(element, slots: list) -> None:
    """Mark the translatable attributes of an element outside a sentence."""
    for name in TEXT_ATTRIBUTES:
        value = element.get(name)
        if value and has_words(value):
            element.set(name, _mark(slots, "attr", " ".join(value.split()), element.sourceline))


def _block(element, slots: list) -> None:
    """Translate a block element's content: runs of text and inline elements
    become sentences (marked), block children are visited."""
    if _tag(element) in KEPT or not isinstance(element.tag, str):
        return
    _attributes(element, slots)
    children = list(element)
    run: list = []  # ("text", str) or ("element", el)
    if element.text:
        run.append(element.text)
    position = 0  # where the run starts: 0 = element.text, k+1 = tail of children[k]
    for k, child in enumerate(children):
        if _tag(child) in INLINE or not isinstance(child.tag, str):
            run.append(child)
            if child.tail:
                run.append(child.tail)
            continue
        _flush(element, run, position, slots)
        _block(child, slots)
        run = [child.tail] if child.tail else []
        position = k + 1
    _flush(element, run, position, slots)


def _flush(parent, run: list, position: int, slots: list) -> None:
    """Replace a run with a mark when it has words; else mark its attributes."""
    inline = Inline(escape)
    for node in run:
        if isinstance(node, str):
            inline.text(_space(node))
        else:
            _inline(node, inline)
    if not run:
        return
    if not has_words(inline.plain()):
        for node in run:
            if not isinstance(node, str):
                for element in node.iter():
                    if isinstance(element.tag, str) and _tag(element) not in KEPT:
                        _attributes(element, slots)
        return
    elements = [node for node in run if not isinstance(node, str)]
    line = (elements[0].sourceline if elements else parent.sourceline) or parent.sourceline
    mark = _mark(slots, "run", inline, line)
    for element in elements:
        element.tail = None
        parent.remove(element)
    if position == 0:
        parent.text = mark
    else:
        previous = parent[position - 1]
        previous.tail = mark


def _space(text: str) -> str:
    return re.sub(r"[ \t\r\n\f]+", " ", text)


def _open_tag(element) -> list:
    parts: list = [f"<{_tag(element)}"]
    for name, value in element.attrib.items():
        if name in TEXT_ATTRIBUTES and has_words(value):
            parts += [f' {name}="', Nested(" ".join(value.split())), '"']
        else:
            parts.append(f' {name}="{escape(value)}"')
    parts.append(">")
    return _merge(parts)


def _merge(parts: list) -> list:
    out: list = []
    for part in parts:
        if isinstance(part, str) and out and isinstance(out[-1], str):
            out[-1] += part
        else:
            out.append(part)
    return out


def _inline(element, inline: Inline) -> None:
    import lxml.html

    tag = _tag(element)
    if not isinstance(element.tag, str) or tag in KEPT:
        tail, element.tail = element.tail, None
        inline.single([lxml.html.tostring(element, encoding="unicode", method="html")])
        element.tail = tail
        return
    if tag in _VOID:
        inline.single(_open_tag(element))
        return
    number = inline.open(_open_tag(element))
    if element.text:
        inline.text(_space(element.text))
    for child in element:
        _inline(child, inline)
        if child.tail:
            inline.text(_space(child.tail))
    inline.close(number, [f"</{tag}>"])
