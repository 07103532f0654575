"""BCP 47 language tags as Atau uses them (RFC 5646, case conventions of §2.1.1),
and what Atau knows of its languages: which ones it has, how a mistyped code
is corrected, where their translation models come from."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Collection, Iterable

from .errors import InputError
from .i18n import _

__all__ = ["normalize_tag", "tag_matches", "primary_language", "script_of", "language_name",
           "ATAU_LANGUAGES", "check_language", "suggest_language", "missing_model_advice", "NLLB_CODES"]

#: Atau's own languages: glossary, morphology, interface.
ATAU_LANGUAGES: tuple[str, ...] = ("en", "ru", "kk")

#: Codes people type for a language that are not its ISO 639-1 code: country
#: codes (ISO 3166-1: Kazakhstan is KZ, the Kazakh language kk) and ISO 639-2
#: codes (kaz, rus, eng; NLLB-200's kaz_Cyrl gives kaz).
_CONFUSED: dict[str, str] = {
    "kz": "kk", "kaz": "kk", "qaz": "kk", "rus": "ru", "eng": "en", "us": "en", "gb": "en",
    "ua": "uk", "ukr": "uk", "by": "be", "bel": "be", "kg": "ky", "kir": "ky", "uzb": "uz",
    "tur": "tr", "cz": "cs", "ces": "cs", "cze": "cs", "dk": "da", "se": "sv", "swe": "sv",
    "jp": "ja", "jpn": "ja", "cn": "zh", "zho": "zh", "chi": "zh", "gr": "el", "ell": "el",
    "gre": "el", "ee": "et", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es",
    "ita": "it", "pol": "pl", "tat": "tt", "kr": "ko", "kor": "ko", "ir": "fa", "fas": "fa",
    "per": "fa", "tj": "tg", "tgk": "tg", "am": "hy", "arm": "hy", "hye": "hy", "ge": "ka",
    "geo": "ka", "kat": "ka", "az": "az", "aze": "az", "mn": "mn", "mon": "mn",
}
# CLDR names these, but they are not languages one translates into.
_NOT_LANGUAGES = frozenset({"und", "mul", "mis", "zxx"})

#: FLORES-200 codes of Atau's languages, as NLLB-200 and Tilmash take them
#: (``atau models pack --source-prefix/--target-prefix``).
NLLB_CODES: dict[str, str] = {"en": "eng_Latn", "ru": "rus_Cyrl", "kk": "kaz_Cyrl"}
#: Languages the Argos Translate package index has no model for (checked
#: against the index of 2025): a model must be packed (``atau models pack``).
_PACK_ONLY = frozenset({"kk"})
_PIVOT = "en"

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
        raise InputError(_("not a language tag: {tag!r} (expected BCP 47, e.g. en, ru, kk, kk-Latn)").format(tag=tag))
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

    The tags are equal after normalisation, or one only adds a region or
    variant to the other: ``ru-RU`` serves ``ru``, and a term of ``ru``
    (any Russian) serves a request for ``ru-RU``. A different script never
    matches: ``kk-Latn`` does not serve ``kk`` (Cyrillic), nor ``kk`` it.
    """
    tag, wanted = normalize_tag(tag), normalize_tag(wanted)
    if tag == wanted:
        return True
    if not (tag.startswith(wanted + "-") or wanted.startswith(tag + "-")):
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


@lru_cache(maxsize=1)
def _cldr_languages() -> frozenset[str]:
    from babel import Locale

    return frozenset(code for code in Locale.parse("en").languages if "_" not in code)


def _display_name(code: str) -> str:
    from .i18n import language

    try:
        return language_name(code, language())
    except Exception:  # noqa: BLE001 - a locale babel lacks: the English name will do
        return language_name(code)


def suggest_language(code: str, known: Iterable[str] = ()) -> str | None:
    """The language code ``code`` was probably meant to be: ``kz`` -> ``kk``
    (the country code of Kazakhstan), ``kaz`` -> ``kk``, ``rr`` -> ``ru``; or None.

    A code of :data:`_CONFUSED` (country codes and ISO 639-2 codes typed for
    a language) gives its language; else the closest of Atau's languages and
    ``known`` (difflib, at least half the letters alike).

    >>> suggest_language("kz"), suggest_language("KAZ"), suggest_language("qq")
    ('kk', 'kk', None)
    """
    import difflib

    primary = code.strip().replace("_", "-").split("-")[0].lower()
    if primary in _CONFUSED:
        return _CONFUSED[primary]
    candidates = list(dict.fromkeys([*ATAU_LANGUAGES, *(k.split("-")[0].lower() for k in known)]))
    found = difflib.get_close_matches(primary, candidates, n=1, cutoff=0.5)
    return found[0] if found else None


def check_language(code: str, known: Collection[str] = ()) -> str:
    """``code`` as a normalised language tag, when it names a language:
    one of Atau's (:data:`ATAU_LANGUAGES`), one of ``known`` (the languages
    of the installed models), or any language CLDR names (a model for it can
    be packed). ``ru-RU``, ``RU`` and ``ru_RU`` are fine (``ru-RU``, ``ru``, ``ru-RU``).

    Args:
        code (str): what the user typed.
        known: more language codes that are valid here (installed models).

    Raises:
        InputError: not a language tag, or a language nobody knows; the
            message suggests the code meant when there is one: ``unknown
            language 'kz'; did you mean 'kk' (Kazakh)?``.
    """
    try:
        tag = normalize_tag(code)
    except InputError:
        tag = None
    primary = tag.split("-")[0] if tag else None
    known_primaries = {k.replace("_", "-").split("-")[0].lower() for k in known}
    if primary and (primary in ATAU_LANGUAGES or primary in known_primaries
                    or (primary in _cldr_languages() and primary not in _NOT_LANGUAGES)):
        return tag
    suggestion = suggest_language(code, known)
    if suggestion is not None:
        raise InputError(_("unknown language {code!r}; did you mean {suggestion!r} ({name})?").format(
            code=code, suggestion=suggestion, name=_display_name(suggestion)))
    langs = ", ".join(f"{c} ({_display_name(c)})" for c in dict.fromkeys([*ATAU_LANGUAGES, *sorted(known_primaries)]))
    raise InputError(_("unknown language {code!r}; use a language code such as {langs}").format(
        code=code, langs=langs))


def missing_model_advice(from_code: str, to_code: str,
                         installed: Collection[tuple[str, str]] = ()) -> str | None:
    """What to tell someone who has no model for ``from_code`` -> ``to_code``,
    from what Atau knows of its languages, or None when it knows nothing
    special (the package index then decides: ``atau models install``).

    The Argos package index has no Kazakh model, so en<->kk needs a packed
    model (NLLB-200 or Tilmash, ``atau models pack`` with the FLORES-200
    codes of :data:`NLLB_CODES`); a pair without English (ru->kk) can be
    translated through English when both halves are installed, and the
    message says which half is missing and how to get it.

    Args:
        installed: the installed pairs, ``(from, to)``.

    Returns:
        str | None: one line, e.g. ``no installed model translates en→kk and
        the Argos package index has no Kazakh model: pack one ...``.
    """
    src, dst = primary_language(from_code), primary_language(to_code)
    if not (_PACK_ONLY & {src, dst}) or src == dst:
        return None
    pairs = {(primary_language(a), primary_language(b)) for a, b in installed}
    if _PIVOT in (src, dst):
        return _("no installed model translates {pair}, and the Argos package index has no {name} model: "
                 "pack one from NLLB-200 or Tilmash with {pack}, then install it with {install} "
                 "(README: Kazakh and other models)").format(
            pair=f"{src}→{dst}", name=language_name(next(iter(_PACK_ONLY & {src, dst}))),
            pack=_pack_command(src, dst), install=f"`atau models install {src}_{dst}.argosmodel`")
    steps = []
    for a, b in ((src, _PIVOT), (_PIVOT, dst)):
        if (a, b) in pairs:
            steps.append(_("{pair} is installed").format(pair=f"{a}→{b}"))
        elif _PACK_ONLY & {a, b}:
            steps.append(_("pack {pair} from NLLB-200 or Tilmash ({pack})").format(
                pair=f"{a}→{b}", pack=_pack_command(a, b)))
        else:
            steps.append(_("install {pair} with {install}").format(
                pair=f"{a}→{b}", install=f"`atau models install {a} {b}`"))
    return _("no installed model translates {pair}; Atau can translate it through English with "
             "{first} and {second}: {steps} (or pack a direct {pair} model)").format(
        pair=f"{src}→{dst}", first=f"{src}→{_PIVOT}", second=f"{_PIVOT}→{dst}", steps="; ".join(steps))


def _pack_command(src: str, dst: str) -> str:
    return (f"`atau models pack MODEL_DIR --sp sentencepiece.bpe.model --from {src} --to {dst} "
            f"--source-prefix {NLLB_CODES.get(src, 'SRC_CODE')} --target-prefix {NLLB_CODES.get(dst, 'TGT_CODE')} "
            f"-o {src}_{dst}.argosmodel`")
