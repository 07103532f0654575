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


# --------------------------------------------------------------------------
# rows of one file that name the same term


from toolkit.errors import ConflictError  # noqa: E402
from toolkit.termbase.store import import_glossary_file  # noqa: E402
from toolkit.termbase.tabular import dumps_deepl, read_rows  # noqa: E402

EXCHANGE = Path(__file__).parents[1] / "data" / "exchange"


def terms(concept):
    return [(t.lang, t.text, t.status) for t in concept.terms]


def test_the_same_row_twice_is_one_concept():
    g = loads_table("en,ru\nSenate,Сенат\nMazhilis,Мажилис\nSenate,Сенат\n", "g.csv")
    assert [c.id for c in g] == ["senate", "mazhilis"]
    assert terms(g["senate"]) == [("en", "Senate", "preferred"), ("ru", "Сенат", "preferred")]


def test_a_later_row_completes_an_earlier_one():
    g = loads_table("en,ru,kk\nSenate,Сенат,\nSenate,,Сенат\n", "g.csv")
    assert len(g) == 1
    assert terms(g["senate"]) == [("en", "Senate", "preferred"), ("ru", "Сенат", "preferred"),
                                  ("kk", "Сенат", "preferred")]


def test_a_term_translated_twice_differently_is_a_conflict_with_both_lines():
    with pytest.raises(ConflictError) as info:
        import_glossary_file(EXCHANGE / "duplicates.csv")
    assert str(info.value) == (
        f"{EXCHANGE / 'duplicates.csv'}: 1 row(s) give a term another translation than an earlier row: "
        "line 5: senate [ru]: preferred 'Верхняя палата' differs from 'Сенат' on line 2; "
        "choose --on-conflict keep (the earlier row) or replace (the later one)")


def test_keep_takes_the_earlier_row_and_replace_the_later_one():
    kept = import_glossary_file(EXCHANGE / "duplicates.csv", on_conflict="keep")
    assert [c.id for c in kept.glossary] == ["senate", "mazhilis"]
    assert terms(kept.glossary["senate"]) == [
        ("en", "Senate", "preferred"), ("ru", "Сенат", "preferred"), ("kk", "Сенат", "preferred")]
    assert [(c.line, c.first_line, c.conflict.field) for c in kept.conflicts] == [(5, 2, "preferred")]
    replaced = import_glossary_file(EXCHANGE / "duplicates.csv", on_conflict="replace").glossary
    assert terms(replaced["senate"]) == [
        ("en", "Senate", "preferred"), ("ru", "Верхняя палата", "preferred"), ("ru", "Сенат", "admitted"),
        ("kk", "Сенат", "preferred")]


def test_synonyms_with_one_target_term_stay_two_rows():
    g = loads_table("Senate,Сенат\nUpper House,Сенат\n", "g.csv", langs=("en", "ru"))
    assert [c.id for c in g] == ["senate", "upper-house"]


def test_rows_with_an_id_column_are_grouped_by_id():
    g = loads_table("id,en,ru,kk\nsenate,Senate,Сенат,\nsenate,,,Сенат\nsenate-2,Senate,Сенат,\n", "g.csv")
    assert [c.id for c in g] == ["senate", "senate-2"]
    assert terms(g["senate"]) == [("en", "Senate", "preferred"), ("ru", "Сенат", "preferred"),
                                  ("kk", "Сенат", "preferred")]


def test_capitalisation_is_a_difference_as_in_any_merge():
    with pytest.raises(ConflictError, match="line 3: senate \\[en\\]: term 'senate \\(preferred\\)' differs"):
        loads_table("en,ru\nSenate,Сенат\nsenate,Сенат\n", "g.csv")


def test_rows_carry_their_lines():
    rows = read_rows("en;ru\n\nSenate;Сенат\r\n\"Upper\nHouse\";Сенат\nakim;аким\n", "g.csv")
    assert [(r.line, r.concept.terms[0].text) for r in rows] == [(3, "Senate"), (4, "Upper\nHouse"), (6, "akim")]


# --------------------------------------------------------------------------
# Weblate's CSV


def test_weblate_csv_is_read_with_the_languages_given():
    imported = import_glossary_file(EXCHANGE / "weblate-glossary.csv", langs=("en", "ru"))
    g = imported.glossary
    assert [c.id for c in g] == ["mazhilis", "akimat", "senate"]
    assert g["mazhilis"].definition == "The lower chamber of Parliament"
    assert terms(g["mazhilis"]) == [("en", "Mazhilis", "preferred"), ("ru", "Мажилис", "preferred")]
    akimat = g["akimat"].terms[1]
    assert (akimat.text, akimat.status, akimat.note) == (
        "акимат", "admitted", "check the case; fuzzy in the imported file: to be checked")
    assert terms(g["senate"]) == [("en", "Senate", "preferred")]
    assert imported.conflicts == ()


def test_weblate_csv_without_languages_is_refused_on_the_header_line():
    with pytest.raises(GlossaryError) as info:
        import_glossary_file(EXCHANGE / "weblate-glossary.csv")
    assert str(info.value) == (f"{EXCHANGE / 'weblate-glossary.csv'}:1: a Weblate CSV file does not say "
                               "its languages; give them with --from and --to")


# --------------------------------------------------------------------------
# DeepL's CSV, written


def test_deepl_csv_has_no_header_and_one_pair_per_line():
    g = Glossary([
        Concept("senate", (Term("Senate", "en"), Term("Upper House", "en", status="admitted"),
                           Term("Сенат", "ru"))),
        Concept("justice", (Term("Ministry of Justice, Kazakhstan", "en"), Term("Минюст", "ru"))),
        Concept("no-ru", (Term("Akim", "en"),)),
        Concept("senate-2", (Term("senate", "en"), Term("сенат (США)", "ru"))),
        Concept("admitted-only", (Term("Kurultai", "en"), Term("Курултай", "ru", status="admitted"))),
    ])
    text, left_out = dumps_deepl(g, "en", "ru")
    assert text == ('Senate,Сенат\n"Ministry of Justice, Kazakhstan",Минюст\nKurultai,Курултай\n')
    assert left_out == ["senate-2"]
    again = loads_table(text, "d.csv", langs=("en", "ru"))
    assert [(c.terms[0].text, c.terms[1].text) for c in again] == [
        ("Senate", "Сенат"), ("Ministry of Justice, Kazakhstan", "Минюст"), ("Kurultai", "Курултай")]


def test_deepl_csv_refuses_a_term_with_surrounding_spaces():
    g = Glossary([Concept("x", (Term("Senate ", "en"), Term("Сенат", "ru")))])
    with pytest.raises(GlossaryError, match="has leading or trailing whitespace"):
        dumps_deepl(g, "en", "ru")


@pytest.mark.parametrize("text, message", [
    ("en,xx\nSenate,Foo\n", "1: unknown language 'xx'; use a language code such as en (English), ru (Russian), "
                              "kk (Kazakh)"),
    ("en,kz\nSenate,Сенат\n", "1: unknown language 'kz'; did you mean 'kk' (Kazakh)?"),
    ("en,ru\n", "1: the file has a header row and no glossary rows"),
])
def test_a_header_naming_no_language_or_nothing_under_it_is_refused(text, message):
    with pytest.raises(GlossaryError) as caught:
        loads_table(text, "g.csv")
    assert str(caught.value) == f"g.csv:{message}"
