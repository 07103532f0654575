"""Document structure and sentence segmentation.

A document is cut into *pieces*: literal text that is copied to the output as
it is (line breaks, blank lines, indentation, list markers, heading marks,
Markdown code blocks, the whitespace between sentences) and
:class:`Sentence` objects, the only parts that go to the translation model.
:meth:`Document.render` puts the translated sentences back in their places, so
the layout of the output is the layout of the input by construction: the
literal pieces are never touched.

Formats (:data:`FORMATS`):

``txt``
    Every line is a block; a sentence never spans two lines (a hard-wrapped
    paragraph is translated line by line). Leading list markers (``-``, ``*``,
    ``•``, ``1.``, ``1)``, ``a)``) and surrounding whitespace are kept.
``md``
    As ``txt``, plus: fenced (```` ``` ````, ``~~~``) and indented code blocks
    are copied untouched; ``#`` headings, ``>`` block quotes, list markers
    (``-``, ``*``, ``+``, ``1.``, ``[ ]``), table pipes and link reference
    definitions are kept and only their text is translated.
``json``
    Every string *value* (not the keys) is translated as a ``txt`` document;
    everything else, including the file's own formatting, is kept.

Sentences are found with sentencex (rule-based, multilingual), with repairs
for abbreviations it splits after (``т.е.``, ``т.б.``, initials such as
``Қ. Тоқаев``) and for splits before a lower-case letter.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator, Sequence

from ..errors import InputError

__all__ = [
    "FORMATS",
    "Sentence",
    "Document",
    "parse_document",
    "split_sentences",
    "format_for_path",
    "has_words",
]

FORMATS = ("txt", "md", "json")

# Abbreviations after which a sentence does not end even before a capital
# letter (titles, "No.", initials are handled separately), per language.
_NON_FINAL = {
    "en": {"mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "art", "vs", "gen", "sen",
           "rep", "gov", "col", "lt", "sgt", "capt", "mt", "jr", "sr", "fig", "vol", "p",
           "pp", "para", "approx", "dept", "est", "e.g", "i.e", "cf", "etc.,"},
    "ru": {"т.е", "т.к", "т.н", "т.ч", "т.о", "г-н", "г-жа", "им", "ул", "пр", "просп",
           "д", "ст", "п", "пп", "см", "напр", "проф", "акад", "тыс", "млн", "млрд",
           "руб", "тг", "рис", "табл", "гл", "ч", "ок"},
    "kk": {"т.б", "т.с.с", "т.е", "ж", "жж", "көш", "ст", "п", "қ", "млн", "млрд", "мың",
           "теңге", "проф", "акад", "т.т"},
}
_ABBREV_AT_END = re.compile(r"(?:^|[\s(«\"'“])([^\W\d_][\w.-]*?)\.\s*$")
_INITIAL_AT_END = re.compile(r"(?:^|[\s(«\"'“.])([^\W\d_])\.\s*$")
_WORD_CHAR = re.compile(r"[^\W\d_]")


def has_words(text: str) -> bool:
    """True when ``text`` contains at least one letter (of any script).

    >>> has_words("2.200.112 —"), has_words("Senate")
    (False, True)
    """
    return _WORD_CHAR.search(text) is not None


@dataclass(frozen=True)
class Sentence:
    """One unit of text for the translation model.

    Attributes:
        index (int): 0-based position among the document's sentences.
        text (str): the sentence as in the document, without the whitespace
            around it (for ``json``: the decoded string value's text).
        line (int): 1-based line of the document on which the sentence starts.
        block (str): what holds it: ``"paragraph"``, ``"heading"``,
            ``"list-item"``, ``"quote"``, ``"table-cell"`` or ``"json-string"``.
        escape (str | None): ``"json"`` when the translation must be written
            JSON-escaped (a sentence inside a JSON string), else None.
    """

    index: int
    text: str
    line: int
    block: str = "paragraph"
    escape: str | None = None


@dataclass(frozen=True)
class Document:
    """A parsed document: literal pieces and sentences, in order.

    Attributes:
        text (str): the source document.
        fmt (str): one of :data:`FORMATS`.
        pieces (tuple[str | Sentence, ...]): concatenating the strings and
            the sentences' texts gives back ``text`` exactly (for ``json``:
            up to the escaping of translated strings).
    """

    text: str
    fmt: str
    pieces: tuple

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """The sentences, in document order (``sentences[i].index == i``)."""
        return tuple(piece for piece in self.pieces if isinstance(piece, Sentence))

    def render(self, targets: Sequence[str]) -> str:
        """Rebuild the document with ``targets[i]`` in place of sentence ``i``.

        Args:
            targets (Sequence[str]): one string per sentence, in order.

        Returns:
            str: the document; ``render([s.text for s in sentences])`` equals
            ``text`` (for ``json``: decodes to the same value).

        Raises:
            ValueError: ``len(targets)`` differs from the number of sentences.
        """
        sentences = self.sentences
        if len(targets) != len(sentences):
            raise ValueError(f"{len(targets)} targets for {len(sentences)} sentences")
        out: list[str] = []
        for piece in self.pieces:
            if isinstance(piece, Sentence):
                target = targets[piece.index]
                if piece.escape == "json":
                    target = _json_escape(target)
                out.append(target)
            else:
                out.append(piece)
        return "".join(out)


    def positions(self) -> list[str]:
        """A label per sentence, ``"p<paragraph>.s<sentence>"`` (1-based), in
        order: a new paragraph starts after a line break in the literal text
        between two sentences, or where the line or the block changes (for
        ``json``: at another string). Used as msgctxt in document catalogs.

        >>> parse_document("One. Two.\\n\\nThree.").positions()
        ['p1.s1', 'p1.s2', 'p2.s1']
        """
        out: list[str] = []
        paragraph, number = 0, 0
        previous: Sentence | None = None
        gap = ""
        for piece in self.pieces:
            if not isinstance(piece, Sentence):
                gap += piece
                continue
            if previous is None or "\n" in gap or piece.line != previous.line \
                    or piece.block != previous.block or (self.fmt == "json" and '"' in gap):
                paragraph, number = paragraph + 1, 0
            number += 1
            out.append(f"p{paragraph}.s{number}")
            previous, gap = piece, ""
        return out

    def to_layout(self) -> dict:
        """The document's structure as JSON-ready data: ``{"v": 1, "fmt":
        fmt, "pieces": [...]}``, each piece a literal string or ``[position,
        text, line, block, escape]`` for a sentence (see :meth:`positions`).
        :meth:`from_layout` rebuilds the document from it."""
        positions = self.positions()
        pieces: list = []
        for piece in self.pieces:
            if isinstance(piece, Sentence):
                pieces.append([positions[piece.index], piece.text, piece.line, piece.block, piece.escape])
            else:
                pieces.append(piece)
        return {"v": 1, "fmt": self.fmt, "pieces": pieces}

    @classmethod
    def from_layout(cls, layout: dict) -> tuple["Document", list[str]]:
        """The document described by :meth:`to_layout`'s data, and the
        position label of each sentence.

        Raises:
            InputError: ``layout`` is not such data (another version, damaged).
        """
        if not isinstance(layout, dict) or layout.get("v") != 1 or not isinstance(layout.get("pieces"), list):
            raise InputError("unsupported document layout (made by another Atau version?)")
        pieces: list = []
        positions: list[str] = []
        try:
            for piece in layout["pieces"]:
                if isinstance(piece, str):
                    pieces.append(piece)
                    continue
                position, text, line, block, escape = piece
                if not all(isinstance(v, str) for v in (position, text, block)) or not isinstance(line, int) \
                        or escape not in (None, "json"):
                    raise ValueError(piece)
                pieces.append(Sentence(len(positions), text, line, block, escape))
                positions.append(position)
        except (TypeError, ValueError) as exc:
            raise InputError("damaged document layout: cannot rebuild the document") from exc
        fmt = layout.get("fmt", "txt")
        text = "".join(p if isinstance(p, str) else p.text for p in pieces) if fmt != "json" else ""
        return cls(text=text, fmt=fmt if isinstance(fmt, str) else "txt", pieces=tuple(pieces)), positions


def format_for_path(path: str | Path | None, default: str = "txt") -> str:
    """The document format for a file name: ``.md``/``.markdown`` -> ``md``,
    ``.json`` -> ``json``, anything else (or None, for stdin) -> ``default``."""
    if path is None:
        return default
    suffix = Path(str(path)).suffix.lower()
    if suffix in (".md", ".markdown"):
        return "md"
    if suffix == ".json":
        return "json"
    return default


def parse_document(text: str, fmt: str = "txt", lang: str = "en") -> Document:
    """Cut ``text`` into literal pieces and sentences.

    Args:
        text (str): the whole document (any line endings, with or without a
            final newline).
        fmt (str): ``"txt"``, ``"md"`` or ``"json"`` (see the module docs).
        lang (str): source language code for sentence segmentation
            (``"en"``, ``"ru"``, ``"kk"``, ...).

    Returns:
        Document

    Raises:
        InputError: unknown ``fmt``, or ``fmt="json"`` and ``text`` is not
            valid JSON (with line and column).
    """
    builder = _Builder(lang)
    if fmt == "txt":
        _parse_txt(text, builder, line0=1)
    elif fmt == "md":
        _parse_md(text, builder)
    elif fmt == "json":
        _parse_json(text, builder)
    else:
        raise InputError(f"unknown document format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    return Document(text=text, fmt=fmt, pieces=tuple(builder.pieces))


# --------------------------------------------------------------------------
# sentences


def split_sentences(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """Find the sentences of one line or paragraph.

    Args:
        text (str): the text (no line structure is assumed).
        lang (str): language code for sentencex.

    Returns:
        list[tuple[int, int]]: ``(start, end)`` character offsets of each
        sentence, without surrounding whitespace, in order; empty when
        ``text`` is only whitespace.

    >>> t = "Mr. Smith met Қ. Тоқаев. He left."
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Mr. Smith met Қ. Тоқаев.', 'He left.']
    """
    if not text.strip():
        return []
    import sentencex  # lazily: not needed for --help or the glossary commands

    spans: list[tuple[int, int]] = []
    for boundary in sentencex.get_sentence_boundaries(_sentencex_lang(lang), text):
        start, end = boundary["start_index"], boundary["end_index"]
        piece = text[start:end]
        stripped = piece.strip()
        if not stripped:
            continue
        start += len(piece) - len(piece.lstrip())
        end = start + len(stripped)
        spans.append((start, end))
    if not spans:
        start = len(text) - len(text.lstrip())
        return [(start, len(text.rstrip()))]
    return _merge_bad_splits(text, spans, lang)


def _sentencex_lang(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower() or "en"


def _merge_bad_splits(text: str, spans: list[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    non_final = _NON_FINAL.get(_sentencex_lang(lang), set()) | _NON_FINAL["en"]
    merged = [spans[0]]
    for start, end in spans[1:]:
        prev_start, prev_end = merged[-1]
        previous = text[prev_start:prev_end]
        following = text[start:end]
        if _should_merge(previous, following, non_final):
            merged[-1] = (prev_start, end)
        else:
            merged.append((start, end))
    return merged


def _should_merge(previous: str, following: str, non_final: set[str]) -> bool:
    first = following.lstrip("\"'«“„(")[:1]
    if first.islower():
        return True  # "т.е. пример", "e.g. this": a sentence does not start in lower case
    if not previous.endswith("."):
        return False
    initial = _INITIAL_AT_END.search(previous)
    if initial and initial.group(1).isupper():
        return True  # "Қ. Тоқаев", "J. Smith"
    match = _ABBREV_AT_END.search(previous)
    return bool(match and match.group(1).lower() in non_final)


# --------------------------------------------------------------------------
# formats


class _Builder:
    def __init__(self, lang: str, start: int = 0) -> None:
        self.lang = lang
        self.pieces: list = []
        self.count = start

    def literal(self, text: str) -> None:
        if not text:
            return
        if self.pieces and isinstance(self.pieces[-1], str):
            self.pieces[-1] += text
        else:
            self.pieces.append(text)

    def sentence(self, text: str, line: int, block: str, escape: str | None = None) -> None:
        self.pieces.append(Sentence(self.count, text, line, block, escape))
        self.count += 1

    def text_block(self, text: str, line: int, block: str, escape: str | None = None,
                   literal=None) -> None:
        """Split ``text`` (one line's content) into sentences and literal gaps."""
        literal = literal or self.literal
        cursor = 0
        for start, end in split_sentences(text, self.lang):
            literal(text[cursor:start])
            if has_words(text[start:end]):
                self.sentence(text[start:end], line, block, escape)
            else:
                literal(text[start:end])
            cursor = end
        literal(text[cursor:])


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+")
_EOL = re.compile(r"(?:\r\n|\n|\r)$")
_TXT_MARKER = re.compile(r"(?:[-*•–—+▪◦·]|\d{1,3}[.)]|[a-zа-яәіңғүұқөһ]\))\s+")


def _lines(text: str) -> Iterator[tuple[str, str]]:
    """(content, line ending) pairs; the ending is ``"\\r\\n"``, ``"\\n"``, ``"\\r"`` or ``""``."""
    for match in _LINE.finditer(text):
        line = match.group()
        eol = _EOL.search(line)
        if eol:
            yield line[: eol.start()], eol.group()
        else:
            yield line, ""


def _split_ws(content: str) -> tuple[str, str, str]:
    body = content.strip()
    if not body:
        return content, "", ""
    lead = content[: len(content) - len(content.lstrip())]
    trail = content[len(content.rstrip()):]
    return lead, body, trail


def _parse_txt(text: str, builder: _Builder, *, line0: int, escape: str | None = None,
               literal=None) -> None:
    literal = literal or builder.literal
    for offset, (content, eol) in enumerate(_lines(text)):
        lead, body, trail = _split_ws(content)
        literal(lead)
        block = "paragraph"
        marker = _TXT_MARKER.match(body)
        if marker and has_words(body[marker.end():]):
            literal(marker.group())
            body = body[marker.end():]
            block = "list-item"
        builder.text_block(body, line0 + offset, block, escape, literal)
        literal(trail + eol)


_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"( {0,3}#{1,6}[ \t]+)(.*?)([ \t]+#+[ \t]*|[ \t]*)$")
_QUOTE = re.compile(r" {0,3}>[ \t]?")
_MD_LIST = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_REF_DEF = re.compile(r" {0,3}\[[^\]]+\]:\s*\S+")
_TABLE = re.compile(r"\s*\|")
_INDENTED = re.compile(r"(?: {4}|\t)")


def _parse_md(text: str, builder: _Builder) -> None:
    fence: str | None = None
    in_indented_code = False
    previous_blank = True
    in_list = False
    for number, (content, eol) in enumerate(_lines(text), start=1):
        if fence is not None:
            builder.literal(content + eol)
            stripped = content.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            continue
        opening = _FENCE.match(content)
        if opening:
            fence = opening.group(1)
            in_list = in_list and content[:1] in " \t"
            builder.literal(content + eol)
            continue
        blank = not content.strip()
        if (in_indented_code or (previous_blank and not in_list)) and not blank \
                and _INDENTED.match(content):
            in_indented_code = True
            builder.literal(content + eol)
            previous_blank = False
            continue
        if not blank:
            in_indented_code = False
        if blank:
            builder.literal(content + eol)
            previous_blank = True
            continue
        if _REF_DEF.match(content):
            builder.literal(content + eol)
            previous_blank = False
            continue
        in_list = _md_line(content, number, builder) or (in_list and content[:1] in " \t")
        builder.literal(eol)
        previous_blank = False


def _md_line(content: str, line: int, builder: _Builder) -> bool:
    """Handle one Markdown line; return True when it is a list item."""
    rest = content
    block = "paragraph"
    is_list = False
    while True:
        quote = _QUOTE.match(rest)
        if not quote:
            break
        builder.literal(quote.group())
        rest = rest[quote.end():]
        block = "quote"
    heading = _HEADING.match(rest)
    if heading and heading.group(2):
        builder.literal(heading.group(1))
        builder.text_block(heading.group(2), line, "heading")
        builder.literal(heading.group(3))
        return False
    marker = _MD_LIST.match(rest)
    if marker and rest[marker.end():].strip():
        builder.literal(marker.group())
        rest = rest[marker.end():]
        block = "list-item"
        is_list = True
    if _TABLE.match(rest) and rest.count("|") >= 2:
        for cell in re.split(r"(\|)", rest):
            if cell == "|":
                builder.literal(cell)
            else:
                lead, body, trail = _split_ws(cell)
                builder.literal(lead)
                builder.text_block(body, line, "table-cell")
                builder.literal(trail)
        return is_list
    lead, body, trail = _split_ws(rest)
    builder.literal(lead)
    builder.text_block(body, line, block)
    builder.literal(trail)
    return is_list


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


_JSON_KEY_END = re.compile(r"\s*:")


def _parse_json(text: str, builder: _Builder) -> None:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", None, exc.lineno, exc.colno) from exc
    except RecursionError as exc:
        raise InputError("JSON nested too deeply") from exc
    cursor = 0
    for match in _JSON_STRING.finditer(text):
        value = json.loads(match.group())
        if _JSON_KEY_END.match(text, match.end()) or not has_words(value):
            continue  # a key, or nothing to translate: copied with the text around it
        inner = _Builder(builder.lang, start=builder.count)
        line = text.count("\n", 0, match.start()) + 1
        _parse_txt(value, inner, line0=line, escape="json",
                   literal=lambda s, inner=inner: inner.literal(_json_escape(s)))
        if inner.count == builder.count:
            continue  # no sentence after all: keep the raw token
        builder.literal(text[cursor: match.start() + 1])
        for piece in inner.pieces:
            if isinstance(piece, str):
                builder.literal(piece)
            else:  # the line of the JSON string, not of a line inside its value
                builder.pieces.append(replace(piece, line=line, block="json-string"))
        builder.count = inner.count
        builder.literal('"')
        cursor = match.end()
    builder.literal(text[cursor:])


def _json_escape(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)[1:-1]
