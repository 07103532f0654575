"""TMX 1.4b (Translation Memory eXchange, LISA/GALA), the format every CAT
tool reads and writes: read and write translation units.

Read (:func:`read_tmx`): ``<tmx version="1.4">`` (1.1-1.4 accepted) with a
``<header>`` and a ``<body>`` of ``<tu>`` elements, each with ``<tuv
xml:lang="...">`` (``lang`` in TMX 1.1) holding one ``<seg>``. Inline
elements in a segment (``bpt``, ``ept``, ``ph``, ``it``, ``ut``, ``hi``,
``sub``) are read as the text they stand for: a code element's content is
the native code it encapsulates (``<bpt i="1">&lt;b></bpt>`` is ``<b>``),
``hi`` is its text. Dates are ``changedate`` (else ``creationdate``) of the
``tu``, in TMX's ``YYYYMMDDThhmmssZ``. Atau's own properties
(``x-atau-origin``, ``x-atau-signature``, ``x-atau-glossary``) are kept;
other tools' units are human translations.

The file is untrusted: it is read with defusedxml (no entity expansion, no
external resources), streamed, with elements nested at most
:data:`MAX_DEPTH` deep. Any error is an :class:`~toolkit.errors.InputError`
with the file and line, and the caller imports nothing.

Written (:func:`write_tmx`): TMX 1.4b with the required header attributes
(``creationtool``, ``creationtoolversion``, ``segtype``, ``o-tmf``,
``adminlang``, ``srclang``, ``datatype``), one ``tu`` per unit with its
properties, plain text segments (XML-escaped; characters XML 1.0 cannot
hold make the unit skipped and counted).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import IO, Iterable

from ..errors import InputError
from ..langtags import normalize_tag, primary_language
from .model import HUMAN, MACHINE, Unit

__all__ = ["TmxUnit", "TmxFile", "read_tmx", "write_tmx", "tmx_units", "MAX_DEPTH"]

MAX_DEPTH = 64
"""Deepest element nesting read (inline elements nest inside ``seg``)."""

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CODES = {"bpt", "ept", "ph", "it", "ut"}
_INLINE = _CODES | {"hi", "sub"}
_CHUNK = 1 << 20
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class TmxUnit:
    """One ``<tu>``: ``segments`` maps each ``tuv``'s language (as written)
    to its text; ``props`` the ``<prop type=...>`` values; ``date`` its
    changedate or creationdate (ISO 8601, or None); ``line`` where it starts."""

    line: int
    segments: dict[str, str] = field(default_factory=dict)
    props: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    date: str | None = None
    author: str | None = None


@dataclass
class TmxFile:
    """A read TMX file: its ``header`` attributes and ``units``."""

    header: dict[str, str]
    units: list[TmxUnit]

    @property
    def srclang(self) -> str | None:
        value = self.header.get("srclang")
        return None if value in (None, "", "*all*") else value

    def languages(self) -> list[str]:
        """The primary languages of the segments, in order of appearance."""
        seen: dict[str, None] = {}
        for unit in self.units:
            for lang in unit.segments:
                try:
                    seen.setdefault(primary_language(lang), None)
                except InputError:
                    continue
        return list(seen)


class _Reader:
    """An expat target that builds :class:`TmxUnit` objects as it goes."""

    def __init__(self, path) -> None:
        self.path = path
        self.parser = None
        self.stack: list[str] = []
        self.header: dict[str, str] = {}
        self.seen_header = False
        self.units: list[TmxUnit] = []
        self.version: str | None = None
        self.unit: TmxUnit | None = None
        self.lang: str | None = None
        self.seg: list[str] | None = None
        self.segs_in_tuv = 0
        self.text: list[str] | None = None  # a prop's or note's text
        self.prop: str | None = None

    def _line(self) -> int | None:
        return getattr(getattr(self.parser, "parser", None), "CurrentLineNumber", None)

    def _error(self, message: str):
        return InputError(message, self.path, self._line())

    def start(self, tag: str, attrs: dict) -> None:
        name = tag.rsplit("}", 1)[-1]
        parent = self.stack[-1] if self.stack else None
        self.stack.append(name)
        if len(self.stack) > MAX_DEPTH:
            raise self._error(f"elements nested more than {MAX_DEPTH} deep")
        if parent is None:
            if name != "tmx":
                raise self._error(f"not a TMX file: the root element is <{name}>, not <tmx>")
            self.version = attrs.get("version")
            if self.version is None:
                raise self._error('<tmx> without a version (expected version="1.4")')
            if self.version not in ("1.1", "1.2", "1.3", "1.4", "1.4b"):
                raise self._error(f"unsupported TMX version {self.version!r} (expected 1.4)")
            return
        if self.seg is not None:
            if name not in _INLINE:
                raise self._error(f"<{name}> inside <seg> (TMX allows bpt, ept, ph, it, ut, hi, sub)")
            return
        if name == "header" and parent == "tmx":
            self.header = dict(attrs)
            self.seen_header = True
        elif name == "tu" and parent == "body":
            self.unit = TmxUnit(self._line() or 0, date=_date(attrs.get("changedate") or attrs.get("creationdate")),
                                author=attrs.get("changeid") or attrs.get("creationid"))
        elif name == "tuv" and parent == "tu":
            lang = attrs.get(_XML_LANG) or attrs.get("lang")
            if not lang:
                raise self._error("<tuv> without xml:lang")
            self.lang = lang
            self.segs_in_tuv = 0
        elif name == "seg" and parent == "tuv":
            self.segs_in_tuv += 1
            if self.segs_in_tuv > 1:
                raise self._error("<tuv> with more than one <seg>")
            self.seg = []
        elif name in ("prop", "note") and parent in ("tu", "tuv"):
            self.text = []
            self.prop = attrs.get("type", "") if name == "prop" else None
        elif name in ("prop", "note", "ude", "map") and parent in ("header", "ude"):
            pass
        elif name == "body" and parent == "tmx":
            if not self.seen_header:
                raise self._error("<body> before <header>: not a TMX file")
        else:
            raise self._error(f"unexpected <{name}> in <{parent}>")

    def end(self, tag: str) -> None:
        name = self.stack.pop()
        if self.seg is not None:
            if name == "seg":
                text = "".join(self.seg)
                if self.unit is not None and self.lang is not None:
                    self.unit.segments[self.lang] = text
                self.seg = None
            return
        if name == "tu" and self.unit is not None:
            if not self.unit.segments:
                raise InputError("<tu> without any <tuv>", self.path, self.unit.line)
            self.units.append(self.unit)
            self.unit = None
        elif name in ("prop", "note") and self.text is not None:
            text = "".join(self.text)
            if self.unit is not None and self.stack and self.stack[-1] == "tu":
                if name == "prop":
                    self.unit.props[self.prop or ""] = text
                else:
                    self.unit.notes.append(text)
            self.text = None
        elif name == "tmx" and not self.seen_header:
            raise self._error("no <header>: not a TMX file")

    def data(self, text: str) -> None:
        if self.seg is not None:
            self.seg.append(text)
        elif self.text is not None:
            self.text.append(text)

    def close(self) -> None:
        return None


def read_tmx(fileobj: IO[bytes], path: str | os.PathLike | None = None) -> TmxFile:
    """Read a TMX file (binary file object), all of it or nothing.

    Raises:
        InputError: not well-formed XML (with line and column), entity
            declarations or external references (refused), not TMX, a
            ``tuv`` without language, a ``tu`` without ``tuv``, elements a
            ``seg`` may not hold, nesting deeper than :data:`MAX_DEPTH`.
    """
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    reader = _Reader(path)
    parser = DefusedXMLParser(target=reader, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    reader.parser = parser
    try:
        while True:
            chunk = fileobj.read(_CHUNK)
            if not chunk:
                break
            parser.feed(chunk)
        parser.close()
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        message = str(exc).split(":")[0] if str(exc) else "malformed XML"
        raise InputError(f"not well-formed XML: {message}", path, line, (column or 0) + 1 if line else None) from exc
    except DefusedXmlException as exc:
        raise InputError(f"refused: {type(exc).__name__} (entity declarations and external "
                         f"references are not allowed)", path) from exc
    except RecursionError as exc:
        raise InputError("elements nested too deep", path) from exc
    if reader.version is None:
        raise InputError("not a TMX file (no <tmx> element)", path)
    return TmxFile(reader.header, reader.units)


def _date(value: str | None) -> str | None:
    """TMX's ``20261204T080000Z`` as ``2026-12-04T08:00:00Z``; None if absent or unreadable."""
    if not value:
        return None
    match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z", value.strip())
    if match is None:
        return None
    y, mo, d, h, mi, s = match.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}Z"


def _tmx_date(value: str) -> str:
    return re.sub(r"[-:]", "", value)


def _pick(segments: dict[str, str], lang: str) -> str | None:
    """The segment for ``lang``: the exact tag, else one of the same primary language."""
    wanted = normalize_tag(lang)
    fallback = None
    for tag, text in segments.items():
        try:
            normalized = normalize_tag(tag)
        except InputError:
            continue
        if normalized == wanted:
            return text
        if fallback is None and primary_language(normalized) == primary_language(wanted):
            fallback = text
    return fallback


def tmx_units(tmx: TmxFile, from_code: str, to_code: str, *, origin: str | None = None) -> tuple[list[Unit], int]:
    """The units of a read TMX file for a pair: ``(units, skipped)``, where
    skipped counts ``tu`` elements without a segment in both languages.

    Args:
        origin (str | None): force every unit's origin; None takes Atau's
            ``x-atau-origin`` property, else human.
    """
    units: list[Unit] = []
    skipped = 0
    for tu in tmx.units:
        source, target = _pick(tu.segments, from_code), _pick(tu.segments, to_code)
        if source is None or target is None or not source.strip() or not target.strip():
            skipped += 1
            continue
        kind = origin or (MACHINE if tu.props.get("x-atau-origin") == MACHINE else HUMAN)
        meta: dict = {}
        if kind == HUMAN:
            if tu.notes:
                meta["note"] = "\n".join(tu.notes)
            if tu.author:
                meta["author"] = tu.author
        extra = {"created": tu.date} if tu.date else {}
        units.append(Unit(source, target, kind, tu.props.get("x-atau-signature", "") if kind == MACHINE else "",
                          tu.props.get("x-atau-glossary", ""), meta=meta, **extra))
    return units, skipped


def write_tmx(fileobj: IO[str], units: Iterable[Unit], from_code: str, to_code: str, *,
              created: str) -> tuple[int, int]:
    """Write ``units`` as TMX 1.4b to a text file object.

    Args:
        created (str): the header's creation date (ISO 8601 UTC).

    Returns:
        tuple[int, int]: units written, units skipped (characters XML 1.0
        cannot hold).
    """
    from xml.sax.saxutils import escape, quoteattr

    from .. import __version__

    src, tgt = normalize_tag(from_code), normalize_tag(to_code)
    fileobj.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
                  '<tmx version="1.4">\n'
                  f'  <header creationtool="Atau" creationtoolversion="{escape(__version__)}" '
                  f'segtype="sentence" o-tmf="atau-sqlite" adminlang="en" srclang={quoteattr(src)} '
                  f'datatype="plaintext" creationdate="{_tmx_date(created)}"/>\n'
                  '  <body>\n')
    written = skipped = 0
    for unit in units:
        texts = [unit.source, unit.target, unit.signature, unit.glossary, str(unit.meta.get("note", "")),
                 str(unit.meta.get("author", ""))]
        if any(_BAD_XML.search(text) for text in texts):
            skipped += 1
            continue
        date = _tmx_date(unit.created)
        author = f' creationid={quoteattr(unit.meta["author"])}' if unit.meta.get("author") else ""
        lines = [f'    <tu creationdate="{date}" changedate="{date}"{author}>']
        lines.append(f'      <prop type="x-atau-origin">{unit.origin}</prop>')
        if unit.signature:
            lines.append(f'      <prop type="x-atau-signature">{escape(unit.signature)}</prop>')
        if unit.glossary:
            lines.append(f'      <prop type="x-atau-glossary">{escape(unit.glossary)}</prop>')
        if unit.meta.get("note"):
            lines.append(f'      <note>{escape(str(unit.meta["note"]))}</note>')
        lines.append(f'      <tuv xml:lang={quoteattr(src)}><seg>{_seg(unit.source)}</seg></tuv>')
        lines.append(f'      <tuv xml:lang={quoteattr(tgt)}><seg>{_seg(unit.target)}</seg></tuv>')
        lines.append("    </tu>\n")
        fileobj.write("\n".join(lines))
        written += 1
    fileobj.write("  </body>\n</tmx>\n")
    return written, skipped


def _seg(text: str) -> str:
    from xml.sax.saxutils import escape

    # \r would be read back as \n (XML end-of-line handling): keep it as a reference.
    return escape(text).replace("\r", "&#13;")
