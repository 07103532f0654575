"""toolkit.gettext.po: reading and writing PO files, syntax and charset errors."""

import doctest
import gettext
import io
import shutil
import subprocess

import pytest

from tests.gettext.conftest import DATA, msgfmt_check, save
from toolkit.errors import InputError
from toolkit.gettext import po as po_module
from toolkit.gettext.po import load_po, read_po, write_mo, write_po


def test_doctests():
    assert doctest.testmod(po_module).failed == 0


@pytest.mark.parametrize("name, line, message", [
    ("unterminated.po", 6, "PO syntax error: unterminated string"),
    ("bad-keyword.po", 7, "PO syntax error: not a PO keyword or string"),
    ("duplicate.po", 4, 'Entry "a" already exists'),
])
def test_syntax_errors_are_input_errors_with_line(name, line, message):
    with pytest.raises(InputError) as info:
        load_po(DATA / name)
    assert info.value.line == line
    assert info.value.path.endswith(name)
    assert info.value.message.startswith(message)


def test_not_utf8_is_input_error(tmp_path):
    path = tmp_path / "cp1251.po"
    path.write_bytes('msgid "a"\nmsgstr "б"\n'.encode("cp1251"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_po(path)


def _text(catalog) -> str:
    buffer = io.StringIO()
    write_po(buffer, catalog)
    return buffer.getvalue()


# -- obsolete entries (polib loses their #~| lines: polib issue 158) ------------------

OBSOLETE_BLOCKS = [
    "# An editor's note on an obsolete entry.\n"
    "#~ #, fuzzy\n"
    "#~| msgid \"The Senate meets today.\"\n"
    "#~ msgid \"The Senate will meet today.\"\n"
    "#~ msgstr \"Сенат соберётся сегодня.\"\n",
    "#, fuzzy\n"
    "#~| msgctxt \"menu\"\n"
    "#~| msgid \"Old senate\"\n"
    "#~ msgctxt \"menu\"\n"
    "#~ msgid \"Senate of the Parliament\"\n"
    "#~ msgstr \"Сенат Парламента\"\n",
]


def test_obsolete_entries_are_written_back_as_read():
    """Previous-msgid lines (#~|) and flags stay where the file has them."""
    text = (DATA / "obsolete.ru.po").read_text(encoding="utf-8")
    catalog = load_po(DATA / "obsolete.ru.po")
    assert [(e.msgid, e.obsolete, e.fuzzy) for e in catalog] == [
        ("The Senate met today.", False, False), ("The Senate will meet today.", True, True),
        ("Senate of the Parliament", True, True), ("%d old deputy", True, False)]
    assert _text(catalog) == text


def test_obsolete_entry_changed_after_reading_is_written_from_its_fields():
    catalog = load_po(DATA / "obsolete.ru.po")
    catalog[1].msgstr = "Сенат соберётся завтра."
    written = _text(catalog)
    assert ("# An editor's note on an obsolete entry.\n#, fuzzy\n"
            "#~ msgid \"The Senate will meet today.\"\n#~ msgstr \"Сенат соберётся завтра.\"\n") in written
    assert OBSOLETE_BLOCKS[1] in written  # the others as read


def test_obsolete_entries_survive_a_merge_as_with_msgmerge(tmp_path):
    """msgmerge keeps the #~| lines of obsolete entries; so does
    update_catalog (flags stay as read: msgmerge writes '#, fuzzy' for
    '#~ #, fuzzy')."""
    from toolkit.gettext.pretranslate import update_catalog

    catalog = load_po(DATA / "obsolete.ru.po")
    update_catalog(catalog, load_po(DATA / "messages.pot"), "ru")
    written = save(catalog, tmp_path / "ru.po").read_text(encoding="utf-8")
    for block in OBSOLETE_BLOCKS:
        assert block in written
    msgfmt_check(tmp_path / "ru.po")
    if shutil.which("msgmerge") is None:
        pytest.skip("msgmerge (GNU gettext) is not installed")
    merged = subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", str(DATA / "obsolete.ru.po"),
                             str(DATA / "messages.pot")], capture_output=True, text=True, check=True).stdout
    previous = [line for line in merged.splitlines() if line.startswith("#~|")]
    assert previous == ['#~| msgid "The Senate meets today."', '#~| msgctxt "menu"', '#~| msgid "Old senate"']
    assert previous == [line for line in written.splitlines() if line.startswith("#~|")]


# -- what msgfmt reads, Atau reads ------------------------------------------------------

# str.splitlines() breaks lines at these; msgfmt takes them as characters of the string.
ODD_CHARACTERS = ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1c"]


def test_characters_msgfmt_accepts_inside_strings_are_read(tmp_path):
    body = "".join(f'#. note{c}here\nmsgid "a{c}b{i}"\nmsgstr "x{c}y"\n\n' for i, c in enumerate(ODD_CHARACTERS))
    path = tmp_path / "odd.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body,
                    encoding="utf-8")
    catalog = load_po(path)
    assert [(e.msgid, e.msgstr, e.comment) for e in catalog] == [
        (f"a{c}b{i}", f"x{c}y", f"note{c}here") for i, c in enumerate(ODD_CHARACTERS)]
    assert [e.linenum for e in catalog] == [5, 9, 13, 17, 21, 25]
    again = save(catalog, tmp_path / "again.po")
    assert [(e.msgid, e.msgstr) for e in load_po(again)] == [(e.msgid, e.msgstr) for e in catalog]
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    for source in (path, again):  # msgfmt reads both files as Atau does
        mo = tmp_path / "gnu.mo"
        subprocess.run(["msgfmt", "-o", str(mo), str(source)], check=True, capture_output=True)
        with mo.open("rb") as handle:
            gnu = gettext.GNUTranslations(handle)
        assert {e.msgid: gnu.gettext(e.msgid) for e in catalog} == {e.msgid: e.msgstr for e in catalog}
    ours = io.BytesIO()
    write_mo(ours, catalog)
    ours.seek(0)
    assert gettext.GNUTranslations(ours).gettext("a\u2028b0") == "x\u2028y"


def test_a_file_without_header_comment_gets_none():
    """polib writes a lone '#' line for an empty header comment; Atau does not."""
    catalog = load_po(DATA / "partial.ru.po")
    assert catalog.header == ""
    assert _text(catalog) == (DATA / "partial.ru.po").read_text(encoding="utf-8")
    catalog.header = "Title\n\nCopyright"
    assert _text(catalog).startswith("# Title\n#\n# Copyright\nmsgid \"\"\n")


def test_written_text_is_polibs_apart_from_those_two(tmp_path):
    catalog = read_po(io.StringIO((DATA / "messages.pot").read_text(encoding="utf-8")))
    assert _text(catalog) == str(catalog)
