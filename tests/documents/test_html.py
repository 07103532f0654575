"""HTML documents (toolkit.documents.html): blocks translated with their
inline markup as code tags, alt/title translated, everything else kept."""

from __future__ import annotations

import collections

import lxml.html
import pytest

from toolkit.documents import format_for_path, parse_document
from toolkit.errors import InputError
from tests.documents.helpers import texts

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Senate news</title><style>p { color: red }</style>
<script>var s = "The Senate met.";</script></head>
<body>
<h1 class="x">The Senate met</h1>
<p>The <b>Senate</b> approved the <a href="https://akorda.kz" title="Official site">new law</a>. The Mazhilis agreed.<br>It voted <em>twice</em>.</p>
<p><img src="hall.jpg" alt="The Senate hall"></p>
<pre>The Senate is kept here.</pre>
<ul><li>First item with <code>x = 1</code> inside.</li><li>Second &amp; last item.</li></ul>
<table><tr><td>Name</td><td>Role of the member</td></tr></table>
</body></html>
"""


def _shape(html: str) -> list:
    root = lxml.html.document_fromstring(html)
    return [(el.tag, dict((k, v) for k, v in el.attrib.items() if k not in ("alt", "title")))
            for el in root.iter() if isinstance(el.tag, str)]


def test_suffixes_pick_html():
    assert format_for_path("page.htm") == format_for_path("page.html") == "html"


def test_sentences_are_the_text_with_inline_code_tags():
    assert texts(parse_document(PAGE, "html")) == [
        "Senate news", "The Senate met", "The <g1>Senate</g1> approved the <g2>new law</g2>.",
        "Official site", "The Mazhilis agreed.", "<x3/>It voted <g4>twice</g4>.", "The Senate hall",
        "First item with <x1/> inside.", "Second & last item.", "Name", "Role of the member"]


def test_identity_render_is_the_same_tree():
    document = parse_document(PAGE, "html")
    out = document.render(texts(document))
    assert _shape(out) == _shape(PAGE)
    assert lxml.html.document_fromstring(out).text_content() == lxml.html.document_fromstring(PAGE).text_content()


def test_translation_keeps_every_element_and_attribute():
    document = parse_document(PAGE, "html")
    targets = {
        "The <g1>Senate</g1> approved the <g2>new law</g2>.": "<g1>Сенат</g1> одобрил <g2>новый закон</g2>.",
        "Official site": "Официальный сайт", "The Senate hall": "Зал Сената",
        "<x3/>It voted <g4>twice</g4>.": "<x3/>Он голосовал <g4>дважды</g4>.",
        "Second & last item.": "Второй & последний пункт.",
    }
    out = document.render([targets.get(t, t) for t in texts(document)])
    assert _shape(out) == _shape(PAGE)
    assert '<p><b>Сенат</b> одобрил <a href="https://akorda.kz" title="Официальный сайт">новый закон</a>.' in out
    assert '<br>Он голосовал <em>дважды</em>.</p>' in out
    assert 'alt="Зал Сената"' in out and "Второй &amp; последний пункт." in out
    assert '<pre>The Senate is kept here.</pre>' in out and 'var s = "The Senate met.";' in out
    assert "<code>x = 1</code>" in out


def test_fragment_stays_a_fragment():
    document = parse_document("<p>The Senate met.</p>\n<p>It voted.</p>", "html")
    assert document.render(["Сенат собрался.", "Он голосовал."]) == "<p>Сенат собрался.</p>\n<p>Он голосовал.</p>"


def test_a_page_without_a_doctype_gets_none_and_its_declared_encoding_is_utf8():
    page = '<html><head><meta charset="windows-1251"></head><body><p>The Senate met.</p></body></html>\n'
    out = parse_document(page, "html").render(["Сенат собрался."])
    assert out == '<html><head><meta charset="utf-8"></head><body><p>Сенат собрался.</p></body></html>\n'
    old_style = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><title>Senate'
                 '</title></head><body><p>The Senate met.</p></body></html>\n')
    out = parse_document(old_style, "html").render(["Сенат", "Сенат собрался."])
    assert out.startswith('<html><head><meta charset="utf-8"><title>Сенат</title></head>')
    with_one = "<!DOCTYPE html>\n<html><body><p>The Senate met.</p></body></html>\n"
    assert parse_document(with_one, "html").render(["Сенат собрался."]).startswith("<!DOCTYPE html>\n<html>")


def test_deeply_nested_html_is_refused():
    with pytest.raises(InputError, match="nested more than 200 elements deep"):
        parse_document("<div>" * 5000 + "Text." + "</div>" * 5000, "html")


def test_a_lost_code_tag_is_put_back_and_an_unknown_one_refused():
    document = parse_document("<p>The <b>Senate</b> met.</p>", "html")
    assert document.render(["Сенат собрался."]) == "<p><b>Сенат собрался.</b></p>"
    with pytest.raises(InputError, match=r"p1.s1: unknown inline code <g7>"):
        document.render(["<g7>Сенат</g7> собрался."])


def test_translated_through_the_pipeline_with_markup_in_place(fake_engine):
    from toolkit.mt.pipeline import translate_document

    result = translate_document(PAGE, fake_engine(attention=True), fmt="html")
    assert _shape(result.text) == _shape(PAGE)
    assert "<b>SENATE</b>" in result.text and 'title="OFFICIAL SITE"' in result.text
    counts = collections.Counter(el.tag for el in lxml.html.document_fromstring(result.text).iter())
    assert counts == collections.Counter(el.tag for el in lxml.html.document_fromstring(PAGE).iter())


@pytest.mark.parametrize("depth", [300, 100_000])
def test_cli_deeply_nested_html_is_one_line_exit_2_nothing_written(tmp_path, monkeypatch, fake_engine, depth):
    from typer.testing import CliRunner

    import toolkit.service as service
    from toolkit.cli.main import app

    monkeypatch.setattr(service, "load_translator", lambda *a, **k: fake_engine())
    source = tmp_path / "deep.html"
    source.write_text("<html><body>" + "<div>" * depth + "The Senate met." + "</div>" * depth + "</body></html>")
    out = tmp_path / "out.html"
    result = CliRunner().invoke(app, ["translate", str(source), "--from", "en", "--to", "ru", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "nested more than 200 elements deep" in result.stderr
    assert not out.exists()
