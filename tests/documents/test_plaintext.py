"""Plain text documents (toolkit.documents.plaintext) and the document model's render."""

from __future__ import annotations

import pytest

from toolkit.documents import parse_document
from tests.documents.helpers import identity, texts

LAYOUT = ("  Title line  \r\n\r\n\r\n\r\nThe Senate adopted 12 laws.  The Mazhilis approved the bill.\r\n"
          "- The Senate held a plenary session.\r\n1. The Head of State signed the law.\r\n\t\r\n"
          "Last line without newline ")


def test_txt_identity_render_gives_back_the_input_exactly():
    assert identity(parse_document(LAYOUT, "txt")) == LAYOUT


def test_txt_sentences_exclude_markers_and_whitespace():
    assert texts(parse_document(LAYOUT, "txt")) == [
        "Title line", "The Senate adopted 12 laws.", "The Mazhilis approved the bill.",
        "The Senate held a plenary session.", "The Head of State signed the law.",
        "Last line without newline"]


def test_txt_render_keeps_layout_and_replaces_only_sentences():
    document = parse_document("Cat dog.\n\n\n  - Cow pig.  Emu fox.\r\n", "txt")
    assert document.render(["1", "2", "3"]) == "1\n\n\n  - 2  3\r\n"


def test_old_mac_line_endings_are_line_breaks():
    document = parse_document("One.\rTwo.\r\rThree.", "txt")
    assert texts(document) == ["One.", "Two.", "Three."]
    assert document.render(["1", "2", "3"]) == "1\r2\r\r3"


def test_txt_lines_record_their_line_numbers():
    document = parse_document("One.\n\nTwo. Three.\n", "txt")
    assert [s.line for s in document.sentences] == [1, 3, 3]


def test_blank_and_letterless_lines_are_not_sentences():
    document = parse_document("\n\n2024\n---\n  \n", "txt")
    assert document.sentences == ()
    assert identity(document) == "\n\n2024\n---\n  \n"


def test_empty_document():
    document = parse_document("", "txt")
    assert document.sentences == () and identity(document) == ""


def test_render_rejects_the_wrong_number_of_targets():
    with pytest.raises(ValueError):
        parse_document("One. Two.", "txt").render(["x"])
