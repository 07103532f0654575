"""Soft-wrapped paragraphs (toolkit.documents.flow): joined for the model,
re-flowed into the same lines."""

from __future__ import annotations

from toolkit.documents import parse_document
from toolkit.documents.flow import reflow
from toolkit.documents.model import Document, Flow
from tests.documents.helpers import identity, texts

WRAPPED = ("Dear colleagues, the Mazhilis approved the bill on budget\r\n"
           "amendments today. The Senate will consider it on Monday at 9\r\n"
           "a.m. in Astana.\r\n"
           "\r\n"
           "Akorda\r\n"
           "Astana\r\n")


def test_wrapped_lines_are_one_paragraph_for_the_model():
    document = parse_document(WRAPPED, "txt")
    assert texts(document) == [
        "Dear colleagues, the Mazhilis approved the bill on budget amendments today.",
        "The Senate will consider it on Monday at 9 a.m. in Astana.", "Akorda", "Astana"]
    assert [s.line for s in document.sentences] == [1, 2, 5, 6]
    assert document.positions() == ["p1.s1", "p1.s2", "p2.s1", "p3.s1"]


def test_short_lines_are_lines_on_purpose():
    assert texts(parse_document("Akorda\nAstana\nKazakhstan\n", "txt")) == ["Akorda", "Astana", "Kazakhstan"]


def test_a_line_with_room_for_the_next_word_is_a_hard_break():
    text = ("The Senate met today in the capital of the country.\n"
            "The Mazhilis will meet tomorrow in the same building here.\n")
    assert len(parse_document(text, "txt").sentences) == 2
    assert not any(isinstance(p, Flow) for p in parse_document(text, "txt").pieces)


def test_list_items_are_never_joined():
    text = ("- The Senate met today in the capital of the country and then\n"
            "- The Mazhilis will meet tomorrow in the same building here.\n")
    assert texts(parse_document(text, "txt")) == [
        "The Senate met today in the capital of the country and then",
        "The Mazhilis will meet tomorrow in the same building here."]


def test_identity_gives_back_the_source_byte_for_byte():
    assert identity(parse_document(WRAPPED, "txt")) == WRAPPED


def test_translation_is_reflowed_into_the_same_lines_with_their_endings():
    document = parse_document(WRAPPED, "txt")
    out = document.render(["Уважаемые коллеги, Мажилис сегодня одобрил законопроект о поправках в бюджет.",
                           "Сенат рассмотрит его в понедельник в 9 утра в Астане.", "Акорда", "Астана"])
    assert out == ("Уважаемые коллеги, Мажилис сегодня одобрил законопроект о\r\n"
                   "поправках в бюджет. Сенат рассмотрит его в понедельник в 9\r\n"
                   "утра в Астане.\r\n"
                   "\r\n"
                   "Акорда\r\n"
                   "Астана\r\n")


def test_indentation_of_continuation_lines_is_kept():
    text = ("- The Senate met today in the capital of the country and adopted\n"
            "  the law on the budget of the coming year in the first reading.\n")
    document = parse_document(text, "txt")
    assert texts(document) == ["The Senate met today in the capital of the country and adopted the law on "
                               "the budget of the coming year in the first reading."]
    assert document.render(["Сенат сегодня собрался в столице страны и принял закон о бюджете на "
                            "следующий год в первом чтении."]) == (
        "- Сенат сегодня собрался в столице страны и принял\n"
        "  закон о бюджете на следующий год в первом чтении.\n")


def test_too_few_words_give_fewer_lines():
    assert reflow("Да", [50, 50], ["\n"]) == "Да"


def test_reflow_never_breaks_at_a_no_break_space():
    assert reflow("5\u00a0000 tenge", [1, 10], ["\n"]) == "5\u00a0000\ntenge"


def test_layout_round_trips_with_the_flow():
    document = parse_document(WRAPPED, "txt")
    layout = document.to_layout()
    assert layout["v"] == 1 and "flow" in layout["pieces"][0]
    again, positions = Document.from_layout(layout)
    assert again.text == WRAPPED and positions == document.positions()
    assert again.render([s.text for s in again.sentences]) == WRAPPED


def test_documents_without_flows_have_the_old_layout():
    assert parse_document("One.\nTwo.\n", "txt").to_layout() == {
        "v": 1, "fmt": "txt", "pieces": [["p1.s1", "One.", 1, "paragraph", None], "\n",
                                         ["p2.s1", "Two.", 2, "paragraph", None], "\n"]}


def test_markdown_paragraph_wrapped_at_72_columns_is_joined():
    text = ("> The Mazhilis approved the bill on budget amendments today and the\n"
            "> Senate will consider it on Monday.\n")
    document = parse_document(text, "md")
    assert texts(document) == ["The Mazhilis approved the bill on budget amendments today and the Senate "
                               "will consider it on Monday."]
    assert document.render(["Мажилис сегодня одобрил законопроект о поправках в бюджет, а Сенат рассмотрит "
                            "его в понедельник."]) == (
        "> Мажилис сегодня одобрил законопроект о поправках в бюджет, а\n"
        "> Сенат рассмотрит его в понедельник.\n")


def test_markdown_hard_break_is_kept():
    text = ("The Mazhilis approved the bill on budget amendments today and the  \n"
            "Senate will consider it on Monday.\n")
    assert len(parse_document(text, "md").sentences) == 2
