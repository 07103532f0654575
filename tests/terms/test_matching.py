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


# ---------------------------------------------------------------- the compact index on disk


def _all(matcher, texts):
    return [[(m.start, m.end, m.surface, m.concept.id, m.term.text, m.forms) for m in matcher.find(t, overlapping=o)]
            for t in texts for o in (False, True)]


TEXTS = ["The Prime Minister's office and two ministers; the CEC, the cec and the akim.",
         "Премьер-Министр и министры, министру.", "(akim) akims' minister-", ""]


def test_the_index_is_saved_without_pickle_and_loads_to_the_same_matches(tmp_path):
    g = glossary()
    built = TermMatcher(g, "en")
    built.save(tmp_path / "en.idx")
    assert (tmp_path / "en.idx").read_bytes().startswith(b'{"format":')
    loaded = TermMatcher.load(tmp_path / "en.idx", g, "en")
    assert loaded is not None and _all(loaded, TEXTS) == _all(built, TEXTS)
    # another language or another glossary size: not this index
    assert TermMatcher.load(tmp_path / "en.idx", g, "ru") is None
    assert TermMatcher.load(tmp_path / "en.idx", Glossary(list(g)[:2]), "en") is None
    (tmp_path / "bad.idx").write_bytes(b"not an index")
    assert TermMatcher.load(tmp_path / "bad.idx", g, "en") is None


def test_keys_that_start_or_end_with_punctuation_match_as_before():
    g = Glossary([Concept("inc", (Term("Acme Inc.", "en"),)), Concept("paren", (Term("(acting)", "en"),)),
                  Concept("dash", (Term("-ism", "en"),))])
    m = TermMatcher(g, "en", inflect=False)
    assert found(m, "Acme Inc.. The (acting) chair; anti-ism.") == [
        ("Acme Inc.", "inc"), ("(acting)", "paren"), ("-ism", "dash")]
    # a boundary is only wanted between two word characters
    assert found(m, "xAcme Inc. (acting)x a-ism") == [("(acting)", "paren"), ("-ism", "dash")]


def test_after_an_edit_only_new_terms_are_inflected(monkeypatch):
    from toolkit.terms import matching

    g = glossary()
    first = matching.cached_matcher(g, "ru")
    made = []
    real = matching._keyed_surfaces
    monkeypatch.setattr(matching, "_keyed_surfaces", lambda text, morphology: made.append(text) or real(text, morphology))
    g.add(Concept("senate", (Term("Senate", "en"), Term("Сенат", "ru"))))
    second = matching.cached_matcher(g, "ru")
    assert made == ["Сенат"]
    assert [m.concept.id for m in second.find("Сенату и министру")] == ["senate", "minister"]
    assert first is not second
