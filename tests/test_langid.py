"""toolkit.langid: English, Russian and Kazakh, on sentences written for
this test (not the corpus the rates were measured on)."""

from __future__ import annotations

import pytest

from toolkit.langid import Detection, detect


@pytest.mark.parametrize("text, lang", [
    ("Облыс әкімі жаңа мектептің ашылуына қатысты.", "kk"),
    ("Үкімет отырысында бюджет мәселесі қаралды.", "kk"),
    # no letter Russian lacks: the words decide
    ("Депутаттар кеше таңертең жиналды.", "kk"),
    ("Министр бүгін брифинг өткізді.", "kk"),
    ("Аким области принял участие в открытии новой школы.", "ru"),
    ("Правительство рассмотрело вопросы бюджета.", "ru"),
    ("The regional akim opened a new school on Monday.", "en"),
    ("Tokayev met the deputies of the Mazhilis in Akorda.", "en"),
])
def test_languages(text, lang):
    found = detect(text)
    assert found[0].language == lang
    assert found[0].confidence >= 90


def test_confidences_are_percentages_summing_to_about_100():
    found = detect("Министр бүгін брифинг өткізді.")
    assert all(0 < d.confidence <= 100 for d in found)
    assert 99 <= sum(d.confidence for d in found) <= 101


def test_a_short_ambiguous_word_is_not_certain():
    (first, second) = detect("Сенат")[:2]
    assert (first.language, second.language) == ("ru", "kk")
    assert first.confidence < 99


def test_no_letters_is_an_empty_answer():
    assert detect("2026 — 15.03, 100%") == []
    assert detect("") == []


def test_candidates_limit_the_answer():
    assert detect("Облыс әкімі келді.", ["en", "ru"]) == [Detection("ru", 100.0)]
    assert detect("The akim came.", ["ru", "kk"]) == []  # no letter of theirs


def test_to_dict_is_libretranslates_shape():
    assert Detection("kk", 97.5).to_dict() == {"confidence": 97.5, "language": "kk"}


def test_a_huge_text_is_bounded():
    import time

    text = "Облыс әкімі жаңа мектептің ашылуына қатысты. " * 200_000
    started = time.perf_counter()
    assert detect(text)[0].language == "kk"
    assert time.perf_counter() - started < 30  # only the first MAX_CHARS characters are read
