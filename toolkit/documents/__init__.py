"""Documents: what is translated (sentences) and what is kept (layout).

:mod:`.model` holds the document model (:class:`Document`, :class:`Sentence`),
:mod:`.sentences` the sentence segmentation, :mod:`.bitext` line-aligned
source/target files (plain text, PO, XLIFF), :mod:`.codes` the inline code
tags of structured documents, :mod:`.flow` soft-wrapped paragraphs. Every
other module is one *document format*: a module that defines ``FORMAT`` (its
name, e.g. ``"md"``), ``SUFFIXES`` (the file name endings it claims) and
``parse(text, builder)``; a format whose strings need escaping in the output
defines ``escape(text)``, and one whose inline markup the MT pipeline must
protect names it in ``MARKUP``. Adding a format is adding such a module:
:func:`formats` finds it.

A *binary* format (``BINARY = True``: a zip of XML parts such as ``docx``)
gets bytes in ``parse(data, builder)``, which emits the text of the parts
it translates (each after a ``"\x00name\x00"`` literal) and returns the
original's fingerprint (:attr:`Document.source`); its ``build(document,
rendered, original)`` writes the rendered parts into a copy of the original
file. So the layout (:meth:`Document.to_layout`) of every format is text,
and a binary document is rebuilt from a PO file *plus the original file*
(:func:`build_binary`), never from the PO alone: images, styles and the
parts Atau does not translate are the original's.

Bilingual formats (XLIFF) are documents too: their sentences are the
targets to fill, the rest (sources, translated units, notes) is literal.

Formats today: ``txt`` (:mod:`.plaintext`), ``md`` (:mod:`.markdown`),
``json`` (:mod:`.json_strings`), ``html`` (:mod:`.html`), ``xliff``
(:mod:`.xliff`), ``docx`` (:mod:`.docx`).
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from pathlib import Path

from ..errors import InputError
from .model import Document, DocumentBuilder, Sentence
from .sentences import has_words, split_sentences

__all__ = ["Document", "Sentence", "DocumentBuilder", "formats", "format_module", "format_for_path",
           "parse_document", "split_sentences", "has_words", "is_binary", "build_binary"]

_NOT_FORMATS = frozenset({"model", "sentences", "bitext", "codes", "flow", "escapes"})


@functools.lru_cache(maxsize=1)
def _registry() -> dict:
    found = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name in _NOT_FORMATS or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        name = getattr(module, "FORMAT", None)
        if name is not None:
            found[name] = module
    return dict(sorted(found.items(), key=lambda item: (item[0] != "txt", item[0])))


def formats() -> tuple[str, ...]:
    """The names of the document formats, ``"txt"`` first."""
    return tuple(_registry())


def format_module(name: str):
    """The module implementing the document format ``name``.

    Raises:
        InputError: no such format (the message lists the formats).
    """
    module = _registry().get(name)
    if module is None:
        raise InputError(f"unknown document format {name!r} (expected one of: {', '.join(formats())})")
    return module


def format_for_path(path: str | Path | None, default: str = "txt") -> str:
    """The document format for a file name, by its suffix (``.md`` ->
    ``md``, ``.json`` -> ``json``); anything else, or None (standard
    input), gives ``default``."""
    if path is None:
        return default
    suffix = Path(str(path)).suffix.lower()
    for name, module in _registry().items():
        if suffix in module.SUFFIXES:
            return name
    return default


def is_binary(fmt: str) -> bool:
    """True for a format read as bytes and written by its ``build``
    function into a copy of the original file (``docx``)."""
    return bool(getattr(format_module(fmt), "BINARY", False))


def build_binary(document: Document, rendered: str, original: bytes) -> bytes:
    """The file of a binary-format document: ``rendered`` (its
    :meth:`Document.render`) written into a copy of ``original``, the file
    it was read from (checked against :attr:`Document.source`).

    Raises:
        InputError: another file than the original, a damaged layout.
    """
    return format_module(document.fmt).build(document, rendered, original)


def parse_document(text: str | bytes, fmt: str = "txt", lang: str = "en") -> Document:
    """Cut ``text`` into literal pieces and sentences.

    Args:
        text (str | bytes): the whole document (any line endings, with or
            without a final newline); bytes for a binary format (``docx``).
        fmt (str): a format name (:func:`formats`).
        lang (str): source language tag, for sentence segmentation.

    Returns:
        Document

    Raises:
        InputError: unknown ``fmt``, or a document the format cannot read
            (invalid JSON, with line and column).
    """
    module = format_module(fmt)
    builder = DocumentBuilder(lang)
    if getattr(module, "BINARY", False):
        if isinstance(text, str):
            raise InputError(f"a .{fmt} file is read as bytes, not text")
        source = module.parse(text, builder)
        pieces = tuple(builder.pieces)
        rendered = "".join(p for p in pieces if isinstance(p, str))
        document = Document(text="", fmt=fmt, pieces=pieces, source=source)
        return Document(text=document.render([s.text for s in document.sentences]) if rendered else "",
                        fmt=fmt, pieces=pieces, source=source)
    if isinstance(text, (bytes, bytearray)):
        raise InputError(f"a .{fmt} document is text: decode it first")
    module.parse(text, builder)
    return Document(text=text, fmt=fmt, pieces=tuple(builder.pieces))
