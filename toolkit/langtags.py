"""BCP 47 language tags as Atau uses them (RFC 5646, case conventions of §2.1.1)."""

from __future__ import annotations

import re
from functools import lru_cache

from .errors import InputError

__all__ = ["normalize_tag", "tag_matches", "primary_language", "script_of", "language_name"]

_SUBTAG = re.compile(r"^[A-Za-z0-9]{1,8}$")


@lru_cache(maxsize=1024)
def normalize_tag(tag: str) -> str:
    """Return ``tag`` with BCP 47's conventional casing: ``EN`` -> ``en``,
    ``ru_ru`` -> ``ru-RU``, ``KK-latn`` -> ``kk-Latn``.

    Raises:
        InputError: ``tag`` is empty or not made of 1-8 character alphanumeric
            subtags with a 2-3 (or 5-8) letter primary language.
    """
    parts = tag.strip().replace("_", "-").split("-")
    if not parts or not re.fullmatch(r"[A-Za-z]{2,3}|[A-Za-z]{5,8}", parts[0]) or not all(
        _SUBTAG.match(part) for part in parts
    ):
        raise InputError(f"not a language tag: {tag!r} (expected BCP 47, e.g. en, ru, kk, kk-Latn)")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def primary_language(tag: str) -> str:
    """``"ru-RU"`` -> ``"ru"``; ``"kk-Latn"`` -> ``"kk"``."""
    return normalize_tag(tag).split("-")[0]


def script_of(tag: str) -> str | None:
    """The script subtag of ``tag`` (``"kk-Latn"`` -> ``"Latn"``), or None."""
    for part in normalize_tag(tag).split("-")[1:]:
        if len(part) == 4 and part.isalpha():
            return part
    return None


@lru_cache(maxsize=4096)
def tag_matches(tag: str, wanted: str) -> bool:
    """True when a term tagged ``tag`` serves a request for ``wanted``.

    The tags are equal after normalisation, or ``tag`` only adds a region or
    variant to ``wanted`` (``ru-RU`` serves ``ru``). A different script never
    matches: ``kk-Latn`` does not serve ``kk`` (Cyrillic).
    """
    tag, wanted = normalize_tag(tag), normalize_tag(wanted)
    if tag == wanted:
        return True
    if not tag.startswith(wanted + "-"):
        return False
    return script_of(tag) == script_of(wanted)


@lru_cache(maxsize=256)
def language_name(tag: str, locale: str = "en") -> str:
    """The name of the language ``tag`` in ``locale``, from CLDR's display
    names (babel): ``language_name("kk")`` -> ``"Kazakh"``,
    ``language_name("kk-Latn")`` -> ``"Kazakh (Latin)"``,
    ``language_name("kk", "ru")`` -> ``"казахский"``. A language CLDR does
    not name gives the tag itself.

    Raises:
        InputError: ``tag`` is not a language tag.
    """
    tag = normalize_tag(tag)
    from babel import Locale

    names = Locale.parse(locale)
    name = names.languages.get(primary_language(tag))
    if name is None:
        return tag
    script = script_of(tag)
    if script and script in names.scripts:
        name += f" ({names.scripts[script]})"
    return name
