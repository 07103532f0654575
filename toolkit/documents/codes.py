"""Inline codes: the markup inside a sentence of a structured document (an
HTML ``<b>``, a Word run in bold, a hyperlink, an XLIFF ``<g>``) written as
neutral tags in the sentence's text, the way CAT tools show them:

* ``<g1>`` … ``</g1>``: markup around words (bold, a link);
* ``<x2/>``: markup standing alone (a line break, an image, a footnote
  reference, a field).

Numbers count from 1 within a sentence. The sentence keeps a table from each
tag to its markup (:attr:`toolkit.documents.model.Sentence.codes`); the MT
pipeline takes the tags off, translates, and puts them back by alignment
(:mod:`toolkit.mt.protect`), so a translation carries the same tags and
:func:`render_codes` turns them back into the format's markup. A tag in the
markup table may contain a nested :class:`~toolkit.documents.model.Sentence`
(an image's ``alt`` inside a paragraph), rendered with its own translation.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

from ..errors import InputError

__all__ = ["CODE", "Inline", "Nested", "strip_codes", "render_codes", "has_codes"]

#: One inline code tag.
CODE = re.compile(r"</?g\d{1,6}>|<x\d{1,6}/>")


class Nested:
    """A translatable text inside markup (an ``alt`` or ``title``
    attribute), made a :class:`Sentence` by the document builder.

    Attributes:
        text (str): the text (plain, unescaped).
        block (str): the block name its sentence gets (``"attribute"``).
    """

    __slots__ = ("text", "block")

    def __init__(self, text: str, block: str = "attribute") -> None:
        self.text = text
        self.block = block


class Inline:
    """Builds a text with inline codes and its markup table.

    Args:
        escape (Callable[[str], str]): how the format escapes text (a
            code-like string in real text becomes a code of its own, whose
            markup is that text escaped, so it is never confused with a tag).

    Attributes:
        parts (list[str]): the text with the tags, in pieces.
        table (dict[str, tuple]): tag -> markup parts (``str`` or :class:`Nested`).
    """

    def __init__(self, escape: Callable[[str], str]) -> None:
        self.escape = escape
        self.parts: list[str] = []
        self.table: dict[str, tuple] = {}
        self.count = 0

    def text(self, text: str) -> None:
        """Append real text."""
        cursor = 0
        for match in CODE.finditer(text):
            self.parts.append(text[cursor:match.start()])
            self.single((self.escape(match.group()),))
            cursor = match.end()
        self.parts.append(text[cursor:])

    def open(self, markup: Sequence) -> int:
        """Append an opening tag ``<gN>``; returns N for :meth:`close`."""
        self.count += 1
        tag = f"<g{self.count}>"
        self.table[tag] = tuple(markup)
        self.parts.append(tag)
        return self.count

    def close(self, number: int, markup: Sequence) -> None:
        """Append the closing tag ``</gN>`` of :meth:`open`'s N."""
        tag = f"</g{number}>"
        self.table[tag] = tuple(markup)
        self.parts.append(tag)

    def single(self, markup: Sequence) -> None:
        """Append a standalone tag ``<xN/>``."""
        self.count += 1
        tag = f"<x{self.count}/>"
        self.table[tag] = tuple(markup)
        self.parts.append(tag)

    @property
    def value(self) -> str:
        """The text with its tags."""
        return "".join(self.parts)

    def plain(self) -> str:
        """The text without tags."""
        return CODE.sub("", self.value)


def has_codes(text: str) -> bool:
    """True when ``text`` contains an inline code tag."""
    return CODE.search(text) is not None


def strip_codes(text: str) -> tuple[str, list[int]]:
    """``text`` without its tags, and for each character of the result (plus
    one past the end) its offset in ``text``."""
    out: list[str] = []
    where: list[int] = []
    cursor = 0
    for match in CODE.finditer(text):
        out.append(text[cursor:match.start()])
        where.extend(range(cursor, match.start()))
        cursor = match.end()
    out.append(text[cursor:])
    where.extend(range(cursor, len(text)))
    where.append(len(text))
    return "".join(out), where


def render_codes(target: str, table: dict, escape: Callable[[str], str] | None,
                 nested: Callable[[object], str], where: str = "") -> str:
    """A translation with tags turned into the format's markup.

    Text between tags goes through ``escape``; a tag of ``table`` becomes its
    markup (a nested sentence through ``nested``). Tags the translation lost
    are put back: an opening one at the start, any other at the end, so the
    document keeps every piece of its structure.

    Raises:
        InputError: the translation has a tag that is not in ``table`` (a
            post-editor's typo), naming ``where``.
    """
    out: list[str] = []
    seen: set[str] = set()
    cursor = 0

    def markup(tag: str) -> str:
        return "".join(part if isinstance(part, str) else nested(part) for part in table[tag])

    for match in CODE.finditer(target):
        text = target[cursor:match.start()]
        out.append(escape(text) if escape else text)
        tag = match.group()
        if tag not in table:
            raise InputError(f"{where}unknown inline code {tag} in the translation {target!r} "
                             f"(the source has {' '.join(table) or 'none'})")
        out.append(markup(tag))
        seen.add(tag)
        cursor = match.end()
    text = target[cursor:]
    out.append(escape(text) if escape else text)
    lost = [tag for tag in table if tag not in seen]
    head = [markup(tag) for tag in lost if tag.startswith("<g")]
    tail = [markup(tag) for tag in lost if not tag.startswith("<g")]
    return "".join(head + out + tail)
