"""Documents: what is translated (sentences) and what is kept (layout).

:mod:`.model` holds the document model (:class:`Document`, :class:`Sentence`),
:mod:`.sentences` the sentence segmentation, :mod:`.bitext` line-aligned
source/target files. Every other module is one *document format*: a module
that defines ``FORMAT`` (its name, e.g. ``"md"``), ``SUFFIXES`` (the file
name endings it claims) and ``parse(text, builder)``; a format whose strings
need escaping in the output defines ``escape(text)``, and one whose inline
markup the MT pipeline must protect names it in ``MARKUP``. Adding a format
is adding such a module: :func:`formats` finds it.

Formats today: ``txt`` (:mod:`.plaintext`), ``md`` (:mod:`.markdown`),
``json`` (:mod:`.json_strings`).
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
           "parse_document", "split_sentences", "has_words"]

_NOT_FORMATS = frozenset({"model", "sentences", "bitext", "codes", "flow"})


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


def parse_document(text: str, fmt: str = "txt", lang: str = "en") -> Document:
    """Cut ``text`` into literal pieces and sentences.

    Args:
        text (str): the whole document (any line endings, with or without a
            final newline).
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
    module.parse(text, builder)
    return Document(text=text, fmt=fmt, pieces=tuple(builder.pieces))
