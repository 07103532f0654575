"""XLIFF 1.2 and 2.0 (``.xlf``, ``.xliff``), the exchange format of CAT tools
(memoQ, Trados, OmegaT, Weblate).

``atau translate FILE.xlf`` fills the targets that need a translation and
keeps the others:

* XLIFF 1.2: a ``<trans-unit>`` without ``<target>``, with an empty one, or
  with ``state="new"`` or ``"needs-translation"``; the new target gets
  ``state="needs-review-translation"`` and ``state-qualifier="leveraged-mt"``
  (machine translation, to be reviewed);
* XLIFF 2.0: a ``<segment>`` without ``<target>``, with an empty one, or with
  ``state="initial"`` (the default); it gets ``state="translated"`` and
  ``subState="atau:mt"``.

Units marked ``translate="no"`` are kept. A 1.2 unit with ``<seg-source>``
is translated from it, so the target gets its ``<mrk mtype="seg">``
segments, as Trados and memoQ expect. Inline codes (1.2: ``g``, ``x``,
``bx``, ``ex``, ``ph``, ``bpt``, ``ept``, ``it``, ``mrk``; 2.0: ``pc``, ``ph``,
``sc``, ``ec``, ``cp``, ``sm``, ``em``, ``mrk``) become inline code tags
(:mod:`toolkit.documents.codes`) and come back in the target as in the source;
any other element inside a source is refused. Notes, contexts and every other
element are kept. A file with a DOCTYPE (entities) is refused.

:func:`read_pairs` gives the translated units for ``atau enforce`` and
``atau check`` (:mod:`toolkit.documents.bitext`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..errors import InputError
from .codes import CODE, Inline, render_codes
from .model import DocumentBuilder, escaper

__all__ = ["FORMAT", "SUFFIXES", "parse", "escape", "read_pairs", "Pairs"]

FORMAT = "xliff"
SUFFIXES = (".xlf", ".xliff")

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_PAIRED = {NS12: {"g", "mrk"}, NS20: {"pc", "mrk"}}
_STANDALONE = {NS12: {"x", "bx", "ex", "ph", "bpt", "ept", "it"}, NS20: {"ph", "sc", "ec", "cp", "sm", "em"}}
_FILL_STATES = {NS12: {"new", "needs-translation"}, NS20: {"initial"}}
_MARK = re.compile("\ufdd0(\\d+)\ufdd1")
#: Elements nested deeper than this are refused.
MAX_DEPTH = 100


def escape(text: str) -> str:
    """``text`` for XML text or a double-quoted attribute value."""
    return escaper("xml")(text)


def _read(text: str):
    """The parsed XLIFF tree and its namespace.

    Raises:
        InputError: not XML, a DOCTYPE, not XLIFF 1.2 or 2.0, too deep.
    """
    import lxml.etree as etree

    if "\ufdd0" in text or "\ufdd1" in text:
        raise InputError("the XLIFF contains the noncharacters U+FDD0/U+FDD1")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_blank_text=False)
    body = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", text)
    declaration = text[: len(text) - len(body)]
    try:  # the declaration's lines kept as blank lines: line numbers stay the file's
        root = etree.fromstring(("\n" * declaration.count("\n") + body).encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        line, column = (exc.position if exc.position else (None, None))
        raise InputError(f"not valid XML: {exc.msg}", None, line, column) from exc
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise InputError("XLIFF with a DOCTYPE (entities) is refused")
    namespace = etree.QName(root).namespace
    if namespace not in (NS12, NS20):
        raise InputError(f"not XLIFF 1.2 or 2.0 (root element {root.tag!r})")
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError(f"XML nested more than {MAX_DEPTH} elements deep", None, element.sourceline)
        stack.extend((child, depth + 1) for child in element)
    return root, namespace, declaration


def _check_languages(root, ns: str, lang: str) -> None:
    """The source language each ``<file>`` (1.2: ``source-language``) or the
    root (2.0: ``srcLang``) declares must be ``lang``'s language (``en-US``
    is ``en``); unit ids must be unique within a file (CAT tools match
    targets back by id)."""
    from ..langtags import primary_language

    holders = list(root.iter(f"{{{ns}}}file")) if ns == NS12 else [root]
    attribute = "source-language" if ns == NS12 else "srcLang"
    for holder in holders:
        declared = holder.get(attribute)
        if declared and lang:
            try:
                same = primary_language(declared) == primary_language(lang)
            except InputError:
                same = False
            if not same:
                raise InputError(f"the XLIFF's {attribute} is {declared!r}, not {lang!r}: give --from "
                                 f"{declared} (or translate the file it was made from)", None, holder.sourceline)
    unit_tag = "trans-unit" if ns == NS12 else "unit"
    files = list(root.iter(f"{{{ns}}}file"))
    for file in files or [root]:
        seen: set[str] = set()
        for unit in file.iter(f"{{{ns}}}{unit_tag}"):
            unit_id = unit.get("id")
            if unit_id is None:
                continue
            if unit_id in seen:
                raise InputError(f"two units with the id {unit_id!r} in one file", None, unit.sourceline)
            seen.add(unit_id)


def _units(root, ns: str):
    """``(unit id, source, target or None, holder)`` of every translatable
    segment; ``holder`` is where a new target goes (after ``source``)."""
    if ns == NS12:
        for unit in root.iter(f"{{{ns}}}trans-unit"):
            if unit.get("translate") == "no":
                continue
            source = unit.find(f"{{{ns}}}seg-source")  # segmented: its <mrk mtype="seg"> go to the target
            if source is None:
                source = unit.find(f"{{{ns}}}source")
            if source is not None:
                yield unit.get("id", "?"), source, unit.find(f"{{{ns}}}target"), unit
    else:
        for unit in root.iter(f"{{{ns}}}unit"):
            if unit.get("translate") == "no":
                continue
            for segment in unit.iter(f"{{{ns}}}segment"):
                source = segment.find(f"{{{ns}}}source")
                if source is not None:
                    yield unit.get("id", "?"), source, segment.find(f"{{{ns}}}target"), segment


def _needs(ns: str, target, holder) -> bool:
    if target is None or (not (target.text or "").strip() and len(target) == 0):
        return True
    state = target.get("state") if ns == NS12 else holder.get("state", "initial")
    return state in _FILL_STATES[ns]


def parse(text: str, builder: DocumentBuilder) -> None:
    """Cut an XLIFF file into pieces: the targets to fill are the sentences
    (see the module docstring).

    Raises:
        InputError: not XLIFF, a DOCTYPE, an unknown inline code (with the
            unit's id and line); a declared source language that is not the
            document's (``builder.lang``); two units of one file with the
            same id.
    """
    import lxml.etree as etree

    root, ns, declaration = _read(text)
    _check_languages(root, ns, builder.lang)
    slots: list = []
    for unit_id, source, target, holder in list(_units(root, ns)):
        if not _needs(ns, target, holder):
            continue
        inline = _inline(source, ns, unit_id)
        if not CODE.sub("", inline.value).strip():
            continue
        if target is None:
            target = etree.Element(f"{{{ns}}}target")
            previous = source.getprevious()
            indent = (previous.tail if previous is not None else source.getparent().text) or ""
            source.addnext(target)
            target.tail, source.tail = source.tail, indent
        for child in list(target):
            target.remove(child)
        if ns == NS12:
            target.set("state", "needs-review-translation")
            target.set("state-qualifier", "leveraged-mt")
        else:
            holder.set("state", "translated")
            holder.set("subState", "atau:mt")
        target.text = f"\ufdd0{len(slots)}\ufdd1"
        slots.append((inline, source.sourceline or 0))
    out = declaration + etree.tostring(root, encoding="unicode")
    if text.endswith("\n") and not out.endswith("\n"):
        out += "\n"
    cursor = 0
    for match in _MARK.finditer(out):
        builder.literal(out[cursor:match.start()])
        inline, line = slots[int(match.group(1))]
        value = inline.value
        body = value.strip()
        lead = value[: len(value) - len(value.lstrip())]
        trail = value[len(value.rstrip()):] if body else ""
        builder._gap(lead, inline.table, "xml", builder.literal, line)
        builder.text_block(body, line, "unit", "xml", codes=inline.table)
        builder._gap(trail, inline.table, "xml", builder.literal, line)
        cursor = match.end()
    builder.literal(out[cursor:])


def _inline(element, ns: str, unit_id: str) -> Inline:
    """The content of a source or target as text with code tags."""
    inline = Inline(escape)
    if element.text:
        inline.text(element.text)
    for child in element:
        _code(child, inline, ns, unit_id)
        if child.tail:
            inline.text(child.tail)
    return inline


def _code(element, inline: Inline, ns: str, unit_id: str) -> None:
    import lxml.etree as etree

    if not isinstance(element.tag, str):  # a comment or processing instruction
        inline.single([etree.tostring(element, encoding="unicode", with_tail=False)])
        return
    qname = etree.QName(element)
    name = qname.localname
    if qname.namespace == ns and name in _PAIRED[ns]:
        number = inline.open([_start_tag(element, ns)])
        if element.text:
            inline.text(element.text)
        for child in element:
            _code(child, inline, ns, unit_id)
            if child.tail:
                inline.text(child.tail)
        inline.close(number, [f"</{_name(element, ns)}>"])
    elif qname.namespace == ns and name in _STANDALONE[ns]:
        inline.single([_serialize(element, ns)])
    else:
        raise InputError(f"unknown inline code <{name}> in unit {unit_id!r}", None, element.sourceline)


def _name(element, ns: str) -> str:
    import lxml.etree as etree

    qname = etree.QName(element)
    if qname.namespace == ns or qname.namespace is None:
        return qname.localname
    prefix = next((p for p, u in element.nsmap.items() if u == qname.namespace and p), None)
    return f"{prefix}:{qname.localname}" if prefix else qname.localname


def _attributes(element, ns: str) -> str:
    import lxml.etree as etree

    parts = []
    for key, value in element.attrib.items():
        qname = etree.QName(key)
        if qname.namespace == _XML_NS:
            name = f"xml:{qname.localname}"
        elif qname.namespace:
            prefix = next((p for p, u in element.nsmap.items() if u == qname.namespace and p), None)
            name = f"{prefix}:{qname.localname}" if prefix else qname.localname
        else:
            name = key
        parts.append(f' {name}="{escape(value)}"')
    return "".join(parts)


def _start_tag(element, ns: str) -> str:
    return f"<{_name(element, ns)}{_attributes(element, ns)}>"


def _serialize(element, ns: str) -> str:
    """An inline element with its content (without its tail), in the
    namespace of the surrounding target."""
    import lxml.etree as etree

    if not isinstance(element.tag, str):
        return etree.tostring(element, encoding="unicode", with_tail=False)
    if element.text is None and len(element) == 0:
        return f"<{_name(element, ns)}{_attributes(element, ns)}/>"
    inner = escape(element.text or "")
    for child in element:
        inner += _serialize(child, ns) + escape(child.tail or "")
    return f"{_start_tag(element, ns)}{inner}</{_name(element, ns)}>"


@dataclass
class Pairs:
    """The translated units of an XLIFF file, for enforcement and checks.

    Attributes:
        sources (list[str]): the source texts (without code tags).
        targets (list[str]): the target texts, with code tags.
        lines (list[int]): the line of each target.
        render (Callable[[list[str]], str]): the file with new targets.
    """

    sources: list
    targets: list
    lines: list
    render: Callable


def read_pairs(text: str) -> Pairs:
    """Every unit with a non-empty target, whatever its state.

    Raises:
        InputError: as :func:`parse`.
    """
    import lxml.etree as etree

    root, ns, declaration = _read(text)
    sources, targets, lines, slots = [], [], [], []
    for unit_id, source, target, _holder in list(_units(root, ns)):
        if target is None or (not (target.text or "").strip() and len(target) == 0):
            continue
        source_inline = _inline(source, ns, unit_id)
        target_inline = _inline(target, ns, unit_id)
        sources.append(CODE.sub("", source_inline.value))
        targets.append(target_inline.value)
        lines.append(target.sourceline or 0)
        slots.append((target, target_inline))

    def render(new_targets: list) -> str:
        if len(new_targets) != len(slots):
            raise InputError(f"expected {len(slots)} segments, got {len(new_targets)}")
        rendered = []
        for k, ((target, inline), new) in enumerate(zip(slots, new_targets)):
            rendered.append(render_codes(new, inline.table, escape, lambda _s: "", f"line {lines[k]}: "))
        saved = [(target, target.text, list(target)) for target, _i in slots]
        try:
            for k, (target, _inline_) in enumerate(slots):
                for child in list(target):
                    target.remove(child)
                target.text = f"\ufdd0{k}\ufdd1"
            out = declaration + etree.tostring(root, encoding="unicode")
        finally:
            for target, old_text, children in saved:
                target.text = old_text
                for child in list(target):
                    target.remove(child)
                target.extend(children)
        out = _MARK.sub(lambda m: rendered[int(m.group(1))], out)
        return out + "\n" if text.endswith("\n") and not out.endswith("\n") else out

    return Pairs(sources, targets, lines, render)
