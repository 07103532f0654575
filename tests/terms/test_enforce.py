"""Glossary enforcement: the en->ru and en->kk test sets and the rules behind them."""

import unicodedata
from pathlib import Path

import pytest

from toolkit.terms.enforce import Enforcer
from toolkit.termbase.store import PACKAGED_GLOSSARY, load_glossary
from toolkit.termbase.model import Concept, Glossary, Term

DATA = Path(__file__).parents[1] / "data" / "enforce"


def load_set(pair):
    rows = []
    for line in (DATA / f"en-{pair}.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        case_id, source, mt, expected = line.split("\t")
        rows.append(pytest.param(source, mt, expected, id=case_id))
    return rows


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(PACKAGED_GLOSSARY)


@pytest.fixture(scope="module")
def to_ru(glossary):
    return Enforcer(glossary, "en", "ru")


@pytest.fixture(scope="module")
def to_kk(glossary):
    return Enforcer(glossary, "en", "kk")


def test_sets_are_large_enough():
    assert len(load_set("ru")) >= 40 and len(load_set("kk")) >= 40


@pytest.mark.parametrize("source, mt, expected", load_set("ru"))
def test_en_ru_set(to_ru, source, mt, expected):
    result = to_ru.enforce(source, mt)
    assert result.target == expected
    assert [t.concept_id for t in result.unresolved] == []
    if mt == expected:
        assert result.edits == ()


@pytest.mark.parametrize("source, mt, expected", load_set("kk"))
def test_en_kk_set(to_kk, source, mt, expected):
    result = to_kk.enforce(source, mt)
    assert result.target == expected
    assert [t.concept_id for t in result.unresolved] == []
    if mt == expected:
        assert result.edits == ()


def test_edit_records_form_and_reason(to_ru):
    result = to_ru.enforce("The Government sent the bill to the Mazhilis.", "Правительство направило законопроект Меджлису.")
    (edit,) = result.edits
    assert (edit.before, edit.after, edit.reason, edit.form) == ("Меджлису", "Мажилису", "forbidden", "dat.sg")
    assert [(t.concept_id, t.status, t.found) for t in result.terms if t.concept_id == "mazhilis"] == [
        ("mazhilis", "fixed", "Мажилису")]


def test_missing_term_without_wrong_rendering_is_unresolved_and_text_kept(to_ru):
    mt = "Нижняя палата парламента собралась."
    result = to_ru.enforce("The Senate met.", mt)
    assert result.target == mt
    assert [(t.concept_id, t.status, t.expected) for t in result.unresolved] == [("senate", "unresolved", "Сенат")]


def test_every_edit_needs_a_source_term_even_for_a_forbidden_term(to_ru):
    # The source names no Mazhilis: "Меджлис" may be Iran's or Turkmenistan's.
    result = to_ru.enforce("Deputies met.", "Депутаты Меджлиса встретились.")
    assert result.target == "Депутаты Меджлиса встретились." and result.edits == ()
    named = to_ru.enforce("Deputies of the Mazhilis met.", "Депутаты Меджлиса встретились.")
    assert named.target == "Депутаты Мажилиса встретились."


def test_deprecated_term_is_left_when_source_names_no_such_concept(to_ru):
    mt = "Губернатор штата Техас выступил."
    assert to_ru.enforce("The governor of Texas spoke.", mt).target == mt


def test_nothing_doubled_when_replaced_span_is_shorter_than_the_phrase():
    g = Glossary([Concept("apk", (
        Term("Assembly of People of Kazakhstan", "en"),
        Term("Kazakhstan's Ethnic Assembly", "en", status="admitted"),
        Term("Ассамблея народа Казахстана", "ru"),
        Term("Этническая ассамблея", "ru", status="deprecated")))])
    e = Enforcer(g, "en", "ru")
    result = e.enforce("Kazakhstan's Ethnic Assembly adopted an appeal.",
                       "Этническая ассамблея Казахстана приняла обращение.")
    assert result.target == "Ассамблея народа Казахстана приняла обращение."
    result = e.enforce("Members of Kazakhstan's Ethnic Assembly met.",
                       "Члены Этнической ассамблеи Казахстана встретились.")
    assert result.target == "Члены Ассамблеи народа Казахстана встретились."


def test_sentence_initial_capital_of_lowercase_term(to_kk):
    assert to_kk.enforce("The maslikhat met.", "Маслихат жиналды.").target == "Мәслихат жиналды."
    assert to_kk.enforce("The akim and the maslikhat met.", "Аким мен маслихат жиналды.").target == \
        "Әкім мен мәслихат жиналды."


def test_decomposed_kazakh_letters_still_match(to_kk):
    mt = unicodedata.normalize("NFD", "Мәжіліс заң жобасын мақұлдады.")
    result = to_kk.enforce("The Mazhilis approved the bill.", unicodedata.normalize("NFC", mt))
    assert result.edits == () and result.terms[0].status == "ok"


def test_latin_lookalike_letter_in_source_term(to_ru):
    # "Mazhilis" typed with a Cyrillic "а": still the same concept
    result = to_ru.enforce("The Mаzhilis met.", "Меджлис собрался.")
    assert result.target == "Мажилис собрался."


def test_aligner_fixes_a_term_the_model_rendered_freely(to_ru):
    source, mt = "The Senate adopted the law.", "Верхний совет принял закон."

    def aligner(src, tgt, term):
        assert term.concept.id == "senate"
        return (0, len("Верхний совет"))

    result = to_ru.enforce(source, mt, aligner=aligner)
    assert result.target == "Сенат принял закон."
    assert [(e.reason, e.before) for e in result.edits] == [("aligned", "Верхний совет")]
    assert result.terms[0].status == "fixed"


def test_report_summary_and_signature(to_ru, glossary):
    report = to_ru.enforce_all(["The Mazhilis met.", "The Senate met."], ["Меджлис собрался.", "Сенат собрался."])
    assert report.summary == {"segments": 2, "segments_changed": 1, "terms": 2, "ok": 1, "fixed": 1,
                              "unresolved": 0, "edits": 1, "term_use_before": 0.5, "term_use_after": 1.0}
    data = report.to_dict()
    assert data["signature"]["glossary_sha256"] == glossary.fingerprint()
    assert data["segments"][0]["edits"][0]["after"] == "Мажилис"


def test_enforce_all_length_mismatch(to_ru):
    from toolkit import InputError

    with pytest.raises(InputError, match="source has 1 segments but target has 2"):
        to_ru.enforce_all(["a"], ["b", "c"])


class FakeEngine:
    """Translates by table; echoes anything else."""

    def __init__(self, table):
        from toolkit.mt.engine import EngineInfo

        self.table = table
        self.info = EngineInfo("en", "ru", (("fake", "1"),))

    def translate_batch(self, sources, *, target_prefixes=None, beam_size=4, return_attention=False,
                        progress=None):
        from toolkit.mt.engine import Hypothesis

        return [Hypothesis(self.table.get(s, s)) for s in sources]


def test_pipeline_hook_enforces_inside_translate_document(glossary):
    from toolkit.mt.pipeline import translate_document

    engine = FakeEngine({"The Mazhilis adopted the bill.": "Меджлис принял законопроект.",
                         "Deputies met the akims.": "Депутаты встретились с губернаторами."})
    text = "Title\n\nThe Mazhilis adopted the bill. Deputies met the akims.\n\n\n2024\n"
    hook = Enforcer(glossary, "en", "ru").postedit()
    result = translate_document(text, engine, postedit=hook)
    assert result.text == "Title\n\nМажилис принял законопроект. Депутаты встретились с акимами.\n\n\n2024\n"
    summary = hook.report.summary
    assert (summary["fixed"], summary["unresolved"], summary["edits"]) == (2, 0, 2)
    assert [s.index for s in hook.report.segments] == [0, 1, 2]


def test_readme_api_example():
    from toolkit import Glossary, load_glossary

    glossary = load_glossary()
    assert isinstance(glossary, Glossary)
    result = Enforcer(glossary, "en", "kk").enforce("The akim met voters.", "Аким сайлаушылармен кездесті.")
    assert result.target == "Әкім сайлаушылармен кездесті."
    assert [(e.before, e.after, e.form) for e in result.edits] == [("Аким", "Әкім", "nom.sg")]


def test_aligned_adjective_is_not_replaced_by_a_noun_term(to_ru):
    # "Government hour": the model made the term an adjective;
    # "Правительство час" would be ungrammatical, so nothing is replaced, but
    # the official name of the body is gone: the term is reported for an editor.
    source, mt = "The Government hour was devoted to tourism.", "Правительственный час был посвящен туризму."

    def aligner(src, tgt, term):
        assert term.concept.id == "government"
        return (0, len("Правительственный"))

    result = to_ru.enforce(source, mt, aligner=aligner)
    assert result.target == mt
    assert result.edits == ()
    assert [t.status for t in result.terms] == ["unresolved"]


def test_modifiers_in_russian():
    from toolkit.morphology import get_morphology

    ru = get_morphology("ru")
    assert [ru.is_modifier(w) for w in ("правительственный", "Верхний", "совет", "учёный", "Senate")] == [
        True, True, False, False, False]


@pytest.mark.parametrize("mt, bad", [
    ("Сенaт принял закон.", "Сенaт"),            # Latin a
    ("Се\u200bнат принял закон.", "Се\u200bнат"),  # zero-width space inside
    ("Сен\u202eат принял закон.", "Сен\u202eат"),  # right-to-left override inside
    ("Сенат\u200d принял закон.", "Сенат\u200d"),  # zero-width joiner against it
])
def test_look_alike_and_invisible_characters_are_repaired_and_reported(to_ru, mt, bad):
    result = to_ru.enforce("The Senate passed the law.", mt)
    assert result.target == "Сенат принял закон."
    assert [(e.before, e.after, e.reason) for e in result.edits] == [(bad, "Сенат", "look-alike")]
    from toolkit.terms.check import check_segments

    report = check_segments(to_ru.glossary, ["The Senate passed the law."], [mt], "en", "ru")
    assert [f.code for f in report.findings] == ["look-alike"]


def test_word_links_are_not_looked_for_in_a_segment_that_is_no_sentence(to_ru):
    source = "The akim of East Kazakhstan region visited Semey."
    target = "Аким Восточно-Казахстанского региона посетил Семей."
    assert to_ru.enforce(source, target).target == "Аким Восточно-Казахстанской области посетил Семей."
    # the same words in a pasted page of 5,000 characters without breaks: reported, not searched
    filler_en, filler_ru = " and the farmers met" * 250, " и фермеры встретились" * 250
    result = to_ru.enforce(source[:-1] + filler_en + ".", target[:-1] + filler_ru + ".")
    assert result.target == target[:-1] + filler_ru + "."
    assert [(t.concept_id, t.status) for t in result.terms if t.status == "unresolved"] == [
        ("east-kazakhstan-region", "unresolved")]


def test_a_recapitalised_term_counts_as_fixed(to_ru):
    result = to_ru.enforce("The Prime Minister reported to the Mazhilis.",
                           "Премьер-министр отчитался перед Мажилисом.")
    assert result.target == "Премьер-Министр отчитался перед Мажилисом."
    assert [(t.concept_id, t.status) for t in result.terms] == [("prime-minister", "fixed"), ("mazhilis", "ok")]
