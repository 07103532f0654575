"""'atau enforce', 'atau check' and 'atau eval' through the CLI."""

import json

import polib
import pytest
from typer.testing import CliRunner

from toolkit.cli.main import app
from toolkit.termbase.store import PACKAGED_GLOSSARY

G = ["-g", str(PACKAGED_GLOSSARY)]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def files(tmp_path):
    src = tmp_path / "src.en"
    mt = tmp_path / "mt.ru"
    src.write_text("The Mazhilis adopted the bill.\r\nDeputies met akims.\r\n\r\nThe Senate met.", encoding="utf-8")
    mt.write_text("Меджлис принял законопроект.\r\nДепутаты встретились с губернаторами.\r\n\r\nСенат собрался.",
                  encoding="utf-8")
    return src, mt


def invoke(runner, *args):
    return runner.invoke(app, [str(a) for a in args])


def test_enforce_keeps_lines_and_line_endings(runner, files, tmp_path):
    src, mt = files
    out, report = tmp_path / "out.ru", tmp_path / "report.json"
    result = invoke(runner, "enforce", "--from", "en", "--to", "ru", "--source", src, "--target", mt,
                    "-o", out, "--report", report, *G)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().decode() == ("Мажилис принял законопроект.\r\nДепутаты встретились с акимами.\r\n"
                                         "\r\nСенат собрался.")
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["summary"]["fixed"] == 2 and data["summary"]["unresolved"] == 0
    assert "5 term(s): 3 already right, 2 fixed, 0 unresolved; 2 of 4 segment(s) changed" in result.stderr
    assert "line 2: 'губернаторами' -> 'акимами' (deprecated)" in result.stderr


def test_enforce_to_stdout(runner, files):
    src, mt = files
    result = invoke(runner, "enforce", "--from", "en", "--to", "ru", "--source", src, "--target", mt, *G)
    assert result.exit_code == 0
    assert result.stdout_bytes.decode().startswith("Мажилис принял законопроект.\r\n")


def test_enforce_line_count_mismatch_is_exit_2(runner, files, tmp_path):
    src, _ = files
    short = tmp_path / "short.ru"
    short.write_text("одна строка\n", encoding="utf-8")
    result = invoke(runner, "enforce", "--from", "en", "--to", "ru", "--source", src, "--target", short, *G)
    assert result.exit_code == 2
    assert result.stderr.startswith("atau: error: ") and "has 4 lines but" in result.stderr


def test_enforce_po(runner, tmp_path):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "kk"}
    po.append(polib.POEntry(msgid="The akim met voters.", msgstr="Аким сайлаушылармен кездесті.", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Untranslated", msgstr=""))
    path = tmp_path / "doc.kk.po"
    po.save(str(path))
    out = tmp_path / "fixed.po"
    result = invoke(runner, "enforce", "--from", "en", "--to", "kk", "--target", path, "-o", out, *G)
    assert result.exit_code == 0, result.output
    fixed = polib.pofile(str(out))
    assert fixed[0].msgstr == "Әкім сайлаушылармен кездесті."
    assert fixed[0].fuzzy and fixed[1].msgstr == ""


def test_check_findings_exit_1_and_json(runner, files):
    src, mt = files
    result = invoke(runner, "check", "--from", "en", "--to", "ru", "--source", src, "--target", mt, "--json", *G)
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert [(f["line"], f["code"], f["concept"], f["expected"], f["found"]) for f in findings] == [
        (1, "forbidden", "mazhilis", "Мажилис", "Меджлис"),
        (2, "deprecated", "akim", "акимами", "губернаторами"),
    ]


def test_check_clean_exit_0(runner, tmp_path):
    src, tgt = tmp_path / "s", tmp_path / "t"
    src.write_text("The Mazhilis met.\n", encoding="utf-8")
    tgt.write_text("Мажилис собрался.\n", encoding="utf-8")
    result = invoke(runner, "check", "--from", "en", "--to", "ru", "--source", src, "--target", tgt, *G)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "1 segment(s), 1 source term(s), 0 finding(s)" in result.stderr


def test_check_strict_reports_admitted(runner, tmp_path):
    src, tgt = tmp_path / "s", tmp_path / "t"
    src.write_text("The Mazhilis met.\n", encoding="utf-8")
    tgt.write_text("Нижняя палата собралась.\n", encoding="utf-8")
    args = ("check", "--from", "en", "--to", "ru", "--source", src, "--target", tgt, *G)
    assert invoke(runner, *args).exit_code == 0
    strict = invoke(runner, *args, "--strict", "--json")
    assert strict.exit_code == 1
    assert [f["code"] for f in json.loads(strict.stdout)["findings"]] == ["admitted"]


def test_check_strict_suggests_the_preferred_term_in_the_admitted_ones_form(runner, tmp_path):
    src, tgt = tmp_path / "s", tmp_path / "t"
    src.write_text("The Senate met President Tokayev.\n", encoding="utf-8")
    tgt.write_text("Сенат встретился с Президентом Токаевым.\n", encoding="utf-8")
    result = invoke(runner, "check", "--from", "en", "--to", "ru", "--source", src, "--target", tgt, "--strict", *G)
    assert result.exit_code == 1
    assert f"{tgt}:1: admitted term 'Токаевым': the preferred term is 'Касым-Жомартом Токаевым'" in result.stdout


def test_check_human_output_names_file_and_line(runner, files):
    src, mt = files
    result = invoke(runner, "check", "--from", "en", "--to", "ru", "--source", src, "--target", mt, *G)
    assert f"{mt}:1: forbidden term 'Меджлис': use 'Мажилис'" in result.stdout


def test_check_reports_missing_term(runner, tmp_path):
    src, tgt = tmp_path / "s", tmp_path / "t"
    src.write_text("The Senate met.\n", encoding="utf-8")
    tgt.write_text("Верхний совет собрался.\n", encoding="utf-8")
    result = invoke(runner, "check", "--from", "en", "--to", "ru", "--source", src, "--target", tgt, *G)
    assert result.exit_code == 1
    assert f"{tgt}:1: missing 'Сенат' for 'Senate'" in result.stdout


def test_check_missing_source_file_exit_2(runner, files):
    _, mt = files
    result = invoke(runner, "check", "--from", "en", "--to", "ru", "--source", "nope.txt", "--target", mt, *G)
    assert result.exit_code == 2
    assert result.stderr == "atau: error: nope.txt: no such file\n"


def test_eval_with_reference(runner, files, tmp_path):
    src, mt = files
    ref = tmp_path / "ref.ru"
    ref.write_text("Мажилис принял законопроект.\nДепутаты встретились с акимами.\n\nСенат собрался.", encoding="utf-8")
    result = invoke(runner, "eval", "--from", "en", "--to", "ru", "--source", src, "--target", mt, "--ref", ref,
                    "--json", *G)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["terms"], data["terms_used"], data["term_use_rate"]) == (5, 3, 0.6)
    assert (data["forbidden_segments"], data["forbidden_rate"]) == (2, 0.5)
    assert data["exact_match"] == 0.5
    assert 0 < data["chrf"] < 100 and data["signature"]["settings"]["chrf"].startswith("nrefs:1")


@pytest.mark.parametrize("command", ["check", "enforce", "eval"])
def test_a_language_the_glossary_lacks_is_an_error_not_an_empty_pass(runner, tmp_path, command):
    src, tgt = tmp_path / "a.en", tmp_path / "a.de"
    src.write_text("The Senate met.\n", encoding="utf-8")
    tgt.write_text("Der Senat tagte.\n", encoding="utf-8")
    result = runner.invoke(app, [command, "-f", "en", "-t", "de", "-s", str(src), "--target", str(tgt), *G])
    assert result.exit_code == 2
    assert result.stderr == "atau: error: the glossary has no terms in 'de'; its languages: en, ru, kk\n"


def test_catalog_check_without_language_header_asks_for_to(runner, tmp_path):
    po = tmp_path / "nolang.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "The Mazhilis met."\nmsgstr "Меджлис собрался."\n', encoding="utf-8")
    result = runner.invoke(app, ["catalog", "check", str(po), *G])
    assert result.exit_code == 2
    assert result.stderr == (f"atau: error: {po}: the file has no Language header: give the target language "
                             "with --to (or skip the glossary checks with --no-glossary)\n")
    result = runner.invoke(app, ["catalog", "check", str(po), "--to", "ru", *G])
    assert result.exit_code == 1 and "Меджлис" in result.stdout
    assert runner.invoke(app, ["catalog", "check", str(po), "--to", "xx", *G]).exit_code == 2


def test_findings_in_a_po_target_give_the_entrys_line(runner, tmp_path):
    po = tmp_path / "mt.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "The Senate met."\nmsgstr "Сенат собрался."\n\n'
                  'msgid "The Mazhilis met."\nmsgstr "Меджлис собрался."\n', encoding="utf-8")
    result = runner.invoke(app, ["check", "-f", "en", "-t", "ru", "--target", str(po), *G])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{po}:9: forbidden term 'Меджлис': use 'Мажилис'"
    result = runner.invoke(app, ["enforce", "-f", "en", "-t", "ru", "--target", str(po), "-o", str(tmp_path / "o.po"), *G])
    assert "  line 9: 'Меджлис' -> 'Мажилис' (forbidden)" in result.stderr.splitlines()


def test_enforce_leaves_lines_without_edits_byte_for_byte(runner, tmp_path):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Депутаты собрались в Астане: й, ё.")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    src, mt = tmp_path / "a.en", tmp_path / "a.ru"
    src.write_text("The deputies met in Astana.\nThe Mazhilis met.\n", encoding="utf-8")
    mt.write_text(decomposed + "\nМеджлис собрался.\n", encoding="utf-8")
    out = tmp_path / "out.ru"
    result = runner.invoke(app, ["enforce", "-f", "en", "-t", "ru", "-s", str(src), "--target", str(mt),
                                 "-o", str(out), *G])
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == decomposed + "\nМажилис собрался.\n"
