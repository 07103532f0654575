"""JSON documents (toolkit.documents.json_strings): string values are translated, keys kept."""

from __future__ import annotations

import json

import pytest

from toolkit.documents import parse_document
from toolkit.errors import InputError
from tests.documents.helpers import texts


def test_json_translates_string_values_not_keys():
    text = '{\n  "title": "The Senate met.",\n  "count": 3,\n  "tags": ["Astana", "12"]\n}\n'
    document = parse_document(text, "json")
    assert texts(document) == ["The Senate met.", "Astana"]
    rendered = document.render(["Сенат собрался.", "Астана"])
    assert rendered == '{\n  "title": "Сенат собрался.",\n  "count": 3,\n  "tags": ["Астана", "12"]\n}\n'


def test_json_escapes_translations():
    document = parse_document('{"a": "Say hi."}', "json")
    assert json.loads(document.render(['Скажи "привет".\n'])) == {"a": 'Скажи "привет".\n'}


def test_json_value_with_newlines_is_split_into_lines():
    document = parse_document('{"a": "One.\\n\\nTwo."}', "json")
    assert texts(document) == ["One.", "Two."]
    assert json.loads(document.render(["1.", "2."])) == {"a": "1.\n\n2."}


def test_invalid_json_is_an_input_error_with_position():
    with pytest.raises(InputError) as error:
        parse_document('{"a": }', "json")
    assert error.value.line == 1 and error.value.column == 7
