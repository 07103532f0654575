"""toolkit.gettext.po: reading and writing PO files, syntax and charset errors."""

import doctest

import pytest

from toolkit.errors import InputError
from toolkit.gettext import po as po_module
from toolkit.gettext.po import load_po

from tests.gettext.conftest import DATA


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
