"""Protection of numbers, dates, URLs, e-mails and markup (toolkit.mt.protect)."""

from __future__ import annotations

import pytest

from toolkit.mt.align import Alignment, token_spans
from toolkit.mt.protect import check, find_spans, mask
from toolkit.mt.restore import restore


def kinds(text, markdown=False):
    return [(s.kind, s.text) for s in find_spans(text, markdown=markdown)]


# ---------------------------------------------------------------- finding


@pytest.mark.parametrize("text, expected", [
    ("paid 2.200.112 tenge", [("number", "2.200.112")]),
    ("rate 3.5% of 1,000", [("number", "3.5"), ("number", "1,000")]),
    ("on 12.03.2024 and 2024-03-12", [("date", "12.03.2024"), ("date", "2024-03-12")]),
    ("at 10:30 today", [("time", "10:30")]),
    ("see https://gov.kz/a.b?x=1.", [("url", "https://gov.kz/a.b?x=1")]),
    ("mail info@akorda.kz now", [("email", "info@akorda.kz")]),
    ("Akorda.kz reports", [("domain", "Akorda.kz")]),
    ("Tom &amp; Jerry", [("entity", "&amp;")]),
    ("<b>bold</b>", [("tag", "<b>"), ("tag", "</b>")]),
    ("COVID-19 and A320", [("number", "19")]),
])
def test_find_spans(text, expected):
    assert kinds(text) == expected


def test_markdown_spans():
    assert kinds("Run `atau x` and see [site](https://x.kz) **now**", markdown=True) == [
        ("code", "`atau x`"), ("link", "["), ("link", "](https://x.kz)"),
        ("emphasis", "**"), ("emphasis", "**")]


def test_numbers_inside_urls_are_part_of_the_url():
    assert kinds("https://gov.kz/2024/12/news") == [("url", "https://gov.kz/2024/12/news")]


# ---------------------------------------------------------------- masking


def test_markup_around_the_sentence_is_cut_off():
    masked = mask("<p>Hello world.</p>")
    assert (masked.prefix, masked.model_input, masked.suffix) == ("<p>", "Hello world.", "</p>")
    assert masked.markup == ()


def test_inner_markup_is_not_sent_to_the_model():
    masked = mask("This is <b>important</b> news.")
    assert masked.model_input == "This is important news."
    assert [(m.text, m.offset, m.role) for m in masked.markup] == [
        ("<b>", 8, "open"), ("</b>", 17, "close")]


def test_open_tag_at_start_whose_close_is_inside_stays_inner():
    masked = mask("<b>Tokayev</b> said.")
    assert masked.prefix == "" and masked.model_input == "Tokayev said."


def test_verbatim_spans_stay_in_the_model_input():
    masked = mask("He paid 2.200.112 tenge.")
    assert masked.model_input == "He paid 2.200.112 tenge."
    assert [(s.text, s.start) for s in masked.kept] == [("2.200.112", 8)]


def test_only_protected_content_needs_no_model():
    assert not mask("https://akorda.kz").needs_model
    assert not mask("<b>2024</b>").needs_model
    assert mask("Visit https://akorda.kz").needs_model


# ---------------------------------------------------------------- restoring


def test_damaged_number_is_restored():
    masked = mask("He paid 2.200.112 tenge.")
    restored = restore(masked, "Он заплатил 2,200,12 тенге.")
    assert restored.text == "Он заплатил 2.200.112 тенге."
    assert [(r.action, r.text, r.found) for r in restored.repairs] == [("replaced", "2.200.112", "2,200,12")]


def test_damaged_url_and_email_are_restored():
    masked = mask("Write to info@gov.kz or see https://gov.kz/news.")
    restored = restore(masked, "Пишите на info@gov.kx или см. https://gov.kz/nevs.")
    assert restored.text == "Пишите на info@gov.kz или см. https://gov.kz/news."


def test_missing_span_is_inserted_and_reported():
    masked = mask("The law of 12.03.2024 was signed.")
    restored = restore(masked, "Закон был подписан.")
    assert "12.03.2024" in restored.text
    assert [r.action for r in restored.repairs] == ["inserted"]


def test_missing_span_goes_to_the_aligned_word():
    masked = mask("Signed on 12.03.2024 today")
    target = "Сегодня подписан 12.03 года"
    source_spans = token_spans(masked.model_input, ["▁Signed", "▁on", "▁12.03.2024", "▁today"])
    target_spans = token_spans(target, ["▁Сегодня", "▁подписан", "▁12.03", "▁года"])
    weights = ((0, 0, 0, 1.0), (1.0, 0, 0, 0), (0, 0, 1.0, 0), (0, 0.5, 0.5, 0))
    restored = restore(masked, target, alignment=Alignment(tuple(source_spans), tuple(target_spans),
                                                           weights))
    assert restored.text == "Сегодня подписан 12.03.2024 года"


def test_correct_translation_needs_no_repair():
    masked = mask("On 12.03.2024 the Senate adopted 12 laws.")
    restored = restore(masked, "12.03.2024 Сенат принял 12 законов.")
    assert restored.text == "12.03.2024 Сенат принял 12 законов." and restored.repairs == ()


def test_number_the_model_invents_is_reported():
    masked = mask("The Senate adopted laws.")
    restored = restore(masked, "Сенат принял 12 законов.")
    assert [(r.action, r.text) for r in restored.repairs] == [("added", "12")]


def test_outer_markup_comes_back_unchanged():
    restored = restore(mask("<p>hello</p>"), "привет")
    assert restored.text == "<p>привет</p>"


def test_inner_markup_is_placed_by_alignment():
    masked = mask("This is <b>important</b> news.")
    target = "Это важные новости."
    source_spans = token_spans(masked.model_input, ["▁This", "▁is", "▁important", "▁news", "."])
    target_spans = token_spans(target, ["▁Это", "▁важные", "▁новости", "."])
    weights = ((0.9, 0.1, 0, 0, 0), (0, 0, 0.9, 0.1, 0), (0, 0, 0.1, 0.9, 0), (0, 0, 0, 0, 1.0))
    alignment = Alignment(tuple(source_spans), tuple(target_spans), weights)
    assert restore(masked, target, alignment=alignment).text == "Это <b>важные</b> новости."


def test_inner_markup_without_alignment_goes_to_the_same_relative_place():
    masked = mask("This is <b>important</b> news.")
    assert restore(masked, "This is important news.").text == "This is <b>important</b> news."


def test_markdown_link_and_emphasis_survive():
    masked = mask("See [the site](https://x.kz) and **this** now.", markdown=True)
    assert masked.model_input == "See the site and this now."
    assert restore(masked, masked.model_input).text == "See [the site](https://x.kz) and **this** now."


# ---------------------------------------------------------------- check


def test_check_finds_missing_and_damaged_spans():
    found = check("Paid 2.200.112 on <b>12.03.2024</b>", "Оплачено 2,200,12 <b>12.03.2024")
    assert [(r.kind, r.text) for r in found] == [("number", "2.200.112"), ("tag", "</b>")]


def test_check_counts_repeated_spans():
    assert [r.text for r in check("12 and 12", "12 и")] == ["12"]


def test_check_does_not_match_inside_longer_numbers():
    assert [r.text for r in check("12 laws", "2012 законов")] == ["12"]


def test_token_spans_handles_unknown_pieces():
    assert token_spans("a ≠ b", ["▁a", "<unk>", "▁b"]) == [(0, 1), (1, 1), (4, 5)]


# ---------------------------------------------------------------- properties

from hypothesis import given, settings, strategies as st  # noqa: E402

_SOURCE = st.sampled_from(["The", "Senate", " ", "met", ".", ",", "2.200.112", "12.03.2024", "10:30", "12",
                           "<b>", "</b>", "<br/>", "<p>", "</p>", "https://gov.kz/x", "info@gov.kz",
                           "akorda.kz", "&amp;", "**", "[", "](https://a.kz)", "`code`"])
_TARGET = st.sampled_from(["Сенат", " ", "собрался", ".", "2,200,12", "12.03", "https://gov.kz/y",
                           "info@gov", "12", "2024", "<b>", "**", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_SOURCE, max_size=12), st.booleans())
def test_unchanged_translation_restores_the_source_exactly(pieces, markdown):
    source = "".join(pieces)
    masked = mask(source, markdown=markdown)
    assert restore(masked, masked.model_input).text == source


@settings(max_examples=300, deadline=None)
@given(st.lists(_SOURCE, max_size=12), st.lists(_TARGET, min_size=1, max_size=10), st.booleans())
def test_every_protected_span_is_in_any_restored_translation(pieces, target_pieces, markdown):
    source, target = "".join(pieces), "".join(target_pieces)
    if target.strip():
        restored = restore(mask(source, markdown=markdown), target)
        assert check(source, restored.text, markdown=markdown) == []


def test_markdown_footnote_reference_is_markup_never_sent_to_the_model():
    from toolkit.mt.protect import mask

    masked = mask("The Senate met[^1] today.", markdown=True)
    assert masked.model_input == "The Senate met today."
    assert [m.text for m in masked.markup] == ["[^1]"]


def test_markdown_image_alt_is_translated_between_its_brackets():
    from toolkit.mt.protect import mask

    masked = mask("See ![the Senate hall](img/hall.png) today.", markdown=True)
    assert masked.model_input == "See the Senate hall today."
    assert [m.text for m in masked.markup] == ["![", "](img/hall.png)"]


def test_all_caps_detection():
    from toolkit.mt.protect import is_all_caps

    assert is_all_caps("PRESIDENT MEETS DEPUTIES")
    assert is_all_caps("ҚР ПРЕЗИДЕНТІ СӨЙЛЕДІ")
    assert not is_all_caps("NATO") and not is_all_caps("The UN met") and not is_all_caps("2024 — 12")


def test_sentence_case_keeps_the_documents_spelling_and_offsets():
    from toolkit.mt.protect import find_spans, sentence_case, truecase_map

    known = truecase_map(["President Tokayev met NATO envoys.", "PRESIDENT TOKAYEV SPOKE"])
    assert known["tokayev"] == "Tokayev" and known["nato"] == "NATO" and "spoke" not in known
    text = "PRESIDENT TOKAYEV MEETS NATO ENVOYS ON 12.03.2024 AT AKORDA.KZ"
    cased = sentence_case(text, find_spans(text), known)
    assert cased == "President Tokayev meets NATO envoys on 12.03.2024 at AKORDA.KZ"
    assert len(cased) == len(text)


def test_upper_case_leaves_markup_and_links_alone():
    from toolkit.mt.protect import upper_case

    assert upper_case("Сенат <g1>собрался</g1> на akorda.kz") == "СЕНАТ <g1>СОБРАЛСЯ</g1> НА akorda.kz"
    assert upper_case("See [the law](https://x.kz/a)", markdown=True) == "SEE [THE LAW](https://x.kz/a)"
