"""Term matching: Aho-Corasick over inflected forms, boundaries, overlaps, folding."""

from toolkit.terms.matching import TermMatcher, fold_text
from toolkit.termbase.model import Concept, Glossary, Term


def glossary():
    return Glossary([
        Concept("minister", (Term("minister", "en"), Term("министр", "ru"))),
        Concept("prime-minister", (Term("Prime Minister", "en"), Term("Премьер-Министр", "ru"))),
        Concept("cec", (Term("CEC", "en", case_sensitive=True),)),
        Concept("akim", (Term("akim", "en"), Term("әкім", "kk"))),
    ])


def found(matcher, text):
    return [(m.surface, m.concept.id) for m in matcher.find(text)]


def test_fold_keeps_length_and_folds_lookalikes():
    text = "Cенат’s «ЦИК» — Ё"
    assert len(fold_text(text)) == len(text)
    assert fold_text(text) == "сенат's \"цик\" - е"
    assert fold_text("H") == fold_text("h") == fold_text("Н")


def test_longest_match_wins_and_word_boundaries():
    m = TermMatcher(glossary(), "en")
    assert found(m, "The Prime Minister and a minister met administers.") == [
        ("Prime Minister", "prime-minister"), ("minister", "minister")]


def test_inflected_forms_in_english_and_kazakh():
    assert found(TermMatcher(glossary(), "en"), "Two ministers and the minister's aide") == [
        ("ministers", "minister"), ("minister's", "minister")]
    assert found(TermMatcher(glossary(), "kk"), "Әкімдерге хат жазылды") == [("Әкімдерге", "akim")]


def test_russian_inflection_and_hyphen():
    m = TermMatcher(glossary(), "ru")
    assert found(m, "Встреча с Премьер-Министром и министрами") == [
        ("Премьер-Министром", "prime-minister"), ("министрами", "minister")]


def test_case_sensitive_term():
    m = TermMatcher(glossary(), "en")
    assert found(m, "The CEC met.") == [("CEC", "cec")]
    assert found(m, "cec") == []


def test_overlapping_mode_keeps_nested_terms():
    m = TermMatcher(glossary(), "en")
    assert {x.concept.id for x in m.find("Prime Minister", overlapping=True)} == {"prime-minister", "minister"}


def test_many_concepts_build_and_find():
    g = Glossary(Concept(f"c{i}", (Term(f"term{i} alpha", "en"),)) for i in range(2000))
    m = TermMatcher(g, "en", inflect=False)
    assert found(m, "x term1999 alpha y term7 alpha") == [("term1999 alpha", "c1999"), ("term7 alpha", "c7")]
