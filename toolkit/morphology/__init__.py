"""Morphology of terms: one interface (:class:`Morphology`), one module per language.

:func:`get_morphology` gives the implementation for a BCP 47 tag:

* ``ru``, ``ru-RU``, ... -> :class:`~toolkit.morphology.ru.RussianMorphology`
  (pymorphy3, imported at first use);
* ``kk``, ``kk-KZ``, ``kk-Cyrl`` -> :class:`~toolkit.morphology.kk.KazakhMorphology`
  (Cyrillic script; ``kk-Latn`` and ``kk-Arab`` get the trivial morphology);
* ``en``, ``en-GB``, ... -> :class:`~toolkit.morphology.en.EnglishMorphology`;
* any other language, or another script -> :class:`TrivialMorphology`,
  whose paradigm is the term itself.

>>> get_morphology("ru-RU").inflect("Мажилис", Form("dat", "sg"))
'Мажилису'
"""

from __future__ import annotations

import functools

from ..errors import InputError
from ..langtags import normalize_tag, primary_language, script_of
from .base import CASES, NUMBERS, POSSESSIVES, Form, Morphology, check_term, normalize_surface

__all__ = [
    "CASES",
    "NUMBERS",
    "POSSESSIVES",
    "Form",
    "Morphology",
    "TrivialMorphology",
    "get_morphology",
    "normalize_surface",
]


class TrivialMorphology(Morphology):
    """Morphology for a language Atau does not inflect: a term has one form,
    itself, with unknown grammar (``Form()``).

    Args:
        lang (str): the language tag served (normalised BCP 47).
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def paradigm(self, term: str) -> dict[str, tuple[Form, ...]]:
        """``{normalised term: (Form(),)}``."""
        return {normalize_surface(check_term(term)): (Form(),)}

    def inflect(self, term: str, form: Form) -> str:
        """``term`` unchanged when ``form`` asks for nothing beyond the
        nominative singular.

        Raises:
            InputError: any other case, number or possessive, or an empty term.
        """
        term = check_term(term)
        if form.case in (None, "nom") and form.number in (None, "sg") and form.possessive is None:
            return term
        raise InputError(f"cannot inflect {term!r} to {form}: no morphology for {self.lang!r}")

    def lemmas(self, word: str) -> tuple[str, ...]:
        """The word itself, casefolded."""
        key = normalize_surface(word)
        return (key,) if key else ()


def get_morphology(lang: str) -> Morphology:
    """The morphology for the BCP 47 tag ``lang``, one shared instance per
    implementation (the trivial one: per tag).

    Args:
        lang (str): a language tag (``"ru"``, ``"kk-KZ"``, ``"en"``).

    Returns:
        Morphology: the language's implementation.

    Raises:
        InputError: ``lang`` is not a language tag.
    """
    primary = primary_language(lang)
    script = script_of(lang)
    if primary == "ru" and script in (None, "Cyrl"):
        return _instance("ru")
    if primary == "kk" and script in (None, "Cyrl"):
        return _instance("kk")
    if primary == "en" and script in (None, "Latn"):
        return _instance("en")
    return _instance(normalize_tag(lang))


@functools.lru_cache(maxsize=64)
def _instance(key: str) -> Morphology:
    if key == "ru":
        from .ru import RussianMorphology
        return RussianMorphology()
    if key == "kk":
        from .kk import KazakhMorphology
        return KazakhMorphology()
    if key == "en":
        from .en import EnglishMorphology
        return EnglishMorphology()
    return TrivialMorphology(key)
