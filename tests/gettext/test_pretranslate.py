"""toolkit.gettext.pretranslate: new catalogs, merging templates, machine pre-translation."""

import io
import shutil
import subprocess

import polib
import pytest

from tests.gettext.conftest import DATA, NOW, msgfmt_check, save
from toolkit.gettext.check import check_catalog
from toolkit.gettext.locales import locale_headers
from toolkit.gettext.placeholders import compare
from toolkit.gettext.po import load_po, write_po
from toolkit.gettext.pretranslate import new_catalog, pretranslate, update_catalog


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


def test_new_catalog_from_a_po_keeps_its_obsolete_entries_and_odd_characters():
    po = load_po(DATA / "obsolete.ru.po")
    po[0].msgstr = "Сенат\u2028сегодня"
    kept = new_catalog(po, "ru")
    assert kept[0].msgstr == "Сенат\u2028сегодня"
    text = io.StringIO()
    write_po(text, kept)
    assert '#~| msgid "The Senate meets today."\n' in text.getvalue()


GETTEXT_RU = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
              "(n%100<10 || n%100>=20) ? 1 : 2);")


def test_a_pos_own_valid_plural_forms_header_is_kept():
    """Another way of writing CLDR's rule stays as the file has it."""
    po = load_po(DATA / "partial.ru.po")
    assert po.metadata["Plural-Forms"] == GETTEXT_RU
    assert new_catalog(po, "ru").metadata["Plural-Forms"] == GETTEXT_RU
    update_catalog(po, load_po(DATA / "messages.pot"), "ru")
    assert po.metadata["Plural-Forms"] == GETTEXT_RU


@pytest.mark.parametrize("header", [
    None, "", "nplurals=INTEGER; plural=EXPRESSION;",
    "nplurals=2; plural=(n != 1);",  # English's rule: wrong for Russian
    "nplurals=3; plural=(n > 1);",  # picks other forms than CLDR's
    "nplurals=3; plural=n %% 10;",  # not an expression gettext can evaluate
])
def test_a_missing_template_or_wrong_plural_forms_header_is_filled_from_cldr(header):
    cldr = locale_headers("ru")["Plural-Forms"]
    for merge in (False, True):
        po = load_po(DATA / "partial.ru.po")
        if header is None:
            del po.metadata["Plural-Forms"]
        else:
            po.metadata["Plural-Forms"] = header
        if merge:
            update_catalog(po, load_po(DATA / "messages.pot"), "ru")
        else:
            po = new_catalog(po, "ru")
        assert po.metadata["Plural-Forms"] == cldr, (header, merge)


def _merged_with_msgmerge(po_path, pot_path) -> str:
    if shutil.which("msgmerge") is None:
        pytest.skip("msgmerge (GNU gettext) is not installed")
    return subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", str(po_path), str(pot_path)],
                          capture_output=True, text=True, check=True).stdout


def _po(tmp_path, name, body, language="ru"):
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              + (f'"Language: {language}\\n"\n"Plural-Forms: {GETTEXT_RU}\\n"\n' if language else "") + "\n")
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def test_update_gives_every_plural_entry_the_forms_the_language_needs(tmp_path):
    """The template's plural entries have two msgstr[n] (English); a Russian
    catalog gets three, whether the entry is new, was there untranslated or
    was obsolete."""
    pot = _po(tmp_path, "two.pot", '#, python-format\nmsgid "%d deputy"\nmsgid_plural "%d deputies"\n'
              'msgstr[0] ""\nmsgstr[1] ""\n\n#, python-format\nmsgid "%d bill"\nmsgid_plural "%d bills"\n'
              'msgstr[0] ""\nmsgstr[1] ""\n\nmsgid "Senate"\nmsgstr ""\n', language=None)
    po = _po(tmp_path, "ru.po", '#, python-format\nmsgid "%d deputy"\nmsgid_plural "%d deputies"\n'
             'msgstr[0] ""\nmsgstr[1] ""\n\n#, python-format\n#~ msgid "%d bill"\n#~ msgid_plural "%d bills"\n'
             '#~ msgstr[0] ""\n#~ msgstr[1] ""\n')
    catalog = load_po(po)
    update_catalog(catalog, load_po(pot), "ru")
    assert [(e.msgid, e.obsolete, e.msgstr_plural) for e in catalog] == [
        ("%d deputy", False, {0: "", 1: "", 2: ""}), ("%d bill", False, {0: "", 1: "", 2: ""}),
        ("Senate", False, {})]
    pretranslate(catalog, Fake(), "ru")
    assert [len(e.msgstr_plural) for e in catalog] == [3, 3, 0]
    msgfmt_check(save(catalog, tmp_path / "out.po"))


def test_update_of_a_message_that_became_plural_keeps_its_translation_as_msgmerge(tmp_path):
    """msgmerge puts the old msgstr into every msgstr[n] and marks the entry
    fuzzy; polib's merge dropped the translation and left empty forms."""
    pot = _po(tmp_path, "two.pot", '#, python-format\nmsgid "%d deputy"\nmsgid_plural "%d deputies"\n'
              'msgstr[0] ""\nmsgstr[1] ""\n', language=None)
    po = _po(tmp_path, "ru.po", '#, python-format\nmsgid "%d deputy"\nmsgstr "%d депутат"\n')
    catalog = load_po(po)
    update_catalog(catalog, load_po(pot), "ru")
    entry = catalog[0]
    assert (entry.msgstr, entry.msgstr_plural, entry.flags) == (
        "", {0: "%d депутат", 1: "%d депутат", 2: "%d депутат"}, ["fuzzy", "python-format"])
    written = save(catalog, tmp_path / "out.po").read_text(encoding="utf-8")
    merged = _merged_with_msgmerge(po, pot)
    assert written.split("\n\n")[1:] == merged.split("\n\n")[1:]
    msgfmt_check(tmp_path / "out.po")


def test_update_of_a_message_no_longer_plural_keeps_its_first_form_as_msgmerge(tmp_path):
    """msgmerge keeps msgstr[0] as the msgstr, fuzzy; polib's merge left
    msgstr[n] without msgid_plural (msgfmt: missing 'msgid_plural' section)."""
    pot = _po(tmp_path, "one.pot", '#, python-format\nmsgid "%d deputy"\nmsgstr ""\n', language=None)
    po = _po(tmp_path, "ru.po", '#, python-format\nmsgid "%d deputy"\nmsgid_plural "%d deputies"\n'
             'msgstr[0] "%d депутат"\nmsgstr[1] "%d депутата"\nmsgstr[2] "%d депутатов"\n')
    catalog = load_po(po)
    update_catalog(catalog, load_po(pot), "ru")
    entry = catalog[0]
    assert (entry.msgstr, entry.msgstr_plural, entry.flags) == ("%d депутат", {}, ["fuzzy", "python-format"])
    written = save(catalog, tmp_path / "out.po").read_text(encoding="utf-8")
    assert written.split("\n\n")[1:] == _merged_with_msgmerge(po, pot).split("\n\n")[1:]
    msgfmt_check(tmp_path / "out.po")


LOOP = "Сенат Сенат Сенат Сенат Сенат."
LONG = ("Сенат сегодня провёл заседание, на котором депутаты обсудили бюджет, налоги, "
        "образование и многое другое.")


def _looping_and_long(text: str) -> str:
    return {"The Senate met today.": LOOP, "<x1/> spent <x2/> tenge": "<x1/>: " + LONG + " <x2/>"}.get(text, f"«{text}»")


def test_pretranslate_flags_looped_and_length_suspicious_translations_in_comments():
    """As 'atau translate' flags segments (mt: code: message), with the MT
    pipeline's own checks; the report has them as warnings."""
    po = new_catalog(load_po(DATA / "messages.pot"), "ru")
    report = pretranslate(po, Fake(_looping_and_long), "ru", provenance="fake@1")
    e = entries(po)
    assert e[(None, "The Senate met today.")].comment.split("\n") == [
        "atau: machine translation (fake@1)",
        "mt: repetition: 'сенат' repeats 4+ times: the model looped"]
    assert e[(None, "{name} spent {amount:.2f} tenge")].comment.split("\n") == [
        "atau: machine translation (fake@1)",
        "mt: length-ratio: the translation is 4.06 times as long as the source"]
    assert e[(None, "%d deputy")].comment == "atau: machine translation (fake@1)"
    assert [(f.code, f.severity, f.msgid, f.form) for f in report.flags] == [
        ("repetition", "warning", "The Senate met today.", None),
        ("length-ratio", "warning", "{name} spent {amount:.2f} tenge", None)]
    assert report.to_dict()["flags"][0]["code"] == "repetition"
    assert [f.pofilter for f in report.flags] == ["doublewords", "long"]


def test_glossary_hints_find_a_term_right_after_a_placeholder(g):
    po = polib.POFile()
    po.metadata = {"Language": "ru"}
    po.append(polib.POEntry(msgid="%sMazhilis", flags=["c-format"]))
    pretranslate(po, Fake(), "ru", glossary=g)
    assert po[0].comment.split("\n")[0] == "glossary: Mazhilis → Мажилис (preferred); not: Меджлис (forbidden)"


def test_pretranslate_reports_progress_in_batches():
    """With a progress callback the texts go to the translator in batches,
    and (done, total) is reported after each; without one, in one call."""
    po = new_catalog(load_po(DATA / "messages.pot"), "ru")
    fake, seen = Fake(), []
    pretranslate(po, fake, "ru", progress=lambda done, total: seen.append((done, total)), batch_size=5)
    assert [len(call) for call in fake.calls] == [5, 5, 3]
    assert seen == [(0, 13), (5, 13), (10, 13), (13, 13)]
    whole = new_catalog(load_po(DATA / "messages.pot"), "ru")
    pretranslate(whole, Fake(), "ru")
    assert [e.msgstr_plural or e.msgstr for e in po] == [e.msgstr_plural or e.msgstr for e in whole]
