"""Attention alignment helpers."""

from toolkit.mt.align import aligned_span, piece_spans


def test_piece_spans_follow_sentencepiece_spaces():
    text = "The Senate met."
    pieces = ["▁The", "▁Sen", "ate", "▁met", "."]
    assert piece_spans(text, pieces) == [(0, 3), (4, 7), (7, 10), (11, 14), (14, 15)]


def test_piece_spans_give_up_when_pieces_do_not_spell_text():
    assert piece_spans("The Senate", ["▁Tha", "▁Senate"]) is None


def test_aligned_span_is_hull_of_tokens_attending_to_term():
    target_spans = [(0, 5), (6, 12), (13, 18)]
    attention = [[0.1, 0.8, 0.1], [0.1, 0.2, 0.7], [0.9, 0.05, 0.05]]
    assert aligned_span(attention, {1}, target_spans) == (0, 5)
    assert aligned_span(attention, {1, 2}, target_spans) == (0, 12)
    assert aligned_span(attention, {3}, target_spans) is None


def test_aligned_span_refuses_diffuse_alignment():
    spans = [(i, i + 1) for i in range(20)]
    attention = [[1.0, 0.0] if i in (0, 19) else [0.0, 1.0] for i in range(20)]
    assert aligned_span(attention, {0}, spans, max_tokens=12) is None
