"""Russian morphology (toolkit.morphology.ru): declension of glossary terms."""

from __future__ import annotations

import doctest

import pytest

from toolkit.errors import InputError
from toolkit.morphology import Form, get_morphology
from toolkit.morphology import ru as ru_module
from toolkit.morphology.ru import RussianMorphology

CASES = ("nom", "gen", "dat", "acc", "ins", "loc")


@pytest.fixture(scope="module")
def ru() -> RussianMorphology:
    return RussianMorphology()


# Every case in both numbers, for each kind of term: term -> (singular, plural),
# each in the order nom gen dat acc ins loc.
DECLENSIONS = {
    # inanimate masculine noun (accusative = nominative)
    "Мажилис": (
        ("Мажилис", "Мажилиса", "Мажилису", "Мажилис", "Мажилисом", "Мажилисе"),
        ("Мажилисы", "Мажилисов", "Мажилисам", "Мажилисы", "Мажилисами", "Мажилисах"),
    ),
    # animate masculine noun (accusative = genitive)
    "депутат": (
        ("депутат", "депутата", "депутату", "депутата", "депутатом", "депутате"),
        ("депутаты", "депутатов", "депутатам", "депутатов", "депутатами", "депутатах"),
    ),
    # feminine in -ия
    "Конституция": (
        ("Конституция", "Конституции", "Конституции", "Конституцию", "Конституцией", "Конституции"),
        ("Конституции", "Конституций", "Конституциям", "Конституции", "Конституциями", "Конституциях"),
    ),
    # neuter
    "Правительство": (
        ("Правительство", "Правительства", "Правительству", "Правительство", "Правительством",
         "Правительстве"),
        ("Правительства", "Правительств", "Правительствам", "Правительства", "Правительствами",
         "Правительствах"),
    ),
    # unknown to the dictionary: declined by rule as an inanimate masculine noun
    "маслихат": (
        ("маслихат", "маслихата", "маслихату", "маслихат", "маслихатом", "маслихате"),
        ("маслихаты", "маслихатов", "маслихатам", "маслихаты", "маслихатами", "маслихатах"),
    ),
    # adjective + animate noun: the adjective's accusative follows the animacy
    "Государственный секретарь": (
        ("Государственный секретарь", "Государственного секретаря", "Государственному секретарю",
         "Государственного секретаря", "Государственным секретарем", "Государственном секретаре"),
        ("Государственные секретари", "Государственных секретарей", "Государственным секретарям",
         "Государственных секретарей", "Государственными секретарями", "Государственных секретарях"),
    ),
    # adjective + inanimate noun
    "Конституционный суд": (
        ("Конституционный суд", "Конституционного суда", "Конституционному суду",
         "Конституционный суд", "Конституционным судом", "Конституционном суде"),
        ("Конституционные суды", "Конституционных судов", "Конституционным судам",
         "Конституционные суды", "Конституционными судами", "Конституционных судах"),
    ),
    # three words, all declining, feminine agreement
    "Центральная избирательная комиссия": (
        ("Центральная избирательная комиссия", "Центральной избирательной комиссии",
         "Центральной избирательной комиссии", "Центральную избирательную комиссию",
         "Центральной избирательной комиссией", "Центральной избирательной комиссии"),
        ("Центральные избирательные комиссии", "Центральных избирательных комиссий",
         "Центральным избирательным комиссиям", "Центральные избирательные комиссии",
         "Центральными избирательными комиссиями", "Центральных избирательных комиссиях"),
    ),
    # noun + genitive complement: only the head declines
    "Ассамблея народа Казахстана": (
        ("Ассамблея народа Казахстана", "Ассамблеи народа Казахстана", "Ассамблее народа Казахстана",
         "Ассамблею народа Казахстана", "Ассамблеей народа Казахстана", "Ассамблее народа Казахстана"),
        ("Ассамблеи народа Казахстана", "Ассамблей народа Казахстана", "Ассамблеям народа Казахстана",
         "Ассамблеи народа Казахстана", "Ассамблеями народа Казахстана", "Ассамблеях народа Казахстана"),
    ),
    "Председатель Сената": (
        ("Председатель Сената", "Председателя Сената", "Председателю Сената", "Председателя Сената",
         "Председателем Сената", "Председателе Сената"),
        ("Председатели Сената", "Председателей Сената", "Председателям Сената", "Председателей Сената",
         "Председателями Сената", "Председателях Сената"),
    ),
    # hyphenated: only the last part declines
    "Премьер-министр": (
        ("Премьер-министр", "Премьер-министра", "Премьер-министру", "Премьер-министра",
         "Премьер-министром", "Премьер-министре"),
        ("Премьер-министры", "Премьер-министров", "Премьер-министрам", "Премьер-министров",
         "Премьер-министрами", "Премьер-министрах"),
    ),
    # hyphenated first name + surname, neither in the dictionary
    "Касым-Жомарт Токаев": (
        ("Касым-Жомарт Токаев", "Касым-Жомарта Токаева", "Касым-Жомарту Токаеву",
         "Касым-Жомарта Токаева", "Касым-Жомартом Токаевым", "Касым-Жомарте Токаеве"),
        ("Касым-Жомарты Токаевы", "Касым-Жомартов Токаевых", "Касым-Жомартам Токаевым",
         "Касым-Жомартов Токаевых", "Касым-Жомартами Токаевыми", "Касым-Жомартах Токаевых"),
    ),
    # first name + surname
    "Маулен Ашимбаев": (
        ("Маулен Ашимбаев", "Маулена Ашимбаева", "Маулену Ашимбаеву", "Маулена Ашимбаева",
         "Мауленом Ашимбаевым", "Маулене Ашимбаеве"),
        ("Маулены Ашимбаевы", "Мауленов Ашимбаевых", "Мауленам Ашимбаевым", "Мауленов Ашимбаевых",
         "Мауленами Ашимбаевыми", "Мауленах Ашимбаевых"),
    ),
}
DECLENSION_CASES = [
    pytest.param(term, case, number, forms[index][CASES.index(case)], id=f"{term}-{case}.{number}")
    for term, forms in DECLENSIONS.items()
    for index, number in enumerate(("sg", "pl"))
    for case in CASES
]


@pytest.mark.parametrize("term, case, number, expected", DECLENSION_CASES)
def test_inflect_every_case_and_number(ru, term, case, number, expected):
    assert ru.inflect(term, Form(case, number)) == expected


@pytest.mark.parametrize("term, case, number, expected", DECLENSION_CASES)
def test_paradigm_lists_every_form(ru, term, case, number, expected):
    assert Form(case, number) in ru.paradigm(term)[expected.casefold()]


@pytest.mark.parametrize("term, form, expected", [
    ("Мажилис", Form("dat", "sg"), "Мажилису"),
    ("Меджлис", Form("dat", "sg"), "Меджлису"),
    ("Сенат", Form("loc", "sg"), "Сенате"),
    ("Парламент", Form("gen", "sg"), "Парламента"),
    ("Глава государства", Form("ins", "sg"), "Главой государства"),
    ("Глава государства", Form("acc", "sg"), "Главу государства"),
    ("Председатель Мажилиса", Form("dat", "sg"), "Председателю Мажилиса"),
    ("Администрация Президента", Form("ins", "sg"), "Администрацией Президента"),
    ("Верховный суд", Form("loc", "sg"), "Верховном суде"),
    ("Совет безопасности", Form("gen", "sg"), "Совета безопасности"),
    ("Национальный банк", Form("nom", "pl"), "Национальные банки"),
    ("аким", Form("acc", "pl"), "акимов"),
    ("акимат", Form("acc", "pl"), "акиматы"),
    ("Национальный курултай", Form("ins", "sg"), "Национальным курултаем"),
    ("Астана", Form("loc", "sg"), "Астане"),
    ("тайное голосование", Form("loc", "sg"), "тайном голосовании"),
    ("присяга", Form("gen", "pl"), "присяг"),
    ("избирательное законодательство", Form("gen", "sg"), "избирательного законодательства"),
    ("государственное управление", Form("dat", "sg"), "государственному управлению"),
    ("пленарное заседание", Form("ins", "pl"), "пленарными заседаниями"),
    ("законопроект", Form("acc", "sg"), "законопроект"),
    ("квота", Form("gen", "pl"), "квот"),
    ("сенатор", Form("acc", "sg"), "сенатора"),
    ("Президент", Form("acc", "sg"), "Президента"),
])
def test_inflect_glossary_terms(ru, term, form, expected):
    assert ru.inflect(term, form) == expected


def test_superlative_adjective_keeps_its_stem(ru):
    # pymorphy3 puts высший and высочайший in one lexeme; the form sharing
    # the stem of the term's word must win.
    assert ru.inflect("Высшая аудиторская палата", Form("gen", "sg")) == "Высшей аудиторской палаты"


def test_deprecated_term_form_carries_to_preferred_term(ru):
    forms = ru.analyze("Этнической ассамблеи Казахстана", "Этническая ассамблея Казахстана")
    assert forms[0] == Form("gen", "sg")
    assert ru.inflect("Ассамблея народа Казахстана", forms[0]) == "Ассамблеи народа Казахстана"


def test_deprecated_single_word_form_carries_to_preferred_term(ru):
    (form,) = ru.analyze("Меджлису", "Меджлис")
    assert ru.inflect("Мажилис", form) == "Мажилису"


def test_analyze_ignores_capitalisation_and_spacing(ru):
    assert ru.analyze("ЦЕНТРАЛЬНОЙ  ИЗБИРАТЕЛЬНОЙ\u00a0комиссией", "Центральная избирательная комиссия") == (
        Form("ins", "sg"),)


def test_analyze_a_surface_that_is_not_a_form(ru):
    assert ru.analyze("Сенатор", "Сенат") == ()


def test_ambiguous_surface_lists_nominative_before_accusative(ru):
    assert ru.analyze("Мажилис", "Мажилис") == (Form("nom", "sg"), Form("acc", "sg"))


def test_ambiguous_animate_surface_lists_genitive_before_accusative(ru):
    assert ru.analyze("Президента", "Президент") == (Form("gen", "sg"), Form("acc", "sg"))


def test_paradigm_contains_term_as_nominative_singular(ru):
    assert ru.paradigm("Высшая аудиторская палата")["высшая аудиторская палата"][0] == Form("nom", "sg")


def test_paradigm_of_singulare_tantum_has_no_plural(ru):
    assert all(form.number == "sg" for forms in ru.paradigm("Астана").values() for form in forms)


def test_inflect_missing_plural_raises(ru):
    with pytest.raises(InputError, match="no form"):
        ru.inflect("Астана", Form("dat", "pl"))


def test_plural_term_is_its_own_nominative_plural(ru):
    assert ru.paradigm("выборы")["выборы"][0] == Form("nom", "pl")


def test_plural_term_inflects_in_the_plural_by_default(ru):
    assert ru.inflect("выборы", Form("loc")) == "выборах"


def test_yo_in_inflected_form_is_written_e_when_the_term_is(ru):
    assert ru.inflect("Вооруженные силы", Form("ins", "pl")) == "Вооруженными силами"


def test_yo_kept_when_the_term_has_it(ru):
    assert ru.inflect("Вооружённые силы", Form("ins", "pl")) == "Вооружёнными силами"


def test_paradigm_lists_yo_and_e_spellings(ru):
    table = ru.paradigm("Государственный секретарь")
    assert table["государственным секретарём"] == table["государственным секретарем"] == (Form("ins", "sg"),)


def test_analyze_matches_e_for_yo(ru):
    assert ru.analyze("Вооруженными силами", "Вооружённые силы") == (Form("ins", "pl"),)


def test_first_part_of_hyphenated_name_never_declines(ru):
    assert ru.inflect("Касым-Жомарт", Form("gen", "sg")) == "Касым-Жомарта"


def test_hyphenated_adjective_declines_last_part(ru):
    assert ru.inflect("Северо-Казахстанская область", Form("loc", "sg")) == "Северо-Казахстанской области"


def test_common_noun_apposition_stays(ru):
    assert ru.inflect("Республика Казахстан", Form("gen", "sg")) == "Республики Казахстан"


def test_surname_apposition_declines_with_title(ru):
    assert ru.inflect("Президент Токаев", Form("dat", "sg")) == "Президенту Токаеву"


def test_name_after_genitive_complement_declines_with_head(ru):
    assert (ru.inflect("Председатель Сената Маулен Ашимбаев", Form("dat", "sg"))
            == "Председателю Сената Маулену Ашимбаеву")


def test_feminine_name_and_surname(ru):
    assert ru.inflect("Дарига Назарбаева", Form("gen", "sg")) == "Дариги Назарбаевой"


@pytest.mark.parametrize("term, expected", [
    ("Фонд Назарбаева", "Фонду Назарбаева"),     # in the dictionary
    ("Фонд Ашимбаева", "Фонду Ашимбаева"),       # not in the dictionary
])
def test_surname_after_common_noun_is_genitive_and_stays(ru, term, expected):
    assert ru.inflect(term, Form("dat", "sg")) == expected


@pytest.mark.parametrize("case, expected", [
    ("dat", "Уполномоченному по правам человека"),
    ("ins", "Уполномоченным по правам человека"),
])
def test_adjective_without_noun_declines_alone(ru, case, expected):
    assert ru.inflect("Уполномоченный по правам человека", Form(case, "sg")) == expected


def test_surname_first_with_patronymic(ru):
    assert (ru.inflect("Токаев Касым-Жомарт Кемелевич", Form("ins", "sg"))
            == "Токаевым Касым-Жомартом Кемелевичем")


def test_kazakh_patronymic_stays_inside_declining_name(ru):
    assert ru.inflect("Касым-Жомарт Кемелулы Токаев", Form("dat", "sg")) == "Касым-Жомарту Кемелулы Токаеву"


def test_indeclinable_abbreviation_is_every_case(ru):
    # OpenCorpora knows ЦИК as an indeclinable (Fixd) abbreviation
    forms = ru.paradigm("ЦИК")["цик"]
    assert forms[0] == Form("nom", "sg") and Form("dat", "sg") in forms


def test_indeclinable_abbreviation_inflects_to_itself(ru):
    assert ru.inflect("ЦИК", Form("dat", "sg")) == "ЦИК"


def test_unknown_abbreviation_has_only_its_own_form(ru):
    assert ru.paradigm("ВАП") == {"вап": (Form("nom", "sg"),)}


def test_abbreviation_after_head_stays(ru):
    assert ru.inflect("Председатель ЦИК", Form("dat", "sg")) == "Председателю ЦИК"


def test_capitalisation_of_each_word_is_kept(ru):
    assert ru.inflect("ВЕРХОВНЫЙ Суд", Form("dat", "sg")) == "ВЕРХОВНОМУ Суду"


def test_possessive_form_raises(ru):
    with pytest.raises(InputError, match="possessive"):
        ru.inflect("Сенат", Form("dat", "sg", "3"))


def test_ablative_raises(ru):
    with pytest.raises(InputError, match="abl"):
        ru.inflect("Сенат", Form("abl", "sg"))


def test_empty_term_raises(ru):
    with pytest.raises(InputError, match="empty term"):
        ru.paradigm("  ")


def test_none_fields_read_as_nominative_and_term_number(ru):
    assert ru.inflect("Сенат", Form()) == "Сенат"


@pytest.mark.parametrize("word, lemma", [
    ("Мажилису", "мажилис"),
    ("депутатов", "депутат"),
    ("Токаеву", "токаев"),
    ("секретарём", "секретарь"),
    ("комиссией", "комиссия"),
    ("Министров", "министр"),   # a known word is not taken for a surname
])
def test_lemmas_first_candidate(ru, word, lemma):
    assert ru.lemmas(word)[0] == lemma


def test_lemmas_fold_yo(ru):
    assert "вооруженный" in ru.lemmas("вооружёнными")


def test_get_morphology_russian_region_tag():
    assert isinstance(get_morphology("ru-RU"), RussianMorphology)


def test_get_morphology_is_cached():
    assert get_morphology("ru") is get_morphology("ru-KZ")


def test_doctests():
    assert doctest.testmod(ru_module).failed == 0


ADJECTIVES = {
    "masc": ["Национальный", "Государственный", "Центральный", "Верховный", "Высший",
             "Региональный", "Местный", "Конституционный"],
    "femn": ["Национальная", "Государственная", "Центральная", "Верховная", "Высшая",
             "Региональная", "Местная", "Конституционная"],
    "neut": ["Национальное", "Государственное", "Центральное", "Верховное", "Высшее",
             "Региональное", "Местное", "Конституционное"],
}
NOUNS = [
    ("совет", "masc"), ("суд", "masc"), ("банк", "masc"), ("орган", "masc"), ("комитет", "masc"),
    ("секретарь", "masc"), ("депутат", "masc"), ("курултай", "masc"), ("акимат", "masc"),
    ("маслихат", "masc"), ("палата", "femn"), ("комиссия", "femn"), ("ассамблея", "femn"),
    ("служба", "femn"), ("прокуратура", "femn"), ("инспекция", "femn"), ("администрация", "femn"),
    ("агентство", "neut"), ("управление", "neut"), ("собрание", "neut"), ("министерство", "neut"),
    ("бюро", "neut"), ("заседание", "neut"), ("законодательство", "neut"), ("голосование", "neut"),
]


def test_paradigm_of_two_hundred_terms(ru):
    terms = [f"{adjective} {noun}" for noun, gender in NOUNS for adjective in ADJECTIVES[gender]]
    assert len(set(terms)) == 200
    morphology = RussianMorphology()
    every_form = {Form(case, number) for case in CASES for number in ("sg", "pl")}
    for term in terms:
        table = morphology.paradigm(term)
        assert term.casefold() in table
        assert {form for forms in table.values() for form in forms} == every_form, term


def test_characters_without_a_unicode_name_do_not_break_the_analyser():
    """pymorphy3 asks unicodedata for each character's name and raised
    ValueError on U+17000 (no name in Python 3.11's database)."""
    from toolkit.morphology.ru.analyzer import analyzer

    assert analyzer().parse("\U00017000")[0].tag.POS is None
    from toolkit import load_glossary
    from toolkit.terms.enforce import Enforcer

    result = Enforcer(load_glossary(), "en", "ru").enforce("The Mazhilis met.", "Меджлис \U00017000 собрался.")
    assert result.target == "Мажилис \U00017000 собрался."


@pytest.mark.parametrize("text, phrase, old, new, expected", [
    # a relative clause: the pronoun and its own verb follow the new noun
    ("Кабинет, который ушел в отставку, работает.", "Кабинет", ("nom", "masc", "sing"), ("neut", "sing"),
     [(9, 16, "которое"), (17, 21, "ушло")]),
    # reported speech without a subject of its own
    ("Мэрия сообщила, что закрыла дороги.", "Мэрия", ("nom", "femn", "sing"), ("masc", "sing"),
     [(6, 14, "сообщил"), (20, 27, "закрыл")]),
    # ... and with one: its verb is left alone
    ("Мэрия сообщила, что Сенат закрыл дороги.", "Мэрия", ("nom", "femn", "sing"), ("masc", "sing"),
     [(6, 14, "сообщил")]),
    # ... unless it is the pronoun that stands for the replaced noun: it and its verb follow
    ("Мэрия сообщила, что она закрыла дороги.", "Мэрия", ("nom", "femn", "sing"), ("masc", "sing"),
     [(6, 14, "сообщил"), (20, 23, "он"), (24, 31, "закрыл")]),
    ("Ведомства заявили, что они завершили проверку.", "Ведомства", ("nom", None, "plur"), ("femn", "sing"),
     [(10, 17, "заявила"), (23, 26, "она"), (27, 36, "завершила")]),
    # a pronoun of another gender is someone else
    ("Мэрия сообщила, что он закрыл дороги.", "Мэрия", ("nom", "femn", "sing"), ("masc", "sing"),
     [(6, 14, "сообщил")]),
    # a noun after a preposition is never a predicate, however pymorphy may also read it
    ("Регион пострадал после паводков.", "Регион", ("nom", "masc", "sing"), ("femn", "sing"),
     [(7, 16, "пострадала")]),
])
def test_agreement_reaches_the_clauses_that_share_the_subject(text, phrase, old, new, expected):
    from toolkit.morphology.ru.syntax import agreement_edits

    start = text.index(phrase)
    assert agreement_edits(text, start, start + len(phrase), old, new) == expected


@pytest.mark.parametrize("term, accusative", [
    ("Нур-Султан", "нур-султан"),          # a place: inanimate, whatever "султан" is alone
    ("Усть-Каменогорск", "усть-каменогорск"),
    ("Алма-Ата", "алма-ату"),               # the -а declension keeps its -у
    ("Касым-Жомарт Токаев", "касым-жомарта токаева"),  # a person: animate
])
def test_a_hyphenated_place_is_inanimate(ru, term, accusative):
    assert accusative in ru.paradigm(term)
    assert Form("acc", "sg") in ru.paradigm(term)[accusative]


@pytest.mark.parametrize("before, after, expected", [
    ("Весной ", " посетили тысячи студентов.", "acc.sg"),   # singular noun, plural verb: the object
    ("Весной ", " принял делегацию.", "nom.sg"),           # the verb agrees: the subject
    ("Генпрокуратура и ", " подписали его.", "nom.sg"),    # coordinated subjects
    ("Весной ", ", по словам акима, расцвёл.", "nom.sg"),  # no verb right after
    ("Паводки затронули ", " в апреле.", "acc.sg"),        # a plural verb before: its object
    ("Весной прибыл ", " в полном составе.", "nom.sg"),    # a verb of its number before: the subject
])
def test_the_verb_after_decides_nominative_or_accusative(ru, before, after, expected):
    forms = [Form("nom", "sg"), Form("acc", "sg")]
    assert str(ru.form_in_context(forms, before, after)) == expected


@pytest.mark.parametrize("word, noun, expected", [
    ("правительственный", "Правительство", True),
    ("районная", "район", True),
    ("Алма-Атинская", "Алма-Ата", True),
    ("Правительства", "Правительство", False),
    ("районе", "район", False),
])
def test_made_from(ru, word, noun, expected):
    assert ru.made_from(word, noun) is expected
