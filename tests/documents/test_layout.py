"""Every format's layout survives JSON (what a document PO file carries):
Document.to_layout()/from_layout() rebuild the same document; a binary one
is rebuilt with the original file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.documents import build_binary, parse_document
from toolkit.documents.model import Document
from toolkit.errors import InputError

DATA = Path(__file__).parents[1] / "data"

SAMPLES = {
    "txt": "Dear colleagues, the Mazhilis approved the bill on budget\namendments today. The Senate agreed.\n",
    "md": "---\ntitle: The Senate met\n---\n**The Senate met.** The Mazhilis [voted](https://x.kz).\n",
    "json": '{"a": "The Senate met.", "b": ["It voted."]}',
    "html": '<p>The <b>Senate</b> met. <img src="x.png" alt="The hall"></p>',
    "xliff": (DATA / "xliff" / "news-2.0.xlf").read_text(encoding="utf-8"),
}


def _targets(document):
    return [s.text.replace("Senate", "Сенат") for s in document.sentences]


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
def test_layout_through_json_renders_the_same(fmt):
    document = parse_document(SAMPLES[fmt], fmt)
    again, positions = Document.from_layout(json.loads(json.dumps(document.to_layout())))
    assert positions == document.positions()
    assert [s.text for s in again.sentences] == [s.text for s in document.sentences]
    assert again.render(_targets(again)) == document.render(_targets(document))


def test_docx_layout_is_rebuilt_with_the_original_file():
    pytest.importorskip("docx")
    from tests.documents.docx_samples import sample_docx

    data = sample_docx()
    document = parse_document(data, "docx")
    layout = json.loads(json.dumps(document.to_layout()))
    assert layout["v"] == 1 and layout["source"]["sha256"] and layout["fmt"] == "docx"
    with pytest.raises(InputError, match="rebuilt from the PO file and the original .docx file"):
        Document.from_layout(layout)
    again, _positions = Document.from_layout(layout, binary=True)
    targets = _targets(again)
    assert build_binary(again, again.render(targets), data) == build_binary(document, document.render(targets), data)


def test_damaged_nested_layout_is_refused():
    document = parse_document(SAMPLES["html"], "html")
    layout = document.to_layout()
    layout["pieces"][1][5][0][1] = [[["deep"]]]
    with pytest.raises(InputError, match="damaged document layout"):
        Document.from_layout(layout)
