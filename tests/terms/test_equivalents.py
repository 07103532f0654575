"""Word equivalents (toolkit.terms.equivalents): cognates, the lexicon, the glossary's word pairs, runs."""

import pytest

from toolkit import load_glossary
from toolkit.morphology import get_morphology
from toolkit.terms.equivalents import WordLinks, cognates, read_lexicon

EN = get_morphology("en")


@pytest.mark.parametrize("english, other, lang, expected", [
    ("commission", "комиссия", "ru", True),
    ("central", "центральный", "ru", True),
    ("Pavlodar", "Павлодарский", "ru", True),
    ("office", "офис", "ru", True),
    ("session", "сессия", "ru", True),
    ("cabinet", "кабинеті", "kk", True),
    ("Mazhilis", "Мәжіліс", "kk", True),
    ("official", "офис", "ru", False),   # the target may not be the shorter one
    ("nation", "нас", "ru", False),      # two consonants: both words five letters or more
    ("mayor", "министр", "ru", False),
])
def test_cognates(english, other, lang, expected):
    target = get_morphology(lang)
    assert cognates(EN.cognate_key(english), target.cognate_key(other), english, other) is expected


def test_lexicons_are_read_with_their_other_senses():
    for pair in (("en", "ru"), ("en", "kk")):
        rows = dict(read_lexicon(*pair))
        assert len(rows) >= 60 and all(renderings for renderings in rows.values())
        assert any(r.startswith("~") for r in rows["bill"])
    assert read_lexicon("en", "de") == ()


@pytest.fixture(scope="module")
def links():
    return WordLinks(load_glossary(), EN, get_morphology("ru"), "en", "ru")


def test_the_glossary_pairs_the_word_left_over(links):
    # "Supreme Audit Chamber" / "Высшая аудиторская палата": audit and chamber are linked, so
    # supreme -> высший (pymorphy's lemma of "Высшая" is "высокий")
    assert links.pairs_of("supreme")[("высокий",)] == "glossary"


def test_a_run_translates_the_term_word_for_word(links):
    source = "The Central Election Commission met."
    target = "Центральный избирательный комитет собрался."
    (run,) = links.runs(source, (4, 31), [(4, 31)], target)
    assert target[run.start:run.end] == "Центральный избирательный комитет"
    assert set(run.covered) == {"Central", "Election", "Commission"} and not run.other_sense


def test_a_word_that_may_translate_another_source_word_is_no_evidence(links):
    # the "committee" outside the term may be what "комитет" translates: it is no link,
    # though the phrase still ends in it (an adjective takes its noun)
    source = "The committee of the bank and the Central Election Commission met."
    target = "Комитет банка и Центральный избирательный комитет собрались."
    term = source.index("Central")
    assert source[term:term + 27] == "Central Election Commission"
    (run,) = links.runs(source, (term, term + 27), [(term, term + 27)], target)
    assert set(run.covered) == {"Central", "Election"}
    assert target[run.start:run.end] == "Центральный избирательный комитет"


def test_another_sense_alone_is_marked(links):
    source = "Two deputies of the director resigned."
    target = "Два заместителя директора уволились."
    (run,) = links.runs(source, (4, 12), [(4, 12)], target)
    assert run.other_sense and target[run.start:run.end] == "заместителя"
    (confirmed,) = links.runs(source, (4, 12), [(4, 12)], target, other_senses=True)
    assert not confirmed.other_sense


def test_a_hyphenated_compound_renders_two_source_words(links):
    source = "North Kazakhstan region harvested grain."
    target = "Северо-Казахстанский регион собрал зерно."
    (run,) = links.runs(source, (0, 23), [(0, 23)], target)
    assert target[run.start:run.end] == "Северо-Казахстанский регион"
    assert set(run.covered) == {"North", "Kazakhstan", "region"}


def test_glossary_pairs_are_made_from_the_concepts_that_hold_the_word():
    from toolkit.termbase.model import Concept, Glossary, Term

    glossary = Glossary([
        Concept("c1", (Term("Grain Board", "en"), Term("Зерновой совет", "ru"))),
        Concept("c2", (Term("Grain Agency", "en"), Term("Зерновое агентство", "ru"))),
    ])
    links = WordLinks(glossary, EN, get_morphology("ru"), "en", "ru")
    assert links.pairs.get("grain") is None  # nothing made before it is asked for
    assert ("зерновой",) in links.pairs_of("grain")
