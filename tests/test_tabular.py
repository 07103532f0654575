"""CSV/TSV glossaries in the DeepL, Google and Amazon shapes."""

from pathlib import Path

import pytest

from toolkit import GlossaryError, InputError
from toolkit.store import read_glossary_file
from toolkit.tabular import dumps_table, loads_table
from toolkit.termbase import Concept, Glossary, Term

DATA = Path(__file__).parent / "data" / "csv"


def rows(glossary):
    return [[(t.lang, t.text) for t in c.terms] for c in glossary]


def test_excel_utf8_bom_semicolon_crlf():
    g = read_glossary_file(DATA / "excel-bom-semicolon-crlf.csv")
    assert rows(g) == [
        [("en", "Senate"), ("ru", "Сенат"), ("kk", "Сенат")],
        [("en", "Head of State"), ("ru", "Глава государства"), ("kk", "Мемлекет басшысы")],
    ]
    assert [c.id for c in g] == ["senate", "head-of-state"]


def test_quoted_fields_with_commas_and_quotes_and_description_column():
    g = read_glossary_file(DATA / "quoted-fields.csv")
    first = list(g)[0]
    assert first.preferred("en").text == "Ministry of Labour, and Social Protection"
    assert first.definition == 'Ministry; "Labour" for short'
    assert list(g)[1].definition == "Upper chamber, 50 seats"


def test_two_column_needs_languages():
    with pytest.raises(GlossaryError, match="no header row of language codes"):
        read_glossary_file(DATA / "deepl-two-column.csv")
    g = read_glossary_file(DATA / "deepl-two-column.csv", langs=("en", "ru"))
    assert rows(g) == [[("en", "Senate"), ("ru", "Сенат")], [("en", "Mazhilis"), ("ru", "Мажилис")]]


def test_deepl_four_column_entries():
    g = read_glossary_file(DATA / "deepl-four-column.csv")
    assert rows(g) == [[("en", "Senate"), ("ru", "Сенат")], [("en", "Mazhilis"), ("ru", "Мажилис")]]


def test_tsv():
    g = read_glossary_file(DATA / "plain.tsv")
    assert rows(g)[1] == [("en", "akim"), ("ru", "аким")]


def test_non_utf8_csv_names_file_line_and_byte():
    with pytest.raises(InputError) as info:
        read_glossary_file(DATA / "cp1251.csv")
    assert str(info.value) == f"{DATA / 'cp1251.csv'}:2:8: not UTF-8 text (byte 0xcf); save the file as UTF-8"


def test_empty_file():
    with pytest.raises(GlossaryError, match="no glossary rows"):
        loads_table("\n \n", "empty.csv")


def test_export_preferred_terms_with_language_header():
    g = Glossary([
        Concept("senate", (Term("Senate", "en"), Term("Upper House", "en", status="admitted"), Term("Сенат", "ru"))),
        Concept("akim", (Term("akim", "en"), Term('"аким", глава', "ru"))),
    ])
    assert dumps_table(g, ["en", "ru", "kk"]) == (
        'en,ru,kk\r\nSenate,Сенат,\r\nakim,"""аким"", глава",\r\n')
    assert dumps_table(g, ["ru"], delimiter="\t") == 'ru\r\nСенат\r\n"""аким"", глава"\r\n'


def test_export_then_import_round_trip():
    g = Glossary([Concept("senate", (Term("Senate", "en"), Term("Сенат", "ru")))])
    back = loads_table(dumps_table(g))
    assert rows(back) == rows(g)
