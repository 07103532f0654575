"""The termbase data model (toolkit.termbase.model): terms, concepts, search, fingerprint."""

import re

import pytest

from toolkit import GlossaryError
from toolkit.termbase.model import Concept, Glossary, Term, fold, slugify


def senate(*extra):
    return Concept("senate", (Term("Senate", "en"), Term("Сенат", "ru"), Term("Сенат", "kk"), *extra),
                   subject="parliament")


def test_term_language_tag_is_normalised():
    assert Term("Сенат", "RU_ru").lang == "ru-RU"
    assert Term("Senat", "KK-latn").lang == "kk-Latn"


def test_unknown_status_is_an_error():
    with pytest.raises(GlossaryError, match="unknown term status 'official'"):
        Term("Senate", "en", status="official")


def test_invalid_concept_id_is_an_error():
    with pytest.raises(GlossaryError, match="invalid concept id"):
        Concept("has space")


def test_preferred_falls_back_to_admitted_and_serves_region_tags():
    concept = Concept("c", (Term("Верхняя палата", "ru-RU", status="admitted"),))
    assert concept.preferred("ru").text == "Верхняя палата"
    assert concept.preferred("kk") is None


def test_script_subtag_is_a_different_language():
    concept = Concept("c", (Term("Úkimet", "kk-Latn"),))
    assert concept.terms_in("kk") == ()
    assert [t.text for t in concept.terms_in("kk-Latn")] == ["Úkimet"]


def test_terms_in_orders_by_status():
    concept = Concept("c", (Term("Меджлис", "ru", status="forbidden"), Term("Мажилис", "ru")))
    assert [t.status for t in concept.terms_in("ru")] == ["preferred", "forbidden"]


def test_fold_normalises_case_space_and_yo():
    assert fold("  Глава   ГОСУДАРСТВА ") == "глава государства"
    assert fold("Объединённый") == fold("объединенный")


def test_slugify_romanises_cyrillic():
    assert slugify("Head of State") == "head-of-state"
    assert slugify("Мәжіліс") == "mazhilis"
    assert slugify("2024") == "c-2024"


def test_duplicate_id_is_refused():
    g = Glossary([senate()])
    with pytest.raises(GlossaryError, match="duplicate concept id 'senate'"):
        g.add(senate())


def test_json_round_trip():
    g = Glossary([senate(Term("Upper House", "en", status="admitted", note="news usage"))], name="T")
    assert Glossary.from_dict(g.to_dict()) == g
    assert Glossary.from_dict(g.to_dict()).fingerprint() == g.fingerprint()


def test_search_substring_and_fuzzy_across_languages():
    g = Glossary([senate(), Concept("mazhilis", (Term("Mazhilis", "en"), Term("Мажилис", "ru")))])
    assert [h.concept.id for h in g.search("Сена")] == ["senate"]
    hits = g.search("Меджлис")
    assert hits and hits[0].concept.id == "mazhilis" and hits[0].score < 95
    assert g.search("zzzz") == []


def test_fingerprint_changes_with_content():
    a, b = Glossary([senate()]), Glossary([senate(Term("Upper House", "en", status="admitted"))])
    assert a.fingerprint() != b.fingerprint()
    assert len(a.fingerprint()) == 64


def test_grammar_value_checks_and_spells_tbx_basic_values():
    from toolkit.termbase.model import grammar_value

    assert grammar_value("pos", "propernoun") == "properNoun"
    assert grammar_value("gender", " Neuter ") == "neuter"
    assert grammar_value("number", "") is None and grammar_value("number", None) is None
    with pytest.raises(GlossaryError) as info:
        grammar_value("number", "many")
    assert str(info.value) == "unknown number 'many'; use one of singular, plural, dual, mass, other"


def test_clean_term_text_strips_and_collapses_whitespace():
    from toolkit.termbase.model import clean_term_text

    assert clean_term_text(" тенге ") == "тенге"
    assert clean_term_text("Head \t of\u00a0State\n") == "Head of State"
    with pytest.raises(GlossaryError, match="term ' - ' has no letters or digits"):
        clean_term_text(" - ")


def test_check_language_lists_the_glossarys_languages():
    g = Glossary([senate()])
    assert g.check_language("RU") == "ru"
    with pytest.raises(GlossaryError) as info:
        g.check_language("xx")
    assert str(info.value) == "the glossary has no terms in 'xx'; its languages: en, ru, kk"


@pytest.mark.parametrize("text, message", [
    ("Сенaт", "mixes scripts in 'Сенaт': 'a' (Latin)"),
    ("Се\u200bнат", "invisible character(s) U+200B"),
    ("Мажилис\u202e", "invisible character(s) U+202E"),
])
def test_typed_terms_with_look_alikes_or_invisible_characters_are_refused(text, message):
    from toolkit.termbase.model import clean_term_text

    with pytest.raises(GlossaryError, match=re.escape(message)):
        clean_term_text(text)
