"""The format registry (toolkit.documents) and properties every format keeps."""

from __future__ import annotations

import pytest

from toolkit.documents import format_for_path, parse_document
from toolkit.errors import InputError
from tests.documents.helpers import identity

def test_unknown_format():
    with pytest.raises(InputError, match="unknown document format"):
        parse_document("x", "rtf")


@pytest.mark.parametrize("name, fmt", [("a.md", "md"), ("A.MARKDOWN", "md"), ("x.json", "json"),
                                       ("x.txt", "txt"), (None, "txt")])
def test_format_for_path(name, fmt):
    assert format_for_path(name) == fmt


from hypothesis import given, settings, strategies as st  # noqa: E402

_PIECES = st.sampled_from(["The Senate met.", "Mr. Smith", "2.200.112", " ", "  ", "\t", "\n", "\r\n",
                           "\r", "- ", "# ", "> ", "1. ", "```", "    ", "|", "Ok!", "т.е. да.", "<b>",
                           "</b>", "https://gov.kz", "**x**", "[a](b)", "\u00a0", "«Ә»", "…"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=25), st.sampled_from(["txt", "md"]))
def test_any_text_renders_back_exactly(pieces, fmt):
    text = "".join(pieces)
    assert identity(parse_document(text, fmt)) == text


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=25))
def test_sentences_never_contain_line_breaks_or_edge_whitespace(pieces):
    for sentence in parse_document("".join(pieces), "txt").sentences:
        assert "\n" not in sentence.text and "\r" not in sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
