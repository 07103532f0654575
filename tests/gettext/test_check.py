"""toolkit.gettext.check: checks of catalogs, as Finding records."""

import doctest

import polib

from tests.gettext.conftest import DATA, msgfmt_check
from toolkit.gettext import check
from toolkit.gettext.check import check_catalog
from toolkit.gettext.locales import locale_headers
from toolkit.gettext.po import load_po


def test_doctests():
    assert doctest.testmod(check).failed == 0


def test_check_finds_every_kind_of_problem(g):
    findings = check_catalog(load_po(DATA / "problems.ru.po"), glossary=g)
    assert [(f.code, f.line, f.form, f.fuzzy, f.message) for f in findings] == [
        ("placeholder", 13, None, False, "missing printf placeholder '%(name)s'"),
        ("placeholder", 13, None, False, "extra printf placeholder '%(имя)s'"),
        ("placeholder", 17, None, False, "missing brace placeholder '{amount:.2f}'"),
        ("placeholder", 17, None, False, "extra brace placeholder '{amount}'"),
        ("placeholder", 21, None, False, "missing printf placeholder '%2$s'"),
        ("placeholder", 25, None, False, "missing tag placeholder '</b>'"),
        ("placeholder", 25, None, False, "missing entity placeholder '&amp;'"),
        ("plural-count", 28, None, False, "2 plural forms; ru needs 3"),
        ("glossary-forbidden", 34, None, False, "forbidden term 'Меджлис': use 'Мажилис'"),
        ("glossary-missing", 37, None, False, "missing 'Сенат' or 'здание Сената' for 'Senate'"),
    ]


def test_check_clean_file(g, tmp_path):
    assert check_catalog(load_po(DATA / "clean.ru.po"), glossary=g) == []
    msgfmt_check(DATA / "clean.ru.po")


def test_check_inflected_terms_count_as_present(g):
    po = polib.POFile()
    po.metadata = {"Language": "kk"}
    po.append(polib.POEntry(msgid="Deputies of the Mazhilis", msgstr="Мәжілістің депутаттары"))
    po.append(polib.POEntry(msgid="In the Mazhilis", msgstr="Мажилисте"))
    findings = check_catalog(po, glossary=g)
    assert [(f.msgid, f.code) for f in findings] == [
        ("In the Mazhilis", "glossary-forbidden")]


def test_check_plural_form_for_one_number_may_omit_the_count():
    po = polib.POFile()
    po.metadata = {"Language": "kk", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(polib.POEntry(msgid="%d bill", msgid_plural="%d bills", flags=["python-format"],
                            msgstr_plural={0: "бір заң жобасы", 1: "%d заң жобасы"}))
    assert check_catalog(po) == []
    po.metadata = {"Language": "ru", "Plural-Forms": locale_headers("ru")["Plural-Forms"]}
    po[0].msgstr_plural = {0: "один законопроект", 1: "%d законопроекта", 2: "%d законопроектов"}
    assert [f.message for f in check_catalog(po)] == [
        "msgstr[0]: missing printf placeholder '%d'"]


def test_check_line_breaks_at_start_and_end():
    po = polib.POFile()
    po.metadata = {"Language": "ru"}
    po.append(polib.POEntry(msgid="Usage:\n", msgstr="Использование:"))
    po.append(polib.POEntry(msgid="\nDone", msgstr="\nГотово"))
    assert [(f.code, f.message) for f in check_catalog(po)] == [
        ("line-breaks", "msgid and msgstr differ in ending with a line break (\\n)")]


def test_check_header_plural_forms_mismatch():
    po = polib.POFile()
    po.metadata = {"Language": "ru", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    assert [f.code for f in check_catalog(po)] == ["plural-forms"]


def test_check_reports_looped_and_length_suspicious_translations_as_warnings():
    po = polib.POFile()
    po.metadata = {"Language": "ru", "Plural-Forms": locale_headers("ru")["Plural-Forms"]}
    po.append(polib.POEntry(msgid="The Senate met today.", msgstr="Сенат Сенат Сенат Сенат Сенат.",
                            flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="%d deputy voted", msgid_plural="%d deputies voted",
                            flags=["python-format"],
                            msgstr_plural={0: "%d депутат проголосовал",
                                           1: "%d депутата проголосовали",
                                           2: "%d депутатов проголосовали за закон о бюджете на 2026 год"}))
    po.append(polib.POEntry(msgid="Senate", msgstr="Сенат"))
    findings = check_catalog(po)
    assert [(f.code, f.severity, f.message, f.form, f.fuzzy) for f in findings] == [
        ("repetition", "warning", "'сенат' repeats 4+ times: the model looped", None, True),
        ("length-ratio", "warning", "msgstr[2]: the translation is 3.35 times as long as the source", 2, False)]


def test_check_finds_terms_right_after_a_placeholder(g):
    """'%1$sМеджлис': the matcher's word boundary sees 'sМеджлис' as one
    word; the glossary checks read the text with its placeholders blanked."""
    po = polib.POFile()
    po.metadata = {"Language": "ru"}
    po.append(polib.POEntry(msgid="%1$s: the Mazhilis", msgstr="%1$sМеджлис", flags=["c-format"]))
    po.append(polib.POEntry(msgid="%sSenate", msgstr="%sПалата", flags=["c-format"]))
    po.append(polib.POEntry(msgid="{name}Mazhilis", msgstr="{name}Мажилис", flags=["python-brace-format"]))
    assert [(f.msgid, f.code, f.message) for f in check_catalog(po, glossary=g)] == [
        ("%1$s: the Mazhilis", "glossary-forbidden", "forbidden term 'Меджлис': use 'Мажилис'"),
        ("%sSenate", "glossary-missing", "missing 'Сенат' or 'здание Сената' for 'Senate'")]


def test_blank_placeholders_keeps_offsets():
    from toolkit.gettext.check import blank_placeholders

    text = "%2$sДепутаты <b>%(n)d</b>."
    assert blank_placeholders(text, {"python-format"}) == "    Депутаты" + " " * 13 + "."
    assert blank_placeholders("50% done", ()) == "50% done"


def test_findings_carry_pofilter_names(g):
    """translate-toolkit's pofilter test for each finding, or None where
    pofilter has none."""
    findings = check_catalog(load_po(DATA / "problems.ru.po"), glossary=g)
    assert [(f.code, f.pofilter) for f in findings] == [
        ("placeholder", "printf"), ("placeholder", "printf"),
        ("placeholder", "pythonbraceformat"), ("placeholder", "pythonbraceformat"),
        ("placeholder", "printf"),
        ("placeholder", "xmltags"), ("placeholder", "variables"),
        ("plural-count", "nplurals"),
        ("glossary-forbidden", None), ("glossary-missing", None)]
    po = polib.POFile()
    po.metadata = {"Language": "ru", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(polib.POEntry(msgid="Usage:\n", msgstr="Использование:"))
    po.append(polib.POEntry(msgid="The Senate met today.", msgstr="Сенат Сенат Сенат Сенат Сенат."))
    po.append(polib.POEntry(msgid="The Senate met today in Astana.", msgstr="Да."))
    po.append(polib.POEntry(msgid="The Senate met.", msgstr="Сенат Республики Казахстан провёл сегодня заседание."))
    assert [(f.code, f.pofilter) for f in check_catalog(po)] == [
        ("plural-forms", None), ("line-breaks", "newlines"), ("repetition", "doublewords"),
        ("length-ratio", "short")]
    long = polib.POEntry(msgid="The Senate met today.", msgstr="Сенат " + "Республики Казахстан провёл заседание " * 2)
    po[:] = [long]
    assert [(f.code, f.pofilter) for f in check_catalog(po)] == [
        ("plural-forms", None), ("length-ratio", "long")]
