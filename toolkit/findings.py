"""One record for everything a check finds: in a termbase (``glossary
validate``), in a translation (``check``), in a catalog (``catalog check``)
and in the machine translation of a segment (``translate``'s flags).

Checks are small functions that yield :class:`Finding` records; the caller
collects them, as babel's catalog checkers are collected per message
(``babel/messages/checkers.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

__all__ = ["Finding", "SEVERITIES"]

#: ``error``: the text is wrong (exit 1 in checks); ``warning``: a person
#: should look (a flagged machine translation, an ambiguous term; exit 1 in
#: checks too); ``info``: worth knowing, nothing wrong (a concept whose note
#: asks for a check, a dated name; exit 0).
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One problem found by a check.

    Attributes:
        code (str): a stable name of the check, e.g. ``"forbidden"``,
            ``"missing"``, ``"placeholder"``, ``"mixed-script"``,
            ``"repetition"``; what tools and scripts match on.
        message (str): what is wrong, for people.
        severity (str): one of :data:`SEVERITIES`.
        line (int | None): 1-based line in the file checked, when known.
        segment (int | None): 0-based index of the segment, entry or concept
            in its file, when it applies.
        concept (str | None): the concept concerned (a termbase concept id).
        data (Mapping[str, Any]): what the particular check knows besides
            (the expected term, the offending text and its span, the msgid,
            the plural form, ...); JSON-serialisable values only.

    Raises:
        ValueError: ``severity`` is not one of :data:`SEVERITIES`.
    """

    code: str
    message: str
    severity: str = "error"
    line: int | None = None
    segment: int | None = None
    concept: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")
        object.__setattr__(self, "data", MappingProxyType(dict(self.data)))

    def __getattr__(self, name: str) -> Any:
        # The check-specific fields read as attributes: finding.expected.
        data = self.__dict__.get("data")
        if data is not None and name in data:
            return data[name]
        raise AttributeError(f"{type(self).__name__!r} has no attribute {name!r}")

    def __reduce__(self):
        return (_rebuild, (self.code, self.message, self.severity, self.line, self.segment,
                           self.concept, dict(self.data)))

    def to_dict(self) -> dict[str, Any]:
        """``{"code", "severity", "message", "line", "segment", "concept",
        **data}``; unknown parts are None."""
        out = {"code": self.code, "severity": self.severity, "message": self.message,
               "line": self.line, "segment": self.segment, "concept": self.concept}
        for key, value in self.data.items():
            out[key] = list(value) if isinstance(value, tuple) else value
        return out


def _rebuild(code, message, severity, line, segment, concept, data) -> Finding:
    return Finding(code, message, severity, line, segment, concept, data)
