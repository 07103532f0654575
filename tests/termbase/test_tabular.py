"""CSV/TSV glossaries in the DeepL, Google and Amazon shapes."""

from pathlib import Path

import pytest

from toolkit import GlossaryError, InputError
from toolkit.termbase.store import read_glossary_file
from toolkit.termbase.tabular import dumps_table, loads_table
from toolkit.termbase.model import Concept, Glossary, Term

DATA = Path(__file__).parents[1] / "data" / "csv"


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


def test_unquoted_comma_shifting_the_columns_is_refused_with_file_and_line():
    text = "en,ru\nMinistry of Justice, Republic of Kazakhstan,Министерство юстиции\n"
    with pytest.raises(GlossaryError) as info:
        loads_table(text, "g.csv")
    assert str(info.value) == "g.csv:2: 3 fields but the header has 2 columns (quote fields that contain the delimiter)"


def test_row_with_fewer_fields_than_the_header_is_refused_but_empty_lines_are_skipped():
    with pytest.raises(GlossaryError) as info:
        loads_table("en,ru,kk\n\nSenate,Сенат,Сенат\n\nMazhilis,Мажилис\n", "g.csv")
    assert str(info.value) == "g.csv:5: 2 fields but the header has 3 columns (keep an empty field for a missing term)"
    g = loads_table("en,ru,kk\n\nSenate,Сенат,\n\n,,\nMazhilis,,Мәжіліс\n", "g.csv")
    assert rows(g) == [[("en", "Senate"), ("ru", "Сенат")], [("en", "Mazhilis"), ("kk", "Мәжіліс")]]


def test_tsv_row_with_an_extra_tab_is_refused():
    with pytest.raises(GlossaryError) as info:
        loads_table("en\tru\nSenate\tСенат\textra\n", "g.tsv", delimiter="\t")
    assert str(info.value) == "g.tsv:2: 3 fields but the header has 2 columns (quote fields that contain the delimiter)"


def test_two_column_rows_without_header_must_have_two_fields():
    with pytest.raises(GlossaryError) as info:
        loads_table("Senate,Сенат\nJustice, Ministry,Минюст\n", "g.csv", langs=("en", "ru"))
    assert str(info.value) == "g.csv:2: 3 fields but a source,target row has 2 (quote fields that contain the delimiter)"


def test_deepl_rows_take_two_four_or_five_fields_with_the_first_rows_languages():
    g = loads_table("Senate,Сенат,EN,RU\nMazhilis,Мажилис\nakim,аким,EN,RU,0.87\n", "g.csv")
    assert rows(g) == [[("en", "Senate"), ("ru", "Сенат")], [("en", "Mazhilis"), ("ru", "Мажилис")],
                       [("en", "akim"), ("ru", "аким")]]
    with pytest.raises(GlossaryError) as info:
        loads_table("Senate,Сенат,EN,RU\nJustice, Ministry,Минюст,EN,RU\n", "g.csv")
    assert str(info.value) == ("g.csv:2: 5 fields but a DeepL row is source,target or source,target,EN,RU "
                               "(quote fields that contain the delimiter)")


def test_source_target_header_is_not_two_languages():
    with pytest.raises(GlossaryError, match="no header row of language codes"):
        loads_table("source,target\nSenate,Сенат\n", "g.csv")
    g = loads_table("Source,Target\nSenate,Сенат\n", "g.csv", langs=("en", "ru"))
    assert [(t.lang, t.text) for c in g for t in c.terms] == [("en", "Senate"), ("ru", "Сенат")]
