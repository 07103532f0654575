"""The document pipeline (toolkit.mt.pipeline), with a fake engine for exactness
and with the tiny real test model."""

from __future__ import annotations

import dataclasses
import re

import pytest

from tests.conftest import ARTICLE
from toolkit.mt.pipeline import Segment, translate_document

DOCUMENT = ("  The Senate adopted 12 laws.  The Mazhilis approved the bill.\r\n\r\n\r\n"
            "# Not a heading in txt\r\n"
            "- The Senate held a plenary session.\r\n"
            "\t1. The Head of State signed the law.   \r\n"
            "\r\n"
            "The Senate adopted 12 laws.")


def layout(text: str) -> list:
    """Line structure: line endings, indentation, list markers, blank lines,
    trailing whitespace (not the words)."""
    shape = []
    for part in re.split(r"(\r\n|\n)", text):
        if part in ("\r\n", "\n"):
            shape.append(part)
        else:
            lead, marker = re.match(r"(\s*)((?:[-*•]|\d+\.)\s+)?", part).groups()
            shape.append((lead, marker, part[len(part.rstrip()):], bool(part.strip())))
    return shape


def test_fake_engine_keeps_structure_exactly(fake_engine):
    result = translate_document(DOCUMENT, fake_engine(), fmt="txt")
    assert result.text == DOCUMENT.replace("The Senate adopted 12 laws.", "THE SENATE ADOPTED 12 LAWS.") \
        .replace("The Mazhilis approved the bill.", "THE MAZHILIS APPROVED THE BILL.") \
        .replace("Not a heading in txt", "NOT A HEADING IN TXT") \
        .replace("The Senate held a plenary session.", "THE SENATE HELD A PLENARY SESSION.") \
        .replace("The Head of State signed the law.", "THE HEAD OF STATE SIGNED THE LAW.")


def test_identity_engine_gives_back_the_document(fake_engine):
    assert translate_document(DOCUMENT, fake_engine(lambda s: s)).text == DOCUMENT


def test_repeated_segments_are_translated_once_in_one_call(fake_engine):
    engine = fake_engine()
    result = translate_document(DOCUMENT, engine)
    assert len(engine.calls) == 1 and result.model_calls == 1
    assert len(engine.calls[0]) == len(set(engine.calls[0])) == 5
    assert len(result.segments) == 6


def test_blank_lines_never_reach_the_model(fake_engine):
    engine = fake_engine()
    translate_document("\n\n  \n\t\n", engine)
    assert engine.calls == []


def test_segments_report_source_target_line_and_score(fake_engine):
    result = translate_document("One two.\n\nThree four.", fake_engine())
    assert [(s.index, s.line, s.source, s.target, s.score) for s in result.segments] == [
        (0, 1, "One two.", "ONE TWO.", -0.25), (1, 3, "Three four.", "THREE FOUR.", -0.25)]


def test_markdown_keeps_marks_and_code(fake_engine):
    text = "# Title\n\n> Quote here.\n\n* Item one\n\n```\nkeep this.\n```\n"
    result = translate_document(text, fake_engine(), fmt="md")
    assert result.text == "# TITLE\n\n> QUOTE HERE.\n\n* ITEM ONE\n\n```\nkeep this.\n```\n"


def test_empty_output_keeps_the_source_and_flags_it(fake_engine):
    result = translate_document("The Senate met. The Mazhilis met.",
                                fake_engine(lambda s: "" if "Senate" in s else s.upper()))
    assert result.text == "The Senate met. THE MAZHILIS MET."
    assert [f.code for f in result.segments[0].flags] == ["empty"]


def test_echo_is_flagged_untranslated(fake_engine):
    result = translate_document("The Senate met today.", fake_engine(lambda s: s))
    assert [f.code for f in result.segments[0].flags] == ["untranslated"]


def test_loop_is_flagged(fake_engine):
    result = translate_document("The Senate met today.",
                                fake_engine(lambda s: "Сенат собрался собрался собрался собрался"))
    assert "repetition" in [f.code for f in result.segments[0].flags]


def test_absurd_length_is_flagged(fake_engine):
    result = translate_document("The Senate held a long plenary session.", fake_engine(lambda s: "Да."))
    assert [f.code for f in result.segments[0].flags] == ["length-ratio"]


def test_protected_spans_survive_a_damaging_model(fake_engine):
    def damage(s):
        return (s.replace("2.200.112", "2,200,12").replace("https://gov.kz/news", "https://gov.kz/nevs")
                .replace("info@gov.kz", "info@gov.kx").replace("12.03.2024", "12.03.2O24"))

    text = "On 12.03.2024 the budget was 2.200.112 tenge, see https://gov.kz/news or info@gov.kz."
    result = translate_document(text, fake_engine(damage))
    assert result.text == text
    assert {f.code for f in result.segments[0].flags} == {"protected-restored"}


def test_markup_is_not_sent_and_comes_back(fake_engine):
    engine = fake_engine(attention=True)
    result = translate_document("<p>hello world</p>\nThis is <b>important</b> news.", engine)
    assert engine.calls == [["hello world", "This is important news."]]
    assert result.text == "<p>HELLO WORLD</p>\nTHIS IS <b>IMPORTANT</b> NEWS."


def test_bare_url_is_copied_not_translated(fake_engine):
    engine = fake_engine()
    result = translate_document("https://akorda.kz/ru/news\n", engine)
    assert engine.calls == [] and result.text == "https://akorda.kz/ru/news\n"
    assert result.segments[0].translated is False


def test_missing_span_gets_a_second_call_with_attention(fake_engine):
    engine = fake_engine(lambda s: s.replace(" 2024", "").upper(), attention=True)
    result = translate_document("It was in 2024 indeed.", engine)
    assert len(engine.calls) == 2
    assert "2024" in result.text
    assert [f.code for f in result.segments[0].flags] == ["protected-inserted"]


def test_postedit_hook_rewrites_targets_before_reassembly(fake_engine):
    def hook(segments: list[Segment]):
        return [dataclasses.replace(s, target=s.target.replace("SENATE", "Сенат")) for s in segments]

    result = translate_document("The Senate met.\n\nThe Senate adopted 12 laws.\n", fake_engine(), postedit=hook)
    assert result.text == "THE Сенат MET.\n\nTHE Сенат ADOPTED 12 LAWS.\n"


def test_postedit_that_loses_a_number_is_flagged(fake_engine):
    def hook(segments):
        return [dataclasses.replace(s, target="Сенат принял законы.") for s in segments]

    result = translate_document("The Senate adopted 12 laws.", fake_engine(), postedit=hook)
    assert [f.code for f in result.segments[0].flags] == ["protected-missing"]


def test_postedit_must_keep_the_segments(fake_engine):
    with pytest.raises(ValueError):
        translate_document("One two. Three four.", fake_engine(), postedit=lambda segments: segments[:1])


def test_progress_is_reported(fake_engine):
    seen = []
    translate_document("One two. Three four.", fake_engine(), progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (2, 2)


def test_to_dict_has_the_signature(fake_engine):
    data = translate_document("One two.", fake_engine(), beam_size=2).to_dict()
    assert data["signature"]["text"].startswith(
        "atau:0.1.0|en-ru|pkg:fake-en_ru@0.1|pivot:none|glossary:none|beam:2|device:cpu"
        "|compute_type:default|threads:0|format:txt|segmenter:sentencex-")
    assert data["signature"]["packages"] == [{"name": "fake-en_ru", "version": "0.1"}]
    assert (data["signature"]["from"], data["signature"]["to"], data["signature"]["pivot"]) == ("en", "ru", None)
    assert data["segments"][0] == {"index": 0, "line": 1, "source": "One two.", "target": "ONE TWO.",
                                   "score": -0.25, "flags": [], "translated": True}


# ---------------------------------------------------------------- with the real test model


@pytest.fixture
def real_engine(installed_test_model):
    from toolkit.mt.engine import Engine

    return Engine(installed_test_model, device="cpu", threads=1)


def test_real_model_keeps_the_layout(real_engine):
    result = translate_document(DOCUMENT, real_engine)
    assert layout(result.text) == layout(DOCUMENT)
    assert len(result.segments) == 6 and all(s.target for s in result.segments)


def test_real_model_translates_training_sentences(real_engine, en_ru_corpus):
    source, target = en_ru_corpus[0]
    result = translate_document(source + "\n", real_engine)
    assert result.text == target + "\n"


def test_real_model_protects_numbers(real_engine):
    result = translate_document("The Senate adopted 2.200.112 laws on 12.03.2024.", real_engine)
    assert "2.200.112" in result.text and "12.03.2024" in result.text


def test_real_model_on_the_article_keeps_every_paragraph(real_engine):
    if not ARTICLE.is_file():
        pytest.skip("article not available")
    text = ARTICLE.read_text(encoding="utf-8")
    result = translate_document(text, real_engine)
    assert layout(result.text).count("") == layout(text).count("")
    assert [line == "" for line in result.text.split("\n")] == [line == "" for line in text.split("\n")]
    assert result.text.endswith("\n") == text.endswith("\n")
    assert result.model_calls == 1


# ---------------------------------------------------------------- property: layout by construction

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_PIECES = st.sampled_from(["The Senate met.", "Mr. Smith", "2.200.112", " ", "  ", "\t", "\n", "\r\n",
                           "- ", "# ", "> ", "1. ", "```", "    ", "Ok!", "<b>", "</b>", "https://gov.kz",
                           "**x**", "[a](b)", "«Ә»"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_PIECES, max_size=20), st.sampled_from(["txt", "md"]))
def test_unchanged_translations_give_back_any_document(fake_engine, pieces, fmt):
    text = "".join(pieces)
    assert translate_document(text, fake_engine(lambda s: s), fmt=fmt).text == text


# ---------------------------------------------------------------- ALL CAPS

CAPS = "PRESIDENT TOKAYEV MEETS SENATE DEPUTIES\n\nPresident Tokayev met the Senate deputies today.\n"


def test_all_caps_sentence_goes_to_the_model_in_sentence_case_and_comes_back_in_capitals(fake_engine):
    engine = fake_engine(lambda s: {"President Tokayev meets Senate deputies":
                                    "Президент Токаев встретился с депутатами Сената"}.get(s, s))
    result = translate_document(CAPS, engine)
    assert engine.calls[0][0] == "President Tokayev meets Senate deputies"
    assert result.text.split("\n")[0] == "ПРЕЗИДЕНТ ТОКАЕВ ВСТРЕТИЛСЯ С ДЕПУТАТАМИ СЕНАТА"
    assert result.segments[0].source == "PRESIDENT TOKAYEV MEETS SENATE DEPUTIES"


def test_post_editing_hook_sees_the_sentence_case_text_and_its_edit_is_capitalised(fake_engine):
    seen = []

    def hook(segments):
        seen.extend((s.source, s.target) for s in segments)
        return [dataclasses.replace(s, target=s.target.replace("Сената", "Парламента")) for s in segments]

    engine = fake_engine(lambda s: {"President Tokayev meets Senate deputies":
                                    "Президент Токаев встретился с депутатами Сената"}.get(s, s))
    result = translate_document(CAPS, engine, postedit=hook)
    assert seen[0] == ("President Tokayev meets Senate deputies", "Президент Токаев встретился с депутатами Сената")
    assert result.text.split("\n")[0] == "ПРЕЗИДЕНТ ТОКАЕВ ВСТРЕТИЛСЯ С ДЕПУТАТАМИ ПАРЛАМЕНТА"
    assert result.segments[0].source == "PRESIDENT TOKAYEV MEETS SENATE DEPUTIES"


def test_an_acronym_alone_is_not_all_caps(fake_engine):
    engine = fake_engine(lambda s: s)
    translate_document("NATO\n", engine)
    assert engine.calls == [["NATO"]]


def test_all_caps_keeps_its_url_and_markup(fake_engine):
    engine = fake_engine(lambda s: s)
    result = translate_document("VISIT **AKORDA.KZ** FOR THE NEWS\n", engine, fmt="md")
    assert engine.calls == [["Visit AKORDA.KZ for the news"]]
    assert result.text == "VISIT **AKORDA.KZ** FOR THE NEWS\n"
