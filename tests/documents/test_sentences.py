"""Sentence segmentation (toolkit.documents.sentences): abbreviations come from the language's morphology."""

from __future__ import annotations

from toolkit.documents import split_sentences
from tests.documents.helpers import sentences

def test_english_abbreviations_do_not_end_sentences():
    assert sentences("Mr. Smith lives at No. 5 St. James St. in Astana. He works.") == [
        "Mr. Smith lives at No. 5 St. James St. in Astana.", "He works."]


def test_russian_abbreviation_te_does_not_end_a_sentence():
    assert sentences("Это важно, т.е. необходимо. Второе предложение.", "ru") == [
        "Это важно, т.е. необходимо.", "Второе предложение."]


def test_kazakh_abbreviation_tb_does_not_end_a_sentence():
    assert sentences("Заңдар, қаулылар т.б. құжаттар қабылданды. Жаңа сөйлем.", "kk") == [
        "Заңдар, қаулылар т.б. құжаттар қабылданды.", "Жаңа сөйлем."]


def test_initials_stay_with_the_name():
    assert sentences("Президент Қ.Тоқаев сөз сөйледі. Сенат жиналды.", "kk") == [
        "Президент Қ.Тоқаев сөз сөйледі.", "Сенат жиналды."]


def test_number_with_dots_is_not_a_boundary():
    assert sentences("The budget is 2.200.112 tenge. It grew.") == [
        "The budget is 2.200.112 tenge.", "It grew."]


def test_sentence_spans_exclude_surrounding_whitespace():
    assert split_sentences("  One.   Two.  ") == [(2, 6), (9, 13)]


def test_whitespace_only_has_no_sentences():
    assert split_sentences(" \t ") == []


def test_times_of_day_do_not_end_sentences():
    assert sentences("The session opens at 9 a.m. Monday in Astana. It ends at 5 p.m. Friday.") == [
        "The session opens at 9 a.m. Monday in Astana.", "It ends at 5 p.m. Friday."]


def test_russian_year_abbreviation_does_not_end_a_sentence():
    assert sentences("Форум прошёл в 2023 г. Весной прошёл второй. Всё.", "ru") == [
        "Форум прошёл в 2023 г. Весной прошёл второй.", "Всё."]


def test_kazakh_year_abbreviation_does_not_end_a_sentence():
    assert sentences("Отырыс 2024 ж. Астанада өтті. Бәрі жақсы.", "kk") == [
        "Отырыс 2024 ж. Астанада өтті.", "Бәрі жақсы."]


def test_sentences_inside_curly_quotes_are_their_own_segments():
    assert sentences("“The hall is full. The vote starts soon. Nobody left,” the clerk said. He sat down.") == [
        "“The hall is full.", "The vote starts soon.", "Nobody left,” the clerk said.", "He sat down."]


def test_sentences_inside_guillemets_keep_the_attribution_with_the_last():
    assert sentences("«Зал полон. Голосование скоро», — сказал секретарь. Он сел.", "ru") == [
        "«Зал полон.", "Голосование скоро», — сказал секретарь.", "Он сел."]


def test_sentences_inside_straight_quotes_are_split():
    assert sentences('"The hall is full. The vote starts soon," the clerk said.') == [
        '"The hall is full.', 'The vote starts soon," the clerk said.']


def test_quotation_after_an_introduction_is_split_inside():
    assert sentences("The clerk said: “The hall is full. The vote starts soon.” He sat down.") == [
        "The clerk said: “The hall is full.", "The vote starts soon.”", "He sat down."]


def test_quotation_left_open_runs_to_the_end_of_the_paragraph():
    assert sentences("“The hall is full. The vote starts soon. Nobody left") == [
        "“The hall is full.", "The vote starts soon.", "Nobody left"]


def test_inch_mark_is_not_a_quotation():
    assert sentences('The 5" screen is small. It works.') == ['The 5" screen is small.', "It works."]


def test_nested_quotations_are_split_at_every_level():
    assert sentences("«Он сказал: „Мы пришли. Мы ушли“. Всё», — отметил он.", "ru") == [
        "«Он сказал: „Мы пришли.", "Мы ушли“.", "Всё», — отметил он."]


def _article():
    import pytest

    from tests.conftest import ARTICLE
    from pathlib import Path

    for path in (ARTICLE, Path("/work/shared/inputs/article-en.txt")):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    pytest.skip("the shared article is not here")


def test_the_article_gives_one_segment_per_sentence_none_over_50_words():
    from toolkit.documents import parse_document

    document = parse_document(_article(), "txt", "en")
    lengths = [len(s.text.split()) for s in document.sentences]
    assert max(lengths) <= 50
    # every segment ends a sentence (or is the headline), and none starts inside one
    for sentence in document.sentences[1:]:
        assert sentence.text.rstrip("”»\"’").endswith((".", "!", "?", ".”", "said.", "added.")), sentence.text
        assert sentence.text.lstrip("“«\"")[:1].isupper(), sentence.text


def test_no_boundary_without_a_space():
    assert sentences("VISIT WWW.AKORDA.KZ FOR THE NEWS. THEN LEAVE.") == [
        "VISIT WWW.AKORDA.KZ FOR THE NEWS.", "THEN LEAVE."]
