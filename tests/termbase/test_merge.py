"""Merging termbases (toolkit.termbase.merge) and the editing rules."""

import pytest

from toolkit import ConflictError, GlossaryError
from toolkit.termbase.model import Concept, Glossary, Term


def senate(*extra):
    return Concept("senate", (Term("Senate", "en"), Term("Сенат", "ru"), Term("Сенат", "kk"), *extra),
                   subject="parliament")


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


def test_edits_keep_one_preferred_term_and_no_duplicates():
    from toolkit.termbase.merge import add_terms, edit_term, remove

    g = Glossary([senate()])
    concept, created = add_terms(g, [Term("Верхняя палата", "ru", status="admitted")], "senate")
    assert not created and [t.text for t in concept.terms_in("ru")] == ["Сенат", "Верхняя палата"]
    with pytest.raises(GlossaryError, match="already has the preferred ru term 'Сенат'"):
        add_terms(g, [Term("Сенатище", "ru")], "senate")
    with pytest.raises(GlossaryError, match="already has the ru term 'Верхняя палата'"):
        add_terms(g, [Term("Верхняя палата", "ru", status="admitted")], "senate")
    with pytest.raises(GlossaryError, match="'Senate' is already a term of concept 'senate' in en"):
        add_terms(g, [Term("Senate", "en")])
    concept = edit_term(g, "senate", Term("Верхняя палата", "ru"), status="preferred")
    assert [(t.text, t.status) for t in concept.terms_in("ru")] == [("Верхняя палата", "preferred"),
                                                                    ("Сенат", "admitted")]
    assert remove(g, "senate", Term("Сенат", "ru")).terms_in("ru")[0].text == "Верхняя палата"
    assert remove(g, "senate") is None and "senate" not in g

