"""Document structure and sentence segmentation (toolkit.documents.segment)."""

from __future__ import annotations

import json

import pytest

from toolkit.errors import InputError
from toolkit.documents.segment import format_for_path, parse_document, split_sentences


def texts(document):
    return [s.text for s in document.sentences]


def identity(document):
    return document.render([s.text for s in document.sentences])


def sentences(text, lang="en"):
    return [text[a:b] for a, b in split_sentences(text, lang)]


# ---------------------------------------------------------------- sentences


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


# ---------------------------------------------------------------- txt


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


# ---------------------------------------------------------------- md


MARKDOWN = """# The Senate met

> The Mazhilis approved the bill.

- The Senate held a plenary session.
* Second item.
  1. Nested item.
- [ ] A task.

```
Code is not translated.
```

    indented code is not translated.

| Name | Role |
|------|------|
| Tokayev | President |

[ref]: https://akorda.kz "Akorda"
## Closing ##
"""


def test_markdown_identity_render():
    assert identity(parse_document(MARKDOWN, "md")) == MARKDOWN


def test_markdown_sentences_are_only_the_text():
    assert texts(parse_document(MARKDOWN, "md")) == [
        "The Senate met", "The Mazhilis approved the bill.", "The Senate held a plenary session.",
        "Second item.", "Nested item.", "A task.", "Name", "Role", "Tokayev", "President", "Closing"]


def test_markdown_blocks_are_labelled():
    blocks = {s.text: s.block for s in parse_document(MARKDOWN, "md").sentences}
    assert blocks["The Senate met"] == "heading"
    assert blocks["The Mazhilis approved the bill."] == "quote"
    assert blocks["Second item."] == "list-item"
    assert blocks["Tokayev"] == "table-cell"


def test_markdown_render_keeps_marks():
    document = parse_document("## Title ##\n> - Item one.\n", "md")
    assert document.render(["Заголовок", "Пункт."]) == "## Заголовок ##\n> - Пункт.\n"


def test_unclosed_fence_keeps_the_rest_verbatim():
    text = "Intro.\n```\nnot translated.\n"
    assert texts(parse_document(text, "md")) == ["Intro."]


# ---------------------------------------------------------------- json


def test_json_translates_string_values_not_keys():
    text = '{\n  "title": "The Senate met.",\n  "count": 3,\n  "tags": ["Astana", "12"]\n}\n'
    document = parse_document(text, "json")
    assert texts(document) == ["The Senate met.", "Astana"]
    rendered = document.render(["Сенат собрался.", "Астана"])
    assert rendered == '{\n  "title": "Сенат собрался.",\n  "count": 3,\n  "tags": ["Астана", "12"]\n}\n'


def test_json_escapes_translations():
    document = parse_document('{"a": "Say hi."}', "json")
    assert json.loads(document.render(['Скажи "привет".\n'])) == {"a": 'Скажи "привет".\n'}


def test_json_value_with_newlines_is_split_into_lines():
    document = parse_document('{"a": "One.\\n\\nTwo."}', "json")
    assert texts(document) == ["One.", "Two."]
    assert json.loads(document.render(["1.", "2."])) == {"a": "1.\n\n2."}


def test_invalid_json_is_an_input_error_with_position():
    with pytest.raises(InputError) as error:
        parse_document('{"a": }', "json")
    assert error.value.line == 1 and error.value.column == 7


def test_unknown_format():
    with pytest.raises(InputError, match="unknown document format"):
        parse_document("x", "docx")


@pytest.mark.parametrize("name, fmt", [("a.md", "md"), ("A.MARKDOWN", "md"), ("x.json", "json"),
                                       ("x.txt", "txt"), (None, "txt")])
def test_format_for_path(name, fmt):
    assert format_for_path(name) == fmt


# ---------------------------------------------------------------- property: layout by construction

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
