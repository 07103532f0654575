"""Placeholders: finding, comparing, masking, restoring and repairing."""

import doctest

import pytest

from toolkit.gettext import placeholders
from toolkit.gettext.placeholders import compare, find_placeholders, mask, repair, unmask

PY = {"python-format"}
BRACE = {"python-brace-format"}
C = {"c-format"}


def texts(text, flags=()):
    return [p.text for p in find_placeholders(text, flags)]


def test_doctests():
    assert doctest.testmod(placeholders).failed == 0


@pytest.mark.parametrize("text, flags, expected", [
    ("%s and %d, %5.2f%%", PY, ["%s", "%d", "%5.2f", "%%"]),
    ("%(name)s has %(count)d", PY, ["%(name)s", "%(count)d"]),
    ("%1$s of %2$d", C, ["%1$s", "%2$d"]),
    ("%lu bytes, %-10s|", C, ["%lu", "%-10s"]),
    ("{name} {0} {0:.2f} {} {name!r} {{literal}}", BRACE,
     ["{name}", "{0}", "{0:.2f}", "{}", "{name!r}", "{{", "}}"]),
    ('<b>bold</b> <a href="x">link</a> <br/> &amp; &#8212; &#x2014;', (),
     ["<b>", "</b>", '<a href="x">', "</a>", "<br/>", "&amp;", "&#8212;", "&#x2014;"]),
])
def test_find(text, flags, expected):
    assert texts(text, flags) == expected


def test_unflagged_text_keeps_prose_percent_and_braces_alone():
    assert texts("50% done, 100 % sure, {not a field}") == []
    assert texts("Hello %s and {name}") == ["%s", "{name}"]


def test_python_format_is_not_c_named():
    assert texts("%(name)s", C) == []


def test_tag_containing_placeholder_masks_as_one():
    m = mask('<a href="%s">here</a>', PY)
    assert m.text == "<x1/>here<x2/>"


def test_compare_clean_and_reordered_positional():
    assert compare("%s of %d", "%2$d из %1$s", C) == []
    assert compare("%(a)s %(b)s", "%(b)s %(a)s", PY) == []
    assert compare("{0} {name}", "{name} {0}", BRACE) == []


def test_compare_reports_missing_extra_and_type_change():
    issues = compare("%(n)d files", "%(n)s файлов %s", PY)
    assert [str(i) for i in issues] == [
        "missing printf placeholder '%(n)d'",
        "extra printf placeholder '%(n)s'",
        "extra printf placeholder '%s'",
    ]


def test_compare_multiset():
    assert [i.problem for i in compare("%s %s", "%s", PY)] == ["missing"]


def test_compare_brace_spec_matters():
    assert [str(i) for i in compare("{0:.2f}", "{0}", BRACE)] == [
        "missing brace placeholder '{0:.2f}'", "extra brace placeholder '{0}'"]


def test_compare_markup_and_entities():
    issues = compare("<b>Senate</b> &amp; Mazhilis", "<b>Сенат и Мажилис", ())
    assert [str(i) for i in issues] == [
        "missing tag placeholder '</b>'", "missing entity placeholder '&amp;'"]


def test_compare_malformed_percent_in_python_format():
    issues = compare("%d%% done", "%d% готово", PY)
    assert [(i.problem, i.text, i.format) for i in issues] == [
        ("malformed", "% го", "python-format")]


def test_compare_optional_count():
    assert compare("%d files", "один файл", PY, optional=["1:int"]) == []


# -- repair: the known ways MT damages raw placeholders ------------------------

@pytest.mark.parametrize("source, damaged, flags, expected", [
    # names inside %(name)s translated
    ("Hello %(name)s", "Привет %(имя)s", PY, "Привет %(name)s"),
    ("Hello %(name)s", "Привет %(имя)s", (), "Привет %(name)s"),
    ("{name} signed", "{имя} подписал", BRACE, "{name} подписал"),
    # full-width % and (
    ("Hello %(name)s", "Привет ％（name）s", PY, "Привет %(name)s"),
    ("%d deputies", "％d депутатов", PY, "%d депутатов"),
    # %1$s split into % 1 $ s
    ("%1$s of %2$s", "% 1 $ s из % 2 $ s", C, "%1$s из %2$s"),
    ("{0} and {1}", "{ 0 } и ｛1｝", BRACE, "{0} и {1}"),
    ("<b>Senate</b>", "< b >Сенат</ b >", (), "<b>Сенат</b>"),
])
def test_repair_damaged_forms(source, damaged, flags, expected):
    result = repair(source, damaged, flags)
    assert result.text == expected
    assert compare(source, result.text, flags) == []


def test_repair_inserts_missing_at_start_end_and_middle():
    assert repair("%s: saved", "сохранено", PY).text == "%s: сохранено"
    assert repair("Saved to %s.", "Сохранено в.", PY).text == "Сохранено в %s."
    result = repair("Deleted %d of %d files", "Удалено %d файлов", PY)
    assert compare("Deleted %d of %d files", result.text, PY) == []
    assert [r.action for r in result.repairs] == ["inserted"]


def test_repair_inserts_next_to_neighbour_placeholder():
    assert repair("<b>%s</b> signed", "<b>%s подписал", PY).text == "<b>%s</b> подписал"


def test_repair_removes_extras():
    result = repair("%s signed", "%s подписал %s", PY)
    assert result.text == "%s подписал"
    assert [r.action for r in result.repairs] == ["removed"]


# -- mask / unmask ------------------------------------------------------------

def test_mask_unmask_roundtrip_every_kind():
    source = ("%(name)s, %s, %d%%, %1$s, {0:.2f}, {name}, <b>x</b> &amp; y")
    flags = {"python-format", "python-brace-format"}
    m = mask(source, flags)
    assert "%" not in m.text and "{" not in m.text and "<b>" not in m.text and "&amp;" not in m.text
    assert unmask(m, m.text).text == source
    assert unmask(m, m.text).repairs == ()


@pytest.mark.parametrize("damage", [
    lambda t: t.replace("<x1/>", "< x1 />"),
    lambda t: t.replace("<x1/>", "<х1/>"),           # Cyrillic х
    lambda t: t.replace("<x1/>", "＜ｘ１／＞"),          # full-width
    lambda t: t.replace("<x1/>", "<x1>"),
    lambda t: t.replace("<x1/>", "<X 1/>"),
])
def test_unmask_accepts_damaged_tokens(damage):
    m = mask("Hello %(name)s, welcome", PY)
    restored = unmask(m, damage("Привет <x1/>, добро пожаловать"))
    assert restored.text == "Привет %(name)s, добро пожаловать"
    assert restored.repairs == ()


def test_unmask_drops_duplicate_and_unknown_tokens_and_inserts_lost_ones():
    m = mask("%s of %d", PY)
    restored = unmask(m, "<x1/> <x1/> из <x7/>")
    assert compare("%s of %d", restored.text, PY) == []
    actions = [r.action for r in restored.repairs]
    assert actions.count("removed") == 2 and actions.count("inserted") == 1


@pytest.mark.parametrize("source, target, issues", [
    ("Press <b>Save</b> now", "Нажмите </b>Сохранить<b> сейчас", ["misnested tag placeholder '</b>'"]),
    ("<a href='x'><b>Go</b></a>", "<a href='x'><b>Идти</a></b>", ["misnested tag placeholder '</a>'"]),
    ("Press <b>Save</b> now", "Нажмите <b>Сохранить</b> сейчас", []),
    ("end</b> of <i>it", "конец</b> <i>этого", []),  # the source's own tags do not nest: no judgement
    ("line<br/>next", "строка<br/>далее", []),
])
def test_paired_tags_must_nest_as_in_the_source(source, target, issues):
    assert [str(i) for i in compare(source, target)] == issues
