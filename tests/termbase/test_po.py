"""PO glossaries (msgid the source term, msgstr the target term) read for import."""

import shutil
import subprocess
from pathlib import Path

import pytest

from toolkit.errors import GlossaryError
from toolkit.termbase.po import read_po_rows
from toolkit.termbase.store import PACKAGED_GLOSSARY, import_glossary_file, load_glossary

DATA = Path(__file__).parents[1] / "data" / "exchange"
REPO = Path(__file__).resolve().parents[2]


def terms(concept):
    return [(t.lang, t.text, t.status) for t in concept.terms]


def test_fixture_is_a_valid_po_file():
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(DATA / "glossary.ru.po")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_po_glossary_is_read_as_terms():
    g = import_glossary_file(DATA / "glossary.ru.po").glossary
    assert [c.id for c in g] == ["mazhilis", "maslikhat", "akimat", "head-of-state", "ural", "ural-2"]
    assert (g["mazhilis"].subject, terms(g["mazhilis"])) == (
        "parliament", [("en", "Mazhilis", "preferred"), ("ru", "Мажилис", "preferred")])
    akimat = g["akimat"].terms[1]
    assert (akimat.text, akimat.status, akimat.note) == ("акимат", "admitted",
                                                         "fuzzy in the imported file: to be checked")
    assert terms(g["head-of-state"]) == [("en", "Head of State", "preferred")]
    assert terms(g["ural-2"]) == [("en", "Ural", "preferred"), ("ru", "Уральские горы", "preferred")]


def test_languages_can_be_given():
    rows = read_po_rows((DATA / "glossary.ru.po").read_bytes(), "g.po", ("ru", "kk"))
    assert [(t.lang, t.text) for t in rows[0].concept.terms] == [("ru", "Mazhilis"), ("kk", "Мажилис")]


def test_without_language_header_the_target_must_be_given():
    data = b'msgid "Senate"\nmsgstr "\xd0\xa1\xd0\xb5\xd0\xbd\xd0\xb0\xd1\x82"\n'
    with pytest.raises(GlossaryError) as info:
        read_po_rows(data, "g.po")
    assert str(info.value) == "g.po: the PO file has no Language header; give the target language with --to"
    rows = read_po_rows(data, "g.po", (None, "ru"))
    assert [(t.lang, t.text) for t in rows[0].concept.terms] == [("en", "Senate"), ("ru", "Сенат")]


def test_declared_cp1251_is_decoded():
    text = ('msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=CP1251\\n"\n\n'
            'msgid "Senate"\nmsgstr "Сенат"\n')
    rows = read_po_rows(text.encode("cp1251"), "g.po")
    assert rows[0].concept.terms[1].text == "Сенат"


def test_syntax_error_names_the_line():
    with pytest.raises(GlossaryError) as info:
        read_po_rows(b'msgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr "d"\n', "g.po", ("en", "ru"))
    assert str(info.value) == "g.po:4: PO syntax error: unterminated string: 'msgid \"c'"


def test_a_file_name_as_content_is_not_opened():
    """polib reads a string that names an existing file as that file."""
    name = str(DATA / "glossary.ru.po")
    with pytest.raises(GlossaryError) as info:
        read_po_rows(name.encode(), "g.po", ("en", "ru"))
    assert str(info.value) == f"g.po:1: PO syntax error: not a PO keyword or string: {name[:40]!r}"


def test_catalog_build_output_reimports_unchanged():
    """locales/*/glossary.po is what 'atau catalog build' writes from the shipped glossary."""
    glossary = load_glossary(PACKAGED_GLOSSARY)
    for lang in ("ru", "kk"):
        imported = import_glossary_file(REPO / "locales" / lang / "LC_MESSAGES" / "glossary.po").glossary
        report = glossary.merge(imported, on_conflict="fail")
        assert (report.added, report.updated, report.conflicts) == ([], [], [])
        assert len(report.unchanged) == len(glossary)
