"""The language registry: a language is one module of toolkit.morphology."""

from __future__ import annotations

import doctest
import sys

import toolkit.morphology as morphology
from toolkit.morphology import Form, TrivialMorphology, get_morphology, known_languages
from toolkit.morphology import ru as ru_module


GERMAN = '''
from toolkit.morphology.base import Form, Morphology, normalize_surface


class GermanMorphology(Morphology):
    lang = "de"
    abbreviations = frozenset({"z.b", "bzw"})

    def paradigm(self, term):
        return {normalize_surface(term): (Form("nom", "sg"),), normalize_surface(term) + "s": (Form("gen", "sg"),)}

    def inflect(self, term, form):
        return term + "s" if form.case == "gen" else term

    def lemmas(self, word):
        return (word.lower(),)


MORPHOLOGY = GermanMorphology
SCRIPTS = ("Latn",)
'''


def test_the_shipped_languages():
    assert known_languages() == ("en", "kk", "ru")
    assert get_morphology("kk-Latn").__class__ is TrivialMorphology
    assert get_morphology("ru-RU") is get_morphology("ru")


def test_a_new_language_is_one_module(tmp_path, monkeypatch):
    (tmp_path / "de.py").write_text(GERMAN)
    monkeypatch.setattr(morphology, "__path__", [*morphology.__path__, str(tmp_path)])
    morphology._language_module.cache_clear()
    morphology._instance.cache_clear()
    try:
        german = get_morphology("de-AT")
        assert type(german).__name__ == "GermanMorphology"
        assert german.inflect("Bundestag", Form("gen", "sg")) == "Bundestags"
        assert "de" in known_languages()
        assert get_morphology("de-Cyrl").__class__ is TrivialMorphology

        from toolkit.documents import split_sentences
        text = "Das gilt z.B. Heute nicht. Gut."
        assert [text[a:b] for a, b in split_sentences(text, "de")] == ["Das gilt z.B. Heute nicht.", "Gut."]
    finally:
        morphology._language_module.cache_clear()
        morphology._instance.cache_clear()
        sys.modules.pop("toolkit.morphology.de", None)
        from toolkit.documents import sentences
        sentences._abbreviations.cache_clear()


def test_context_rules_live_with_the_language():
    assert doctest.testmod(ru_module).failed == 0
    kk = get_morphology("kk")
    assert kk.suffixing and not get_morphology("ru").suffixing
    assert str(kk.form_of_phrase("жергілікті әкімдерге")) == "dat.pl"
    assert str(get_morphology("ru").form_of_phrase("местным губернаторам")) == "dat.pl"
    assert TrivialMorphology("de").fit_context("x y", 2, "z") == (2, "z")
