"""Markdown documents (toolkit.documents.markdown)."""

from __future__ import annotations

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
