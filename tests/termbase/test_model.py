"""The termbase data model: terms, concepts, merge, search, fingerprint."""

import pytest

from toolkit import ConflictError, GlossaryError
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


def test_merge_identical_data_is_not_duplicated():
    g = Glossary([senate()])
    report = g.merge([senate()])
    assert report.unchanged == ["senate"] and not report.added and not report.updated
    assert len(g) == 1 and len(g["senate"].terms) == 3


def test_merge_matches_by_preferred_term_in_same_language():
    g = Glossary([senate()])
    incoming = Concept("c-17", (Term("Senate", "en"), Term("Upper House", "en", status="admitted")))
    report = g.merge([incoming])
    assert report.updated == ["senate"]
    assert [t.text for t in g["senate"].terms_in("en")] == ["Senate", "Upper House"]


def test_merge_fills_missing_fields_without_conflict():
    g = Glossary([senate()])
    report = g.merge([Concept("senate", (Term("Сенат", "ru", gender="masculine"),), definition="Upper chamber")])
    assert not report.conflicts
    assert g["senate"].definition == "Upper chamber"
    assert g["senate"].preferred("ru").gender == "masculine"


def test_merge_conflict_fails_and_changes_nothing():
    g = Glossary([senate()])
    before = g.to_dict()
    incoming = Concept("senate", (Term("Сенаат", "ru"),), subject="law")
    with pytest.raises(ConflictError) as info:
        g.merge([incoming], on_conflict="fail")
    assert {c.field for c in info.value.conflicts} == {"subject", "preferred"}
    assert g.to_dict() == before


def test_merge_conflict_keep_and_replace():
    incoming = Concept("senate", (Term("Сенаат", "ru"),))
    kept = Glossary([senate()])
    kept.merge([incoming], on_conflict="keep")
    assert kept["senate"].preferred("ru").text == "Сенат"
    replaced = Glossary([senate()])
    report = replaced.merge([incoming], on_conflict="replace")
    assert len(report.conflicts) == 1
    assert replaced["senate"].preferred("ru").text == "Сенаат"
    assert [t.status for t in replaced["senate"].terms_in("ru")] == ["preferred", "admitted"]


def mazhilis():
    return Concept("mazhilis", (
        Term("Mazhilis", "en"),
        Term("Мажилис", "ru", pos="properNoun", source="parlam.kz"),
        Term("Меджлис", "ru", status="forbidden", pos="properNoun", gender="masculine",
             note="wrong for Kazakhstan"),
        Term("Мәжіліс", "kk"),
        Term("Мажилис", "kk", status="deprecated", note="Russian spelling")))


def preferred_per_language(concept):
    return {lang: [t.text for t in concept.terms if t.lang == lang and t.status == "preferred"]
            for lang in concept.languages}


def test_merge_replace_making_an_existing_term_preferred_demotes_the_old_preferred():
    g = Glossary([mazhilis()])
    incoming = Concept("x", (Term("Mazhilis", "en"), Term("Меджлис", "ru"), Term("Мажилис", "kk")))
    report = g.merge([incoming], on_conflict="replace")
    assert [(c.field, c.lang) for c in report.conflicts] == [("term", "ru"), ("term", "kk")]
    concept = g["mazhilis"]
    assert preferred_per_language(concept) == {"en": ["Mazhilis"], "ru": ["Меджлис"], "kk": ["Мажилис"]}
    assert [(t.lang, t.text, t.status) for t in concept.terms] == [
        ("en", "Mazhilis", "preferred"),
        ("ru", "Меджлис", "preferred"), ("ru", "Мажилис", "admitted"),
        ("kk", "Мажилис", "preferred"), ("kk", "Мәжіліс", "admitted")]
    # the grammar stays; a note that explained the old status does not
    medzhlis = concept.terms[1]
    assert (medzhlis.pos, medzhlis.gender, medzhlis.note) == ("properNoun", "masculine", None)
    assert concept.terms[2].source == "parlam.kz"


def test_merge_keep_leaves_statuses_and_one_preferred_term():
    g = Glossary([mazhilis()])
    incoming = Concept("x", (Term("Mazhilis", "en"), Term("Меджлис", "ru"), Term("Маджилис", "ru")))
    report = g.merge([incoming], on_conflict="keep")
    assert [c.field for c in report.conflicts] == ["term", "preferred"]
    assert g["mazhilis"] == mazhilis()


def test_merge_replace_with_a_new_preferred_term_demotes_every_rival():
    concept = Concept("c", (Term("A", "en"), Term("B", "en"), Term("Б", "ru")))  # two preferred already
    g = Glossary([concept])
    g.merge([Concept("c", (Term("C", "en"),))], on_conflict="replace")
    assert [(t.text, t.status) for t in g["c"].terms_in("en")] == [
        ("C", "preferred"), ("A", "admitted"), ("B", "admitted")]
    assert [t.text for t in g["c"].terms if t.lang == "en"] == ["C", "A", "B"]


def test_merge_replace_keeps_note_and_source_when_the_status_stays():
    g = Glossary([Concept("c", (Term("Senate", "en", note="n", source="s", pos="noun"),))])
    g.merge([Concept("c", (Term("Senate", "en", pos="properNoun"),))], on_conflict="replace")
    term = g["c"].terms[0]
    assert (term.pos, term.note, term.source) == ("properNoun", "n", "s")


def test_merge_term_attribute_conflict():
    g = Glossary([senate()])
    with pytest.raises(ConflictError, match="term"):
        g.merge([Concept("senate", (Term("Сенат", "ru", status="deprecated"),))])


def test_merge_adds_new_concept_with_fresh_id_when_id_taken_by_other():
    g = Glossary([senate()])
    other = Concept("senate-2", (Term("Mazhilis", "en"),))
    g.merge([other])
    assert "senate-2" in g


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


def test_merge_into_an_empty_glossary_takes_the_name():
    new = Glossary()
    new.merge(Glossary([senate()], name="Kazakhstan"))
    assert new.name == "Kazakhstan"
    named = Glossary(name="Mine")
    named.merge(Glossary([senate()], name="Kazakhstan"))
    assert named.name == "Mine"
    full = Glossary([senate()])
    full.merge(Glossary([Concept("akim", (Term("akim", "en"),))], name="Kazakhstan"))
    assert full.name is None


def test_check_language_lists_the_glossarys_languages():
    g = Glossary([senate()])
    assert g.check_language("RU") == "ru"
    with pytest.raises(GlossaryError) as info:
        g.check_language("xx")
    assert str(info.value) == "the glossary has no terms in 'xx'; its languages: en, ru, kk"
