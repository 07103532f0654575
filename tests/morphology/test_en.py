"""English morphology (toolkit.morphology.en), and the interface shared by
all languages (toolkit.morphology: Form, normalize_surface, get_morphology,
the trivial morphology)."""

from __future__ import annotations

import doctest

import pytest

from toolkit.errors import InputError
from toolkit.morphology import Form, TrivialMorphology, get_morphology, normalize_surface
from toolkit.morphology import base as base_module
from toolkit.morphology import en as en_module
from toolkit.morphology.en import EnglishMorphology, plural_of


@pytest.fixture(scope="module")
def en() -> EnglishMorphology:
    return EnglishMorphology()


# -- English -------------------------------------------------------------------

@pytest.mark.parametrize("word, expected", [
    ("senator", "senators"),
    ("Senate", "Senates"),
    ("deputy", "deputies"),         # consonant + y
    ("Assembly", "Assemblies"),
    ("attorney", "attorneys"),      # vowel + y
    ("tax", "taxes"),
    ("speech", "speeches"),
    ("bus", "buses"),
    ("chairman", "chairmen"),
    ("Ombudsman", "Ombudsmen"),
    ("human", "humans"),
    ("person", "people"),
    ("criterion", "criteria"),
    ("veto", "vetoes"),
    ("series", "series"),
    ("CEC", "CECs"),
])
def test_plural_of(word, expected):
    assert plural_of(word) == expected


def test_plural_of_uncountable_is_none():
    assert plural_of("legislation") is None


@pytest.mark.parametrize("term, form, expected", [
    ("Senate", Form("gen", "sg"), "Senate's"),
    ("senator", Form("nom", "pl"), "senators"),
    ("senator", Form("gen", "pl"), "senators'"),
    ("deputy", Form("nom", "pl"), "deputies"),
    ("Assembly", Form("nom", "pl"), "Assemblies"),
    ("chairman", Form("gen", "pl"), "chairmen's"),
    ("Mazhilis", Form("gen", "sg"), "Mazhilis's"),
    ("Prime Minister", Form("nom", "pl"), "Prime Ministers"),
    ("Central Election Commission", Form("gen", "sg"), "Central Election Commission's"),
    ("Head of State", Form("nom", "pl"), "Heads of State"),
    ("Head of State", Form("gen", "sg"), "Head of State's"),
    ("Head of State", Form("gen", "pl"), "Heads of State's"),
    ("Speaker of the Senate", Form("nom", "pl"), "Speakers of the Senate"),
    ("Kassym-Jomart Tokayev", Form("gen", "sg"), "Kassym-Jomart Tokayev's"),
])
def test_inflect(en, term, form, expected):
    assert en.inflect(term, form) == expected


def test_inflect_none_fields_give_the_term(en):
    assert en.inflect("Senate", Form()) == "Senate"


def test_inflect_plural_of_uncountable_raises(en):
    with pytest.raises(InputError, match="no plural"):
        en.inflect("electoral legislation", Form("nom", "pl"))


@pytest.mark.parametrize("form", [Form("dat", "sg"), Form("nom", "sg", "3")])
def test_inflect_form_english_lacks_raises(en, form):
    with pytest.raises(InputError, match="no form"):
        en.inflect("Senate", form)


def test_paradigm(en):
    assert en.paradigm("senator") == {
        "senator": (Form("nom", "sg"),),
        "senator's": (Form("gen", "sg"),),
        "senators": (Form("nom", "pl"),),
        "senators'": (Form("gen", "pl"),),
    }


def test_paradigm_lists_bare_apostrophe_after_s(en):
    assert en.paradigm("Mazhilis")["mazhilis'"] == (Form("gen", "sg"),)


def test_paradigm_of_uncountable_has_no_plural(en):
    assert set(en.paradigm("electoral legislation")) == {
        "electoral legislation", "electoral legislation's"}


@pytest.mark.parametrize("surface, form", [
    ("Senate's", Form("gen", "sg")),
    ("Senate\u2019s", Form("gen", "sg")),     # typographic apostrophe
    ("SENATES", Form("nom", "pl")),
    ("senates'", Form("gen", "pl")),
])
def test_analyze(en, surface, form):
    assert en.analyze(surface, "Senate") == (form,)


def test_analyze_a_surface_that_is_not_a_form(en):
    assert en.analyze("senator", "Senate") == ()


@pytest.mark.parametrize("word, expected", [
    ("senators'", ("senator", "senators")),
    ("Senate's", ("senate",)),
    ("Senate\u2019s", ("senate",)),
    ("deputies", ("deputy",)),
    ("Assemblies", ("assembly",)),
    ("chairmen", ("chairman",)),
    ("people", ("person",)),
    ("taxes", ("tax", "taxes")),
    ("Mazhilis", ("mazhilis",)),
    ("senator", ("senator",)),
])
def test_lemmas(en, word, expected):
    assert en.lemmas(word) == expected


def test_doctests():
    assert doctest.testmod(en_module).failed == 0


NOUNS = ["Senate", "senator", "deputy", "Assembly", "Parliament", "Mazhilis", "akim", "maslikhat",
         "Constitution", "Court", "Commission", "Council", "Chamber", "Bank", "Government",
         "Minister", "Secretary", "Chairman", "ballot", "oath", "bill", "quota", "session",
         "Administration", "Kurultai"]
MODIFIERS = ["", "State ", "National ", "Supreme ", "Central ", "Regional ", "Local ", "Deputy "]


def test_paradigm_of_two_hundred_terms(en):
    terms = [modifier + noun for modifier in MODIFIERS for noun in NOUNS]
    assert len(set(terms)) == 200
    morphology = EnglishMorphology()
    for term in terms:
        assert morphology.paradigm(term)[term.casefold()] == (Form("nom", "sg"),)


# -- the shared interface --------------------------------------------------------

def test_form_str():
    assert str(Form("dat", "sg", "2sg.pol")) == "dat.sg.2sg.pol"


def test_form_str_of_unknown_form():
    assert str(Form()) == "-"


@pytest.mark.parametrize("text, form", [
    ("dat.sg", Form("dat", "sg")),
    ("loc.pl.3", Form("loc", "pl", "3")),
    ("nom.sg.2pl.pol", Form("nom", "sg", "2pl.pol")),
    ("pl", Form(number="pl")),
    ("-", Form()),
])
def test_form_parse(text, form):
    assert Form.parse(text) == form


@pytest.mark.parametrize("text", ["dat.xx", "dat.gen"])
def test_form_parse_rejects_bad_text(text):
    with pytest.raises(InputError, match="not a grammatical form"):
        Form.parse(text)


def test_form_rejects_unknown_case():
    with pytest.raises(InputError, match="unknown case"):
        Form("dative", "sg")


def test_form_to_dict():
    assert Form("gen", "pl").to_dict() == {"case": "gen", "number": "pl", "possessive": None}


def test_normalize_surface():
    assert normalize_surface(" Премьер\u2011Министр\u00a0 Senate\u2019s ") == "премьер-министр senate's"


@pytest.mark.parametrize("tag, name", [
    ("en", "EnglishMorphology"), ("en-GB", "EnglishMorphology"),
    ("ru", "RussianMorphology"), ("ru_RU", "RussianMorphology"),
    ("kk", "KazakhMorphology"), ("kk-Cyrl-KZ", "KazakhMorphology"),
    ("kk-Latn", "TrivialMorphology"), ("de", "TrivialMorphology"),
])
def test_get_morphology_by_tag(tag, name):
    assert type(get_morphology(tag)).__name__ == name


def test_get_morphology_rejects_bad_tag():
    with pytest.raises(InputError, match="not a language tag"):
        get_morphology("not a tag")


def test_trivial_paradigm_is_the_term():
    assert get_morphology("de").paradigm("Bundestag") == {"bundestag": (Form(),)}


def test_trivial_inflect_to_nominative_gives_the_term():
    assert TrivialMorphology("de").inflect("Bundestag", Form("nom", "sg")) == "Bundestag"


def test_trivial_inflect_to_other_case_raises():
    with pytest.raises(InputError, match="no morphology"):
        TrivialMorphology("de").inflect("Bundestag", Form("dat", "sg"))


def test_paradigm_returns_a_copy(en):
    en.paradigm("Senate").clear()
    assert "senate" in en.paradigm("Senate")


def test_base_doctests():
    assert doctest.testmod(base_module).failed == 0


def test_package_doctests():
    import toolkit.morphology as package

    assert doctest.testmod(package).failed == 0


@pytest.mark.parametrize("text, word, expected", [
    ("The district newspaper wrote about it.", "district", True),
    ("Shymkent residents welcomed the park.", "Shymkent", True),
    ("The Government approved the budget.", "Government", False),
    ("The Government met farmers.", "Government", False),
    ("The Government's plan was adopted.", "Government", False),
    ("The deputies' salaries rose.", "deputies", False),
    ("The Senate says that it agrees.", "Senate", False),
    ("The Government plans to act.", "Government", False),
    ("The Senate, meeting in Astana, agreed.", "Senate", False),
    ("It was the Senate.", "Senate", False),
    ("The Senate and the Mazhilis met.", "Senate", False),
])
def test_modifies_next_noun(en, text, word, expected):
    end = text.index(word) + len(word)
    if text[end:end + 2] == "'s":
        end += 2
    elif text[end:end + 1] == "'":
        end += 1
    assert en.modifies_next_noun(text, end) is expected
