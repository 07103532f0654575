"""TBX reading (v3 and v2 martif layouts) and deterministic writing."""

import io
from pathlib import Path

import pytest

from toolkit import GlossaryError
from toolkit.termbase.store import PACKAGED_GLOSSARY
from toolkit.termbase.tbx import dumps_tbx, loads_tbx, read_tbx, write_tbx
from toolkit.termbase.model import Concept, Glossary, Term

DATA = Path(__file__).parents[1] / "data" / "tbx"


def sample():
    return Glossary([
        Concept("mazhilis", (
            Term("Mazhilis", "en", pos="properNoun", source="parlam.kz"),
            Term("Мажилис", "ru", pos="properNoun", gender="masculine", number="singular"),
            Term("Меджлис", "ru", status="forbidden", note="Turkmen parliament <not ours> & wrong"),
            Term("Мәжіліс", "kk", case_sensitive=True),
        ), subject="parliament", definition="The lower chamber.", note='Say "Mazhilis".'),
    ], name="Test & co")


def test_round_trip_is_byte_identical():
    text = dumps_tbx(sample())
    again = dumps_tbx(loads_tbx(text.encode("utf-8")))
    assert again == text
    assert loads_tbx(text.encode()) == sample()


def test_shipped_glossary_round_trips_byte_for_byte():
    data = PACKAGED_GLOSSARY.read_bytes()
    assert dumps_tbx(loads_tbx(data)).encode("utf-8") == data


def test_packaged_glossary_is_the_repository_glossary():
    # The termbase is kept once, in glossary/; the package ships it through a
    # symbolic link (copied into wheels), never as a second copy to keep equal.
    repo = Path(__file__).parents[2] / "glossary" / "kazakhstan.tbx"
    assert PACKAGED_GLOSSARY.read_bytes() == repo.read_bytes()


def test_write_uses_tbx_basic_vocabulary():
    text = dumps_tbx(sample())
    assert '<tbx style="dca" type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">' in text
    assert '<termNote type="administrativeStatus">forbiddenTerm-admn-sts</termNote>' in text
    assert '<termNote type="grammaticalGender">masculine</termNote>' in text
    assert '<admin type="source">parlam.kz</admin>' in text
    assert "<note>Turkmen parliament &lt;not ours&gt; &amp; wrong</note>" in text
    assert '<termNote type="x-caseSensitive">yes</termNote>' in text


def test_write_to_file_object():
    buffer = io.BytesIO()
    write_tbx(sample(), buffer)
    assert read_tbx(io.BytesIO(buffer.getvalue())) == sample()


def test_martif_with_tig():
    g = loads_tbx((DATA / "martif-tig.tbx").read_bytes())
    assert g.name == "Parliament terms"
    c1 = g["c1"]
    assert c1.subject == "parliament"
    assert [(t.lang, t.text, t.status) for t in c1.terms] == [
        ("en", "Senate", "preferred"), ("en", "Upper House", "admitted"), ("ru-RU", "Сенат", "preferred")]
    assert c1.terms[0].pos == "noun" and c1.terms[2].gender == "masculine"
    c2 = g["c2"]
    assert c2.definition == "Lower chamber of the Parliament."
    assert [(t.text, t.status) for t in c2.terms_in("ru")] == [("Мажилис", "preferred"), ("Меджлис", "deprecated")]


def test_martif_with_ntig_termgrp():
    g = loads_tbx((DATA / "martif-ntig.tbx").read_bytes())
    akim = g["akim"]
    assert akim.terms[0].source == "akorda.kz" and akim.terms[0].pos == "noun"
    assert [(t.lang, t.text, t.status) for t in akim.terms_in("kk")] == [
        ("kk", "әкім", "preferred"), ("kk", "аким", "deprecated")]


def test_language_tags_compared_case_insensitively_and_kept_apart():
    g = loads_tbx((DATA / "tbx2019-other-tool.tbx").read_bytes())
    gov = g["government"]
    assert [(t.lang, t.text) for t in gov.terms] == [("en", "Government"), ("kk", "Үкімет"), ("kk-Latn", "Úkimet")]
    assert gov.preferred("kk").text == "Үкімет"


def test_malformed_xml_names_line_and_column():
    with pytest.raises(GlossaryError) as info:
        loads_tbx(b"<tbx>\n<text>\n</tbx>\n", "bad.tbx")
    assert str(info.value).startswith("bad.tbx:3:")
    assert "malformed XML: mismatched tag" in str(info.value)


def test_not_tbx_root():
    with pytest.raises(GlossaryError, match="root element is <html>"):
        loads_tbx(b"<html/>", "x.tbx")


@pytest.mark.parametrize("name", ["billion-laughs.tbx", "external-entity.tbx"])
def test_entities_are_refused(name):
    with pytest.raises(GlossaryError, match="refused: the file declares XML entities"):
        loads_tbx((DATA / name).read_bytes(), name)


def test_duplicate_ids_are_an_error_on_load():
    text = dumps_tbx(sample()).replace("</body>", '<conceptEntry id="mazhilis"/></body>')
    with pytest.raises(GlossaryError, match="duplicate concept id 'mazhilis'"):
        loads_tbx(text.encode())


def test_unknown_status_names_the_concept():
    text = dumps_tbx(sample()).replace("forbiddenTerm-admn-sts", "weirdTerm-admn-sts")
    with pytest.raises(GlossaryError, match="concept 'mazhilis': unknown term status 'weirdTerm-admn-sts'"):
        loads_tbx(text.encode())


# --------------------------------------------------------------------------
# TBX v2 ("martif", TBX-Basic 1.x) export


def dated_sample():
    g = sample()
    g.add(Concept("tselinograd", (
        Term("Astana", "en"),
        Term("Tselinograd", "en", status="deprecated", period="1961/1992", source="inform.kz"),
        Term("Целиноград", "ru", status="deprecated", period="1961/1992"),
    ), period="1998-06-10/.."))
    return g


def test_v2_layout_is_martif_with_tig():
    text = dumps_tbx(dated_sample(), version=2)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic-V1" xml:lang="en">\n'
                           "  <martifHeader>\n")
    assert text.endswith("  </text>\n</martif>\n")
    for v3_name in ("conceptEntry", "langSec", "termSec", "<tbx", "tbxHeader"):
        assert v3_name not in text
    assert '      <termEntry id="mazhilis">\n        <descrip type="subjectField">parliament</descrip>' in text
    assert ('        <langSet xml:lang="ru">\n          <tig>\n            <term>Мажилис</term>\n'
            '            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>') in text
    assert '<termNote type="administrativeStatus">forbiddenTerm-admn-sts</termNote>' in text
    assert '<termNote type="x-caseSensitive">yes</termNote>' in text
    assert '<termNote type="x-period">1961/1992</termNote>' in text
    assert '<descrip type="x-period">1998-06-10/..</descrip>' in text


def test_v2_round_trip_keeps_periods_forbidden_status_and_case_sensitivity():
    g = dated_sample()
    text = dumps_tbx(g, version=2)
    again = loads_tbx(text.encode("utf-8"))
    assert again == g and again.name == "Test & co"
    assert dumps_tbx(again, version=2) == text
    assert again["mazhilis"].terms_in("ru", ["forbidden"])[0].text == "Меджлис"
    assert again["mazhilis"].terms_in("kk")[0].case_sensitive is True
    assert str(again["tselinograd"].terms_in("ru")[0].period) == "1961/1992"


def test_shipped_glossary_round_trips_through_v2():
    g = loads_tbx(PACKAGED_GLOSSARY.read_bytes())
    assert loads_tbx(dumps_tbx(g, version=2).encode("utf-8")) == g


def test_unknown_version_is_refused():
    with pytest.raises(ValueError, match="Atau writes 2 or 3"):
        dumps_tbx(sample(), version=4)


def test_translate_toolkit_reads_the_v2_export():
    """Weblate reads TBX through translate-toolkit: what it reads, Weblate reads."""
    ttk = pytest.importorskip("translate.storage.tbx")
    store = ttk.tbxfile.parsestring(dumps_tbx(dated_sample(), version=2).encode("utf-8"), "en", "ru")
    units = {unit.getid(): unit for unit in store.units}
    assert sorted(units) == ["mazhilis", "tselinograd"]
    mazhilis = units["mazhilis"]
    assert (mazhilis.source, mazhilis.target) == ("Mazhilis", "Мажилис")
    assert [(t.text, t.administrative_status) for t in mazhilis.get_target_terms()] == [
        ("Мажилис", "preferredTerm-admn-sts"), ("Меджлис", "forbiddenTerm-admn-sts")]
    assert [t.text for t in units["tselinograd"].get_source_terms()] == ["Astana", "Tselinograd"]
    assert units["tselinograd"].get_source_terms()[1].deprecated


def test_translate_toolkit_reads_the_whole_shipped_glossary_as_v2():
    ttk = pytest.importorskip("translate.storage.tbx")
    g = loads_tbx(PACKAGED_GLOSSARY.read_bytes())
    store = ttk.tbxfile.parsestring(dumps_tbx(g, version=2).encode("utf-8"), "en", "kk")
    assert len(store.units) == len(g)
    def first(concept, lang):  # translate-toolkit's source/target: the first term of the langSet
        return next((t.text for t in concept.terms if t.lang == lang), "")

    assert [(u.getid(), u.source, u.target) for u in store.units] == [
        (c.id, first(c, "en"), first(c, "kk")) for c in g]
