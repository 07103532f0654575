"""TMX 1.4b: a file written by another tool, round trips, and refused files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from toolkit.errors import InputError
from toolkit.memory.model import HUMAN, MACHINE, Unit
from toolkit.memory.tmx import MAX_DEPTH, read_tmx, tmx_units, write_tmx

OTHER_TOOL = Path(__file__).parent.parent / "data" / "tmx" / "other-tool.tmx"


def read(text: str, path: str = "x.tmx"):
    return read_tmx(io.BytesIO(text.encode("utf-8")), path)


def test_a_file_written_by_another_tool():
    tmx = read_tmx(OTHER_TOOL.open("rb"), OTHER_TOOL)
    assert tmx.header["creationtool"] == "ExampleCAT" and tmx.srclang == "en-US"
    assert tmx.languages() == ["en", "ru", "kk"]
    units, skipped = tmx_units(tmx, "en", "ru")
    assert skipped == 1  # tu 4 has no Russian
    assert [(u.source, u.target) for u in units] == [
        ("The Mazhilis approved the bill.", "Мажилис одобрил законопроект."),
        ('Read the <b>full text</b> on <a href="https://parlam.kz"/>the website.',
         'Полный <b>текст</b> на <a href="https://parlam.kz"/>сайте.'),
        ("The Senate held a plenary session.", "Сенат провел пленарное заседание."),
    ]
    first = units[0]
    assert (first.origin, first.created, first.signature) == (HUMAN, "2026-03-11T10:10:10Z", "")
    assert first.meta == {"note": "Checked against parlam.kz.", "author": "dana"}
    kk, skipped_kk = tmx_units(tmx, "en", "kk")
    assert [u.target for u in kk] == ["Мәжіліс заң жобасын мақұлдады.", "Мұнда тек ағылшынша."] and skipped_kk == 2


def test_round_trip_keeps_every_field():
    units = [Unit("The Senate met.", "Сенат собрался.", HUMAN, created="2026-01-02T03:04:05Z",
                  meta={"note": "a & b < c", "author": "dana"}),
             Unit("Line\r\nbreak & <tag> \"quoted\"", "Перенос\r\nстроки", MACHINE, "atau:0.1.0|en-ru|beam:4",
                  "ab" * 32, created="2026-01-02T03:04:06Z")]
    buffer = io.StringIO()
    assert write_tmx(buffer, units, "en", "ru", created="2026-12-04T08:00:00Z") == (2, 0)
    text = buffer.getvalue()
    assert '<tmx version="1.4">' in text and 'srclang="en"' in text and 'creationdate="20261204T080000Z"' in text
    back, skipped = tmx_units(read(text), "en", "ru")
    assert skipped == 0
    assert [(u.source, u.target, u.origin, u.signature, u.glossary, u.created, u.meta) for u in back] == \
        [(u.source, u.target, u.origin, u.signature, u.glossary, u.created, u.meta) for u in units]


def test_a_unit_xml_cannot_hold_is_skipped_and_counted():
    buffer = io.StringIO()
    assert write_tmx(buffer, [Unit("bell \x07", "x"), Unit("ok", "ок")], "en", "ru", created="2026-01-01T00:00:00Z") == (1, 1)
    assert [u.source for u in tmx_units(read(buffer.getvalue()), "en", "ru")[0]] == ["ok"]


@pytest.mark.parametrize("text, message", [
    ("<tmx version='1.4'><header/><body><tu>", "not well-formed XML"),
    ("not xml at all", "not well-formed XML"),
    ("<html/>", "not a TMX file: the root element is <html>"),
    ("<tmx version='2.0'><header/><body/></tmx>", "unsupported TMX version '2.0'"),
    ("<tmx version='1.4'><body/></tmx>", "<body> before <header>"),
    ("<tmx version='1.4'><header/><body><tu><tuv><seg>x</seg></tuv></tu></body></tmx>", "<tuv> without xml:lang"),
    ("<tmx version='1.4'><header/><body><tu></tu></body></tmx>", "<tu> without any <tuv>"),
    ("<tmx version='1.4'><header/><body><tu><tuv xml:lang='en'><seg>a <b>x</b></seg></tuv></tu></body></tmx>",
     "<b> inside <seg>"),
    ("<?xml version='1.0'?><!DOCTYPE tmx [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;'>]><tmx version='1.4'/>",
     "refused: EntitiesForbidden"),
    ("<!DOCTYPE tmx [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><tmx version='1.4'>&x;</tmx>", "refused"),
])
def test_bad_files_are_one_error_with_the_place(text, message):
    with pytest.raises(InputError) as info:
        read(text)
    assert message in str(info.value) and str(info.value).startswith("x.tmx")


def test_deep_nesting_is_refused():
    text = ("<tmx version='1.4'><header/><body><tu><tuv xml:lang='en'><seg>" + "<hi>" * MAX_DEPTH + "x"
            + "</hi>" * MAX_DEPTH + "</seg></tuv></tu></body></tmx>")
    with pytest.raises(InputError, match=f"nested more than {MAX_DEPTH} deep"):
        read(text)
