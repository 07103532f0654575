"""Kazakh morphology (toolkit.morphology.kk): plural, possessive, seven cases."""

from __future__ import annotations

import doctest

import pytest

from toolkit.errors import InputError
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
    assert forms == {Form(case, number) for case in CASES for number in ("sg", "pl")}


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
    assert len(forms) == 7 * 2 * 8


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
