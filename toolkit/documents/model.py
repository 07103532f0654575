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
from .sentences import has_words, split_sentences

__all__ = ["Sentence", "Document", "DocumentBuilder", "iter_lines", "split_whitespace"]


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
        escape (str | None): the name of the format whose ``escape``
            function the translation goes through when the document is
            rendered (``"json"`` for a sentence inside a JSON string), else None.
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
        fmt (str): the format's name (:func:`toolkit.documents.formats`).
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
                if piece.escape is not None:
                    target = format_module(piece.escape).escape(target)
                out.append(target)
            else:
                out.append(piece)
        return "".join(out)

    def positions(self) -> list[str]:
        """A label per sentence, ``"p<paragraph>.s<sentence>"`` (1-based), in
        order: a new paragraph starts after a line break in the literal text
        between two sentences, or where the line or the block changes (for
        ``json``: at another string). Used as msgctxt in document catalogs.

        >>> from toolkit.documents import parse_document
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
                        or not (escape is None or escape in formats()):
                    raise ValueError(piece)
                pieces.append(Sentence(len(positions), text, line, block, escape))
                positions.append(position)
        except (TypeError, ValueError) as exc:
            raise InputError("damaged document layout: cannot rebuild the document") from exc
        fmt = layout.get("fmt", "txt")
        text = "".join(p if isinstance(p, str) else p.text for p in pieces) if fmt != "json" else ""
        return cls(text=text, fmt=fmt if isinstance(fmt, str) else "txt", pieces=tuple(pieces)), positions


class DocumentBuilder:
    """Collects the pieces of a document while a format module parses it.

    Args:
        lang (str): the document's language (for sentence segmentation).
        start (int): the index of the first sentence (for a document nested
            in another, such as the strings of a JSON file).

    Attributes:
        pieces (list[str | Sentence]): what has been collected, in order.
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

    def sentence(self, text: str, line: int, block: str, escape: str | None = None) -> None:
        """Append one :class:`Sentence`."""
        self.pieces.append(Sentence(self.count, text, line, block, escape))
        self.count += 1

    def text_block(self, text: str, line: int, block: str, escape: str | None = None,
                   literal=None) -> None:
        """Split ``text`` (one line's or paragraph's content) into sentences
        (:func:`toolkit.documents.sentences.split_sentences`) and the literal
        gaps between them; a piece without letters stays literal."""
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




def format_module(name: str):
    """The module of the document format ``name`` (see :mod:`toolkit.documents`)."""
    from . import format_module as find

    return find(name)


def formats() -> tuple[str, ...]:
    """The names of the document formats (see :mod:`toolkit.documents`)."""
    from . import formats as names

    return names()
