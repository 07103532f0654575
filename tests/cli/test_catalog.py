"""'atau catalog' through the CLI: outputs, files, exit codes, errors."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.gettext.documents import document_to_po
from toolkit.gettext.po import load_po
from toolkit.cli.main import app

DATA = Path(__file__).parents[1] / "data" / "po"
REPO = Path(__file__).resolve().parents[2]
GLOSSARY = DATA / "glossary.tbx"


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args):
    return runner.invoke(app, [str(a) for a in args])


def msgfmt_check(path: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    result = subprocess.run(["msgfmt", "--check", "--check-format", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "error" not in result.stderr, result.stderr


# -- build ---------------------------------------------------------------------

def test_build_writes_po_and_mo_per_language_byte_stable(runner, tmp_path):
    result = run(runner, "catalog", "build", "-g", GLOSSARY, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"ru: 3 of 3 terms translated: {tmp_path}/ru/LC_MESSAGES/glossary.po (and .mo)\n"
        f"kk: 2 of 3 terms translated: {tmp_path}/kk/LC_MESSAGES/glossary.po (and .mo)\n")
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*"))
    assert files == ["kk/LC_MESSAGES/glossary.mo", "kk/LC_MESSAGES/glossary.po",
                     "ru/LC_MESSAGES/glossary.mo", "ru/LC_MESSAGES/glossary.po"]
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.*")}
    assert run(runner, "catalog", "build", "-g", GLOSSARY, "--out", tmp_path).exit_code == 0
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.*")} == before
    for po in tmp_path.rglob("*.po"):
        msgfmt_check(po)


def test_build_domain_and_langs(runner, tmp_path):
    result = run(runner, "catalog", "build", "-g", GLOSSARY, "--out", tmp_path, "--langs", "kk",
                 "--domain", "terms")
    assert result.exit_code == 0
    assert (tmp_path / "kk/LC_MESSAGES/terms.po").exists()
    assert not (tmp_path / "ru").exists()


def test_build_unknown_language_is_exit_2(runner, tmp_path):
    result = run(runner, "catalog", "build", "-g", GLOSSARY, "--out", tmp_path, "--langs", "de")
    assert result.exit_code == 2
    assert result.stderr == "atau: error: the glossary has no terms in 'de'; its languages: en, ru, kk\n"


# -- apply ---------------------------------------------------------------------

def _article_po(tmp_path, translate=lambda e: f"[{e.msgid}]", fuzzy=False):
    text = (DATA / "article.md").read_text(encoding="utf-8")
    po = document_to_po(text, "en", "ru", fmt="md", source_name="article.md")
    for e in po:
        e.msgstr = translate(e)
        if fuzzy and e.msgstr:
            e.flags.append("fuzzy")
    path = tmp_path / "article.ru.po"
    path.write_text(str(po), encoding="utf-8")
    return path


def test_apply_writes_document_exit_0(runner, tmp_path):
    po = _article_po(tmp_path)
    out = tmp_path / "article.ru.md"
    result = run(runner, "catalog", "apply", po, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "6 reviewed translations added to the translation memory\n"
    assert out.read_text(encoding="utf-8").startswith(
        "# [President Tokayev addresses the Senate]\n\n[Kassym-Jomart Tokayev")


def test_apply_lists_untranslated_and_exits_1(runner, tmp_path):
    po = _article_po(tmp_path, lambda e: "" if e.msgctxt in ("p2.s2", "p6.s1") else "T")
    result = run(runner, "catalog", "apply", po)
    assert result.exit_code == 1
    assert result.stdout == ("# T\n\nT  The Mazhilis  adopted the bill.\n\n- T\n- T\n\nT\nThank you.\n"
                             "\n    code block stays\n")
    assert result.stderr == (
        f"{po}: p2.s2 (line 3): untranslated, source kept: The Mazhilis  adopted the bill.\n"
        f"{po}: p6.s1 (line 9): untranslated, source kept: Thank you.\n"
        "5 reviewed translations added to the translation memory\n")


def test_apply_json_report(runner, tmp_path):
    po = _article_po(tmp_path, lambda e: "" if e.msgctxt == "p1.s1" else "T", fuzzy=True)
    out = tmp_path / "a.md"
    result = run(runner, "catalog", "apply", po, "-o", out, "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["untranslated"] == [{"context": "p1.s1", "line": 1,
                                       "source": "President Tokayev addresses the Senate"}]
    assert report["fuzzy"] == ["p2.s1", "p2.s2", "p3.s1", "p4.s1", "p5.s1", "p6.s1"]
    assert report["output"] == str(out) and report["format"] == "md"
    skip = run(runner, "catalog", "apply", po, "--skip-fuzzy", "--json")
    assert len(json.loads(skip.stdout)["untranslated"]) == 7
    assert json.loads(skip.stdout)["text"] == (DATA / "article.md").read_text(encoding="utf-8")


def test_apply_po_without_layout_is_exit_2(runner):
    result = run(runner, "catalog", "apply", DATA / "clean.ru.po")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"atau: error: {DATA / 'clean.ru.po'}: no X-Atau-Layout header")
    assert result.stderr.count("\n") == 1


def test_translate_format_po_header_has_one_signature(runner, tmp_path):
    """No model installed: the PO has empty msgstr, and its provenance is one
    X-Atau-Signature field (glossary hash, format) instead of X-Atau-MT and
    X-Atau-Glossary."""
    from toolkit import __version__
    from toolkit.signature import Signature
    from toolkit.termbase.store import load_glossary

    out = tmp_path / "article.ru.po"
    result = run(runner, "translate", DATA / "article.md", "--from", "en", "--to", "ru",
                 "--format", "po", "-g", GLOSSARY, "-o", out)
    assert result.exit_code == 0, result.output
    po = load_po(out)
    fingerprint = load_glossary(GLOSSARY).fingerprint()
    assert po.metadata["X-Atau-Signature"] == str(Signature("en", "ru", fingerprint, settings={"format": "md", "enforce": False}))
    assert po.metadata["X-Atau-Signature"] == f"atau:{__version__}|en-ru|glossary:{fingerprint[:12]}|format:md|enforce:no"
    assert not any(name in po.metadata for name in ("X-Atau-MT", "X-Atau-Glossary"))
    msgfmt_check(out)


# -- translate -------------------------------------------------------------------

def use_engine(monkeypatch, fake_engine, fn, calls=None):
    """Make the catalog commands' service load ``fake_engine(fn)`` (package
    fake-en_ru 1.0), recording ``(from, to, texts)`` per load in ``calls``."""
    from toolkit import service
    from toolkit.mt.engine import EngineInfo

    def load(src, tgt, **_kwargs):
        engine = fake_engine(fn)
        engine.info = EngineInfo(src, tgt, (("fake-en_ru", "1.0"),))
        if calls is not None:
            original = engine.translate_batch

            def translate_batch(sources, **kwargs):
                calls.append((src, tgt, list(sources)))
                return original(sources, **kwargs)
            engine.translate_batch = translate_batch
        return engine

    monkeypatch.setattr(service, "load_translator", load)


@pytest.fixture
def fake_mt(monkeypatch, fake_engine):
    calls = []
    use_engine(monkeypatch, fake_engine, str.upper, calls)
    return calls


def test_translate_new_po(runner, tmp_path, fake_mt):
    out = tmp_path / "ru.po"
    result = run(runner, "catalog", "translate", DATA / "messages.pot", "--to", "ru", "-o", out,
                 "-g", GLOSSARY)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == \
        "9 entries machine-translated (marked fuzzy), already translated and kept: 0"
    po = load_po(out)
    assert po.metadata["Language"] == "ru" and po.metadata["Plural-Forms"].startswith("nplurals=3;")
    hello = [e for e in po if e.msgid.startswith("Hello")][0]
    assert hello.msgstr == "HELLO %(name)s, YOU HAVE %(count)d NEW MESSAGES"
    assert hello.fuzzy
    assert "atau: machine translation (fake-en_ru@1.0)" in hello.comment
    assert fake_mt[0][:2] == ("en", "ru")
    msgfmt_check(out)


def test_translate_update_keeps_translations_and_writes_backup(runner, tmp_path, fake_mt):
    target = tmp_path / "ru.po"
    shutil.copy(DATA / "partial.ru.po", target)
    result = run(runner, "catalog", "translate", DATA / "messages.pot", "--to", "ru",
                 "--update", target, "--no-glossary")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == \
        "6 entries machine-translated (marked fuzzy), already translated and kept: 3"
    assert (tmp_path / "ru.po~").read_bytes() == (DATA / "partial.ru.po").read_bytes()
    po = {e.msgid: e for e in load_po(target)}
    assert po["The Senate met today."].msgstr == "Сенат сегодня провёл заседание."
    assert po["The Senate met today."].tcomment == "Checked by the editor."
    assert po["Saved %s to %s."].msgstr == "%s сохранён в %s."
    assert po["%d deputy"].msgstr_plural == {0: "%d депутат", 1: "%d депутата", 2: "%d депутатов"}
    assert po["{name} spent {amount:.2f} tenge"].msgstr == "{name} SPENT {amount:.2f} TENGE"
    msgfmt_check(target)


def test_translate_update_adds_no_lone_hash_line_and_keeps_obsolete_entries(runner, tmp_path, fake_mt):
    target = tmp_path / "ru.po"
    shutil.copy(DATA / "obsolete.ru.po", target)
    shutil.copy(DATA / "partial.ru.po", tmp_path / "partial.ru.po")
    for po in (target, tmp_path / "partial.ru.po"):
        result = run(runner, "catalog", "translate", DATA / "messages.pot", "--to", "ru",
                     "--update", po, "--no-glossary")
        assert result.exit_code == 0, result.output
        msgfmt_check(po)
    assert (tmp_path / "partial.ru.po").read_text(encoding="utf-8").startswith('msgid ""\n')
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Messages of a small news site, with obsolete entries as editors and\n")
    assert ("#~ #, fuzzy\n#~| msgid \"The Senate meets today.\"\n#~ msgid \"The Senate will meet today.\"\n"
            in text)


def test_translate_update_gives_plural_entries_the_forms_russian_needs(runner, tmp_path, fake_mt):
    """The template's entries have two msgstr[n]; one was singular in ru.po."""
    pot = tmp_path / "two.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                   '#, python-format\nmsgid "%d deputy"\nmsgid_plural "%d deputies"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
                   '#, python-format\nmsgid "%d bill"\nmsgid_plural "%d bills"\nmsgstr[0] ""\nmsgstr[1] ""\n',
                   encoding="utf-8")
    target = tmp_path / "ru.po"
    target.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n\n'
                      '#, python-format\nmsgid "%d deputy"\nmsgstr "%d депутат"\n', encoding="utf-8")
    result = run(runner, "catalog", "translate", pot, "--to", "ru", "--update", target, "--no-glossary")
    assert result.exit_code == 0, result.output
    po = {e.msgid: e for e in load_po(target)}
    assert po["%d deputy"].msgstr_plural == {0: "%d депутат", 1: "%d депутат", 2: "%d депутат"}
    assert po["%d deputy"].fuzzy
    assert po["%d bill"].msgstr_plural == {0: "%d BILL", 1: "%d BILLS", 2: "%d BILLS"}
    msgfmt_check(target)


def test_translate_update_creates_a_missing_file(runner, tmp_path, fake_mt):
    target = tmp_path / "kk.po"
    result = run(runner, "catalog", "translate", DATA / "messages.pot", "--to", "kk",
                 "--update", target, "--no-glossary")
    assert result.exit_code == 0, result.output
    assert load_po(target).metadata["Language"] == "kk"
    assert not (tmp_path / "kk.po~").exists()


def test_translate_to_stdout_and_json(runner, fake_mt):
    result = run(runner, "catalog", "translate", DATA / "messages.pot", "--to", "kk", "--no-glossary")
    assert result.exit_code == 0
    assert 'msgstr "THE SENATE MET TODAY."' in result.stdout
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in result.stdout
    result = run(runner, "catalog", "translate", DATA / "messages.pot", "--to", "kk", "--no-glossary",
                 "--json")
    report = json.loads(result.stdout)
    assert report["translated"] == 9 and report["kept"] == 0 and report["output"] is None
    assert "THE SENATE MET TODAY." in report["po"]


def test_translate_flags_a_looped_translation_and_check_reports_it(runner, tmp_path, monkeypatch, fake_engine):
    use_engine(monkeypatch, fake_engine,
               lambda t: "Сенат Сенат Сенат Сенат Сенат." if t == "The Senate met today." else t)
    out = tmp_path / "ru.po"
    result = run(runner, "catalog", "translate", DATA / "messages.pot", "--to", "ru", "-o", out,
                 "--no-glossary", "--json")
    assert result.exit_code == 0, result.output
    flags = json.loads(result.stdout)["flags"]
    assert [(f["code"], f["severity"], f["msgid"]) for f in flags] == [
        ("repetition", "warning", "The Senate met today.")]
    senate = [e for e in load_po(out) if e.msgid == "The Senate met today."][0]
    assert senate.comment.split("\n")[-1] == "mt: repetition: 'сенат' repeats 4+ times: the model looped"
    check = run(runner, "catalog", "check", out, "--no-glossary")
    assert check.exit_code == 1
    assert check.stdout == (f"{out}:{senate.linenum}: repetition: 'сенат' repeats 4+ times: the model looped "
                            "(fuzzy) — msgid 'The Senate met today.'\n")


def test_translate_shows_a_progress_bar_on_a_terminal(runner, tmp_path, fake_mt, monkeypatch):
    """As 'atau translate': output.progress on stderr, fed (done, total) while
    the entries are translated in batches; not on a pipe (one call)."""
    from contextlib import contextmanager

    from toolkit.cli import output

    bars = []

    @contextmanager
    def progress(description, total=None):
        bars.append((description, []))
        yield lambda n=1, *, done=None, total=None: bars[-1][1].append((done, total))

    monkeypatch.setattr(output, "progress", progress)
    result = run(runner, "catalog", "translate", DATA / "messages.pot", "--to", "ru", "-o", tmp_path / "a.po",
                 "--no-glossary")
    assert result.exit_code == 0, result.output
    assert bars == [("translating", [])] and len(fake_mt) == 1
    monkeypatch.setattr(type(output.stderr), "is_terminal", property(lambda self: True))
    result = run(runner, "catalog", "translate", DATA / "messages.pot", "--to", "ru", "-o", tmp_path / "b.po",
                 "--no-glossary")
    assert result.exit_code == 0, result.output
    assert bars[1] == ("translating", [(0, 13), (13, 13)])
    assert (tmp_path / "a.po").read_text(encoding="utf-8").split("X-Generator")[1] == \
        (tmp_path / "b.po").read_text(encoding="utf-8").split("X-Generator")[1]


def test_translate_output_and_update_together_is_exit_2(runner, tmp_path, fake_mt):
    result = run(runner, "catalog", "translate", DATA / "messages.pot", "--to", "ru",
                 "-o", tmp_path / "a.po", "--update", tmp_path / "b.po")
    assert result.exit_code == 2
    assert result.stderr == "atau: error: use either --output or --update, not both\n"


def test_translate_through_the_mt_pipeline_with_a_fake_engine(runner, tmp_path, monkeypatch):
    """The real adapter: toolkit.mt.protect takes the <xN/> tokens out of the
    model's input and puts them back; placeholders come back intact."""
    from toolkit.mt import engine
    from toolkit.mt.engine import EngineInfo, Hypothesis

    seen = []

    class FakeEngine:
        info = EngineInfo("en", "ru", (("translate-en_ru-fake", "1.0"),))

        def translate_batch(self, sources, **kwargs):
            seen.extend(sources)
            return [Hypothesis(s.upper()) for s in sources]

    monkeypatch.setattr(engine, "load_engine", lambda *a, **k: FakeEngine())
    out = tmp_path / "ru.po"
    result = run(runner, "catalog", "translate", DATA / "messages.pot", "--to", "ru", "-o", out,
                 "--no-glossary")
    assert result.exit_code == 0, result.output
    assert not any("<x" in s or "%(" in s for s in seen)
    po = {e.msgid: e for e in load_po(out)}
    assert po["Hello %(name)s, you have %(count)d new messages"].msgstr == \
        "HELLO %(name)s, YOU HAVE %(count)d NEW MESSAGES"
    assert "translate-en_ru-fake@1.0" in po["Senate"].comment
    assert run(runner, "catalog", "check", out, "--no-glossary").exit_code == 0
    msgfmt_check(out)


def test_translate_without_model_fails_with_one_line(tmp_path):
    """No model installed: ModelNotFoundError's message, exit 2, nothing written."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARGOS", "XDG_"))}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               LANGUAGE="en")
    out = tmp_path / "ru.po"
    result = subprocess.run([sys.executable, "-m", "toolkit", "catalog", "translate",
                             str(DATA / "messages.pot"), "--to", "ru", "-o", str(out)],
                            capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("atau: error: no installed model translates en->ru")
    assert result.stderr.count("\n") == 1
    assert not out.exists()


# -- check ---------------------------------------------------------------------

def test_check_findings_exit_1(runner):
    path = DATA / "problems.ru.po"
    result = run(runner, "catalog", "check", path, "-g", GLOSSARY)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}:13: placeholder: missing printf placeholder '%(name)s' — msgid 'Hello %(name)s'"
    assert lines[7] == f"{path}:28: plural-count: 2 plural forms; ru needs 3 — msgid '%d deputy'"
    assert lines[8] == (f"{path}:34: glossary-forbidden: forbidden term 'Меджлис': use 'Мажилис' "
                        "— msgid 'The Mazhilis adopted the bill.'")
    assert lines[9] == (f"{path}:37: glossary-missing: missing 'Сенат' or 'здание Сената' for 'Senate' "
                        "— msgid 'The Senate met today.'")
    assert len(lines) == 10
    assert result.stderr == "10 problems found\n"


def test_check_json(runner):
    result = run(runner, "catalog", "check", DATA / "problems.ru.po", "-g", GLOSSARY, "--json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert findings[7] == {"file": str(DATA / "problems.ru.po"), "code": "plural-count",
                           "severity": "error", "message": "2 plural forms; ru needs 3",
                           "line": 28, "segment": None, "concept": None, "msgid": "%d deputy",
                           "msgctxt": None, "form": None, "fuzzy": False, "pofilter": "nplurals"}


def test_check_no_glossary_skips_glossary_checks(runner):
    result = run(runner, "catalog", "check", DATA / "problems.ru.po", "--no-glossary", "--json")
    assert [f["code"] for f in json.loads(result.stdout)].count("glossary-missing") == 0


def test_check_clean_exit_0(runner):
    result = run(runner, "catalog", "check", DATA / "clean.ru.po", "-g", GLOSSARY)
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == "no problems found\n"


@pytest.mark.parametrize("name, line, what", [
    ("unterminated.po", 6, "unterminated string: 'msgstr \"Сенат собрался.'"),
    ("bad-keyword.po", 7, "not a PO keyword or string: 'msgstri \"c\"'"),
])
def test_check_syntax_error_is_exit_2_with_line(runner, name, line, what):
    result = run(runner, "catalog", "check", DATA / name)
    assert result.exit_code == 2
    assert result.stderr == f"atau: error: {DATA / name}:{line}: PO syntax error: {what}\n"


def test_check_missing_file_is_exit_2(runner, tmp_path):
    result = run(runner, "catalog", "check", tmp_path / "nope.po")
    assert result.exit_code == 2
    assert result.stderr == f"atau: error: {tmp_path / 'nope.po'}: no such file\n"


def test_help_has_example(runner):
    for command in ("build", "apply", "translate", "check"):
        result = run(runner, "catalog", command, "--help")
        assert result.exit_code == 0
        assert "Example: atau catalog " + command in result.stdout


# -- the translation memory in catalog commands --------------------------------

def test_translate_update_records_reviewed_translations_and_reuses_them_elsewhere(runner, tmp_path, fake_mt):
    target = tmp_path / "ru.po"
    shutil.copy(DATA / "partial.ru.po", target)
    first = run(runner, "catalog", "translate", DATA / "messages.pot", "--to", "ru", "--update", target,
                "--no-glossary", "--json")
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    # Reviewed: "The Senate met today." and "Gone"; the fuzzy and the plural entry are not segments a person vouched for.
    assert (report["remembered"], report["reused"]) == (2, 0)

    pot = tmp_path / "news.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                   'msgid "The Senate met today."\nmsgstr ""\n\n'
                   'msgid "The Senate met on Monday."\nmsgstr ""\n\n'
                   'msgid "Elections were held."\nmsgstr ""\n', encoding="utf-8")
    out = tmp_path / "news.ru.po"
    fake_mt.clear()
    second = run(runner, "catalog", "translate", pot, "--to", "ru", "-o", out, "--no-glossary")
    assert second.exit_code == 0, second.output
    assert second.stderr.splitlines() == [
        "2 entries machine-translated (marked fuzzy), already translated and kept: 1",
        "translation memory: 0 reviewed translations recorded, 1 reused (marked fuzzy), 1 entries with suggestions"]
    po = {e.msgid: e for e in load_po(out)}
    reused = po["The Senate met today."]
    assert (reused.msgstr, reused.fuzzy, reused.tcomment) == \
        ("Сенат сегодня провёл заседание.", True, "memory 100% (human)")
    assert all("The Senate met today." not in texts for _f, _t, texts in fake_mt)
    near = po["The Senate met on Monday."]
    assert near.msgstr == "THE SENATE MET ON MONDAY." and near.fuzzy
    assert near.tcomment.startswith("memory ") and near.tcomment.endswith(
        "% (human): The Senate met today. => Сенат сегодня провёл заседание.")
    assert po["Elections were held."].tcomment == ""


def test_translate_no_memory_neither_reads_nor_records(runner, tmp_path, fake_mt):
    target = tmp_path / "ru.po"
    shutil.copy(DATA / "partial.ru.po", target)
    result = run(runner, "catalog", "translate", DATA / "messages.pot", "--to", "ru", "--update", target,
                 "--no-glossary", "--no-memory", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["remembered"] == 0
    assert list(Path(os.environ["ATAU_MEMORY_DIR"]).iterdir()) == []


def test_apply_records_reviewed_sentences_in_the_memory(runner, tmp_path):
    po = _article_po(tmp_path, lambda e: "" if e.msgctxt == "p1.s1" else f"<{e.msgid}>")
    catalog = load_po(po)
    for e in catalog:
        if e.msgctxt == "p2.s1":
            e.flags.append("fuzzy")
    catalog.save(str(po))
    result = run(runner, "catalog", "apply", po, "-o", tmp_path / "a.md", "--json")
    assert result.exit_code == 1  # p1.s1 untranslated
    assert json.loads(result.stdout)["remembered"] == 4  # "Thank you." twice: one unit
    search = run(runner, "memory", "search", "The Mazhilis adopted the bill.", "--from", "en", "--to", "ru",
                 "--json")
    assert search.exit_code == 0, search.output
    assert json.loads(search.stdout)[0]["target"] == "<The Mazhilis  adopted the bill.>"
    again = run(runner, "catalog", "apply", po, "-o", tmp_path / "a.md", "--json", "--no-memory")
    assert json.loads(again.stdout)["remembered"] == 0


def test_apply_word_document_needs_its_original(runner, tmp_path):
    from tests.documents.docx_samples import docx_text, sample_docx, structure

    original = tmp_path / "report.docx"
    original.write_bytes(sample_docx())
    from toolkit.documents import parse_document

    document = parse_document(original.read_bytes(), "docx", "en")
    po = document_to_po(document, "en", "ru", fmt="docx", source_name="report.docx")
    for e in po:
        e.msgstr = e.msgid.replace("Senate", "Сенат")
    po_path = tmp_path / "report.ru.po"
    po_path.write_text(str(po), encoding="utf-8")
    assert "# Rebuild the document with: atau catalog apply FILE.po --original report.docx -o OUTPUT.docx\n" \
        in po_path.read_text(encoding="utf-8")

    missing = run(runner, "catalog", "apply", po_path, "-o", tmp_path / "out.docx")
    assert missing.exit_code == 2
    assert missing.stderr == (f"atau: error: {po_path}: this PO was made from a .docx file: give the original file too "
                              "(atau catalog apply FILE.po --original FILE.docx -o OUT.docx)\n")
    to_stdout = run(runner, "catalog", "apply", po_path, "--original", original)
    assert to_stdout.exit_code == 2 and "give -o FILE.docx" in to_stdout.stderr

    out = tmp_path / "report.ru.docx"
    result = run(runner, "catalog", "apply", po_path, "--original", original, "-o", out)
    assert result.exit_code == 0, result.output
    assert structure(out.read_bytes()) == structure(original.read_bytes())
    assert "The Сенат met today" in docx_text(out.read_bytes())

    from tests.documents.docx_samples import replace_part

    edited = tmp_path / "edited.docx"
    edited.write_bytes(replace_part(original.read_bytes(), "word/document.xml",
                                    b"<w:document xmlns:w='urn:x'/>"))
    wrong = run(runner, "catalog", "apply", po_path, "--original", edited, "-o", tmp_path / "w.docx")
    assert wrong.exit_code == 2
    assert "not the Word document the translation was made from" in wrong.stderr
    assert not (tmp_path / "w.docx").exists()
