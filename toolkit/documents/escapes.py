"""Escapers: how a translation is written into a format's text (JSON
strings, HTML and XML text and attributes, YAML scalars). A sentence names
its escaper (:attr:`toolkit.documents.model.Sentence.escape`): a format with
an ``escape`` function, or one of :data:`ESCAPERS`."""

from __future__ import annotations

import re

__all__ = ["ESCAPERS", "escaper", "escapers"]


def escaper(name: str):
    """The escaping function named ``name``: a format's ``escape`` (``json``,
    ``html``, ``xml``...) or one of :data:`ESCAPERS`.

    Raises:
        InputError: no such escaper.
    """
    if name in ESCAPERS:
        return ESCAPERS[name]
    from . import format_module as find

    return find(name).escape


def escapers() -> tuple[str, ...]:
    """The names :func:`escaper` knows."""
    from . import formats as names

    return tuple(ESCAPERS) + tuple(n for n in names() if hasattr(_module(n), "escape"))


def _module(name: str):
    from . import format_module as find

    return find(name)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _yaml_double(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)[1:-1]


def _yaml_single(text: str) -> str:
    return text.replace("'", "''")


_YAML_PLAIN_UNSAFE = re.compile(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|: |\s#|:$|\s$|[\x00-\x1f\x7f]")
_YAML_SPECIAL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
                           r"|null|Null|NULL|~|[-+]?(?:\d[\d_]*)?\.?\d[\d_.eE+-]*)$")


def _yaml_plain(text: str) -> str:
    """``text`` as a YAML plain scalar if it stays one, else double-quoted."""
    if text and not _YAML_PLAIN_UNSAFE.search(text) and not _YAML_SPECIAL.match(text):
        return text
    return '"' + _yaml_double(text) + '"'


#: Escapers that are not a format's own: ``xml`` (text and double-quoted
#: attribute values), YAML scalars (``yaml-plain``, ``yaml-double``, ``yaml-single``).
ESCAPERS = {"xml": _xml_escape, "yaml-plain": _yaml_plain, "yaml-double": _yaml_double,
            "yaml-single": _yaml_single}
