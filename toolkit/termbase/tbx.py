"""TBX (TermBase eXchange, ISO 30042) reading and writing.

:func:`write_tbx` writes the TBX-Basic dialect of TBX v3 (ISO 30042:2019,
``conceptEntry``/``langSec``/``termSec``) deterministically: fixed element
order, two-space indentation, UTF-8, ``\\n`` line ends. Reading a file that
Atau wrote and writing it again gives the same bytes, so git diffs of the
termbase are line-level. With ``version=2`` it writes the same data in the
TBX v2 layout of TBX-Basic 1.x (ISO 30042:2008, ``martif``/``termEntry``/
``langSet``/``tig``), the one translate-toolkit (and so Weblate) reads; the
extensions below are written there too, so nothing is lost between Atau
installations. Other tools see them as unknown notes (translate-toolkit) or
not at all, and ``forbiddenTerm-admn-sts`` is not in TBX-Basic's picklist.

:func:`read_tbx` reads both that layout and the older TBX v2 "martif"
layout (ISO 30042:2008: ``termEntry``/``langSet`` with ``tig`` or
``ntig``/``termGrp``), as other terminology tools export it. XML is parsed
with defusedxml: documents with entity declarations (billion laughs) or
external entities are refused with an error instead of being expanded.

Data categories used (TBX-Basic names): ``subjectField``, ``definition``,
``note``, ``administrativeStatus`` (``preferredTerm-admn-sts``,
``admittedTerm-admn-sts``, ``deprecatedTerm-admn-sts``), ``partOfSpeech``,
``grammaticalGender``, ``grammaticalNumber``, ``source`` (as ``admin``).
Three extensions, since TBX-Basic lacks them: the status value
``forbiddenTerm-admn-sts``, ``<termNote type="x-caseSensitive">yes`` and
periods of use, ``<descrip type="x-period">`` on a concept and ``<termNote
type="x-period">`` on a term (ISO 8601 intervals, :mod:`toolkit.termbase.period`).
"""

from __future__ import annotations

import os
import re
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import escape, quoteattr

from ..errors import GlossaryError
from ..i18n import _
from .model import Concept, Glossary, Term, check_text

__all__ = ["read_tbx", "write_tbx", "dumps_tbx", "loads_tbx", "parse_entries", "TBX_VERSIONS"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NS = "urn:iso:std:iso:30042:ed-2"

_STATUS_WRITE = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "forbidden": "forbiddenTerm-admn-sts",
}
# Values seen in TBX files of other tools (administrativeStatus and
# normativeAuthorization picklists of ISO 12620 / TBX), folded to our four.
_STATUS_READ = {
    "preferred": "preferred", "standardized": "preferred", "legal": "preferred",
    "regulated": "preferred", "admitted": "admitted", "deprecated": "deprecated",
    "superseded": "deprecated", "obsolete": "deprecated", "notrecommended": "deprecated",
    "forbidden": "forbidden", "proscribed": "forbidden",
}


_LOCAL_NAMES: dict[str, str] = {}


def _local(tag: Any) -> str:
    """``"{namespace}name"`` -> ``"name"`` (comments and processing
    instructions, whose tag is not a string, give ``""``)."""
    if not isinstance(tag, str):
        return ""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rsplit("}", 1)[-1]
        if len(_LOCAL_NAMES) < 1024:
            _LOCAL_NAMES[tag] = name
    return name


def _text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _status(value: str, where: str) -> str:
    key = re.sub(r"(term)?(-admn-sts)?$", "", value.strip().lower().replace(" ", ""))
    if key not in _STATUS_READ:
        raise GlossaryError(_("{where}: unknown term status {value!r}").format(where=where, value=value))
    return _STATUS_READ[key]


_DECLARED_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)""")


def _not_utf8(data: bytes) -> tuple[str, int, int] | None:
    """For a file that should be UTF-8 (no byte-order mark, no other
    encoding declared) but is not: ``(message, line, column)`` of the first
    bad byte; else None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    declared = _DECLARED_ENCODING.match(data.removeprefix(b"\xef\xbb\xbf").lstrip()[:200])
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        return (_("not UTF-8 text (byte 0x{byte:02x}) and no other encoding declared; "
                  "save the file as UTF-8").format(byte=data[exc.start]),
                before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1)
    return None


def parse_entries(data: bytes, path: str | os.PathLike | None = None) -> tuple[str | None, list[Concept]]:
    """Parse TBX bytes into ``(title, concepts)`` without checking that ids
    are unique (for ``atau glossary validate``). Errors as :func:`read_tbx`."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        root = SafeET.fromstring(data)
    except ParseError as exc:
        undecodable = _not_utf8(data)
        if undecodable is not None:
            message, line, column = undecodable
            raise GlossaryError(message, path, line, column) from exc
        line, column = getattr(exc, "position", (None, None))
        message = str(exc).split(":")[0]
        raise GlossaryError(_("malformed XML: {error}").format(error=message), path, line, (column or 0) + 1) from exc
    except DefusedXmlException as exc:
        raise GlossaryError(
            _("refused: the file declares XML entities or a DTD ({kind}); "
              "TBX needs neither").format(kind=type(exc).__name__), path) from exc
    name = _local(root.tag)
    if name not in ("tbx", "martif"):
        raise GlossaryError(_("not a TBX file: root element is <{name}>, expected <tbx> or <martif>").format(name=name),
                            path)
    title = None
    for element in root.iter():
        if _local(element.tag) == "title":
            title = _text(element) or None
            break
    try:
        concepts = [_read_entry(entry, number, path) for number, entry in enumerate(
            (e for e in root.iter() if _local(e.tag) in ("conceptEntry", "termEntry")), start=1)]
    except RecursionError as exc:
        raise GlossaryError(_("XML nested too deeply to be a termbase"), path) from exc
    return title, concepts


def loads_tbx(data: bytes, path: str | os.PathLike | None = None) -> Glossary:
    """Parse TBX from bytes. See :func:`read_tbx`."""
    title, concepts = parse_entries(data, path)
    seen: set[str] = set()
    for concept in concepts:
        if concept.id in seen:
            raise GlossaryError(_("duplicate concept id {id!r} (run 'atau glossary validate')").format(id=concept.id),
                                path)
        seen.add(concept.id)
    return Glossary(concepts, name=title)


def read_tbx(fileobj: IO[bytes], path: str | os.PathLike | None = None) -> Glossary:
    """Read a TBX file (TBX v3 ``tbx`` or TBX v2 ``martif`` layout).

    Language tags are compared as BCP 47 (``EN`` is ``en``, ``ru_RU`` is
    ``ru-RU``); every term keeps the language of its own ``langSec``/``langSet``.
    Entries without an id get ``entry-N`` (N = position, from 1).

    Args:
        fileobj: a binary file object.
        path: the file's name, for error messages.

    Returns:
        Glossary: the concepts in file order; ``name`` from the header title.

    Raises:
        GlossaryError: malformed XML (with line and column), entity
            declarations or external entities, an unknown root element or
            status, a term without a language, duplicate ids.
    """
    return loads_tbx(fileobj.read(), path)


def _read_entry(entry: Element, number: int, path: Any) -> Concept:
    concept_id = entry.get("id") or f"entry-{number}"
    where = _("concept {id!r}").format(id=concept_id)
    fields: dict[str, str | None] = {"subject": None, "definition": None, "note": None, "period": None}
    terms: list[Term] = []
    for child in entry:
        tag = _local(child.tag)
        if tag in ("langSec", "langSet"):
            lang = child.get(_XML_LANG) or child.get("lang")
            if not lang:
                raise GlossaryError(_("{where}: <{tag}> without xml:lang").format(where=where, tag=tag), path)
            for sub in child:
                subtag = _local(sub.tag)
                if subtag in ("termSec", "tig", "ntig"):
                    terms.append(_read_term(sub, lang, where, path))
                else:
                    _read_field(sub, fields)
        else:
            _read_field(child, fields)
    try:
        return Concept(concept_id, tuple(terms), **fields)
    except GlossaryError as exc:
        raise GlossaryError(str(exc), path) from exc


def _read_field(element: Element, fields: dict[str, str | None]) -> None:
    pending = [element]  # a stack, not recursion: descripGrp may nest without limit
    while pending:
        element = pending.pop()
        tag = _local(element.tag)
        if tag == "descripGrp":
            pending.extend(reversed(list(element)))
            continue
        kind = element.get("type")
        if tag == "descrip" and kind == "subjectField":
            fields["subject"] = fields["subject"] or _text(element) or None
        elif tag == "descrip" and kind == "definition":
            fields["definition"] = fields["definition"] or _text(element) or None
        elif tag == "descrip" and kind == "x-period":
            fields["period"] = fields["period"] or _text(element) or None
        elif tag == "note":
            fields["note"] = fields["note"] or _text(element) or None


def _read_term(container: Element, lang: str, where: str, path: Any) -> Term:
    values: dict[str, Any] = {}
    text = None
    for element in container.iter():
        tag, kind = _local(element.tag), element.get("type")
        if tag == "term":
            text = "".join(element.itertext())
        elif tag == "termNote" and kind in ("administrativeStatus", "normativeAuthorization"):
            if "status" not in values:
                try:
                    values["status"] = _status(_text(element), where)
                except GlossaryError as exc:
                    raise GlossaryError(str(exc), path) from exc
        elif tag == "termNote" and kind == "partOfSpeech":
            values["pos"] = _text(element) or None
        elif tag == "termNote" and kind == "grammaticalGender":
            values["gender"] = _text(element) or None
        elif tag == "termNote" and kind == "grammaticalNumber":
            values["number"] = _text(element) or None
        elif tag == "termNote" and kind == "x-caseSensitive":
            values["case_sensitive"] = _text(element).lower() in ("yes", "true", "1")
        elif tag == "termNote" and kind == "x-period":
            values["period"] = _text(element) or None
        elif tag == "note":
            values["note"] = _text(element) or None
        elif tag in ("admin", "descrip") and kind == "source":
            values["source"] = _text(element) or None
    if text is None:
        raise GlossaryError(_("{where}: <termSec> without <term> in language {lang!r}").format(where=where, lang=lang),
                            path)
    try:
        return Term(text, lang, **values)
    except GlossaryError as exc:
        raise GlossaryError(f"{where}: {exc}", path) from exc


def _x(value: str, what: str) -> str:
    """``value`` escaped as XML character data.

    ``\\r`` is written as ``&#13;`` (an XML parser would read a bare one as
    ``\\n``), so every text comes back exactly.

    Raises:
        GlossaryError: ``value`` has a character XML 1.0 cannot hold
            (see :func:`toolkit.termbase.model.check_text`): refused rather than
            written into a file no XML parser could read.
    """
    check_text(value, what)
    return escape(value).replace("\r", "&#13;")


#: Element names of the two TBX layouts Atau writes: TBX v3 (ISO 30042:2019)
#: and TBX v2 (ISO 30042:2008, the "martif" layout of TBX-Basic 1.x).
_LAYOUTS: dict[int, dict[str, str]] = {
    3: {"root": "tbx", "header": "tbxHeader", "entry": "conceptEntry", "lang": "langSec", "term": "termSec"},
    2: {"root": "martif", "header": "martifHeader", "entry": "termEntry", "lang": "langSet", "term": "tig"},
}
#: Versions :func:`dumps_tbx` writes.
TBX_VERSIONS = tuple(sorted(_LAYOUTS))


def dumps_tbx(glossary: Glossary, version: int = 3) -> str:
    """The TBX-Basic document for ``glossary`` as a string. See :func:`write_tbx`.

    Args:
        glossary (Glossary): the termbase.
        version (int): 3 (default) for TBX v3, ISO 30042:2019
            (``tbx``/``conceptEntry``/``langSec``/``termSec``); 2 for TBX v2,
            ISO 30042:2008, TBX-Basic 1.x (``martif``/``termEntry``/``langSet``/``tig``),
            the layout translate-toolkit and Weblate read. Both carry the
            same data categories, extensions included, so either reads back
            into the same glossary.

    Raises:
        GlossaryError: a text holds a character XML cannot represent (a
            control character other than tab and line breaks, a lone
            surrogate, U+FFFE/U+FFFF); nothing is written.
        ValueError: ``version`` is not 2 or 3.
    """
    if version not in _LAYOUTS:
        raise ValueError(f"TBX version {version!r}: Atau writes {' or '.join(map(str, TBX_VERSIONS))}")
    names = _LAYOUTS[version]
    if version == 3:
        root = f'<tbx style="dca" type="TBX-Basic" xml:lang="en" xmlns="{_NS}">'
        written_by = "Written by Atau (TBX-Basic, ISO 30042:2019)."
    else:
        root = '<martif type="TBX-Basic-V1" xml:lang="en">'
        written_by = "Written by Atau (TBX-Basic 1.x, TBX v2, ISO 30042:2008)."
    out: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>', root,
                      f"  <{names['header']}>", "    <fileDesc>"]
    if glossary.name:
        out += ["      <titleStmt>", f"        <title>{_x(glossary.name, 'glossary name')}</title>",
                "      </titleStmt>"]
    out += ["      <sourceDesc>", f"        <p>{written_by}</p>",
            "      </sourceDesc>", "    </fileDesc>"]
    if version == 2:
        out.append('    <encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>')
    out += [f"  </{names['header']}>", "  <text>", "    <body>"]
    for concept in glossary:
        out.append(f"      <{names['entry']} id={quoteattr(concept.id)}>")
        if concept.subject:
            out.append(f'        <descrip type="subjectField">{_x(concept.subject, "subject")}</descrip>')
        if concept.definition:
            out.append(f'        <descrip type="definition">{_x(concept.definition, "definition")}</descrip>')
        if concept.period is not None:
            out.append(f'        <descrip type="x-period">{_x(str(concept.period), "period")}</descrip>')
        if concept.note:
            out.append(f"        <note>{_x(concept.note, 'note')}</note>")
        for lang in concept.languages:
            out.append(f"        <{names['lang']} xml:lang={quoteattr(lang)}>")
            for term in (t for t in concept.terms if t.lang == lang):
                out += _term_lines(term, names["term"])
            out.append(f"        </{names['lang']}>")
        out.append(f"      </{names['entry']}>")
    out += ["    </body>", "  </text>", f"</{names['root']}>", ""]
    return "\n".join(out)


def _term_lines(term: Term, element: str = "termSec") -> list[str]:
    pad = " " * 12
    lines = [f"          <{element}>", f"{pad}<term>{_x(term.text, 'term')}</term>",
             f'{pad}<termNote type="administrativeStatus">{_STATUS_WRITE[term.status]}</termNote>']
    for kind, value in (("partOfSpeech", term.pos), ("grammaticalGender", term.gender),
                        ("grammaticalNumber", term.number)):
        if value:
            lines.append(f'{pad}<termNote type="{kind}">{_x(value, kind)}</termNote>')
    if term.case_sensitive:
        lines.append(f'{pad}<termNote type="x-caseSensitive">yes</termNote>')
    if term.period is not None:
        lines.append(f'{pad}<termNote type="x-period">{_x(str(term.period), "period")}</termNote>')
    if term.note:
        lines.append(f"{pad}<note>{_x(term.note, 'note')}</note>")
    if term.source:
        lines.append(f'{pad}<admin type="source">{_x(term.source, "source")}</admin>')
    lines.append(f"          </{element}>")
    return lines


def write_tbx(glossary: Glossary, fileobj: IO[bytes], version: int = 3) -> None:
    """Write ``glossary`` as TBX-Basic (UTF-8 bytes) to a binary file object,
    in the TBX v3 layout or, with ``version=2``, the older "martif" layout
    (see :func:`dumps_tbx`).

    Concepts in glossary order, terms grouped by language in first-seen order;
    optional fields only when set. The output is a function of the glossary's
    content alone (no dates), so an unchanged glossary gives identical bytes.
    """
    fileobj.write(dumps_tbx(glossary, version).encode("utf-8"))
