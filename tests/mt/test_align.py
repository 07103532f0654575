"""The one aligner (toolkit.mt.align): token offsets, attention argmax, word widening."""

import doctest

from toolkit.mt import align
from toolkit.mt.align import Alignment, token_spans


def test_doctests():
    assert doctest.testmod(align).failed == 0


def test_token_spans_follow_sentencepiece_spaces():
    text = "The Senate met."
    pieces = ["▁The", "▁Sen", "ate", "▁met", "."]
    assert token_spans(text, pieces, strict=True) == [(0, 3), (4, 7), (7, 10), (11, 14), (14, 15)]
    assert token_spans(text, pieces) == [(0, 3), (4, 7), (7, 10), (11, 14), (14, 15)]


def test_strict_token_spans_give_up_when_pieces_do_not_spell_text():
    assert token_spans("The Senate", ["▁Tha", "▁Senate"], strict=True) is None
    assert token_spans("The Senate", ["▁Tha", "▁Senate"]) == [(0, 0), (4, 10)]


def _alignment(target_spans, attention):
    return Alignment(tuple((i, i + 1) for i in range(len(attention[0]))), tuple(target_spans), attention)


def test_target_span_is_hull_of_tokens_attending_to_the_source_tokens():
    target_spans = [(0, 5), (6, 12), (13, 18)]
    attention = [[0.1, 0.8, 0.1], [0.1, 0.2, 0.7], [0.9, 0.05, 0.05]]
    alignment = _alignment(target_spans, attention)
    assert alignment.target_span({1}) == (0, 5)
    assert alignment.target_span({1, 2}) == (0, 12)
    assert alignment.target_span({3}) is None
    assert alignment.target_for_source(0) == 2 and alignment.source_for_target(1) == 2


def test_target_span_refuses_diffuse_alignment():
    spans = [(i, i + 1) for i in range(20)]
    attention = [[1.0, 0.0] if i in (0, 19) else [0.0, 1.0] for i in range(20)]
    assert _alignment(spans, attention).target_span({0}, max_tokens=12) is None
