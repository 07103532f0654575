"""'atau catalog' through the CLI: outputs, files, exit codes, errors."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.gettext.catalog import document_to_po, load_po
from toolkit.cli import catalog as catalog_cli
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
    assert result.stdout == "" and result.stderr == ""
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
        f"{po}: p6.s1 (line 9): untranslated, source kept: Thank you.\n")


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


# -- translate -------------------------------------------------------------------

@pytest.fixture
def fake_mt(monkeypatch):
    calls = []

    def factory(src, tgt):
        def translate_texts(texts):
            calls.append((src, tgt, list(texts)))
            return [t.upper().replace("<X", "<x") for t in texts]
        return translate_texts, "fake-en_ru@1.0"

    monkeypatch.setattr(catalog_cli, "_engine_translator", factory)
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
    assert findings[7] == {"file": str(DATA / "problems.ru.po"), "check": "plural-count",
                           "message": "2 plural forms; ru needs 3", "msgid": "%d deputy",
                           "msgctxt": None, "line": 28, "form": None, "fuzzy": False}


def test_check_no_glossary_skips_glossary_checks(runner):
    result = run(runner, "catalog", "check", DATA / "problems.ru.po", "--no-glossary", "--json")
    assert [f["check"] for f in json.loads(result.stdout)].count("glossary-missing") == 0


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
