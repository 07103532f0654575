"""toolkit.gettext.documents: documents as PO files and back."""

import io

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.gettext.conftest import DATA, msgfmt_check, save
from toolkit.errors import InputError
from toolkit.gettext.documents import LAYOUT_FIELD, document_to_po, po_to_document
from toolkit.gettext.po import read_po
from toolkit.signature import PO_HEADER, Signature

ARTICLE = (DATA / "article.md").read_text(encoding="utf-8")

_ALPHABET = st.sampled_from(list("ab Z.,!?:;-*#>|`\"'\\\t\r\n%{}<>&1 ") + ["Сенат", "Мәжіліс", " the Senate. "])


def test_document_to_po_without_translations(g, tmp_path):
    po = document_to_po(ARTICLE, "en", "ru", fmt="md", glossary=g, source_name="article.md")
    rows = [(e.msgctxt, e.msgid, e.msgstr, e.fuzzy) for e in po]
    assert rows == [
        ("p1.s1", "President Tokayev addresses the Senate", "", False),
        ("p2.s1", "Kassym-Jomart Tokayev spoke at a joint session of the Chambers today.", "", False),
        ("p2.s2", "The Mazhilis  adopted the bill.", "", False),
        ("p3.s1", "First, the *Senate* approved it.", "", False),
        ("p4.s1", "Then the Head of State signed it.", "", False),
        ("p5.s1", "Thank you.", "", False),
        ("p6.s1", "Thank you.", "", False),
    ]
    assert len({e.msgctxt for e in po}) == 7
    assert po[0].comment.split("\n") == ["heading", "glossary: Senate → Сенат (preferred)",
                                         "glossary: Senate → здание Сената (preferred)"]
    assert po[2].comment == "glossary: Mazhilis → Мажилис (preferred); not: Меджлис (forbidden)"
    assert po[0].occurrences == [("article.md", "1")]
    assert po.metadata["Language"] == "ru" and po.metadata["X-Atau-Format"] == "md"
    msgfmt_check(save(po, tmp_path / "article.ru.po"))


def test_document_to_po_with_translations_is_fuzzy(g, tmp_path):
    from toolkit.documents import parse_document

    doc = parse_document(ARTICLE, "md", "en")
    targets = [f"RU:{s.text}" for s in doc.sentences]
    notes = [["mt: length-ratio: too long"] if s.index == 1 else [] for s in doc.sentences]
    signature = Signature("en", "ru", g.fingerprint(), (("fake", "1"),))
    po = document_to_po(doc, "en", "ru", glossary=g, translations=targets, signature=signature,
                        notes=notes)
    assert all(e.fuzzy and e.msgstr == "RU:" + e.msgid for e in po)
    assert po[1].comment == "mt: length-ratio: too long"
    assert po.metadata[PO_HEADER] == str(signature)
    assert not any(name in po.metadata for name in ("X-Atau-MT", "X-Atau-Glossary"))
    msgfmt_check(save(po, tmp_path / "a.po"))
    with pytest.raises(ValueError):
        document_to_po(doc, "en", "ru", translations=targets[:-1])


def test_apply_restores_structure_exactly(tmp_path):
    po = document_to_po(ARTICLE, "en", "ru", fmt="md")
    for e in po:
        e.msgstr = f"[{e.msgid}]"
    result = po_to_document(read_po(io.StringIO(str(po))))
    assert result.text == (
        "# [President Tokayev addresses the Senate]\n"
        "\n"
        "[Kassym-Jomart Tokayev spoke at a joint session of the Chambers today.]  "
        "[The Mazhilis  adopted the bill.]\n"
        "\n"
        "- [First, the *Senate* approved it.]\n"
        "- [Then the Head of State signed it.]\n"
        "\n"
        "[Thank you.]\n"
        "[Thank you.]\n"
        "\n"
        "    code block stays\n")
    assert result.untranslated == () and result.fuzzy == ()
    for e in po:
        e.msgstr = e.msgid
    assert po_to_document(po).text == ARTICLE


def test_apply_survives_editor_reordering_and_rewrapping():
    po = document_to_po(ARTICLE, "en", "ru", fmt="md")
    for e in po:
        e.msgstr = f"<{e.msgctxt}>"
    # an editor: entries in another order, long lines wrapped at 30, CRLF line ends
    shuffled = polib.POFile(wrapwidth=30)
    shuffled.metadata = po.metadata
    for e in reversed(list(po)):
        shuffled.append(e)
    text = str(shuffled).replace("\n", "\r\n")
    assert 'msgid ""\r\n"President Tokayev addresses "\r\n"the Senate"\r\n' in text  # wrapped
    result = po_to_document(read_po(io.BytesIO(text.encode("utf-8"))))
    assert result.text.splitlines()[0] == "# <p1.s1>"
    assert result.text.count("<p") == 7
    assert result.text.endswith("<p5.s1>\n<p6.s1>\n\n    code block stays\n")


def test_apply_lists_untranslated_and_fuzzy():
    po = document_to_po("One. Two.\n\nThree.\n", "en", "kk",
                        translations=["Бір.", "", "Үш."])
    po[0].flags.remove("fuzzy")  # reviewed by a person
    result = po_to_document(po)
    assert result.text == "Бір. Two.\n\nҮш.\n"
    assert [(u.context, u.source, u.line) for u in result.untranslated] == [("p1.s2", "Two.", 1)]
    assert result.fuzzy == ("p2.s1",)
    strict = po_to_document(po, use_fuzzy=False)
    assert strict.text == "Бір. Two.\n\nThree.\n"
    assert [u.context for u in strict.untranslated] == ["p1.s2", "p2.s1"]


def test_apply_json_document_escapes_translations():
    text = '{"title": "The Senate met.", "n": 3}\n'
    po = document_to_po(text, "en", "ru", fmt="json")
    po[0].msgstr = 'Сенат "собрался".'
    assert po_to_document(po).text == '{"title": "Сенат \\"собрался\\".", "n": 3}\n'


def test_apply_needs_layout_header():
    po = polib.POFile()
    with pytest.raises(InputError, match=LAYOUT_FIELD):
        po_to_document(po)
    po.metadata = {LAYOUT_FIELD: "not base64!"}
    with pytest.raises(InputError, match="damaged"):
        po_to_document(po)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(_ALPHABET, max_size=40).map("".join), fmt=st.sampled_from(["txt", "md"]))
def test_any_document_comes_back_through_a_po_file(text, fmt):
    po = document_to_po(text, "en", "ru", fmt=fmt)
    for e in po:
        e.msgstr = e.msgid
    reread = read_po(io.StringIO(str(po)))
    assert po_to_document(reread).text == text
