"""The translation memory's data model: translation units and their keys.

A *unit* is one source segment (a sentence, or a catalog message) with its
target, who made the target (a person, or a machine with the signature of
the model and settings that did) and when, and the SHA-256 of the glossary
the target was checked against.

Segments are found by their *key* (:func:`segment_key`): the text in NFC
with runs of white space made one space and the ends trimmed, so a sentence
wrapped differently by an editor (or a PO file) is the same segment.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

__all__ = ["HUMAN", "MACHINE", "ORIGINS", "Unit", "segment_key", "utc_now", "MAX_SEGMENT_CHARS"]

HUMAN = "human"
MACHINE = "machine"
ORIGINS = (HUMAN, MACHINE)

#: Longest segment (source or target) the memory keeps, in characters; a
#: longer one is not a sentence anyone will meet again, and an unbounded one
#: would let one document fill the database.
MAX_SEGMENT_CHARS = 10_000


def segment_key(text: str) -> str:
    """The key a segment is found by: NFC, white space runs as one space, trimmed.

    >>> segment_key("  The Senate\\n met. ")
    'The Senate met.'
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def utc_now() -> str:
    """The current time as ISO 8601 UTC to the second (``2026-12-04T08:00:00Z``)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Unit:
    """One translation unit.

    Attributes:
        source (str): the source segment as it was translated.
        target (str): its translation.
        origin (str): :data:`HUMAN` or :data:`MACHINE`.
        signature (str): for a machine unit, the one-line
            :class:`toolkit.signature.Signature` of the model and settings
            (no glossary; see ``glossary``); ``""`` for a human one.
        glossary (str): SHA-256 of the glossary the target was enforced or
            checked against; ``""`` for none.
        created (str): when it was made, ISO 8601 UTC (:func:`utc_now`).
        meta (dict): for machine units the model's findings, so that a
            reused segment reports what the first run reported: ``score``
            (float | None), ``flags`` (list of ``[code, message]``),
            ``unresolved`` (list of ``[source term, expected term]``).
            Human units may carry ``note`` and ``author`` (from TMX/CSV).
    """

    source: str
    target: str
    origin: str = HUMAN
    signature: str = ""
    glossary: str = ""
    created: str = field(default_factory=utc_now)
    meta: dict = field(default_factory=dict, compare=False)

    @property
    def key(self) -> str:
        """:func:`segment_key` of the source."""
        return segment_key(self.source)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "origin": self.origin,
                "signature": self.signature or None, "glossary_sha256": self.glossary or None,
                "created": self.created, **({"meta": self.meta} if self.meta else {})}

    def meta_json(self) -> str | None:
        """``meta`` as compact JSON, or None when empty."""
        return json.dumps(self.meta, ensure_ascii=False, separators=(",", ":")) if self.meta else None
