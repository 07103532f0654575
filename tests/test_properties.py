"""Property-based tests (hypothesis) of the promises behind the hostile-input
work: glossary files round-trip or refuse to be written, enforcement edits
only term spans, translation keeps the layout for any whitespace."""

from __future__ import annotations

import functools
import re
import tempfile
import unicodedata
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from toolkit.errors import GlossaryError
from toolkit.termbase.store import PACKAGED_GLOSSARY, read_glossary_file
from toolkit.termbase.tabular import dumps_table, loads_table
from toolkit.termbase.tbx import dumps_tbx, loads_tbx
from toolkit.termbase.model import Concept, Glossary, Term, check_text, fold

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any Unicode, with extra weight on what breaks files: controls, line breaks,
# quotes, delimiters, XML specials, combining marks, surrogates, noncharacters.
_NASTY = st.sampled_from(list("\x00\x01\x08\x0b\x0c\x1f\x7f\x85\x9f\t\n\r \u00a0\u2028\u2029\ufeff\ufffe\uffff"
                              "\ud800\udfff\"';,<>&]]>=\u0306\u0301ёйәіңғүұқөһ") + ["]]>", "\r\n", "&amp;", "<!--"])
TEXT = st.lists(st.one_of(st.characters(), _NASTY, st.sampled_from(["Сенат", "Мәжіліс", "Senate"])),
                min_size=1, max_size=12).map("".join)
LANGS = st.sampled_from(["en", "ru", "kk", "kk-Latn", "ru-RU"])
IDS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.\-]{0,20}", fullmatch=True)


def _term_or_none(text: str, lang: str) -> Term | None:
    try:
        return Term(text, lang)
    except GlossaryError:
        return None


# ---------------------------------------------------------------- TBX


@SETTINGS
@given(text=TEXT, lang=LANGS, concept_id=IDS)
def test_tbx_round_trip_or_refusal(text, lang, concept_id):
    term = _term_or_none(text, lang)
    if term is None:  # refused at the door, with the reason
        with pytest.raises(GlossaryError, match=r"contains (the control character|a lone surrogate|the noncharacter)"):
            check_text(text, "term")
        return
    assert term.text == unicodedata.normalize("NFC", text)
    glossary = Glossary([Concept(concept_id, (term,))])
    data = dumps_tbx(glossary).encode("utf-8")
    again = loads_tbx(data)
    assert again == glossary
    assert again[concept_id].terms[0].text == term.text  # exactly: \r, \t, \n, spaces, ]]> included
    assert dumps_tbx(again).encode("utf-8") == data


@SETTINGS
@given(text=TEXT)
def test_tbx_write_refuses_what_xml_cannot_hold(text):
    """Fields that bypass Term's checks (a glossary's name) are checked on write."""
    glossary = Glossary([Concept("c", (Term("Senate", "en"),))], name=text)
    try:
        check_text(text, "name")
    except GlossaryError:
        with pytest.raises(GlossaryError, match="glossary name"):
            dumps_tbx(glossary)
        return
    data = dumps_tbx(glossary).encode("utf-8")
    assert loads_tbx(data).name == (" ".join(text.split()) or None)


def test_tbx_write_refuses_a_control_character_smuggled_past_term():
    term = Term("Senate", "en")
    object.__setattr__(term, "text", "Sen\x01ate")  # what a bug elsewhere could do
    with pytest.raises(GlossaryError, match=r"term 'Sen\\x01ate' contains the control character U\+0001"):
        dumps_tbx(Glossary([Concept("c", (term,))]))


_TAGS = ["tbx", "martif", "text", "body", "conceptEntry", "termEntry", "langSec", "langSet", "termSec", "tig",
         "ntig", "termGrp", "term", "termNote", "descrip", "descripGrp", "note", "admin", "title", "x"]
_ATTRS = st.dictionaries(st.sampled_from(["id", "type", "xml:lang", "lang"]), st.sampled_from(
    ["", "en", "ru", "EN_us", "x y", "administrativeStatus", "partOfSpeech", "subjectField", "definition",
     "source", "x-caseSensitive", "grammaticalGender", "1bad", "ok.id"]), max_size=3)
_XML_TEXT = st.sampled_from(["", "Senate", "preferredTerm-admn-sts", "forbidden", "yes", "  ", "Сенат", "bogus",
                             "&amp;", "a\tb", "&#13;"])
_TREE = st.recursive(_XML_TEXT, lambda kids: st.tuples(st.sampled_from(_TAGS), _ATTRS, st.lists(kids, max_size=4)).map(
    lambda x: "<{0}{1}>{2}</{0}>".format(x[0], "".join(f" {k}={quoteattr(v)}" for k, v in x[1].items()),
                                          "".join(x[2]))), max_leaves=25)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(root=st.sampled_from(["tbx", "martif"]), body=_TREE)
def test_any_tbx_that_reads_writes_back_the_same(root, body):
    """Random TBX-ish trees: reading either fails with a GlossaryError or
    gives a glossary that writes and reads back equal (empty fields as None)."""
    try:
        glossary = loads_tbx(f"<{root}>{body}</{root}>".encode(), "f.tbx")
    except GlossaryError:
        return
    assert loads_tbx(dumps_tbx(glossary).encode("utf-8")) == glossary


# ---------------------------------------------------------------- CSV / TSV


@SETTINGS
@given(rows=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=4), fmt=st.sampled_from(["csv", "tsv"]))
def test_csv_round_trip_or_refusal(rows, fmt):
    concepts = []
    for number, (en, ru) in enumerate(rows):
        terms = tuple(t for t in (_term_or_none(en, "en"), _term_or_none(ru, "ru")) if t is not None)
        if terms:
            concepts.append(Concept(f"c{number}", terms))
    assume(concepts)
    # Rows naming the same first term are one concept (tests/termbase/test_tabular.py).
    assume(len({(c.terms[0].lang, fold(c.terms[0].text)) for c in concepts}) == len(concepts))
    glossary = Glossary(concepts)
    keepable = all(t.text and t.text == t.text.strip() for c in concepts for t in c.terms)
    if not keepable:
        with pytest.raises(GlossaryError, match="which CSV/TSV cannot keep"):
            dumps_table(glossary, ["en", "ru"], delimiter="," if fmt == "csv" else "\t")
        return
    text = dumps_table(glossary, ["en", "ru"], delimiter="," if fmt == "csv" else "\t")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"g.{fmt}"
        path.write_bytes(text.encode("utf-8"))
        try:
            again = read_glossary_file(path)
        except GlossaryError as exc:  # only the import's own refusal: a term without letters or digits
            assert "has no letters or digits" in str(exc) or "is empty" in str(exc), str(exc)
            assert any(not any(ch.isalnum() for ch in t.text) for c in concepts for t in c.terms)
            again = loads_table(text, delimiter="," if fmt == "csv" else "\t")
    got = [tuple((t.lang, t.text) for t in c.terms) for c in again]
    want = [tuple((t.lang, t.text) for t in c.terms) for c in concepts]
    assert got == want


# ---------------------------------------------------------------- enforcement


@functools.lru_cache(maxsize=1)
def _enforcer():
    from toolkit.terms.enforce import Enforcer
    from toolkit.termbase.store import load_glossary

    glossary = load_glossary(PACKAGED_GLOSSARY)
    # (English preferred term, Russian terms, deprecated and forbidden Russian
    # terms) of every concept that has a wrong Russian term
    concepts = [(c.preferred("en").text, [t.text for t in c.terms_in("ru")],
                 [t.text for t in c.terms_in("ru", ("deprecated", "forbidden"))]) for c in glossary
                if c.preferred("en") and c.terms_in("ru", ("deprecated", "forbidden"))]
    return Enforcer(glossary, "en", "ru"), concepts


_RU_NOISE = ["и", "в", "на", "собрался", "сегодня", "Меджлису", "Меджлиса", "о губернаторах", "аким",
             "акимат", "акиму", ",", ".", "  ", "\t", "«", "»", "—", "(", ")", "2026", "МЕДЖЛИС", "е", "ё"]
_EN_NOISE = ["the", "met", "today", "in", "and", ",", ".", "akim", "governor", "2026"]


@st.composite
def _segment_pair(draw):
    """A source naming some concepts among noise, and a target with any of
    their Russian terms (preferred, admitted, deprecated, forbidden), inflected
    by a random ending or not, among random words and characters."""
    concepts = _enforcer()[1]
    named = draw(st.lists(st.sampled_from(concepts), min_size=1, max_size=4))
    source = draw(st.permutations([en for en, _, _ in named] + draw(st.lists(st.sampled_from(_EN_NOISE), max_size=6))))
    target_words = [draw(st.sampled_from(wrong if draw(st.integers(0, 3)) else ru))
                    + draw(st.sampled_from(["", "", "у", "а", "ом", "е", "ы"])) for _, ru, wrong in named]
    target_words += draw(st.lists(st.one_of(st.sampled_from(_RU_NOISE), st.text(max_size=4)), max_size=8))
    target = draw(st.permutations(target_words))
    joiners = draw(st.lists(st.sampled_from([" ", " ", "", "  ", ", ", "\t"]), min_size=len(target),
                            max_size=len(target)))
    return " ".join(source), "".join(w + j for w, j in zip(target, joiners))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=_segment_pair())
def test_enforce_changes_nothing_outside_its_edits(pair):
    source, target = pair
    enforcer = _enforcer()[0]
    result = enforcer.enforce(source, target)
    out, pos, last = result.target, 0, 0
    for edit in sorted(result.edits, key=lambda e: e.start):
        assert last <= edit.start <= edit.end <= len(target), "edits overlap or leave the target"
        assert target[edit.start:edit.end] == edit.before
        untouched = target[last:edit.start]
        assert out[pos:pos + len(untouched)] == untouched, "text between edits changed"
        pos += len(untouched)
        assert out[pos:pos + len(edit.after)] == edit.after
        pos += len(edit.after)
        last = edit.end
    assert out[pos:] == target[last:], "text after the last edit changed"
    if not result.edits:
        assert out == target


# ---------------------------------------------------------------- translation layout

_PIECES = st.sampled_from(["The Senate met.", "The akim spoke today", "Hello", "1.", "-", "#", "word",
                           "Kurultai", "Mr. Smith left.", "ok?"])
_SPACE = st.sampled_from([" ", "  ", "\t", " \t ", "\u00a0", "", "\u3000"])
_BREAK = st.sampled_from(["\n", "\r\n", "\n\n", "\r\n\r\n", "\n \n", "\n\t\n\n", "\r"])


@st.composite
def _document(draw):
    lines = draw(st.lists(st.tuples(_SPACE, st.lists(_PIECES, max_size=4), _SPACE), max_size=6))
    breaks = draw(st.lists(_BREAK, min_size=len(lines), max_size=len(lines)))
    return "".join(lead + " ".join(words) + trail + brk for (lead, words, trail), brk in zip(lines, breaks)) \
        + draw(st.sampled_from(["", "\n", " ", "\r\n\r\n"]))


def _layout(text: str) -> list:
    """Line endings, and for each line its leading/trailing whitespace and
    whether it is blank (then the whole line)."""
    shape = []
    for part in re.split(r"(\r\n|\n|\r)", text):
        if part in ("\r\n", "\n", "\r"):
            shape.append(part)
        elif not part.strip():
            shape.append(("blank", part))
        else:
            shape.append((part[: len(part) - len(part.lstrip())], part[len(part.rstrip()):]))
    return shape


class _FakeEngine:
    """Translates by upper-casing and appending a Cyrillic word."""

    def __init__(self):
        from toolkit.mt.engine import EngineInfo

        self.info = EngineInfo("en", "ru", (("fake-en_ru", "0.1"),))

    def translate_batch(self, sources, *, target_prefixes=None, beam_size=4, return_attention=False,
                        progress=None):
        from toolkit.mt.engine import Hypothesis

        out = []
        for source in sources:
            target = source.upper() + " ЖӘНЕ"
            out.append(Hypothesis(target, tuple(target.split()), -0.5, tuple(source.split()), None))
        return out


@SETTINGS
@given(text=_document())
def test_translate_keeps_layout_with_a_fake_engine(text):
    from toolkit.mt.pipeline import translate_document

    result = translate_document(text, _FakeEngine())
    assert _layout(result.text) == _layout(text)


@pytest.fixture(scope="module")
def real_engine(tmp_path_factory):
    """The tiny en->ru test model, installed into a private package folder."""
    from tests.conftest import TEST_ARGOSMODEL

    if not TEST_ARGOSMODEL.is_file():
        pytest.skip("test model not built")
    from argostranslate import settings as argos

    from toolkit.mt.packages.archive import install_file
    from toolkit.mt.engine import load_engine

    root = tmp_path_factory.mktemp("argos")
    saved = (argos.package_data_dir, argos.package_dirs)
    argos.package_data_dir, argos.package_dirs = root, [root]
    try:
        install_file(TEST_ARGOSMODEL)
        yield load_engine("en", "ru", threads=1)
    finally:
        argos.package_data_dir, argos.package_dirs = saved


def test_translate_keeps_layout_with_the_test_model(real_engine):
    from toolkit.mt.pipeline import translate_document

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(text=_document())
    def check(text):
        result = translate_document(text, real_engine)
        assert _layout(result.text) == _layout(text)
        assert len(result.segments) == len(set(s.index for s in result.segments))

    check()
