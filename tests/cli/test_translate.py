"""'atau translate' through the CLI: outputs, files, exit codes, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit import load_glossary
from typer.testing import CliRunner

from tests.conftest import ARTICLE
from toolkit.cli.main import app

ATAU = Path(sys.executable).with_name("atau")


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def fake(monkeypatch, fake_engine):
    """Replace the model with an upper-casing fake."""
    engine = fake_engine()
    monkeypatch.setattr("toolkit.mt.engine.load_engine", lambda *a, **k: engine)
    return engine


# ---------------------------------------------------------------- with a fake engine


def test_missing_model_is_one_line_naming_the_command(runner, argos_dirs, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("The Senate met.\n")
    result = run(runner, "translate", source, "--from", "en", "--to", "ru")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "`atau models install en ru`" in lines[0]


def test_output_file_keeps_crlf_and_no_final_newline(runner, fake, tmp_path):
    source = tmp_path / "a.txt"
    source.write_bytes(b"One two.\r\n\r\n\r\n  - Three four.  \r\nFive six.")
    out = tmp_path / "a.ru.txt"
    result = run(runner, "translate", source, "--from", "en", "--to", "ru", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == b"ONE TWO.\r\n\r\n\r\n  - THREE FOUR.  \r\nFIVE SIX."
    assert result.stdout == ""


def test_stdout_is_the_exact_document(runner, fake, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("One two.\n\nThree four.\n")
    result = run(runner, "translate", source, "--from", "en", "--to", "ru")
    assert result.stdout == "ONE TWO.\n\nTHREE FOUR.\n"


def test_stdin(runner, fake):
    result = run(runner, "translate", "-", "--from", "en", "--to", "ru", input="One two.\n")
    assert result.exit_code == 0 and result.stdout == "ONE TWO.\n"


def test_markdown_by_extension(runner, fake, tmp_path):
    source = tmp_path / "a.md"
    source.write_text("# Title\n\n```\ncode.\n```\n")
    assert run(runner, "translate", source, "--from", "en", "--to", "ru").stdout == "# TITLE\n\n```\ncode.\n```\n"


def test_format_option_overrides_the_extension(runner, fake, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text('{"k": "Hello there."}')
    assert run(runner, "translate", source, "--from", "en", "--to", "ru", "--format", "json").stdout == '{"k": "HELLO THERE."}'


def test_bad_format(runner, fake, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("x")
    result = run(runner, "translate", source, "--from", "en", "--to", "ru", "--format", "rtf")
    assert result.exit_code == 2 and "--format must be one of: txt, docx, html, json, md, xliff, po" in result.stderr


def test_json_report(runner, fake, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("One two.\n")
    result = run(runner, "translate", source, "--from", "en", "--to", "ru", "--json", "--beam-size", "2")
    data = json.loads(result.stdout)
    assert data["text"] == "ONE TWO.\n"
    assert data["segments"] == [{"index": 0, "line": 1, "source": "One two.", "target": "ONE TWO.",
                                 "score": -0.25, "flags": [], "translated": True}]
    meta = data["signature"]
    assert (meta["from"], meta["to"], meta["pivot"], meta["settings"]["beam"]) == ("en", "ru", None, 2)
    assert meta["text"].startswith("atau:0.1.0|en-ru|pkg:fake-en_ru@0.1|pivot:none|glossary:")
    assert meta["glossary_sha256"] == load_glossary().fingerprint() and meta["settings"]["enforce"] is True


def test_json_report_with_output_file_names_it(runner, fake, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("One two.\n")
    out = tmp_path / "o.txt"
    data = json.loads(run(runner, "translate", source, "--from", "en", "--to", "ru", "--json", "-o", out).stdout)
    assert data["output"] == str(out) and "text" not in data and out.read_text() == "ONE TWO.\n"


def test_flagged_segments_are_announced_on_stderr(runner, monkeypatch, fake_engine, tmp_path):
    monkeypatch.setattr("toolkit.mt.engine.load_engine", lambda *a, **k: fake_engine(lambda s: s))
    source = tmp_path / "a.txt"
    source.write_text("The Senate met today.\n")
    result = run(runner, "translate", source, "--from", "en", "--to", "ru")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines[0] == "atau: 1 segment flagged for review (see --json)"
    assert lines[1] == "  line 1: untranslated: the translation is the source text"


def test_missing_input_file(runner, fake, tmp_path):
    result = run(runner, "translate", tmp_path / "nope.txt", "--from", "en", "--to", "ru")
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_binary_input_is_an_input_error(runner, fake, tmp_path):
    source = tmp_path / "a.txt"
    source.write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    result = run(runner, "translate", source, "--from", "en", "--to", "ru")
    assert result.exit_code == 2 and result.stderr.startswith("atau: error:")


# ---------------------------------------------------------------- with the real test models


def test_real_model_file_to_file(runner, installed_test_model, en_ru_corpus, tmp_path):
    pairs = en_ru_corpus[:3]
    source = tmp_path / "a.txt"
    source.write_text("\n\n".join(en for en, _ in pairs) + "\n")
    out = tmp_path / "a.ru.txt"
    result = run(runner, "translate", source, "--from", "en", "--to", "ru", "-o", out, "--threads", "1")
    assert result.exit_code == 0, result.output
    assert out.read_text() == "\n\n".join(ru for _, ru in pairs) + "\n"


def test_real_model_to_kazakh_through_a_packed_prefix_model(runner, argos_dirs, prefix_model_dir, tmp_path):
    out = tmp_path / "en_kk.argosmodel"
    packed = run(runner, "models", "pack", prefix_model_dir / "model", "--sp",
                 prefix_model_dir / "sentencepiece.model", "--from", "en", "--to", "kk",
                 "--source-prefix", "eng_Latn", "--target-prefix", "kaz_Cyrl", "-o", out)
    assert packed.exit_code == 0, packed.output
    assert run(runner, "models", "install", out).exit_code == 0
    from tests.conftest import TESTS

    en, kk = (TESTS / "data" / "corpus" / "en-kk.tsv").read_text(encoding="utf-8").splitlines()[0].split("\t")
    source = tmp_path / "a.txt"
    source.write_text(en + "\n")
    result = run(runner, "translate", source, "--from", "en", "--to", "kk", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["text"] == kk + "\n"
    assert data["signature"]["packages"][0]["name"] == "translate-en_kk-1_0"


def test_entry_point_subprocess_translates_stdin(argos_dirs, installed_test_model, en_ru_corpus):
    if not ATAU.exists():
        pytest.skip("atau entry point not installed")
    en, ru = en_ru_corpus[0]
    env = {**os.environ, **argos_dirs.env}
    done = subprocess.run([str(ATAU), "translate", "--from", "en", "--to", "ru"], input=en + "\n",
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ru + "\n"
    assert done.stderr.startswith("atau: terminology: ") and "0 unresolved" in done.stderr


def test_article_keeps_its_paragraphs(runner, installed_test_model, tmp_path):
    if not ARTICLE.is_file():
        pytest.skip("article not available")
    out = tmp_path / "article.ru.txt"
    result = run(runner, "translate", ARTICLE, "--from", "en", "--to", "ru", "-o", out, "--json")
    assert result.exit_code == 0, result.output
    source_lines = ARTICLE.read_text(encoding="utf-8").split("\n")
    target_lines = out.read_text(encoding="utf-8").split("\n")
    assert [bool(line.strip()) for line in target_lines] == [bool(line.strip()) for line in source_lines]
    data = json.loads(result.stdout)
    assert all(s["target"] for s in data["segments"])


def test_languages_are_required(runner, fake, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("One two.\n")
    result = run(runner, "translate", source, "--to", "ru")
    assert result.exit_code == 2 and "--from" in result.stderr


def test_format_po_without_a_model_writes_an_annotated_po(tmp_path, monkeypatch):
    import polib
    from typer.testing import CliRunner

    from toolkit.cli.main import app

    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-packages"))
    src = tmp_path / "news.en.txt"
    src.write_text("The Mazhilis adopted the bill.\n\nThe akims met.\n", encoding="utf-8")
    out = tmp_path / "news.ru.po"
    result = CliRunner().invoke(app, ["translate", str(src), "--from", "en", "--to", "ru", "--format", "po",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "no model for en->ru: writing a PO file without translations" in result.stderr
    po = polib.pofile(str(out))
    assert [(e.msgctxt, e.msgid, e.msgstr) for e in po] == [
        ("p1.s1", "The Mazhilis adopted the bill.", ""), ("p2.s1", "The akims met.", "")]
    assert "glossary: Mazhilis → Мажилис (preferred)" in po[0].comment


def test_broken_json_document_is_named_with_its_position(runner, fake, tmp_path):
    doc = tmp_path / "news.json"
    doc.write_text('{"title": "Senate",\n "body": }\n', encoding="utf-8")
    result = runner.invoke(app, ["translate", str(doc), "--from", "en", "--to", "ru", "--no-enforce"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"atau: error: {doc}:2:10: not valid JSON: Expecting value"


def test_pair_the_glossary_does_not_cover_is_translated_without_enforcement(runner, fake, tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("The Senate met.\n")
    result = run(runner, "translate", doc, "--from", "en", "--to", "de")
    assert result.exit_code == 0
    assert result.stdout == "THE SENATE MET.\n"
    assert result.stderr.startswith("atau: the glossary is not enforced: the glossary has no terms in 'de'")


def test_single_file_keeps_a_persons_translation_from_the_memory(runner, fake, tmp_path):
    units = tmp_path / "reviewed.csv"
    units.write_text("en,ru\nThe Kurultai passed the budget.,Курултай принял бюджет.\n", encoding="utf-8")
    imported = run(runner, "memory", "import", units, "--from", "en", "--to", "ru")
    assert imported.exit_code == 0, imported.output
    source = tmp_path / "news.txt"
    source.write_text("The Kurultai passed the budget. Deputies left early.\n", encoding="utf-8")

    result = run(runner, "translate", source, "--from", "en", "--to", "ru", "--no-enforce")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Курултай принял бюджет. DEPUTIES LEFT EARLY.\n"
    assert "atau: 1 segment taken from the translation memory (a person's translation)\n" in result.stderr

    report = json.loads(run(runner, "translate", source, "--from", "en", "--to", "ru", "--json").stdout)
    assert report["reused"] == {"human": [0]}

    po = run(runner, "translate", source, "--from", "en", "--to", "ru", "--format", "po")
    entries = [e for e in __import__("polib").pofile(po.stdout) if e.msgid]
    assert [(e.msgstr, e.fuzzy) for e in entries] == [("Курултай принял бюджет.", False),
                                                      ("DEPUTIES LEFT EARLY.", True)]

    plain = run(runner, "translate", source, "--from", "en", "--to", "ru", "--no-memory", "--no-enforce")
    assert plain.stdout == "THE KURULTAI PASSED THE BUDGET. DEPUTIES LEFT EARLY.\n"


def test_the_same_language_twice_is_a_usage_error_that_names_no_file(tmp_path):
    from typer.testing import CliRunner

    from toolkit.cli.main import app

    source = tmp_path / "a.txt"
    source.write_text("The Senate met.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["translate", str(source), "--from", "en", "--to", "en-GB"])
    assert result.exit_code == 2
    assert result.stderr == "atau: error: --from and --to are the same language (en): nothing to translate\n"
