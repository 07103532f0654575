"""Kazakh morphology (toolkit.morphology.kk): plural, possessive, seven cases."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from toolkit.errors import InputError
from toolkit.morphology import CASES as ALL_CASES
from toolkit.morphology import Form, get_morphology
from toolkit.morphology import kk as kk_module
from toolkit.morphology.kk import KazakhMorphology, is_back

CASES = ("nom", "gen", "dat", "acc", "loc", "abl", "ins")


@pytest.fixture(scope="module")
def kk() -> KazakhMorphology:
    return KazakhMorphology()


# The seven cases in the singular (nom gen dat acc loc abl ins), one stem per
# harmony and final sound.
SINGULAR = {
    "Сенат": ("Сенат", "Сенаттың", "Сенатқа", "Сенатты", "Сенатта", "Сенаттан", "Сенатпен"),  # back, voiceless
    "Парламент": ("Парламент", "Парламенттің", "Парламентке", "Парламентті", "Парламентте",
                  "Парламенттен", "Парламентпен"),  # front, voiceless
    "Мәжіліс": ("Мәжіліс", "Мәжілістің", "Мәжіліске", "Мәжілісті", "Мәжілісте", "Мәжілістен",
                "Мәжіліспен"),
    "әкім": ("әкім", "әкімнің", "әкімге", "әкімді", "әкімде", "әкімнен", "әкіммен"),  # nasal
    "Астана": ("Астана", "Астананың", "Астанаға", "Астананы", "Астанада", "Астанадан",
               "Астанамен"),  # back vowel
    "әке": ("әке", "әкенің", "әкеге", "әкені", "әкеде", "әкеден", "әкемен"),  # front vowel
    "сайлау": ("сайлау", "сайлаудың", "сайлауға", "сайлауды", "сайлауда", "сайлаудан",
               "сайлаумен"),  # у: sonorant
    "ел": ("ел", "елдің", "елге", "елді", "елде", "елден", "елмен"),  # л: sonorant
    "сенатор": ("сенатор", "сенатордың", "сенаторға", "сенаторды", "сенаторда", "сенатордан",
                "сенатормен"),  # р: sonorant
    "қыз": ("қыз", "қыздың", "қызға", "қызды", "қызда", "қыздан", "қызбен"),  # voiced з
    "Құрылтай": ("Құрылтай", "Құрылтайдың", "Құрылтайға", "Құрылтайды", "Құрылтайда",
                 "Құрылтайдан", "Құрылтаймен"),  # й
}


@pytest.mark.parametrize("term, case, expected", [
    pytest.param(term, case, forms[i], id=f"{term}-{case}")
    for term, forms in SINGULAR.items() for i, case in enumerate(CASES)
])
def test_cases_singular(kk, term, case, expected):
    assert kk.inflect(term, Form(case, "sg")) == expected


@pytest.mark.parametrize("term, expected", [
    ("депутат", "депутаттар"),   # voiceless: -тар
    ("Парламент", "Парламенттер"),
    ("әкім", "әкімдер"),         # nasal: -дер
    ("ел", "елдер"),             # л: -дер
    ("қыз", "қыздар"),           # з: -дар
    ("сенатор", "сенаторлар"),   # р: -лар
    ("сайлау", "сайлаулар"),     # у: -лар
    ("бала", "балалар"),         # vowel: -лар
    ("әке", "әкелер"),
    ("мәслихат", "мәслихаттар"),
])
def test_plural(kk, term, expected):
    assert kk.inflect(term, Form("nom", "pl")) == expected


@pytest.mark.parametrize("term, case, expected", [
    ("депутат", "gen", "депутаттардың"),
    ("депутат", "dat", "депутаттарға"),
    ("депутат", "acc", "депутаттарды"),
    ("мәслихат", "loc", "мәслихаттарда"),
    ("әкім", "abl", "әкімдерден"),
    ("сенатор", "ins", "сенаторлармен"),
])
def test_plural_with_case(kk, term, case, expected):
    assert kk.inflect(term, Form(case, "pl")) == expected


@pytest.mark.parametrize("term, person, expected", [
    ("кітап", "1sg", "кітабым"), ("кітап", "2sg", "кітабың"), ("кітап", "2sg.pol", "кітабыңыз"),
    ("кітап", "3", "кітабы"), ("кітап", "1pl", "кітабымыз"), ("кітап", "2pl", "кітабың"),
    ("кітап", "2pl.pol", "кітабыңыз"),
    ("бала", "1sg", "балам"), ("бала", "2sg", "балаң"), ("бала", "2sg.pol", "балаңыз"),
    ("бала", "3", "баласы"), ("бала", "1pl", "баламыз"),
    ("әке", "1sg", "әкем"), ("әке", "3", "әкесі"), ("әке", "1pl", "әкеміз"),
    ("әкім", "3", "әкімі"), ("сайлау", "3", "сайлауы"), ("Конституция", "3", "Конституциясы"),
])
def test_possessive(kk, term, person, expected):
    assert kk.inflect(term, Form("nom", "sg", person)) == expected


@pytest.mark.parametrize("term, form, expected", [
    ("кітап", Form("dat", "sg", "1sg"), "кітабыма"),      # dative after -м: -а
    ("кітап", Form("dat", "sg", "2sg"), "кітабыңа"),      # dative after -ң: -а
    ("әке", Form("dat", "sg", "1sg"), "әкеме"),
    ("кітап", Form("acc", "sg", "1sg"), "кітабымды"),
    ("кітап", Form("abl", "sg", "1sg"), "кітабымнан"),
    ("бала", Form("dat", "sg", "2sg.pol"), "балаңызға"),
    ("бала", Form("ins", "sg", "1pl"), "баламызбен"),
    ("кітап", Form("gen", "sg", "3"), "кітабының"),       # pronominal n after the 3rd person
    ("бала", Form("dat", "sg", "3"), "баласына"),
    ("бала", Form("acc", "sg", "3"), "баласын"),
    ("бала", Form("loc", "sg", "3"), "баласында"),
    ("бала", Form("abl", "sg", "3"), "баласынан"),
    ("бала", Form("ins", "sg", "3"), "баласымен"),
    ("кітап", Form("nom", "pl", "1sg"), "кітаптарым"),    # plural before possessive
    ("әкім", Form("nom", "pl", "3"), "әкімдері"),
    ("әкім", Form("dat", "pl", "3"), "әкімдеріне"),
])
def test_possessive_with_case(kk, term, form, expected):
    assert kk.inflect(term, form) == expected


@pytest.mark.parametrize("term, expected", [
    ("кітап", "кітабы"), ("жүрек", "жүрегі"), ("құлақ", "құлағы"),
    ("министрлік", "министрлігі"), ("Жарлық", "Жарлығы"), ("Сұлтанбек", "Сұлтанбегі"),
])
def test_final_p_k_q_voice_before_vowel_in_native_words(kk, term, expected):
    assert kk.inflect(term, Form("nom", "sg", "3")) == expected


@pytest.mark.parametrize("term, expected", [
    ("тип", "типі"), ("микроскоп", "микроскопы"), ("банк", "банкі"), ("клип", "клипі"),
])
def test_loanwords_keep_final_p_k(kk, term, expected):
    assert kk.inflect(term, Form("nom", "sg", "3")) == expected


def test_final_p_k_q_do_not_voice_before_consonant(kk):
    assert kk.inflect("кітап", Form("dat", "sg")) == "кітапқа"


def test_stem_losing_its_vowel(kk):
    assert kk.inflect("халық", Form("nom", "sg", "3")) == "халқы"


@pytest.mark.parametrize("term, form, expected", [
    ("Мажилис", Form("abl", "sg"), "Мажилистен"),    # Russian и: front
    ("министр", Form("dat", "sg"), "министрге"),
    ("аким", Form("dat", "sg"), "акимге"),
    ("актив", Form("dat", "sg"), "активке"),          # also: final в is voiceless
    ("институт", Form("nom", "pl"), "институттар"),   # Russian у between consonants: back
    ("Премьер-Министр", Form("dat", "sg"), "Премьер-Министрге"),
    ("маслихат", Form("dat", "sg"), "маслихатқа"),
    ("акимат", Form("loc", "sg"), "акиматта"),
    ("банк", Form("dat", "sg"), "банкке"),            # final нк: front
    ("парк", Form("abl", "sg"), "парктен"),
    ("бюллетень", Form("nom", "pl"), "бюллетеньдер"),  # ь: front; н: -дер
    ("бюллетень", Form("nom", "sg", "3"), "бюллетені"),  # ь dropped before a vowel
    ("актёр", Form("dat", "sg"), "актёрге"),           # ё in the last syllable: front
    ("клуб", Form("dat", "sg"), "клубқа"),             # final б: voiceless
    ("Конституция", Form("dat", "sg"), "Конституцияға"),
])
def test_loanword_harmony_and_assimilation(kk, term, form, expected):
    assert kk.inflect(term, form) == expected


@pytest.mark.parametrize("word, back", [
    ("сенат", True), ("парламент", False), ("мажилис", False), ("келу", False), ("оқу", True),
    ("жиын", True), ("тимур", True), ("тоқаев", True), ("ахметов", False),
])
def test_harmony(word, back):
    assert is_back(word) is back


@pytest.mark.parametrize("term, form, expected", [
    ("Тоқаев", Form("dat", "sg"), "Тоқаевқа"),
    ("Тоқаев", Form("gen", "sg"), "Тоқаевтың"),
    ("Тоқаев", Form("acc", "sg"), "Тоқаевты"),
    ("Тоқаев", Form("ins", "sg"), "Тоқаевпен"),
    ("Әшімбаев", Form("dat", "sg"), "Әшімбаевқа"),
    ("Ашимбаев", Form("dat", "sg"), "Ашимбаевқа"),
    ("Ахметов", Form("dat", "sg"), "Ахметовке"),   # harmony of the stem Ахмет-
    ("Ахметова", Form("dat", "sg"), "Ахметоваға"),  # feminine: final vowel
])
def test_russian_style_surnames(kk, term, form, expected):
    assert kk.inflect(term, form) == expected


@pytest.mark.parametrize("case, expected", list(zip(CASES, (
    "Мемлекет басшысы", "Мемлекет басшысының", "Мемлекет басшысына", "Мемлекет басшысын",
    "Мемлекет басшысында", "Мемлекет басшысынан", "Мемлекет басшысымен"))))
def test_compound_in_possessive_takes_pronominal_n(kk, case, expected):
    assert kk.inflect("Мемлекет басшысы", Form(case, "sg")) == expected


@pytest.mark.parametrize("term, expected", [
    ("Мемлекет басшысы", "Мемлекет басшылары"),
    ("Парламент Мәжілісі", "Парламент Мәжілістері"),
    ("Парламент Сенаты", "Парламент Сенаттары"),
    ("Қауіпсіздік Кеңесі", "Қауіпсіздік Кеңестері"),
    ("Президент Әкімшілігі", "Президент Әкімшіліктері"),
    ("Орталық сайлау комиссиясы", "Орталық сайлау комиссиялары"),
    ("Қазақстан халқы Ассамблеясы", "Қазақстан халқы Ассамблеялары"),
    ("Сенат Төрағасы", "Сенат Төрағалары"),
])
def test_compound_plural_goes_before_possessive(kk, term, expected):
    assert kk.inflect(term, Form("nom", "pl")) == expected


def test_compound_plural_with_case(kk):
    assert kk.inflect("Мемлекет басшысы", Form("dat", "pl")) == "Мемлекет басшыларына"


def test_compound_accepts_third_person_possessive(kk):
    assert kk.inflect("Парламент Мәжілісі", Form("dat", "sg", "3")) == "Парламент Мәжілісіне"


def test_compound_refuses_other_possessive(kk):
    with pytest.raises(InputError, match="already ends"):
        kk.inflect("Мемлекет басшысы", Form("nom", "sg", "1sg"))


def test_compound_paradigm_has_cases_and_numbers_only(kk):
    forms = {form for forms in kk.paradigm("Мемлекет басшысы").values() for form in forms}
    assert forms == {Form(case, number) for case in ALL_CASES for number in ("sg", "pl")}


@pytest.mark.parametrize("term, expected", [
    ("Мемлекеттік хатшы", "Мемлекеттік хатшыға"),   # agent noun in -шы
    ("Жоғарғы Сот", "Жоғарғы Сотқа"),
    ("Ұлттық қаржы", "Ұлттық қаржыға"),             # listed lexical -ы
])
def test_not_a_compound(kk, term, expected):
    assert kk.inflect(term, Form("dat", "sg")) == expected


def test_patronymic_takes_pronominal_n(kk):
    assert kk.inflect("Қасым-Жомарт Кемелұлы", Form("dat", "sg")) == "Қасым-Жомарт Кемелұлына"


def test_patronymic_has_no_plural(kk):
    with pytest.raises(InputError, match="no plural"):
        kk.inflect("Кемелұлы", Form("nom", "pl"))


def test_possessive_word_override(kk):
    custom = KazakhMorphology(possessive_words=["төрағасы=төраға"])
    assert custom.inflect("Төрағасы", Form("dat", "pl")) == "Төрағаларына"


def test_plain_word_override():
    custom = KazakhMorphology(plain_words=["Сенаты"])
    assert custom.inflect("Парламент Сенаты", Form("nom", "sg", "1sg")) == "Парламент Сенатым"


def test_only_last_word_inflects(kk):
    assert kk.inflect("Қасым-Жомарт Тоқаев", Form("dat", "sg")) == "Қасым-Жомарт Тоқаевқа"


def test_only_last_hyphen_part_inflects(kk):
    assert kk.inflect("Қасым-Жомарт", Form("gen", "sg")) == "Қасым-Жомарттың"


def test_capitals_stay_capitals(kk):
    assert kk.inflect("СЕНАТ", Form("dat", "sg")) == "СЕНАТҚА"


def test_abbreviation_is_not_inflected(kk):
    assert kk.paradigm("ҚР") == {"қр": (Form("nom", "sg"),)}


def test_abbreviation_inflect_raises(kk):
    with pytest.raises(InputError, match="not a Kazakh noun"):
        kk.inflect("ҚР", Form("dat", "sg"))


def test_empty_term_raises(kk):
    with pytest.raises(InputError, match="empty term"):
        kk.inflect("", Form("dat", "sg"))


@pytest.mark.parametrize("surface, term, form", [
    ("Мажилистен", "Мажилис", Form("abl", "sg")),      # Russian spelling of Мәжіліс
    ("Ашимбаевқа", "Ашимбаев", Form("dat", "sg")),     # Russian spelling of Әшімбаев
    ("Меджлиске", "Меджлис", Form("dat", "sg")),
    ("маслихаттарда", "маслихат", Form("loc", "pl")),
    ("Сенатқа", "Сенат", Form("dat", "sg")),
    ("Сенаттың", "Сенат", Form("gen", "sg")),
    ("Парламентте", "Парламент", Form("loc", "sg")),
    ("мәслихаттарда", "мәслихат", Form("loc", "pl")),
    ("әкімдері", "әкім", Form("nom", "pl", "3")),
    ("Мемлекет басшысына", "Мемлекет басшысы", Form("dat", "sg")),
    ("Елбасына", "Елбасы", Form("dat", "sg")),
])
def test_analyze(kk, surface, term, form):
    assert kk.analyze(surface, term)[0] == form


@pytest.mark.parametrize("deprecated, surface, preferred, expected", [
    ("Мажилис", "Мажилистен", "Мәжіліс", "Мәжілістен"),
    ("Ашимбаев", "Ашимбаевқа", "Әшімбаев", "Әшімбаевқа"),
    ("Токаев", "Токаевтың", "Тоқаев", "Тоқаевтың"),
    ("Елбасы", "Елбасына", "Мемлекет басшысы", "Мемлекет басшысына"),
    ("маслихат", "маслихаттарда", "мәслихат", "мәслихаттарда"),
])
def test_deprecated_form_carries_to_preferred_term(kk, deprecated, surface, preferred, expected):
    form = kk.analyze(surface, deprecated)[0]
    assert kk.inflect(preferred, form) == expected


def test_analyze_a_surface_that_is_not_a_form(kk):
    assert kk.analyze("Сенатор", "Сенат") == ()


def test_second_person_plural_is_listed_with_singular(kk):
    assert kk.analyze("кітабың", "кітап") == (Form("nom", "sg", "2sg"), Form("nom", "sg", "2pl"))


def test_paradigm_lists_long_instrumental(kk):
    assert kk.paradigm("Сенат")["сенатпенен"] == (Form("ins", "sg"),)


def test_paradigm_contains_term_as_nominative_singular(kk):
    assert kk.paradigm("Мәжіліс")["мәжіліс"][0] == Form("nom", "sg")


def test_paradigm_of_plain_noun_has_every_combination(kk):
    forms = {form for forms in kk.paradigm("депутат").values() for form in forms}
    assert len(forms) == 9 * 2 * 8


@pytest.mark.parametrize("word, lemma", [
    ("мәслихаттарда", "мәслихат"),
    ("әкімдері", "әкім"),
    ("Сенатқа", "сенат"),
    ("басшысына", "басшы"),
    ("Мәжілісіне", "мәжіліс"),
    ("кітабымызға", "кітап"),
    ("министрлігі", "министрлік"),
    ("халқы", "халық"),
    ("Мажилистен", "мажилис"),
    ("Тоқаевтың", "тоқаев"),
])
def test_lemmas_first_candidate(kk, word, lemma):
    assert kk.lemmas(word)[0] == lemma


def test_lemmas_do_not_cut_agent_noun(kk):
    assert kk.lemmas("хатшы") == ("хатшы",)


def test_lemmas_end_with_the_word_itself(kk):
    assert kk.lemmas("Сенатқа") == ("сенат", "сенатқа")


def test_get_morphology_kazakh():
    assert isinstance(get_morphology("kk-KZ"), KazakhMorphology)


def test_get_morphology_kazakh_latin_is_trivial():
    assert not isinstance(get_morphology("kk-Latn"), KazakhMorphology)


def test_doctests():
    assert doctest.testmod(kk_module).failed == 0


STEMS = [
    "Сенат", "Мәжіліс", "Парламент", "мәслихат", "әкім", "әкімдік", "депутат", "сенатор",
    "Үкімет", "Президент", "Конституция", "Астана", "сайлау", "заң", "ант", "квота",
    "Құрылтай", "сот", "банк", "палата", "комиссия", "кеңес", "хатшы", "министр", "министрлік",
    "Тоқаев", "Әшімбаев", "бюллетень", "дауыс", "отырыс", "жоба", "заңнама", "басқару",
    "тағайындау", "мемлекет", "ел", "халық", "қоғам", "партия", "аудан", "облыс", "қала",
    "ауыл", "мекеме", "агенттік", "қызмет", "жиын", "кітап", "жүрек", "құлақ",
]
ATTRIBUTES = ["", "Ұлттық ", "Жоғарғы ", "Орталық "]


def test_paradigm_of_two_hundred_terms(kk):
    terms = [attribute + stem for attribute in ATTRIBUTES for stem in STEMS]
    assert len(set(terms)) == 200
    morphology = KazakhMorphology()
    for term in terms:
        table = morphology.paradigm(term)
        assert table[term.casefold()][0] == Form("nom", "sg")


# -- checked against apertium-kaz ---------------------------------------------
# The forms below were checked with apertium-kaz (commit 95c6dd0, see
# tests/data/morphology/kk-verified.tsv) unless a comment gives another source.

@pytest.mark.parametrize("term, form, expected", [
    # attributive locative -дағы/-дегі/-тағы/-тегі: the locative + -ғы/-гі
    ("Мәжіліс", Form("locattr", "sg"), "Мәжілістегі"),
    ("әкімдік", Form("locattr", "sg"), "әкімдіктегі"),
    ("Сенат", Form("locattr", "sg"), "Сенаттағы"),
    ("Астана", Form("locattr", "sg"), "Астанадағы"),
    ("ел", Form("locattr", "sg"), "елдегі"),
    ("облыс", Form("locattr", "pl"), "облыстардағы"),
    ("кітап", Form("locattr", "sg", "1sg"), "кітабымдағы"),
    ("әкім", Form("locattr", "sg", "3"), "әкіміндегі"),
    ("Мемлекет басшысы", Form("locattr", "sg"), "Мемлекет басшысындағы"),
    ("Мемлекет басшысы", Form("locattr", "pl"), "Мемлекет басшыларындағы"),
    # independent genitive -нікі/-дікі/-тікі, always front
    ("әкім", Form("gensubst", "sg"), "әкімдікі"),
    ("қала", Form("gensubst", "sg"), "қаланікі"),
    ("Сенат", Form("gensubst", "sg"), "Сенаттікі"),
    ("қыз", Form("gensubst", "sg"), "қыздікі"),
    ("Сенат", Form("gensubst", "pl"), "Сенаттардікі"),
    # after the 3rd person: -нікі (Қазақ грамматикасы: әкесінікі; Kazakh
    # texts write екіншісінікі, иесінікі). apertium-kaz writes -ннікі here.
    ("Мемлекет басшысы", Form("gensubst", "sg"), "Мемлекет басшысынікі"),
    ("әке", Form("gensubst", "sg", "3"), "әкесінікі"),
])
def test_attributive_locative_and_independent_genitive(kk, term, form, expected):
    assert kk.inflect(term, form) == expected
    assert form in kk.analyze(expected, term)


@pytest.mark.parametrize("text", ["locattr.sg", "gensubst.pl.3", "locattr.pl.2sg.pol"])
def test_new_cases_round_trip(text):
    form = Form.parse(text)
    assert str(form) == text
    assert Form(**form.to_dict()) == form


@pytest.mark.parametrize("word, lemma, form", [
    ("Мәжілістегі", "мәжіліс", Form("locattr", "sg")),
    ("әкімдіктегі", "әкімдік", Form("locattr", "sg")),
    ("әкімдікі", "әкім", Form("gensubst", "sg")),
    ("депутаттардағы", "депутат", Form("locattr", "pl")),
])
def test_lemmas_of_new_cases(kk, word, lemma, form):
    assert kk.lemmas(word)[0] == lemma
    assert kk.analyze(word, lemma)[0] == form


def test_russian_inflect_refuses_kazakh_only_cases():
    with pytest.raises(InputError):
        get_morphology("ru").inflect("Сенат", Form("locattr", "sg"))


@pytest.mark.parametrize("term, form, expected", [
    # native and Arabic words whose и is [ый]: back suffixes
    ("тарих", Form("dat", "sg"), "тарихқа"),
    ("тарих", Form("nom", "sg", "3"), "тарихы"),
    ("тарих", Form("loc", "pl"), "тарихтарда"),
    ("ми", Form("dat", "sg"), "миға"),
    ("ми", Form("gen", "sg"), "мидың"),
    ("ми", Form("nom", "sg", "3"), "миы"),
    # Russian и after a back vowel stays front (apertium-kaz and Kazakh texts:
    # Ұлттық архиві)
    ("архив", Form("nom", "sg", "3"), "архиві"),
    ("архив", Form("nom", "pl"), "архивтер"),
    # округ: front against the rules (apertium-kaz; Kazakh texts: округке)
    ("бір мандатты округ", Form("dat", "sg"), "бір мандатты округке"),
    ("бір мандатты округ", Form("nom", "sg", "3"), "бір мандатты округі"),
])
def test_harmony_of_i_words(kk, term, form, expected):
    assert kk.inflect(term, form) == expected


@pytest.mark.parametrize("word, back", [
    ("тарих", True), ("ми", True), ("архив", False), ("министр", False), ("қиын", True),
    ("округ", False),
])
def test_harmony_i(word, back):
    assert is_back(word) is back


@pytest.mark.parametrize("term, form, expected", [
    # Russian у between consonants is back, whatever vowel came before:
    # Kazakh texts write "республикалық референдумға" (apertium-kaz: -ге)
    ("республикалық референдум", Form("dat", "sg"), "республикалық референдумға"),
    # рк нк кт ... take front suffixes (orthographic dictionary §35;
    # apertium-kaz: пунктқа, Kazakh texts: пунктке)
    ("пункт", Form("dat", "sg"), "пунктке"),
])
def test_where_apertium_disagrees_with_the_grammar(kk, term, form, expected):
    assert kk.inflect(term, form) == expected


@pytest.mark.parametrize("term, form, expected", [
    ("ерік", Form("nom", "sg", "3"), "еркі"),
    ("ерік", Form("dat", "sg", "3"), "еркіне"),
    ("ерік", Form("dat", "sg"), "ерікке"),       # consonant-initial suffix: full stem
    ("мүлік", Form("nom", "sg", "3"), "мүлкі"),
    ("қауіп", Form("nom", "sg", "3"), "қаупі"),
    ("кейіп", Form("acc", "sg", "3"), "кейпін"),
    ("қалып", Form("nom", "sg", "1sg"), "қалпым"),
    ("құлық", Form("nom", "sg", "3"), "құлқы"),
    ("кәсіпорын", Form("nom", "sg", "3"), "кәсіпорны"),
    ("орын", Form("nom", "sg", "3"), "орны"),
    ("ауыз", Form("nom", "sg", "3"), "аузы"),
    ("мойын", Form("dat", "sg", "3"), "мойнына"),
    ("мұрын", Form("nom", "sg", "3"), "мұрны"),
    ("ерін", Form("nom", "sg", "3"), "ерні"),
    # not shortened by apertium-kaz (әрібі, ғұрыбы, ырығы), by the grammar
    # and the orthographic dictionary: әріп - әрпі, ғұрып - ғұрпы, ырық - ырқы
    ("әріп", Form("nom", "sg", "3"), "әрпі"),
    ("ғұрып", Form("nom", "sg", "3"), "ғұрпы"),
    ("ырық", Form("nom", "sg", "3"), "ырқы"),
])
def test_stems_losing_their_vowel(kk, term, form, expected):
    assert kk.inflect(term, form) == expected


@pytest.mark.parametrize("word, lemma", [
    ("еркі", "ерік"), ("мүлкіне", "мүлік"), ("кәсіпорны", "кәсіпорын"), ("аузы", "ауыз"),
    ("тарихқа", "тарих"), ("актілер", "акт"),
])
def test_lemmas_of_changed_stems(kk, word, lemma):
    assert kk.lemmas(word)[0] == lemma


def test_eliding_stems_are_a_documented_list():
    assert kk_module.ELIDING_STEMS["ерік"] == "ерк"
    for full, short in kk_module.ELIDING_STEMS.items():
        assert len(short) == len(full) - 1 and short[-1] == full[-1]


@pytest.mark.parametrize("form, expected", [
    (Form("nom", "sg"), "акт"),
    (Form("nom", "pl"), "актілер"),
    (Form("nom", "sg", "3"), "актісі"),
    (Form("dat", "sg"), "актіге"),
    (Form("gen", "sg"), "актінің"),
    (Form("ins", "sg"), "актімен"),
])
def test_linking_i_of_kt_loans(kk, form, expected):
    assert kk.inflect("акт", form) == expected


def test_linking_i_loans_are_found_without_it(kk):
    assert kk.analyze("актке", "акт") == (Form("dat", "sg"),)
    assert kk.analyze("акті", "акт") == (Form("nom", "sg", "3"),)
    assert "акті" not in [s for s, forms in kk.paradigm("акт").items()
                          if Form("nom", "sg") in forms]


@pytest.mark.parametrize("deprecated, surface, preferred, expected", [
    ("аким", "акимға", "әкім", "әкімге"),             # back ending re-harmonised
    ("аким", "акимге", "әкім", "әкімге"),
    ("Мажилис", "Мажилисқа", "Мәжіліс", "Мәжіліске"),
    ("Мажилис", "Мажилистың", "Мәжіліс", "Мәжілістің"),
    ("Мажилис", "Мажилистегі", "Мәжіліс", "Мәжілістегі"),
    ("маслихат", "маслихаттың", "мәслихат", "мәслихаттың"),
    ("акимат", "акиматтағы", "әкімдік", "әкімдіктегі"),
])
def test_russian_spelling_with_kazakh_endings(kk, deprecated, surface, preferred, expected):
    form = kk.analyze(surface, deprecated)[0]
    assert kk.inflect(preferred, form) == expected
    assert kk.lemmas(surface)[0] == deprecated.casefold()


def test_russian_spelling_generates_front_first(kk):
    assert kk.inflect("аким", Form("dat", "sg")) == "акимге"
    assert kk.analyze("акимға", "аким") == kk.analyze("акимге", "аким")


def test_native_back_i_words_are_not_doubled(kk):
    assert "тарихке" not in kk.paradigm("тарих")


@pytest.mark.parametrize("word, lemma", [
    ("әкімді", "әкім"),    # not әкі + 1sg -м
    ("заңды", "заң"),
    ("әкімнің", "әкім"),
    ("Мажилисі", "мажилис"),
])
def test_lemmas_prefer_the_noun_in_m_ng(kk, word, lemma):
    assert kk.lemmas(word)[0] == lemma


def test_inflect_agrees_with_paradigm_for_every_form(kk):
    words = ["Сенат", "әкім", "ерік", "тарих", "ми", "акт", "аким", "бюллетень", "бала", "кітап",
             "Мемлекет басшысы", "округ", "Тоқаев"]
    for word in words:
        table = kk.paradigm(word)
        for case in ALL_CASES:
            for number in ("sg", "pl"):
                for person in (None, "1sg", "2sg", "2sg.pol", "3", "1pl", "2pl", "2pl.pol"):
                    form = Form(case, number, person)
                    try:
                        surface = kk.inflect(word, form)
                    except InputError:
                        continue
                    if word == "Мемлекет басшысы":  # already in the 3rd person
                        form = Form(case, number)
                    assert form in table[surface.casefold()], (word, form, surface)


VERIFIED = Path(__file__).parents[1] / "data" / "morphology" / "kk-verified.tsv"


def _verified_rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in VERIFIED.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            surface, lemma, form, how = line.split("\t")
            rows.append((surface, lemma, form, how))
    return rows


def test_verified_fixture_is_sizeable():
    rows = _verified_rows()
    assert len(rows) > 500
    assert all(how.startswith(("apertium-kaz: ", "grammar: ")) for *_, how in rows)


def test_verified_forms_are_in_our_paradigms(kk):
    wrong = [(surface, lemma, form) for surface, lemma, form, _ in _verified_rows()
             if Form.parse(form) not in kk.analyze(surface, lemma)]
    assert wrong == []


def test_inflect_writes_a_verified_form(kk):
    listed: dict[tuple[str, str], set[str]] = {}
    for surface, lemma, form, _ in _verified_rows():
        listed.setdefault((lemma, form), set()).add(surface.casefold())
    wrong = [(lemma, form, kk.inflect(lemma, Form.parse(form)))
             for (lemma, form), surfaces in listed.items()
             if kk.inflect(lemma, Form.parse(form)).casefold() not in surfaces]
    assert wrong == []


@pytest.mark.parametrize("word, particle, expected", [
    ("әкімі", "да", "де"), ("Үкімет", "да", "те"), ("комиссиясы", "де", "да"), ("әкімдік", "да", "те"),
    ("Мәжіліс", "да", "те"), ("Сенат", "ма", "па"), ("Құрылтай", "ме", "ма"), ("уәкіл", "ба", "ме"),
    ("облыс", "ДА", "ТА"),
])
def test_particles_follow_the_word_before_them(word, particle, expected):
    from toolkit.morphology.kk.phonology import particle_after

    assert particle_after(word, particle) == expected


@pytest.mark.parametrize("word, noun, expected", [
    ("Алматылықтар", "Алматы", True),      # -лық on the whole noun, then the plural
    ("Шымкенттіктер", "Шымкент", True),
    ("Үкіметтік", "Үкімет", True),
    ("аудандық", "аудан", True),
    ("Үкіметтің", "Үкімет", False),        # a genitive: the noun itself
    ("Алматыда", "Алматы", False),
    ("Шымкентке", "Шымкент", False),
])
def test_made_from(kk, word, noun, expected):
    assert kk.made_from(word, noun) is expected
