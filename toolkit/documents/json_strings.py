"""JSON: every string *value* (not the keys) is translated as a plain text
document; everything else, including the file's own formatting, is kept.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from ..errors import InputError
from . import plaintext
from .model import DocumentBuilder
from .sentences import has_words

__all__ = ["FORMAT", "SUFFIXES", "parse", "escape"]

FORMAT = "json"
SUFFIXES = (".json",)

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


_JSON_KEY_END = re.compile(r"\s*:")


def parse(text: str, builder: DocumentBuilder) -> None:
    """Cut a JSON document into pieces: each string value's text as a plain
    text document (:func:`toolkit.documents.plaintext.parse`), escaped back
    when rendered; keys, numbers and the file's own formatting literal.

    Raises:
        InputError: ``text`` is not valid JSON (with line and column), or is
            nested too deeply.
    """
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
        inner = DocumentBuilder(builder.lang, start=builder.count)
        line = text.count("\n", 0, match.start()) + 1
        plaintext.parse(value, inner, line0=line, escape=FORMAT, flow=False,
                        literal=lambda s, inner=inner: inner.literal(escape(s)))
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


def escape(text: str) -> str:
    """``text`` as the inside of a JSON string literal (non-ASCII kept)."""
    return json.dumps(text, ensure_ascii=False)[1:-1]
