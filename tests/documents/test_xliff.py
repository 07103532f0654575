"""XLIFF 1.2 and 2.0 (toolkit.documents.xliff): targets filled where needed,
inline codes kept, states set; enforce and check through bitext."""

from __future__ import annotations

from pathlib import Path

import lxml.etree as etree
import pytest
from typer.testing import CliRunner

from toolkit.cli.main import app
from toolkit.documents import format_for_path, parse_document
from toolkit.documents.bitext import read_bitext
from toolkit.errors import InputError
from tests.documents.helpers import texts

DATA = Path(__file__).parents[1] / "data" / "xliff"
V12 = (DATA / "news-1.2.xlf").read_text(encoding="utf-8")
V20 = (DATA / "news-2.0.xlf").read_text(encoding="utf-8")
N12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
N20 = {"x": "urn:oasis:names:tc:xliff:document:2.0"}


def test_suffixes_pick_xliff():
    assert format_for_path("a.xlf") == format_for_path("a.xliff") == "xliff"


def test_v12_only_units_that_need_a_translation_are_sentences():
    assert texts(parse_document(V12, "xliff")) == [
        "The <g1>Senate</g1> met today.", "It voted twice.", "The akim met voters."]


def test_v12_targets_filled_with_codes_and_state_others_kept():
    document = parse_document(V12, "xliff")
    out = document.render(["<g1>Сенат</g1> собрался сегодня.", "Он голосовал дважды.", "Аким встретился с избирателями."])
    root = etree.fromstring(out.encode())
    units = root.findall(".//x:trans-unit", N12)
    first = units[0].find("x:target", N12)
    assert etree.tostring(first, encoding="unicode", with_tail=False).split(">", 1)[1] == (
        '<g id="1" ctype="bold">Сенат</g> собрался сегодня.<x id="2"/> Он голосовал дважды.</target>')
    assert first.get("state") == "needs-review-translation" and first.get("state-qualifier") == "leveraged-mt"
    assert units[1].find("x:target", N12).text == "Меджлис одобрил законопроект."
    assert units[1].find("x:target", N12).get("state") == "translated"
    assert units[1].find("x:note", N12).text == "Checked by the desk."
    assert units[2].find("x:target", N12).text == "Аким встретился с избирателями."
    assert units[3].find("x:target", N12) is None
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<xliff')
    assert '        <source>The <g id="1" ctype="bold">Senate</g> met today.<x id="2"/> It voted twice.</source>\n' \
           '        <target state=' in out


def test_v20_segment_state_and_codes():
    document = parse_document(V20, "xliff")
    assert texts(document) == ["The <g1>Senate</g1> met<x2/> today."]
    out = document.render(["<g1>Сенат</g1> собрался<x2/> сегодня."])
    root = etree.fromstring(out.encode())
    segments = root.findall(".//x:segment", N20)
    assert segments[0].get("state") == "translated" and segments[0].get("subState") == "atau:mt"
    target = segments[0].find("x:target", N20)
    assert etree.tostring(target, encoding="unicode", with_tail=False) == (
        '<target xmlns="urn:oasis:names:tc:xliff:document:2.0"><pc id="1" type="fmt">Сенат</pc> собрался'
        '<ph id="2"/> сегодня.</target>')
    assert segments[1].get("state") == "final"
    assert root.find(".//x:note", N20).text == "Headline"


def test_unknown_inline_code_is_refused_with_the_unit():
    bad = V12.replace('<x id="2"/>', "<foo/>")
    with pytest.raises(InputError, match=r"unknown inline code <foo> in unit '1'"):
        parse_document(bad, "xliff")


def test_doctype_with_entities_is_refused():
    bad = V12.replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                      '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>\n')
    with pytest.raises(InputError, match="DOCTYPE"):
        parse_document(bad, "xliff")


def test_a_file_in_another_source_language_is_refused_with_its_line():
    with pytest.raises(InputError, match=r"^line 3: the XLIFF's source-language is 'de', not 'en': give --from de"):
        parse_document(V12.replace('source-language="en"', 'source-language="de"'), "xliff", "en")
    with pytest.raises(InputError, match=r"srcLang is 'kk', not 'en'"):
        parse_document(V20.replace('srcLang="en"', 'srcLang="kk"'), "xliff", "en")
    # a region of the same language is that language
    assert texts(parse_document(V12.replace('source-language="en"', 'source-language="en-US"'), "xliff", "en"))


def test_two_units_with_one_id_are_refused():
    bad = V12.replace('<trans-unit id="2">', '<trans-unit id="1">')
    with pytest.raises(InputError, match=r"^line 8: two units with the id '1' in one file"):
        parse_document(bad, "xliff", "en")


def test_not_xliff_is_refused():
    with pytest.raises(InputError, match="not XLIFF 1.2 or 2.0"):
        parse_document("<html/>", "xliff")


def test_bitext_reads_translated_units_with_their_lines(tmp_path):
    path = tmp_path / "news.xlf"
    path.write_text(V12, encoding="utf-8")
    bitext = read_bitext(path)
    assert bitext.sources == ["The Mazhilis approved the bill."]
    assert bitext.targets == ["Меджлис одобрил законопроект."]
    assert bitext.line_of(0) == 10


def test_enforce_on_xliff_fixes_the_term_and_keeps_the_codes(tmp_path):
    path = tmp_path / "news.xlf"
    path.write_text(V20, encoding="utf-8")
    out = tmp_path / "fixed.xlf"
    result = CliRunner().invoke(app, ["enforce", "--from", "en", "--to", "ru", "--target", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    fixed = out.read_text(encoding="utf-8")
    assert '<target><pc id="3">Мажилис</pc> одобрил законопроект.</target>' in fixed
    assert fixed == V20.replace("Меджлис", "Мажилис")


def test_check_on_xliff_reports_the_line(tmp_path):
    path = tmp_path / "news.xlf"
    path.write_text(V12, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--from", "en", "--to", "ru", "--target", str(path)])
    assert result.exit_code == 1
    assert f"{path}:10: forbidden term 'Меджлис'" in result.output


def test_translate_cli_fills_the_xliff(tmp_path, fake_engine, monkeypatch):
    import toolkit.service as service

    path = tmp_path / "news.xlf"
    path.write_text(V12, encoding="utf-8")
    monkeypatch.setattr(service, "load_translator", lambda *a, **k: fake_engine())
    out = tmp_path / "news.ru.xlf"
    result = CliRunner().invoke(app, ["translate", str(path), "--from", "en", "--to", "ru", "-o", str(out),
                                      "--no-enforce"])
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    assert '<g id="1" ctype="bold">SENATE</g> MET TODAY.<x id="2"/> IT VOTED TWICE.</target>' in written
    assert "THE AKIM MET VOTERS." in written and "Меджлис одобрил законопроект." in written


def test_cli_xliff_with_an_unknown_inline_code_is_one_line_exit_2_nothing_written(tmp_path, fake_engine,
                                                                                   monkeypatch):
    import toolkit.service as service

    monkeypatch.setattr(service, "load_translator", lambda *a, **k: fake_engine())
    source = tmp_path / "bad.xlf"
    source.write_text(V12.replace('<x id="2"/>', '<span class="b">x</span>'), encoding="utf-8")
    out = tmp_path / "out.xlf"
    result = CliRunner().invoke(app, ["translate", str(source), "--from", "en", "--to", "ru", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"atau: error: {source}:6: unknown inline code <span> in unit '1'\n"
    assert not out.exists()


def test_v12_seg_source_segments_come_back_in_the_target():
    text = V12.replace('<source>The akim met voters.</source>',
                       '<source>The akim met voters. They asked questions.</source>\n'
                       '        <seg-source><mrk mtype="seg" mid="1">The akim met voters.</mrk> '
                       '<mrk mtype="seg" mid="2">They asked questions.</mrk></seg-source>')
    document = parse_document(text, "xliff")
    assert texts(document)[2:] == ["<g1>The akim met voters.</g1>", "<g2>They asked questions.</g2>"]
    out = document.render(texts(document)[:2] + ["<g1>Аким встретился с избирателями.</g1>",
                                                 "<g2>Они задали вопросы.</g2>"])
    assert ('</seg-source>\n        <target state="needs-review-translation" state-qualifier="leveraged-mt">'
            '<mrk mtype="seg" mid="1">Аким встретился с избирателями.</mrk> '
            '<mrk mtype="seg" mid="2">Они задали вопросы.</mrk></target>') in out
