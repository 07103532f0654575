"""Markdown documents (toolkit.documents.markdown)."""

from __future__ import annotations

import pytest

from toolkit.documents import parse_document
from tests.documents.helpers import identity, texts

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


def test_closing_emphasis_stays_with_its_sentence():
    document = parse_document("**The Senate met.** The Mazhilis voted.\n", "md")
    assert texts(document) == ["**The Senate met.**", "The Mazhilis voted."]


def test_emphasis_over_two_sentences_is_cut_with_the_sentences():
    document = parse_document("**The Senate met. The Mazhilis voted.**\n", "md")
    assert texts(document) == ["**The Senate met.", "The Mazhilis voted.**"]


FRONT = """---
title: The Senate met
type: docs
weight: 10
description: "The Senate: news of the week"
summary: 'It''s done'
tags: [senate, news]
---
Body text.
"""


def test_front_matter_translates_only_its_text_keys():
    document = parse_document(FRONT, "md")
    assert texts(document) == ["The Senate met", "The Senate: news of the week", "It's done", "Body text."]
    assert [s.block for s in document.sentences][:3] == ["front-matter"] * 3
    assert identity(document) == FRONT


def test_front_matter_values_keep_their_quoting_and_stay_valid_yaml():
    yaml = pytest.importorskip("yaml")

    document = parse_document(FRONT, "md")
    out = document.render(["Сенат: заседание", 'Новости "недели"', "Всё's", "Текст."])
    header = out.split("---\n")[1]
    assert yaml.safe_load(header) == {"title": "Сенат: заседание", "type": "docs", "weight": 10,
                                      "description": 'Новости "недели"', "summary": "Всё's",
                                      "tags": ["senate", "news"]}
    assert 'title: "Сенат: заседание"\n' in out


def test_a_dashed_line_later_in_the_document_is_not_front_matter():
    assert texts(parse_document("Intro line.\n---\ntitle: Not front matter\n", "md"))[0] == "Intro line."


def test_footnote_definition_text_is_translated_and_its_marker_kept():
    document = parse_document("Text[^1] here.\n\n[^1]: The footnote text.\n", "md")
    assert texts(document) == ["Text[^1] here.", "The footnote text."]
    assert document.render(["Текст[^1] здесь.", "Сноска."]) == "Текст[^1] здесь.\n\n[^1]: Сноска.\n"
