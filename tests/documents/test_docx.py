"""Word documents (toolkit.documents.docx): paragraphs, formatting runs,
hyperlinks, fields, tables, headers and footers kept; damaged files refused."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest
from typer.testing import CliRunner

pytest.importorskip("docx")

from toolkit.cli.main import app  # noqa: E402
from toolkit.documents import build_binary, format_for_path, parse_document  # noqa: E402
from toolkit.errors import InputError  # noqa: E402
from tests.documents.docx_samples import docx_text, replace_part, sample_docx, structure  # noqa: E402
from tests.documents.helpers import texts  # noqa: E402

SAMPLE = sample_docx()


def test_suffix_picks_docx():
    assert format_for_path("report.DOCX") == "docx"


def test_paragraphs_become_sentences_with_code_tags():
    document = parse_document(SAMPLE, "docx")
    assert texts(document) == [
        "The Senate met today",
        "The <g1>Senate</g1> approved the bill.", "The Mazhilis <g2>agreed</g2> quickly.",
        "Read the <g1>official statement</g1> on the site.", "<x2/>It was published<x3/>in the evening.",
        "Name of the member", "Role in the chamber", "Maulen Ashimbayev", "Chairman of the Senate",
        "The hall of the Senate <x1/> after the session.",
        "All rights reserved by the Senate.",
        "Press service of the Senate, page <g1>1</g1>"]
    assert [s.block for s in document.sentences][:2] == ["heading", "paragraph"]
    assert [s.block for s in document.sentences][5:] == ["table-cell"] * 4 + ["paragraph", "footer", "header"]


def test_a_picture_keeps_its_own_namespace_declarations():
    document = parse_document(SAMPLE, "docx")
    out = build_binary(document, document.render(texts(document)), SAMPLE)
    assert structure(out)["drawing"] == structure(SAMPLE)["drawing"] == 1


def test_identity_gives_the_same_structure_and_text():
    document = parse_document(SAMPLE, "docx")
    out = build_binary(document, document.render(texts(document)), SAMPLE)
    assert structure(out) == structure(SAMPLE)
    assert docx_text(out) == docx_text(SAMPLE)


def test_parts_not_translated_are_copied_byte_for_byte():
    document = parse_document(SAMPLE, "docx")
    out = build_binary(document, document.render(texts(document)), SAMPLE)
    before, after = zipfile.ZipFile(io.BytesIO(SAMPLE)), zipfile.ZipFile(io.BytesIO(out))
    assert before.namelist() == after.namelist()
    for name in before.namelist():
        if name != "word/document.xml" and not name.startswith(("word/header", "word/footer")):
            assert before.read(name) == after.read(name), name


def test_formatting_lands_on_the_translated_words():
    import docx

    document = parse_document(SAMPLE, "docx")
    translations = {"The <g1>Senate</g1> approved the bill.": "<g1>Сенат</g1> одобрил законопроект.",
                    "The Mazhilis <g2>agreed</g2> quickly.": "Мажилис быстро <g2>согласился</g2>.",
                    "Read the <g1>official statement</g1> on the site.": "Прочтите <g1>заявление</g1> на сайте.",
                    "Press service of the Senate, page <g1>1</g1>": "Пресс-служба Сената, страница <g1>1</g1>"}
    out = build_binary(document, document.render([translations.get(t, t) for t in texts(document)]), SAMPLE)
    word = docx.Document(io.BytesIO(out))
    runs = [(r.text, r.bold, r.italic) for r in word.paragraphs[1].runs]
    assert runs == [("Сенат", True, None), (" одобрил законопроект. Мажилис быстро ", None, None),
                    ("согласился", None, True), (".", None, None)]
    assert word.paragraphs[2].hyperlinks[0].text == "заявление"
    assert word.paragraphs[2].hyperlinks[0].address == "https://akorda.kz"
    header = zipfile.ZipFile(io.BytesIO(out)).read("word/header1.xml").decode()
    assert "Пресс-служба Сената, страница" in header and "<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>" in header
    assert structure(out)["fldChar"] == 3 and structure(out)["hyperlink"] == 1


def test_translated_through_the_pipeline_keeps_the_structure(fake_engine):
    from toolkit.mt.pipeline import translate_document

    result = translate_document(SAMPLE, fake_engine(attention=True), fmt="docx")
    assert structure(result.data) == structure(SAMPLE)
    assert docx_text(result.data)[1] == "THE SENATE APPROVED THE BILL. THE MAZHILIS AGREED QUICKLY."


def test_libreoffice_opens_the_translation(fake_engine, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed")
    from toolkit.mt.pipeline import translate_document

    path = tmp_path / "out.docx"
    path.write_bytes(translate_document(SAMPLE, fake_engine(), fmt="docx").data)
    done = subprocess.run([office, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                           "--convert-to", "txt:Text", "--outdir", str(tmp_path), str(path)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "out.txt").read_text(encoding="utf-8-sig")
    assert "THE SENATE APPROVED THE BILL. THE MAZHILIS AGREED QUICKLY." in text
    assert "CHAIRMAN OF THE SENATE" in text


def test_build_refuses_another_original():
    document = parse_document(SAMPLE, "docx")
    with pytest.raises(InputError, match="not the Word document the translation was made from"):
        build_binary(document, document.render(texts(document)), replace_part(SAMPLE, "docProps/app.xml", b"x"))


# ---------------------------------------------------------------- damaged files


def test_truncated_zip_is_refused():
    with pytest.raises(InputError, match="damaged or truncated zip"):
        parse_document(SAMPLE[: len(SAMPLE) // 2], "docx")


def test_plain_text_named_docx_is_refused():
    with pytest.raises(InputError, match="not a Word document"):
        parse_document(b"The Senate met.", "docx")


def test_zip_bomb_is_refused_before_unpacking():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b" " * (50 * 1024 ** 2) + b"/>")
    with pytest.raises(InputError, match="zip bomb"):
        parse_document(out.getvalue(), "docx")


def test_entities_in_the_xml_are_refused():
    xml = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
           b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b'<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
    with pytest.raises(InputError, match="DOCTYPE"):
        parse_document(replace_part(SAMPLE, "word/document.xml", xml), "docx")


def test_a_zip_without_a_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="no word/document.xml"):
        parse_document(out.getvalue(), "docx")


# ---------------------------------------------------------------- command line


def _fake_model(monkeypatch, fake_engine):
    import toolkit.service as service

    monkeypatch.setattr(service, "load_translator", lambda *a, **k: fake_engine())


def test_cli_translates_a_docx_to_a_file(tmp_path, monkeypatch, fake_engine):
    _fake_model(monkeypatch, fake_engine)
    source = tmp_path / "report.docx"
    source.write_bytes(SAMPLE)
    out = tmp_path / "report.ru.docx"
    result = CliRunner().invoke(app, ["translate", str(source), "--from", "en", "--to", "ru", "-o", str(out),
                                      "--no-enforce"])
    assert result.exit_code == 0, result.output
    assert structure(out.read_bytes()) == structure(SAMPLE)


def test_cli_needs_an_output_file_for_a_docx(tmp_path, monkeypatch, fake_engine):
    _fake_model(monkeypatch, fake_engine)
    source = tmp_path / "report.docx"
    source.write_bytes(SAMPLE)
    result = CliRunner().invoke(app, ["translate", str(source), "--from", "en", "--to", "ru"])
    assert result.exit_code == 2 and "give -o OUT" in result.stderr


def test_cli_refuses_to_write_a_docx_under_another_suffix(tmp_path, monkeypatch, fake_engine):
    _fake_model(monkeypatch, fake_engine)
    source = tmp_path / "report.docx"
    source.write_bytes(SAMPLE)
    out = tmp_path / "report.ru.txt"
    result = CliRunner().invoke(app, ["translate", str(source), "--from", "en", "--to", "ru", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (f"atau: error: {out}: the translation of a .docx document is a .docx document: "
                             "-o must end in .docx (or give --format po for a PO file)\n")
    assert not out.exists()


@pytest.mark.parametrize("damage", ["truncated", "bomb", "entities"])
def test_cli_damaged_docx_is_one_line_exit_2_nothing_written(tmp_path, monkeypatch, fake_engine, damage):
    _fake_model(monkeypatch, fake_engine)
    if damage == "truncated":
        data = SAMPLE[:1000]
    elif damage == "bomb":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", b"<" + b" " * (120 * 1024 ** 2) + b"/>")
        data = out.getvalue()
    else:
        data = replace_part(SAMPLE, "word/document.xml", b'<!DOCTYPE d [<!ENTITY a "x">]><d>&a;</d>')
    source = tmp_path / "bad.docx"
    source.write_bytes(data)
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(app, ["translate", str(source), "--from", "en", "--to", "ru", "-o", str(out)])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("atau: error: ")
    assert not out.exists()
