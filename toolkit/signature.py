"""The provenance of a result: which Atau, which languages, which model
packages, which glossary and which settings produced it.

One :class:`Signature` is recorded by every command's JSON output
(``"signature"``), by enforcement and check reports and in the header of
every PO file Atau writes (``X-Atau-Signature``), in the manner of
sacrebleu's signatures (Post, "A Call for Clarity in Reporting BLEU Scores",
WMT 2018): two results with the same signature were made the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Mapping

from . import __version__

__all__ = ["Signature", "PO_HEADER"]

#: The PO header field that carries :meth:`Signature.__str__`.
PO_HEADER = "X-Atau-Signature"


@dataclass(frozen=True)
class Signature:
    """Provenance of a translation, an enforcement, a check or a catalog.

    Attributes:
        from_code (str), to_code (str): the language pair (BCP 47).
        glossary (str | None): SHA-256 of the glossary used
            (:meth:`toolkit.termbase.model.Glossary.fingerprint`), None when
            no glossary was used.
        packages (tuple[tuple[str, str], ...]): ``(name, version)`` of each
            model package used, in order (two when pivoting).
        pivot (str | None): the pivot language, when translating through one.
        settings (Mapping[str, Any]): everything else that changes the result
            (``beam``, ``device``, ``compute_type``, ``threads``, ``format``,
            ``strict``...), JSON-serialisable values.
        version (str): Atau's version.
    """

    from_code: str
    to_code: str
    glossary: str | None = None
    packages: tuple[tuple[str, str], ...] = ()
    pivot: str | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    version: str = __version__

    def __post_init__(self) -> None:
        object.__setattr__(self, "packages", tuple(tuple(p) for p in self.packages))
        object.__setattr__(self, "settings", MappingProxyType(dict(self.settings)))

    def __reduce__(self):
        return (_rebuild, (self.from_code, self.to_code, self.glossary, self.packages, self.pivot,
                           dict(self.settings), self.version))

    @property
    def model(self) -> str | None:
        """``name@version`` of the package(s), joined with ``+``; None without a model."""
        return "+".join(f"{name}@{version}" for name, version in self.packages) or None

    def with_settings(self, **settings: Any) -> "Signature":
        """A copy with ``settings`` added (or replaced)."""
        return replace(self, settings={**self.settings, **settings})

    def __str__(self) -> str:
        """One line, e.g. ``atau:0.1.0|en-ru|pkg:translate-en_ru@1.9|pivot:none|
        glossary:3f2a9c1d0b7e|beam:4|format:txt``; the glossary hash is cut to
        12 hex digits (:meth:`to_dict` has all 64)."""
        parts = [f"atau:{self.version}", f"{self.from_code}-{self.to_code}"]
        if self.packages:
            parts += [f"pkg:{self.model}", f"pivot:{self.pivot or 'none'}"]
        parts.append(f"glossary:{self.glossary[:12] if self.glossary else 'none'}")
        parts += [f"{key}:{_short(value)}" for key, value in self.settings.items()]
        return "|".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The signature as JSON-ready data, with the one-line form under ``"text"``."""
        return {"text": str(self), "atau_version": self.version, "from": self.from_code,
                "to": self.to_code, "glossary_sha256": self.glossary,
                "packages": [{"name": n, "version": v} for n, v in self.packages],
                "pivot": self.pivot, "settings": dict(self.settings)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Signature":
        """The inverse of :meth:`to_dict`.

        Raises:
            KeyError, TypeError: ``data`` is not a signature's dict.
        """
        return cls(data["from"], data["to"], data.get("glossary_sha256"),
                   tuple((p["name"], p["version"]) for p in data.get("packages", ())),
                   data.get("pivot"), data.get("settings") or {}, data.get("atau_version", __version__))


def _short(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _rebuild(*args) -> Signature:
    return Signature(*args)
