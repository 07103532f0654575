"""Morphology of terms, and every rule that belongs to a language: one
interface (:class:`Morphology`), one module per language.

A language is a module of this package named by its ISO 639 code
(``ru.py``, ``kk.py``, ``en.py``) that defines ``MORPHOLOGY`` (its
:class:`Morphology` subclass) and ``SCRIPTS`` (the ISO 15924 scripts it
serves, the first being its default). Adding a language is adding such a
module: :func:`get_morphology` finds it by the tag's primary language.

* ``ru``, ``ru-RU``, ... -> :class:`~toolkit.morphology.ru.RussianMorphology`
  (pymorphy3, imported at first use);
* ``kk``, ``kk-KZ``, ``kk-Cyrl`` -> :class:`~toolkit.morphology.kk.KazakhMorphology`
  (``kk-Latn`` and ``kk-Arab`` get the trivial morphology);
* ``en``, ``en-GB``, ... -> :class:`~toolkit.morphology.en.EnglishMorphology`;
* any other language, or another script -> :class:`TrivialMorphology`,
  whose paradigm is the term itself.

Besides inflection, a language's morphology carries its segmentation
abbreviations (:attr:`Morphology.abbreviations`), its alphabet, and the
context rules enforcement uses (:meth:`Morphology.form_in_context`,
:meth:`Morphology.fit_context`, :meth:`Morphology.form_of_phrase`).

>>> get_morphology("ru-RU").inflect("Мажилис", Form("dat", "sg"))
'Мажилису'
"""

from __future__ import annotations

import functools
import importlib
import re

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
    "known_languages",
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
    language module (the trivial one: per tag).

    Args:
        lang (str): a language tag (``"ru"``, ``"kk-KZ"``, ``"en"``).

    Returns:
        Morphology: the language's implementation.

    Raises:
        InputError: ``lang`` is not a language tag.
    """
    primary = primary_language(lang)
    module = _language_module(primary)
    if module is not None and script_of(lang) in (None, *module.SCRIPTS):
        return _instance(primary)
    return _instance(normalize_tag(lang))


def known_languages() -> tuple[str, ...]:
    """The ISO 639 codes that have a morphology module, sorted."""
    import pkgutil

    return tuple(sorted(info.name for info in pkgutil.iter_modules(__path__)
                        if re.fullmatch(r"[a-z]{2,3}", info.name) and _language_module(info.name)))


@functools.lru_cache(maxsize=64)
def _language_module(primary: str):
    if not re.fullmatch(r"[a-z]{2,3}", primary):
        return None
    try:
        module = importlib.import_module(f"{__name__}.{primary}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{primary}":
            return None
        raise
    return module if hasattr(module, "MORPHOLOGY") else None


@functools.lru_cache(maxsize=64)
def _instance(key: str) -> Morphology:
    module = _language_module(key)
    return module.MORPHOLOGY() if module is not None else TrivialMorphology(key)
