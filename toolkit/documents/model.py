"""The document model: literal pieces and sentences.

A document is cut into *pieces*: literal text that is copied to the output as
it is (line breaks, blank lines, indentation, list markers, heading marks,
Markdown code blocks, the whitespace between sentences) and
:class:`Sentence` objects, the only parts that go to the translation model.
:meth:`Document.render` puts the translated sentences back in their places, so
the layout of the output is the layout of the input by construction: the
literal pieces are never touched.

Format modules (:mod:`toolkit.documents`) fill a :class:`DocumentBuilder`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Sequence

from ..errors import InputError
from ..i18n import _
from .escapes import ESCAPERS, escaper, escapers
from .limits import check_length, cut
from .sentences import has_words, split_sentences

__all__ = ["Sentence", "Flow", "Document", "DocumentBuilder", "iter_lines", "split_whitespace", "escaper",
           "ESCAPERS"]


@dataclass(frozen=True)
class Sentence:
    """One unit of text for the translation model.

    Attributes:
        index (int): 0-based position among the document's sentences.
        text (str): the sentence as in the document, without the whitespace
            around it (for ``json``: the decoded string value's text; in a
            soft-wrapped paragraph: with its line breaks as spaces; in a
            structured document: plain text with inline code tags,
            :mod:`toolkit.documents.codes`).
        line (int): 1-based line of the document on which the sentence starts
            (for ``docx``: the paragraph's number in its part).
        block (str): what holds it: ``"paragraph"``, ``"heading"``,
            ``"list-item"``, ``"quote"``, ``"table-cell"``, ``"json-string"``,
            ``"front-matter"``, ``"attribute"``, ``"unit"`` (XLIFF)...
        escape (str | None): the escaper the translation goes through when
            the document is rendered (:func:`escaper`: ``"json"``, ``"html"``,
            ``"xml"``...), else None.
        codes (tuple[tuple[str, tuple], ...]): the inline code tags of
            ``text`` and their markup (:mod:`toolkit.documents.codes`); the
            markup parts are strings or nested sentences.
    """

    index: int
    text: str
    line: int
    block: str = "paragraph"
    escape: str | None = None
    codes: tuple = ()


@dataclass(frozen=True)
class Flow:
    """A soft-wrapped paragraph (:mod:`toolkit.documents.flow`): sentences
    cut from its lines joined by spaces; rendered re-flowed into as many
    lines as the source had.

    Attributes:
        pieces (tuple[str | Sentence, ...]): the joined paragraph.
        breaks (tuple[str, ...]): what stood between line k and k+1 (trailing
            whitespace, line ending, the next line's indentation and prefix).
        widths (tuple[int, ...]): each source line's length in characters.
        original (str): the paragraph exactly as in the source.
    """

    pieces: tuple
    breaks: tuple
    widths: tuple
    original: str


def _walk(pieces) -> Iterator[Sentence]:
    for piece in pieces:
        if isinstance(piece, Sentence):
            yield piece
            for _tag, markup in piece.codes:
                yield from _walk(part for part in markup if isinstance(part, Sentence))
        elif isinstance(piece, Flow):
            yield from _walk(piece.pieces)


@dataclass(frozen=True)
class Document:
    """A parsed document: literal pieces and sentences, in order.

    Attributes:
        text (str): the source document (for a binary format: the text of
            its translatable parts, see :mod:`toolkit.documents.docx`).
        fmt (str): the format's name (:func:`toolkit.documents.formats`).
        pieces (tuple[str | Sentence | Flow, ...]): concatenating the strings
            and the sentences' texts gives back ``text`` exactly (for
            ``json``: up to the escaping of translated strings; a
            :class:`Flow` counts as its ``original``).
        source (dict | None): for a binary format, what identifies the
            original file the document is rebuilt into (``name``,
            ``sha256``, ``bytes``); None for text formats.
    """

    text: str
    fmt: str
    pieces: tuple
    source: dict | None = None

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """The sentences, in document order (``sentences[i].index == i``),
        including those nested in inline markup and soft-wrapped paragraphs."""
        return tuple(sorted(_walk(self.pieces), key=lambda s: s.index))

    def render(self, targets: Sequence[str]) -> str:
        """Rebuild the document with ``targets[i]`` in place of sentence ``i``.

        Args:
            targets (Sequence[str]): one string per sentence, in order (with
                the source's inline code tags, where it has some).

        Returns:
            str: the document; ``render([s.text for s in sentences])`` equals
            ``text`` (for ``json``: decodes to the same value).

        Raises:
            ValueError: ``len(targets)`` differs from the number of sentences.
            InputError: a target has an inline code tag its source does not have.
        """
        count = len(self.sentences)
        if len(targets) != count:
            raise ValueError(f"{len(targets)} targets for {count} sentences")
        labels: list[str] = []

        def sentence(piece: Sentence) -> str:
            target = targets[piece.index]
            escape = escaper(piece.escape) if piece.escape is not None else None
            if not piece.codes:
                return escape(target) if escape is not None else target
            from .codes import render_codes

            if not labels:
                labels.extend(self.positions())
            return render_codes(target, dict(piece.codes), escape, sentence, f"{labels[piece.index]}: ")

        def run(pieces) -> str:
            out: list[str] = []
            for piece in pieces:
                if isinstance(piece, Sentence):
                    out.append(sentence(piece))
                elif isinstance(piece, Flow):
                    out.append(flow(piece))
                else:
                    out.append(piece)
            return "".join(out)

        def flow(piece: Flow) -> str:
            joined = run(piece.pieces)
            if all(targets[s.index] == s.text for s in _walk(piece.pieces)):
                return piece.original
            from .flow import reflow

            return reflow(joined, piece.widths, piece.breaks)

        return run(self.pieces)

    def positions(self) -> list[str]:
        """A label per sentence, ``"p<paragraph>.s<sentence>"`` (1-based), in
        order: a new paragraph starts after a line break in the literal text
        between two sentences, or where the line or the block changes (for
        ``json``: at another string); a soft-wrapped paragraph is one
        paragraph, and a sentence nested in markup (an ``alt`` text) one of
        its own. Used as msgctxt in document catalogs.

        >>> from toolkit.documents import parse_document
        >>> parse_document("One. Two.\\n\\nThree.").positions()
        ['p1.s1', 'p1.s2', 'p2.s1']
        """
        labels: dict[int, str] = {}
        paragraph, number = 0, 0
        previous: Sentence | None = None
        gap = ""

        def visit(pieces, in_flow: bool) -> None:
            nonlocal paragraph, number, previous, gap
            for piece in pieces:
                if isinstance(piece, Flow):  # one paragraph, however many lines
                    paragraph, number, gap = paragraph + 1, 0, ""
                    visit(piece.pieces, True)
                    gap = "\n"
                    continue
                if not isinstance(piece, Sentence):
                    gap += piece
                    continue
                if not in_flow and (previous is None or "\n" in gap or piece.line != previous.line
                                    or piece.block != previous.block or (self.fmt == "json" and '"' in gap)):
                    paragraph, number = paragraph + 1, 0
                number += 1
                labels[piece.index] = f"p{paragraph}.s{number}"
                previous, gap = piece, ""
                for _tag, markup in piece.codes:  # an alt text: a paragraph of its own
                    for part in markup:
                        if isinstance(part, Sentence):
                            paragraph += 1
                            labels[part.index] = f"p{paragraph}.s1"
                            previous, gap = part, "\n"

        visit(self.pieces, False)
        return [labels[s.index] for s in self.sentences]

    def to_layout(self) -> dict:
        """The document's structure as JSON-ready data: ``{"v": 1, "fmt":
        fmt, "pieces": [...]}``, each piece a literal string or ``[position,
        text, line, block, escape]`` for a sentence (see :meth:`positions`),
        ``[..., escape, codes]`` for a sentence with inline codes (``codes``:
        ``[[tag, [part...]]]``, a part a string or a nested sentence),
        ``{"flow": [pieces], "breaks": [...], "widths": [...], "original":
        str}`` for a soft-wrapped paragraph; ``"source"`` for a binary
        format. The additions keep version 1 (a layout without them is
        exactly the older one); a reader that predates them refuses them
        as a damaged layout. :meth:`from_layout` rebuilds the document."""
        positions = self.positions()

        def sentence(piece: Sentence) -> list:
            item = [positions[piece.index], piece.text, piece.line, piece.block, piece.escape]
            if piece.codes:
                item.append([[tag, [part if isinstance(part, str) else sentence(part) for part in markup]]
                             for tag, markup in piece.codes])
            return item

        def pieces(items) -> list:
            out: list = []
            for piece in items:
                if isinstance(piece, Sentence):
                    out.append(sentence(piece))
                elif isinstance(piece, Flow):
                    out.append({"flow": pieces(piece.pieces), "breaks": list(piece.breaks),
                                "widths": list(piece.widths), "original": piece.original})
                else:
                    out.append(piece)
            return out

        data: dict = {"v": 1, "fmt": self.fmt, "pieces": pieces(self.pieces)}
        if self.source is not None:
            data["source"] = dict(self.source)
        return data

    @classmethod
    def from_layout(cls, layout: dict, *, binary: bool = False) -> tuple["Document", list[str]]:
        """The document described by :meth:`to_layout`'s data, and the
        position label of each sentence.

        Args:
            layout (dict): the data.
            binary (bool): the caller writes a binary-format document with
                :func:`toolkit.documents.build_binary` and the original file
                (its :meth:`render` is the text of the parts, not the file).

        Raises:
            InputError: ``layout`` is not such data (another version,
                damaged), or is a binary format's and ``binary`` is False.
        """
        if not isinstance(layout, dict) or layout.get("v") not in (1, 2) or not isinstance(layout.get("pieces"), list):
            raise InputError("unsupported document layout (made by another Atau version?)")
        positions: dict[int, str] = {}
        budget = [_MAX_LAYOUT_DEPTH]

        def sentence(item) -> Sentence:
            if not isinstance(item, list) or len(item) not in (5, 6):
                raise ValueError(item)
            position, text, line, block, escape = item[:5]
            if not all(isinstance(v, str) for v in (position, text, block)) or not isinstance(line, int) \
                    or not (escape is None or escape in escapers()):
                raise ValueError(item)
            index = len(positions)
            positions[index] = position
            codes = ()
            if len(item) == 6:
                if not isinstance(item[5], list):
                    raise ValueError(item)
                codes = tuple((tag, tuple(part if isinstance(part, str) else nested(part) for part in markup))
                              for tag, markup in item[5])
                if not all(isinstance(tag, str) for tag, _m in codes):
                    raise ValueError(item)
            return Sentence(index, text, line, block, escape, codes)

        def nested(item) -> Sentence:
            budget[0] -= 1
            if budget[0] < 0:
                raise ValueError("nested too deeply")
            try:
                return sentence(item)
            finally:
                budget[0] += 1

        def pieces(items, top: bool) -> list:
            out: list = []
            for piece in items:
                if isinstance(piece, str):
                    out.append(piece)
                elif isinstance(piece, dict) and top:
                    inner = pieces(piece["flow"], False)
                    breaks, widths, original = piece["breaks"], piece["widths"], piece["original"]
                    if not (all(isinstance(b, str) for b in breaks) and all(isinstance(w, int) for w in widths)
                            and isinstance(original, str) and len(widths) == len(breaks) + 1):
                        raise ValueError(piece)
                    out.append(Flow(tuple(inner), tuple(breaks), tuple(widths), original))
                else:
                    out.append(sentence(piece))
            return out

        try:
            items = pieces(layout["pieces"], True)
            source = layout.get("source")
            if source is not None and not isinstance(source, dict):
                raise ValueError(source)
        except (TypeError, ValueError, KeyError) as exc:
            raise InputError("damaged document layout: cannot rebuild the document") from exc
        fmt = layout.get("fmt", "txt")
        fmt = fmt if isinstance(fmt, str) else "txt"
        if source is not None and not binary:
            raise InputError(f"a .{fmt} document is rebuilt from the PO file and the original .{fmt} file, "
                             "which this command does not take")
        document = cls(text="", fmt=fmt, pieces=tuple(items), source=source)
        if fmt != "json":
            try:
                document = cls(text=document.render([s.text for s in document.sentences]), fmt=fmt,
                               pieces=document.pieces, source=source)
            except (InputError, ValueError) as exc:
                raise InputError("damaged document layout: cannot rebuild the document") from exc
        return document, [positions[s.index] for s in document.sentences]


#: How deep sentences may nest in a layout read from a file.
_MAX_LAYOUT_DEPTH = 4


class DocumentBuilder:
    """Collects the pieces of a document while a format module parses it.

    Args:
        lang (str): the document's language (for sentence segmentation).
        start (int): the index of the first sentence (for a document nested
            in another, such as the strings of a JSON file).

    Attributes:
        pieces (list[str | Sentence | Flow]): what has been collected, in order.
        count (int): the index the next sentence gets.
    """

    def __init__(self, lang: str, start: int = 0) -> None:
        self.lang = lang
        self.pieces: list = []
        self.count = start

    def literal(self, text: str) -> None:
        """Append literal text (merged with a literal before it)."""
        if not text:
            return
        if self.pieces and isinstance(self.pieces[-1], str):
            self.pieces[-1] += text
        else:
            self.pieces.append(text)

    def sentence(self, text: str, line: int, block: str, escape: str | None = None,
                 codes: dict | None = None) -> None:
        """Append one :class:`Sentence` (with the markup of the code tags it
        contains, from ``codes``: tag -> parts, :class:`~toolkit.documents.codes.Nested`
        parts becoming sentences of their own, numbered after it).

        Raises:
            InputError: ``text`` is longer than
                :data:`toolkit.limits.MAX_SEGMENT_CHARS` (a value that is one
                segment by the document's structure: an attribute, a
                front-matter field).
        """
        check_length(text, line, _("a segment ({block})").format(block=block))
        self._append_sentence(text, line, block, escape, codes)

    def _append_sentence(self, text: str, line: int, block: str, escape: str | None, codes: dict | None) -> None:
        self.pieces.append(self._make(text, line, block, escape, codes))

    def _make(self, text: str, line: int, block: str, escape: str | None, codes: dict | None) -> Sentence:
        index = self.count
        self.count += 1
        table = ()
        if codes:
            from .codes import CODE

            table = tuple((tag, self._markup(codes[tag], line, escape))
                          for tag in dict.fromkeys(CODE.findall(text)) if tag in codes)
        return Sentence(index, text, line, block, escape, table)

    def _markup(self, parts, line: int, escape: str | None) -> tuple:
        from .codes import Nested

        return tuple(self._nested(part, line, escape) if isinstance(part, Nested) else part for part in parts)

    def _nested(self, part, line: int, escape: str | None) -> Sentence:
        """A sentence of its own inside markup (an ``alt`` text): one segment.

        Raises:
            InputError: longer than :data:`toolkit.limits.MAX_SEGMENT_CHARS`.
        """
        check_length(part.text, line, _("a segment ({block})").format(block=part.block))
        return self._make(part.text, line, part.block, escape, None)

    def text_block(self, text: str, line, block: str, escape: str | None = None,
                   literal=None, codes: dict | None = None, markup=None) -> None:
        """Split ``text`` (one line's or paragraph's content) into sentences
        (:func:`toolkit.documents.sentences.split_sentences`) and the literal
        gaps between them; a piece without letters stays literal.

        Args:
            text (str): the text.
            line (int | Callable[[int], int]): its line, or the line of an
                offset in it.
            block (str), escape (str | None): for the sentences.
            literal: where literal text goes (default :meth:`literal`).
            codes (dict | None): tag -> markup parts when ``text`` has inline
                code tags (:mod:`toolkit.documents.codes`): literal gaps get
                the tags' markup and the format's escaping.
            markup (list[tuple[int, int, str]] | None): ``(start, end, role)``
                of inline markup in ``text`` (Markdown's ``**``); role
                ``open``, ``close`` or ``standalone``.

        Sentences are found in the text without its markup or tags; opening
        and standalone markup just before a sentence and closing markup just
        after it go with the sentence."""
        literal = literal or self.literal
        line_of = line if callable(line) else (lambda _offset: line)
        if codes:
            from .codes import CODE

            markup = [(m.start(), m.end(), "close" if m.group().startswith("</")
                       else "standalone" if m.group().endswith("/>") else "open")
                      for m in CODE.finditer(text)]
        plain, where = _strip(text, markup or ())
        spans: list[tuple[int, int]] = []
        opens = {a: b for a, b, role in markup or () if role != "close"}
        closes = {a: b for a, b, role in markup or () if role == "close"}
        ends = {b: a for a, b in opens.items()}
        for start, end in (piece for span in split_sentences(plain, self.lang)
                           for piece in cut(plain, *span)):  # at most MAX_SEGMENT_CHARS each
            if not has_words(plain[start:end]):
                continue
            a, b = where[start], where[end - 1] + 1
            while a in ends and (not spans or ends[a] >= spans[-1][1]):
                a = ends[a]
            while b in closes:
                b = closes[b]
            spans.append((a, b))
        cursor = 0
        for a, b in spans:
            if codes:
                self._gap(text[cursor:a], codes, escape, literal, line_of(cursor))
            else:
                literal(text[cursor:a])
            self._append_sentence(text[a:b], line_of(a), block, escape, codes)  # cut to the limit above
            cursor = b
        if codes:
            self._gap(text[cursor:], codes, escape, literal, line_of(cursor))
        else:
            literal(text[cursor:])

    def _gap(self, text: str, codes: dict, escape: str | None, literal, line: int) -> None:
        """Literal text with code tags: the tags' markup, the text escaped."""
        from .codes import CODE, Nested

        esc = escaper(escape) if escape is not None else (lambda s: s)
        cursor = 0
        for match in CODE.finditer(text):
            literal(esc(text[cursor:match.start()]))
            for part in codes[match.group()]:
                if isinstance(part, Nested):
                    self.pieces.append(self._nested(part, line, escape))
                else:
                    literal(part)
            cursor = match.end()
        literal(esc(text[cursor:]))

    def flow(self, bodies: Sequence[str], breaks: Sequence[str], widths: Sequence[int], line0: int,
             block: str, original: str, markup=None) -> None:
        """Append a soft-wrapped paragraph (:class:`Flow`): ``bodies`` (the
        lines' text, without indentation and prefixes) joined by spaces and
        cut into sentences; ``breaks`` what stood between them in the source,
        ``original`` the source text from the first body's start to the last
        one's end; ``markup`` finds the inline markup of a text (see
        :meth:`text_block`)."""
        if len(bodies) == 1:
            self.text_block(bodies[0], line0, block, markup=markup(bodies[0]) if markup else None)
            return
        joined = " ".join(bodies)
        starts = []
        offset = 0
        for body in bodies:
            starts.append(offset)
            offset += len(body) + 1
        inner = DocumentBuilder(self.lang, self.count)
        inner.text_block(joined, lambda at: line0 + max(k for k, s in enumerate(starts) if s <= at), block,
                         markup=markup(joined) if markup else None)
        self.count = inner.count
        if not any(isinstance(p, Sentence) for p in inner.pieces):
            self.literal(original)
            return
        self.pieces.append(Flow(tuple(inner.pieces), tuple(breaks), tuple(widths), original))


def _strip(text: str, spans) -> tuple[str, list[int]]:
    """``text`` without ``spans`` (``(start, end, role)``; a standalone
    code tag ``<xN/>`` becomes a space), and for each character of the
    result (plus one past the end) its offset in ``text``."""
    out: list[str] = []
    where: list[int] = []
    cursor = 0
    for start, end, role in sorted(spans):
        if start < cursor:
            continue
        out.append(text[cursor:start])
        where.extend(range(cursor, start))
        if role == "standalone" and text[start:end].endswith("/>"):
            out.append(" ")  # a line break or an image between two sentences: a place to cut
            where.append(start)
        cursor = end
    out.append(text[cursor:])
    where.extend(range(cursor, len(text)))
    where.append(len(text))
    return "".join(out), where


LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+")
EOL = re.compile(r"(?:\r\n|\n|\r)$")

def iter_lines(text: str) -> Iterator[tuple[str, str]]:
    """(content, line ending) pairs; the ending is ``"\\r\\n"``, ``"\\n"``, ``"\\r"`` or ``""``."""
    for match in LINE.finditer(text):
        line = match.group()
        eol = EOL.search(line)
        if eol:
            yield line[: eol.start()], eol.group()
        else:
            yield line, ""


def split_whitespace(content: str) -> tuple[str, str, str]:
    """``(leading whitespace, body, trailing whitespace)`` of ``content``;
    all whitespace gives ``(content, "", "")``."""
    body = content.strip()
    if not body:
        return content, "", ""
    lead = content[: len(content) - len(content.lstrip())]
    trail = content[len(content.rstrip()):]
    return lead, body, trail
