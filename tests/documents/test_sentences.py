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
