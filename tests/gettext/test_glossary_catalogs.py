"""toolkit.gettext.glossary_catalogs: the glossary as catalogs, glossary hints."""

import doctest
import gettext
from pathlib import Path

from tests.gettext.conftest import REPO, msgfmt_check
from toolkit.gettext import glossary_catalogs
from toolkit.gettext.glossary_catalogs import (
    glossary_catalog,
    glossary_terms_in,
    write_glossary_catalogs,
)
from toolkit.gettext.po import load_po
from toolkit.signature import PO_HEADER, Signature
from toolkit.termbase.store import PACKAGED_GLOSSARY, load_glossary


def test_doctests():
    assert doctest.testmod(glossary_catalogs).failed == 0


def test_glossary_catalog_entries_and_headers(g):
    po = glossary_catalog(g, "ru")
    assert po.metadata["Language"] == "ru"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3; plural=")
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Project-Id-Version"] == "glossary"
    assert po.metadata[PO_HEADER] == str(Signature("en", "ru", g.fingerprint()))
    assert "X-Atau-Glossary" not in po.metadata
    assert "POT-Creation-Date" not in po.metadata
    assert [(e.msgctxt, e.msgid, e.msgstr) for e in po] == [
        ("senate", "Senate", "Сенат"),
        (None, "Mazhilis", "Мажилис"),
        ("senate-building", "Senate", "здание Сената"),
    ]
    assert po[0].comment.split("\n") == [
        "concept: senate (parliament)", "definition: The upper chamber of the Parliament.",
        "en admitted: Upper House", "ru grammar: properNoun, masculine"]
    assert po[1].comment.split("\n") == ["concept: mazhilis (parliament)", "ru forbidden: Меджлис"]
    kk = glossary_catalog(g, "kk")
    assert kk.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert kk[1].msgstr == "Мәжіліс"
    assert kk[1].comment.split("\n")[-1] == "kk deprecated: Мажилис"
    assert kk[2].msgstr == "" and "no kk term in the glossary" in kk[2].comment


def test_glossary_catalogs_pass_msgfmt_load_in_gettext_and_are_byte_stable(g, tmp_path):
    first = write_glossary_catalogs(g, tmp_path / "a", ["ru", "kk"])
    second = write_glossary_catalogs(g, tmp_path / "b", ["ru", "kk"])
    assert [p.relative_to(tmp_path / "a") for p in first] == [
        Path("ru/LC_MESSAGES/glossary.po"), Path("ru/LC_MESSAGES/glossary.mo"),
        Path("kk/LC_MESSAGES/glossary.po"), Path("kk/LC_MESSAGES/glossary.mo")]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes()
    for path in first[::2]:
        msgfmt_check(path)
    ru = gettext.translation("glossary", tmp_path / "a", languages=["ru"])
    assert ru.gettext("Mazhilis") == "Мажилис"
    assert ru.pgettext("senate-building", "Senate") == "здание Сената"
    assert ru.ngettext("x", "y", 5) == "y"  # plural rule loaded from the header
    kk = gettext.translation("glossary", tmp_path / "a", languages=["kk"])
    assert kk.gettext("Mazhilis") == "Мәжіліс"


def test_shipped_glossary_catalogs_are_up_to_date(tmp_path):
    """locales/<lang>/LC_MESSAGES/glossary.{po,mo} are built from the shipped
    glossary; after changing it run: python scripts/update_locales.py"""
    shipped = load_glossary(PACKAGED_GLOSSARY)
    written = write_glossary_catalogs(shipped, tmp_path, ["ru", "kk"])
    for path in written:
        committed = REPO / "locales" / path.relative_to(tmp_path)
        assert committed.exists(), f"{committed} missing: run python scripts/update_locales.py"
        assert committed.read_bytes() == path.read_bytes(), \
            f"{committed} is out of date: run python scripts/update_locales.py"
    senate = [e for e in load_po(REPO / "locales/ru/LC_MESSAGES/glossary.po") if e.msgid == "Senate"]
    assert senate and senate[0].msgstr == "Сенат"


def test_glossary_terms_in_any_status_word_boundaries(g):
    hits = glossary_terms_in("The upper house and the MAZHILIS; not Mazhilisman.", g, "en", "ru")
    assert [(h.concept.id, h.source.text, h.target.text) for h in hits] == [
        ("senate", "Upper House", "Сенат"), ("mazhilis", "Mazhilis", "Мажилис")]


def test_glossary_comments_name_approved_alternatives_and_terms_to_avoid():
    from toolkit.gettext.glossary_catalogs import glossary_comments
    from toolkit.termbase.model import Concept, Glossary, Term

    g = Glossary([Concept("kz", (Term("Republic of Kazakhstan", "en"),
                                 Term("Kazakhstan", "en", status="admitted"),
                                 Term("Республика Казахстан", "ru"),
                                 Term("Казахстан", "ru", status="admitted"),
                                 Term("Казахстанская республика", "ru", status="deprecated")))])
    hits = glossary_terms_in("Kazakhstan votes.", g, "en", "ru")
    assert glossary_comments(hits, "ru") == [
        "glossary: Kazakhstan → Республика Казахстан (preferred); also: Казахстан (admitted); "
        "not: Казахстанская республика (deprecated)"]
