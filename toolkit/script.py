"""Writing systems in text: which script a letter belongs to, the Latin and
Cyrillic letters that look alike, and the characters no one sees.

A term is right only when it is written with its own letters: "Сенaт" with a
Latin "a", or "Се​нат" with a zero-width space, looks right and is not (a
search, a spelling checker, a screen reader and a later match all fail on
it). The look-alikes are Unicode's confusables (UTS #39, confusables.txt)
restricted to the letters of Russian and Kazakh; the invisible characters
are the format characters (general category Cf: zero-width spaces and
joiners, bidirectional controls, the soft hyphen) and the variation
selectors.
"""

from __future__ import annotations

import unicodedata

__all__ = ["LATIN_TO_CYRILLIC", "script_of", "invisible", "mixed_script_letters", "respell_in_script",
           "clean_invisible"]

#: Latin letters that look like Cyrillic ones (lower case; upper case maps
#: the same way), from Unicode's confusables for the letters of Russian and
#: Kazakh ("i" looks like Kazakh "і").
LATIN_TO_CYRILLIC: dict[str, str] = dict(zip("abcehikmoptxy", "авсенікмортху"))
_CYRILLIC_TO_LATIN = {cyr: lat for lat, cyr in LATIN_TO_CYRILLIC.items()}


def script_of(char: str) -> str | None:
    """``"Latin"``, ``"Cyrillic"``, ``"Greek"`` or ``"Other"`` for a letter
    (from its Unicode name), None for anything that is not a letter."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if name.startswith(script):
            return script.title()
    return "Other"


def invisible(char: str) -> bool:
    """True for a character that takes no visible space: a format character
    (Cf: U+200B-U+200F, U+202A-U+202E, U+2060-U+2064, U+2066-U+2069, U+FEFF,
    U+00AD...) or a variation selector."""
    return unicodedata.category(char) == "Cf" or 0xFE00 <= ord(char) <= 0xFE0F


def mixed_script_letters(word: str) -> list[str]:
    """The letters of ``word`` that are not in its main script (the script
    most of its letters are in); empty for a word in one script."""
    counts: dict[str, int] = {}
    for char in word:
        script = script_of(char)
        if script:
            counts[script] = counts.get(script, 0) + 1
    if len(counts) < 2:
        return []
    main = max(counts, key=lambda s: (counts[s], s == "Cyrillic"))
    return [c for c in word if script_of(c) not in (None, main)]


def respell_in_script(text: str, script: str) -> str:
    """``text`` with its look-alike letters written in ``script``
    (``"Cyrillic"`` or ``"Latin"``), case kept; other characters unchanged.

    >>> respell_in_script("Сенaт", "Cyrillic")
    'Сенат'
    """
    table = LATIN_TO_CYRILLIC if script == "Cyrillic" else _CYRILLIC_TO_LATIN
    out = []
    for char in text:
        other = table.get(char.lower())
        if other is not None and script_of(char) != script:
            out.append(other.upper() if char.isupper() else other)
        else:
            out.append(char)
    return "".join(out)


def clean_invisible(text: str) -> str:
    """``text`` without its invisible characters (:func:`invisible`)."""
    return "".join(c for c in text if not invisible(c))
