"""Atau speaks Russian and Kazakh: its own catalogs are complete, correct,
compiled and used.

When a test here fails after you added or changed a user-facing string, run
``python scripts/update_locales.py`` (re-extracts, merges and compiles), then
translate the new entries in locales/{ru,kk}/LC_MESSAGES/atau.po and run it
again.
"""

import gettext
import importlib.util
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.gettext.check import check_catalog
from toolkit.gettext.po import load_po, write_mo
from toolkit.i18n import DOMAIN, LOCALE_DIR

REPO = Path(__file__).resolve().parent.parent
LANGS = ("ru", "kk")
FIX = "run: python scripts/update_locales.py"


def _script():
    spec = importlib.util.spec_from_file_location("update_locales", REPO / "scripts/update_locales.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def po_file(lang):
    return REPO / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def test_every_marked_string_is_in_the_template():
    extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in _script().extract() if m.id}
    template = {e.msgid for e in load_po(REPO / "locales" / "atau.pot")}
    missing = sorted(extracted - template)
    assert not missing, f"{len(missing)} message(s) not in locales/atau.pot ({FIX}): {missing[:5]}"


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_has_every_template_message(lang):
    template = {(e.msgctxt, e.msgid) for e in load_po(REPO / "locales" / "atau.pot")}
    po = {(e.msgctxt, e.msgid) for e in load_po(po_file(lang)) if not e.obsolete}
    assert template <= po, f"{po_file(lang)} is behind the template ({FIX})"


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_mo_matches_po(lang):
    """toolkit/locales/<lang>/LC_MESSAGES/atau.mo is the compiled atau.po."""
    buffer = io.BytesIO()
    write_mo(buffer, load_po(po_file(lang)))
    shipped = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    assert shipped.read_bytes() == buffer.getvalue(), f"{shipped} is stale ({FIX})"


@pytest.mark.parametrize("lang, nplurals", [("ru", 3), ("kk", 2)])
def test_catalog_headers_and_translations_are_valid(lang, nplurals):
    po = load_po(po_file(lang))
    assert po.metadata["Language"] == lang
    assert po.metadata["Plural-Forms"].startswith(f"nplurals={nplurals};")
    assert not po.metadata_is_fuzzy
    assert check_catalog(po) == []  # placeholders and plural counts
    for entry in po.translated_entries():
        if entry.msgid.startswith("Example") or "\n\nExample: " in entry.msgid:
            assert ("\n\nПример: " if lang == "ru" else "\n\nМысал: ") in entry.msgstr


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_passes_msgfmt(lang):
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    result = subprocess.run(["msgfmt", "--check", "--check-format", "-o", "/dev/null",
                             str(po_file(lang))], capture_output=True, text=True)
    assert result.returncode == 0 and "error" not in result.stderr, result.stderr


def test_glossary_terms_are_the_official_ones():
    ru = {e.msgid: e.msgstr for e in load_po(po_file("ru"))}
    kk = {e.msgid: e.msgstr for e in load_po(po_file("kk"))}
    example = "Keep the termbase: concepts with English, Russian and Kazakh terms.\n\n" \
              "Example: atau glossary search Mazhilis"
    assert example in ru and example in kk
    # A wrong name appears only where the English has it too (an example
    # command that searches for it or marks it forbidden).
    assert [m for m, t in ru.items() if "Меджлис" in t and "Меджлис" not in m] == []
    assert [m for m, t in kk.items() if "Мажилис" in t and "Мажилис" not in m] == []


@pytest.mark.parametrize("lang", LANGS)
def test_mo_loads_with_gettext_and_plural_rule(lang):
    t = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])
    assert t.gettext("error") == {"ru": "ошибка", "kk": "қате"}[lang]
    forms = [t.ngettext("{n} problem found", "{n} problems found", n).format(n=n) for n in (1, 2, 5, 21)]
    if lang == "ru":
        assert forms == ["найдена 1 проблема", "найдено 2 проблемы", "найдено 5 проблем",
                         "найдена 21 проблема"]
    else:
        assert forms == ["1 ақау табылды", "2 ақау табылды", "5 ақау табылды", "21 ақау табылды"]


def _help(env_lang: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(env_lang)
    return subprocess.run([sys.executable, "-m", "toolkit", *args, "--help"],
                          capture_output=True, text=True, env=env, cwd=REPO)


def test_language_kk_shows_kazakh_help():
    result = _help({"LANGUAGE": "kk"})
    assert result.returncode == 0, result.stderr
    assert "Қазақстанның ресми атауларының офлайн аудармасы мен терминологиясы" in result.stdout
    assert "Мысал: atau glossary list --lang ru" in result.stdout


def test_lang_ru_shows_russian_help():
    result = _help({"LANG": "ru_RU.UTF-8"}, "catalog")
    assert result.returncode == 0, result.stderr
    assert "Каталоги gettext: глоссарий в виде файлов PO/MO" in result.stdout


def test_english_by_default():
    result = _help({"LANG": "C"})
    assert "Atau: offline translation and terminology" in result.stdout


def test_command_help_from_docstrings_is_translated():
    result = _help({"LANGUAGE": "ru"}, "glossary", "list")
    assert result.returncode == 0, result.stderr
    assert "Вывести список понятий с их предпочтительными терминами." in result.stdout
    assert "Пример: atau glossary list --lang ru" in result.stdout
