"""toolkit.gettext.catalog: glossary catalogs, documents as PO, pre-translation, QA."""

import doctest
import gettext
import io
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import polib
import pytest

from toolkit.gettext import catalog as catalog_module
from toolkit.gettext.catalog import (
    LAYOUT_FIELD,
    check_catalog,
    document_to_po,
    glossary_catalog,
    glossary_terms_in,
    load_po,
    new_catalog,
    plural_examples,
    po_to_document,
    pretranslate,
    read_po,
    update_catalog,
    write_glossary_catalogs,
    write_po,
)
from toolkit.errors import InputError
from toolkit.gettext.placeholders import compare
from toolkit.termbase.store import PACKAGED_GLOSSARY, load_glossary

DATA = Path(__file__).parents[1] / "data" / "po"
REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def g():
    return load_glossary(DATA / "glossary.tbx")


def msgfmt_check(path: Path) -> None:
    """msgfmt --check --check-format passes (CI installs gettext)."""
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    result = subprocess.run(["msgfmt", "--check", "--check-format", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr, result.stderr


def save(catalog, path: Path) -> Path:
    buffer = io.StringIO()
    write_po(buffer, catalog)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_doctests():
    assert doctest.testmod(catalog_module).failed == 0


# -- locales ------------------------------------------------------------------

def test_plural_examples_from_cldr():
    assert plural_examples("ru") == [(0, "one", 1), (1, "few", 2), (2, "many", 5)]
    assert plural_examples("kk") == [(0, "one", 1), (1, "other", 2)]


# -- glossary catalogs ----------------------------------------------------------

def test_glossary_catalog_entries_and_headers(g):
    po = glossary_catalog(g, "ru")
    assert po.metadata["Language"] == "ru"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3; plural=")
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Project-Id-Version"] == "glossary"
    assert po.metadata["X-Atau-Glossary"] == g.fingerprint()
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


# -- glossary hints -----------------------------------------------------------------

def test_glossary_terms_in_any_status_word_boundaries(g):
    hits = glossary_terms_in("The upper house and the MAZHILIS; not Mazhilisman.", g, "en", "ru")
    assert [(h.concept.id, h.source.text, h.target.text) for h in hits] == [
        ("senate", "Upper House", "Сенат"), ("mazhilis", "Mazhilis", "Мажилис")]


def test_glossary_comments_name_approved_alternatives_and_terms_to_avoid():
    from toolkit.gettext.catalog import glossary_comments
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


# -- documents -----------------------------------------------------------------------

ARTICLE = (DATA / "article.md").read_text(encoding="utf-8")


def test_document_to_po_without_translations(g, tmp_path):
    po = document_to_po(ARTICLE, "en", "ru", fmt="md", glossary=g, source_name="article.md")
    rows = [(e.msgctxt, e.msgid, e.msgstr, e.fuzzy) for e in po]
    assert rows == [
        ("p1.s1", "President Tokayev addresses the Senate", "", False),
        ("p2.s1", "Kassym-Jomart Tokayev spoke at a joint session of the Chambers today.", "", False),
        ("p2.s2", "The Mazhilis  adopted the bill.", "", False),
        ("p3.s1", "First, the *Senate* approved it.", "", False),
        ("p4.s1", "Then the Head of State signed it.", "", False),
        ("p5.s1", "Thank you.", "", False),
        ("p6.s1", "Thank you.", "", False),
    ]
    assert len({e.msgctxt for e in po}) == 7
    assert po[0].comment.split("\n") == ["heading", "glossary: Senate → Сенат (preferred)",
                                         "glossary: Senate → здание Сената (preferred)"]
    assert po[2].comment == "glossary: Mazhilis → Мажилис (preferred); not: Меджлис (forbidden)"
    assert po[0].occurrences == [("article.md", "1")]
    assert po.metadata["Language"] == "ru" and po.metadata["X-Atau-Format"] == "md"
    msgfmt_check(save(po, tmp_path / "article.ru.po"))


def test_document_to_po_with_translations_is_fuzzy(g, tmp_path):
    from toolkit.documents import parse_document

    doc = parse_document(ARTICLE, "md", "en")
    targets = [f"RU:{s.text}" for s in doc.sentences]
    notes = [["mt: length-ratio: too long"] if s.index == 1 else [] for s in doc.sentences]
    po = document_to_po(doc, "en", "ru", glossary=g, translations=targets, provenance="fake@1",
                        notes=notes)
    assert all(e.fuzzy and e.msgstr == "RU:" + e.msgid for e in po)
    assert po[1].comment == "mt: length-ratio: too long"
    assert po.metadata["X-Atau-MT"] == "fake@1"
    msgfmt_check(save(po, tmp_path / "a.po"))
    with pytest.raises(ValueError):
        document_to_po(doc, "en", "ru", translations=targets[:-1])


def test_apply_restores_structure_exactly(tmp_path):
    po = document_to_po(ARTICLE, "en", "ru", fmt="md")
    for e in po:
        e.msgstr = f"[{e.msgid}]"
    result = po_to_document(read_po(io.StringIO(str(po))))
    assert result.text == (
        "# [President Tokayev addresses the Senate]\n"
        "\n"
        "[Kassym-Jomart Tokayev spoke at a joint session of the Chambers today.]  "
        "[The Mazhilis  adopted the bill.]\n"
        "\n"
        "- [First, the *Senate* approved it.]\n"
        "- [Then the Head of State signed it.]\n"
        "\n"
        "[Thank you.]\n"
        "[Thank you.]\n"
        "\n"
        "    code block stays\n")
    assert result.untranslated == () and result.fuzzy == ()
    for e in po:
        e.msgstr = e.msgid
    assert po_to_document(po).text == ARTICLE


def test_apply_survives_editor_reordering_and_rewrapping():
    po = document_to_po(ARTICLE, "en", "ru", fmt="md")
    for e in po:
        e.msgstr = f"<{e.msgctxt}>"
    # an editor: entries in another order, long lines wrapped at 30, CRLF line ends
    shuffled = polib.POFile(wrapwidth=30)
    shuffled.metadata = po.metadata
    for e in reversed(list(po)):
        shuffled.append(e)
    text = str(shuffled).replace("\n", "\r\n")
    assert 'msgid ""\r\n"President Tokayev addresses "\r\n"the Senate"\r\n' in text  # wrapped
    result = po_to_document(read_po(io.BytesIO(text.encode("utf-8"))))
    assert result.text.splitlines()[0] == "# <p1.s1>"
    assert result.text.count("<p") == 7
    assert result.text.endswith("<p5.s1>\n<p6.s1>\n\n    code block stays\n")


def test_apply_lists_untranslated_and_fuzzy():
    po = document_to_po("One. Two.\n\nThree.\n", "en", "kk",
                        translations=["Бір.", "", "Үш."])
    po[0].flags.remove("fuzzy")  # reviewed by a person
    result = po_to_document(po)
    assert result.text == "Бір. Two.\n\nҮш.\n"
    assert [(u.context, u.source, u.line) for u in result.untranslated] == [("p1.s2", "Two.", 1)]
    assert result.fuzzy == ("p2.s1",)
    strict = po_to_document(po, use_fuzzy=False)
    assert strict.text == "Бір. Two.\n\nThree.\n"
    assert [u.context for u in strict.untranslated] == ["p1.s2", "p2.s1"]


def test_apply_json_document_escapes_translations():
    text = '{"title": "The Senate met.", "n": 3}\n'
    po = document_to_po(text, "en", "ru", fmt="json")
    po[0].msgstr = 'Сенат "собрался".'
    assert po_to_document(po).text == '{"title": "Сенат \\"собрался\\".", "n": 3}\n'


def test_apply_needs_layout_header():
    po = polib.POFile()
    with pytest.raises(InputError, match=LAYOUT_FIELD):
        po_to_document(po)
    po.metadata = {LAYOUT_FIELD: "not base64!"}
    with pytest.raises(InputError, match="damaged"):
        po_to_document(po)


# -- pre-translation -----------------------------------------------------------------

class Fake:
    """A fake MT: records its inputs; ``transform`` maps one text to its output."""

    def __init__(self, transform=lambda t: f"«{t}»"):
        self.transform = transform
        self.calls: list[list[str]] = []

    def __call__(self, texts):
        self.calls.append(list(texts))
        return [self.transform(t) for t in texts]


def entries(po):
    return {(e.msgctxt, e.msgid): e for e in po if e.msgid}


def test_new_catalog_headers_from_locale():
    pot = load_po(DATA / "messages.pot")
    po = new_catalog(pot, "kk", now=NOW)
    md = po.metadata
    assert md["Language"] == "kk"
    assert md["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert md["Content-Type"] == "text/plain; charset=UTF-8"
    assert md["Last-Translator"] == "" and md["Language-Team"] == ""
    assert md["PO-Revision-Date"] == "2026-06-01 12:00+0000"
    assert md["POT-Creation-Date"] == "2026-05-01 10:00+0000"
    assert not po.metadata_is_fuzzy
    ru = new_catalog(pot, "ru")
    plural = entries(ru)[(None, "%d deputy")]
    assert sorted(plural.msgstr_plural) == [0, 1, 2]


def test_new_catalog_from_a_po_of_the_same_language_keeps_its_translations():
    po = load_po(DATA / "partial.ru.po")
    kept = new_catalog(po, "ru")
    assert [(e.msgid, e.msgstr, e.fuzzy) for e in kept][:2] == [
        ("The Senate met today.", "Сенат сегодня провёл заседание.", False),
        ("Saved %s to %s.", "%s сохранён в %s.", True)]
    assert all(not e.msgstr and not e.fuzzy for e in new_catalog(po, "kk") if not e.msgid_plural)


def test_pretranslate_fills_marks_fuzzy_and_passes_msgfmt(g, tmp_path):
    po = new_catalog(load_po(DATA / "messages.pot"), "ru", now=NOW)
    fake = Fake()
    report = pretranslate(po, fake, "ru", glossary=g, provenance="fake@1")
    assert len(fake.calls) == 1
    assert report.translated == 9 and report.kept == 0 and report.failed == ()
    e = entries(po)
    hello = e[(None, "Hello %(name)s, you have %(count)d new messages")]
    assert hello.msgstr == "«Hello %(name)s, you have %(count)d new messages»"
    assert hello.fuzzy and "python-format" in hello.flags
    assert e[(None, "Read <b>the Mazhilis</b> news &amp; more")].msgstr == \
        "«Read <b>the Mazhilis</b> news &amp; more»"
    senate = e[("menu", "Senate")]
    assert senate.comment.split("\n") == [
        "glossary: Senate → Сенат (preferred)", "glossary: Senate → здание Сената (preferred)",
        "atau: machine translation (fake@1)"]
    path = save(po, tmp_path / "ru.po")
    msgfmt_check(path)
    # what the model saw: tokens, never raw placeholders
    sent = fake.calls[0]
    assert "Hello <x1/>, you have <x2/> new messages" in sent
    assert not any("%(" in t or "{name}" in t for t in sent)


def test_plural_forms_get_one_translation_per_cldr_category():
    po = new_catalog(load_po(DATA / "messages.pot"), "ru")
    fake = Fake()
    pretranslate(po, fake, "ru")
    sent = fake.calls[0]
    assert ["1 deputy", "2 deputies", "5 deputies"] == [t for t in sent if t.endswith(("deputy", "deputies"))]
    # "One new bill" has no number: form 0 serves 1, 21, 31... so the plural with 21
    assert ["21 new bills", "2 new bills", "5 new bills"] == [t for t in sent if "bill" in t]
    e = entries(po)
    assert e[(None, "%d deputy")].msgstr_plural == {0: "«%d deputy»", 1: "«%d deputies»",
                                                    2: "«%d deputies»"}
    assert e[(None, "One new bill")].msgstr_plural == {0: "«{n} new bills»", 1: "«{n} new bills»",
                                                       2: "«{n} new bills»"}
    kk = new_catalog(load_po(DATA / "messages.pot"), "kk")
    fake = Fake()
    pretranslate(kk, fake, "kk")
    assert [t for t in fake.calls[0] if t.endswith(("deputy", "deputies"))] == ["1 deputy", "2 deputies"]
    assert len(entries(kk)[(None, "%d deputy")].msgstr_plural) == 2


def test_plural_number_avoids_numbers_already_in_the_text():
    po = polib.POFile()
    po.metadata = {"Language": "ru"}
    po.append(polib.POEntry(msgid="%d bill in 2 days", msgid_plural="%d bills in 2 days",
                            flags=["python-format"], msgstr_plural={0: "", 1: "", 2: ""}))
    fake = Fake(lambda t: t)
    pretranslate(po, fake, "ru")
    assert fake.calls[0] == ["1 bill in 2 days", "3 bills in 2 days", "5 bills in 2 days"]
    assert po[0].msgstr_plural == {0: "%d bill in 2 days", 1: "%d bills in 2 days",
                                   2: "%d bills in 2 days"}


def _mangle_tokens(text: str) -> str:
    """What models do to tokens: spaces, Cyrillic x, full-width, dropped, repeated."""
    return (text.replace("<x1/>", "< x1 />").replace("<x2/>", "")
            .replace("<x3/>", "＜ｘ３／＞ <x3/>").replace("<x4/>", "<х4/>"))


def test_placeholders_survive_a_mangling_translator(tmp_path):
    po = new_catalog(load_po(DATA / "messages.pot"), "ru", now=NOW)
    report = pretranslate(po, Fake(_mangle_tokens), "ru")
    for e in po:
        if not e.msgid:
            continue
        forms = e.msgstr_plural.values() if e.msgid_plural else [e.msgstr]
        for form in forms:
            assert compare(e.msgid_plural or e.msgid, form, e.flags) == [], (e.msgid, form)
    whats = [(r.msgid, r.form, r.what) for r in report.repairs]
    assert ("Read <b>the Mazhilis</b> news &amp; more", None, "inserted '</b>'") in whats
    assert ("Hello %(name)s, you have %(count)d new messages", None, "inserted '%(count)d'") in whats
    assert ("Read <b>the Mazhilis</b> news &amp; more", None, "removed '&amp;' (was '<x3/>')") in whats
    e = entries(po)[(None, "Read <b>the Mazhilis</b> news &amp; more")]
    assert e.msgstr == "Read <b>the Mazhilis</b> news &amp; more"
    assert check_catalog(po) == []
    msgfmt_check(save(po, tmp_path / "ru.po"))


def _mangle_raw(text: str) -> str:
    """The known failures of MT on raw placeholders."""
    return (text.replace("%(name)s", "%(имя)s").replace("%(count)d", "％（count）d")
            .replace("%1$s", "% 1 $ s").replace("{amount:.2f}", "{ amount:.2f }")
            .replace("</b>", "").replace("%s to %s", "% s в"))


def test_raw_placeholders_are_repaired_without_masking(tmp_path):
    po = new_catalog(load_po(DATA / "messages.pot"), "ru", now=NOW)
    fake = Fake(_mangle_raw)
    report = pretranslate(po, fake, "ru", masking=False)
    assert "Hello %(name)s, you have %(count)d new messages" in fake.calls[0]
    e = entries(po)
    assert e[(None, "Hello %(name)s, you have %(count)d new messages")].msgstr == \
        "Hello %(name)s, you have %(count)d new messages"
    assert e[(None, "%1$s of %2$s deputies voted")].msgstr == "%1$s of %2$s deputies voted"
    assert e[(None, "{name} spent {amount:.2f} tenge")].msgstr == "{name} spent {amount:.2f} tenge"
    assert check_catalog(po) == []
    whats = {r.what for r in report.repairs}
    assert "renamed '%(name)s' (was '%(имя)s')" in whats
    assert "normalised '%(count)d' (was '％（count）d')" in whats
    assert "normalised '%1$s' (was '% 1 $ s')" in whats
    msgfmt_check(save(po, tmp_path / "ru.po"))


def test_update_never_changes_a_translated_entry(tmp_path):
    existing = load_po(DATA / "partial.ru.po")
    before = {(e.msgctxt, e.msgid): str(e) for e in existing if e.msgstr or any(e.msgstr_plural.values())}
    update_catalog(existing, load_po(DATA / "messages.pot"), "ru")
    fake = Fake()
    report = pretranslate(existing, fake, "ru")
    assert report.kept == 3 and report.translated == 6
    after = {(e.msgctxt, e.msgid): e for e in existing}
    for key, text in before.items():
        if key == (None, "Gone"):
            assert after[key].obsolete  # no longer in the template
            continue
        assert str(after[key]) == text
    assert after[(None, "The Senate met today.")].msgstr == "Сенат сегодня провёл заседание."
    assert not after[(None, "The Senate met today.")].fuzzy
    assert after[(None, "Saved %s to %s.")].msgstr == "%s сохранён в %s."
    assert after[(None, "%d deputy")].msgstr_plural[2] == "%d депутатов"
    assert not any("Senate met" in t or t.endswith(("deputy", "deputies")) for t in fake.calls[0])
    assert after[(None, "{name} spent {amount:.2f} tenge")].fuzzy
    msgfmt_check(save(existing, tmp_path / "ru.po"))


def test_pretranslate_enforces_glossary(g):
    po = new_catalog(load_po(DATA / "messages.pot"), "ru")
    pretranslate(po, Fake(lambda t: t.replace("the Mazhilis", "Меджлиса")), "ru", glossary=g)
    e = entries(po)[(None, "Read <b>the Mazhilis</b> news &amp; more")]
    assert e.msgstr == "Read <b>Мажилиса</b> news &amp; more"
    assert "atau: machine translation; repaired: Меджлиса → Мажилиса" in e.comment


def test_pretranslate_leaves_entries_the_model_failed_on_untranslated():
    po = new_catalog(load_po(DATA / "messages.pot"), "ru")
    report = pretranslate(po, Fake(lambda t: "" if "Senate" in t else t), "ru")
    assert report.failed == ("The Senate met today.", "Senate")
    assert entries(po)[("menu", "Senate")].msgstr == ""


def test_pretranslate_translates_line_by_line_and_keeps_surrounding_whitespace(tmp_path):
    po = polib.POFile()
    po.metadata = {"Language": "kk", "Content-Type": "text/plain; charset=UTF-8",
                   "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(polib.POEntry(msgid="Usage:\n"))
    po.append(polib.POEntry(msgid="  Options:\n\n  -h  Show help.\n", flags=["c-format"]))
    fake = Fake()
    pretranslate(po, fake, "kk")
    assert fake.calls == [["Usage:", "Options:", "-h  Show help."]]
    assert [e.msgstr for e in po] == ["«Usage:»\n", "  «Options:»\n\n  «-h  Show help.»\n"]
    msgfmt_check(save(po, tmp_path / "kk.po"))


def test_pretranslate_rejects_wrong_number_of_outputs():
    po = new_catalog(load_po(DATA / "messages.pot"), "ru")
    with pytest.raises(ValueError):
        pretranslate(po, lambda texts: texts[:-1], "ru")


# -- QA ------------------------------------------------------------------------------

def test_check_finds_every_kind_of_problem(g):
    findings = check_catalog(load_po(DATA / "problems.ru.po"), glossary=g)
    assert [(f.check, f.line, f.form, f.fuzzy, f.message) for f in findings] == [
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
    assert [(f.msgid, f.check) for f in findings] == [
        ("In the Mazhilis", "glossary-forbidden")]


def test_check_plural_form_for_one_number_may_omit_the_count():
    po = polib.POFile()
    po.metadata = {"Language": "kk", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(polib.POEntry(msgid="%d bill", msgid_plural="%d bills", flags=["python-format"],
                            msgstr_plural={0: "бір заң жобасы", 1: "%d заң жобасы"}))
    assert check_catalog(po) == []
    po.metadata = {"Language": "ru", "Plural-Forms": catalog_module.locale_headers("ru")["Plural-Forms"]}
    po[0].msgstr_plural = {0: "один законопроект", 1: "%d законопроекта", 2: "%d законопроектов"}
    assert [f.message for f in check_catalog(po)] == [
        "msgstr[0]: missing printf placeholder '%d'"]


def test_check_line_breaks_at_start_and_end():
    po = polib.POFile()
    po.metadata = {"Language": "ru"}
    po.append(polib.POEntry(msgid="Usage:\n", msgstr="Использование:"))
    po.append(polib.POEntry(msgid="\nDone", msgstr="\nГотово"))
    assert [(f.check, f.message) for f in check_catalog(po)] == [
        ("line-breaks", "msgid and msgstr differ in ending with a line break (\\n)")]


def test_check_header_plural_forms_mismatch():
    po = polib.POFile()
    po.metadata = {"Language": "ru", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    assert [f.check for f in check_catalog(po)] == ["plural-forms"]


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


# -- property: any document survives the PO round trip -------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_ALPHABET = st.sampled_from(list("ab Z.,!?:;-*#>|`\"'\\\t\r\n%{}<>&1 ") + ["Сенат", "Мәжіліс", " the Senate. "])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(_ALPHABET, max_size=40).map("".join), fmt=st.sampled_from(["txt", "md"]))
def test_any_document_comes_back_through_a_po_file(text, fmt):
    po = document_to_po(text, "en", "ru", fmt=fmt)
    for e in po:
        e.msgstr = e.msgid
    reread = read_po(io.StringIO(str(po)))
    assert po_to_document(reread).text == text
