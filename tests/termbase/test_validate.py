"""Each finding of 'atau glossary validate'."""

from toolkit.termbase.model import Concept, Term
from toolkit.termbase.validate import validate


def codes(concepts):
    return [(f.code, f.concept, f.data["lang"], f.data["term"]) for f in validate(concepts)]


def ok(cid="senate", en="Senate", ru="Сенат"):
    return Concept(cid, (Term(en, "en"), Term(ru, "ru")))


def test_clean():
    assert validate([ok(), ok("mazhilis", "Mazhilis", "Мажилис")]) == []


def test_duplicate_ids():
    assert codes([ok(), ok()])[0] == ("duplicate-id", "senate", None, None)


def test_ambiguous_term_is_a_warning():
    found = validate([ok(), ok("upper-house", "Upper House", "Сенат")])
    assert [(f.code, f.severity, f.lang) for f in found] == [("ambiguous-term", "warning", "ru")]
    assert found[0].message == "'Сенат' belongs to 2 concepts in 'ru': senate, upper-house"


def test_missing_preferred_in_a_common_language():
    lacking = Concept("akim", (Term("akim", "en"), Term("аким", "ru", status="deprecated")))
    assert codes([ok(), ok("mazhilis", "Mazhilis", "Мажилис"), lacking]) == [
        ("missing-preferred", "akim", "ru", None)]


def test_several_preferred():
    c = Concept("senate", (Term("Senate", "en"), Term("Сенат", "ru"), Term("Верхняя палата", "ru")))
    assert codes([c]) == [("several-preferred", "senate", "ru", None)]


def test_mixed_script_latin_c_in_cyrillic():
    c = ok(ru="Cенат")  # Latin C
    found = validate([c])
    assert [(f.code, f.term) for f in found] == [("mixed-script", "Cенат")]
    assert "'C' (Latin)" in found[0].message


def test_kazakh_letters_in_russian():
    found = validate([ok(ru="Мәжіліс")])
    assert [(f.code, f.message) for f in found] == [
        ("kazakh-letter-in-russian", "Kazakh letter(s) і ә in a Russian term")]


def test_stray_whitespace():
    assert codes([ok(ru="Сенат ")]) == [("whitespace", "senate", "ru", "Сенат ")]
    assert codes([ok(en="Head  of State")]) == [("whitespace", "senate", "en", "Head  of State")]


def test_empty_term():
    assert codes([ok(ru=" ")])[0] == ("empty-term", "senate", "ru", " ")


def test_grammar_values_outside_the_tbx_basic_lists():
    c = Concept("senate", (Term("Senate", "en", pos="verbb"),
                           Term("Сенат", "ru", pos="properNoun", gender="masc", number="singular")))
    found = validate([c])
    assert [(f.code, f.severity, f.lang, f.term) for f in found] == [
        ("grammar-value", "error", "en", "Senate"), ("grammar-value", "error", "ru", "Сенат")]
    assert found[0].message == ("unknown part of speech 'verbb' of 'Senate'; "
                                "use one of noun, properNoun, adjective, verb, adverb, other")
    assert found[1].message == "unknown gender 'masc' of 'Сенат'; use one of masculine, feminine, neuter, other"


def test_mixed_script_message_names_only_letters():
    found = validate([ok(ru="Cенат2")])  # Latin C, and a digit that has no script
    assert [f.message for f in found] == ["mixed scripts in the word 'Cенат2': 'C' (Latin)"]
