"""'atau glossary' through the CLI: outputs, files, exit codes, errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli.main import app
from toolkit import load_glossary
from toolkit.termbase.store import PACKAGED_GLOSSARY
from toolkit.termbase.model import Concept, Glossary, Term
from toolkit.termbase.tbx import dumps_tbx, loads_tbx

DATA = Path(__file__).parents[1] / "data"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def gloss(tmp_path):
    path = tmp_path / "g.tbx"
    path.write_bytes(PACKAGED_GLOSSARY.read_bytes())
    return path


def run(runner, *args):
    return runner.invoke(app, [str(a) for a in args])


def test_list_lang_ru_json_has_statuses(runner, gloss):
    result = run(runner, "glossary", "list", "--lang", "ru", "--json", "-g", gloss)
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    mazhilis = [r for r in rows if r["id"] == "mazhilis"]
    assert ("Мажилис", "preferred") in [(r["text"], r["status"]) for r in mazhilis]
    assert ("Меджлис", "forbidden") in [(r["text"], r["status"]) for r in mazhilis]


def test_list_table(runner, gloss):
    result = run(runner, "glossary", "list", "-g", gloss)
    assert result.exit_code == 0
    assert "Мәжіліс" in result.stdout and "Mazhilis" in result.stdout


def test_show_unknown_id_is_exit_2(runner, gloss):
    result = run(runner, "glossary", "show", "nope", "-g", gloss)
    assert result.exit_code == 2
    assert result.stderr == "atau: error: no concept with id 'nope'\n"


def test_search_fuzzy_finds_wrong_spelling(runner, gloss):
    result = run(runner, "glossary", "search", "Меджлис", "--json", "-g", gloss)
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["id"] == "mazhilis"


def test_search_nothing_is_exit_1(runner, gloss):
    result = run(runner, "glossary", "search", "qqqqqqqq", "-g", gloss)
    assert result.exit_code == 1


def test_add_term_to_concept_and_refuse_second_preferred(runner, gloss):
    result = run(runner, "glossary", "add", "--id", "senate", "-t", "ru=Верхняя палата парламента",
                 "--status", "admitted", "-g", gloss)
    assert result.exit_code == 0, result.output
    assert result.stdout == "added 1 term(s) to senate\n"
    concept = loads_tbx(gloss.read_bytes())["senate"]
    assert ("Верхняя палата парламента", "admitted") in [(t.text, t.status) for t in concept.terms_in("ru")]
    again = run(runner, "glossary", "add", "--id", "senate", "-t", "ru=Сенатище", "-g", gloss)
    assert again.exit_code == 2
    assert "already has the preferred ru term 'Сенат'" in again.stderr


def test_add_new_concept(runner, gloss):
    result = run(runner, "glossary", "add", "-t", "en=Accounts Committee", "-t", "ru=Счётный комитет",
                 "--subject", "audit", "-g", gloss)
    assert result.exit_code == 0
    assert loads_tbx(gloss.read_bytes())["accounts-committee"].subject == "audit"


def test_add_bad_term_spec(runner, gloss):
    result = run(runner, "glossary", "add", "-t", "Senate", "-g", gloss)
    assert result.exit_code == 2
    assert "--term takes LANG=TEXT" in result.stderr


def test_edit_status_and_remove_term(runner, gloss):
    assert run(runner, "glossary", "add", "--id", "senate", "-t", "en=Upper Chamber X", "-s", "admitted",
               "-g", gloss).exit_code == 0
    result = run(runner, "glossary", "edit", "senate", "-t", "en=Upper Chamber X", "--status", "deprecated",
                 "-g", gloss)
    assert result.exit_code == 0
    terms = {t.text: t.status for t in loads_tbx(gloss.read_bytes())["senate"].terms}
    assert terms["Upper Chamber X"] == "deprecated"
    assert run(runner, "glossary", "remove", "senate", "-t", "en=Upper Chamber X", "-g", gloss).exit_code == 0
    assert "Upper Chamber X" not in {t.text for t in loads_tbx(gloss.read_bytes())["senate"].terms}


def test_edit_keeps_backup(runner, gloss):
    before = gloss.read_bytes()
    assert run(runner, "glossary", "edit", "senate", "--note", "n", "-g", gloss).exit_code == 0
    assert Path(str(gloss) + "~").read_bytes() == before


def test_export_import_csv_and_tbx_without_duplicates(runner, gloss, tmp_path):
    for name in ("out.csv", "out.tbx", "out.tsv", "out.json"):
        assert run(runner, "glossary", "export", tmp_path / name, "-g", gloss).exit_code == 0
        result = run(runner, "glossary", "import", tmp_path / name, "--json", "-g", gloss)
        assert result.exit_code == 0, (name, result.output)
        report = json.loads(result.stdout)
        assert report["added"] == [] and report["updated"] == [] and report["conflicts"] == []
    assert gloss.read_bytes() == PACKAGED_GLOSSARY.read_bytes()


def test_export_langs_header(runner, gloss, tmp_path):
    out = tmp_path / "x.csv"
    assert run(runner, "glossary", "export", out, "--langs", "en,kk", "-g", gloss).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "en,kk"
    assert "Mazhilis,Мәжіліс" in lines


def test_import_conflict_reported_and_fail_by_default(runner, gloss, tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("en,ru\nMazhilis,Маджилис\n", encoding="utf-8")
    before = gloss.read_bytes()
    result = run(runner, "glossary", "import", f, "-g", gloss)
    assert result.exit_code == 2
    assert "conflict(s): mazhilis [ru]: preferred 'Мажилис' vs imported 'Маджилис'" in result.stderr
    assert gloss.read_bytes() == before
    keep = run(runner, "glossary", "import", f, "--on-conflict", "keep", "-g", gloss)
    assert keep.exit_code == 0
    assert "0 added, 0 updated, 1 unchanged, 1 conflict(s)" in keep.stdout


def test_import_missing_file(runner, gloss):
    result = run(runner, "glossary", "import", "missing.csv", "-g", gloss)
    assert result.exit_code == 2
    assert result.stderr == "atau: error: missing.csv: no such file\n"


def test_import_malformed_tbx(runner, gloss, tmp_path):
    bad = tmp_path / "bad.tbx"
    bad.write_text("<tbx><text>\n<body>\n</tbx>", encoding="utf-8")
    result = run(runner, "glossary", "import", bad, "-g", gloss)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"atau: error: {bad}:3:")


def test_import_non_utf8_csv(runner, gloss):
    result = run(runner, "glossary", "import", DATA / "csv" / "cp1251.csv", "-g", gloss)
    assert result.exit_code == 2
    assert "cp1251.csv:2:8: not UTF-8 text" in result.stderr
    assert "Traceback" not in result.output


def test_validate_shipped_glossary_is_clean(runner):
    result = run(runner, "glossary", "validate", "-g", PACKAGED_GLOSSARY)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith(": clean\n")


def test_validate_findings_exit_1(runner, tmp_path):
    f = tmp_path / "v.tbx"
    added = run(runner, "glossary", "add", "-t", "en=Senate", "-t", "ru=Cенат", "-g", f)
    assert added.exit_code == 2 and "mixes scripts in 'Cенат': 'C' (Latin)" in added.stderr
    # a file from elsewhere may hold such a term: validate reports it
    f.write_text(dumps_tbx(Glossary([Concept("senate", (Term("Senate", "en"), Term("Cенат", "ru")))])),
                 encoding="utf-8")
    result = run(runner, "glossary", "validate", "--json", "-g", f)
    assert result.exit_code == 1
    assert [x["code"] for x in json.loads(result.stdout)] == ["mixed-script"]


def test_repo_glossary_equals_packaged_copy():
    assert (REPO / "glossary" / "kazakhstan.tbx").read_bytes() == PACKAGED_GLOSSARY.read_bytes()


def test_edit_builtin_glossary_makes_user_copy(runner, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ATAU_GLOSSARY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = run(runner, "glossary", "add", "--id", "senate", "-t", "en=Upper Chamber X", "-s", "admitted")
    assert result.exit_code == 0, result.output
    copy = tmp_path / "data" / "atau" / "glossary" / "kazakhstan.tbx"
    assert "note: the built-in glossary is read-only; your edits are in" in result.stderr
    assert "Upper Chamber X" in copy.read_text(encoding="utf-8")
    assert "Upper Chamber X" not in PACKAGED_GLOSSARY.read_text(encoding="utf-8")


ADD_MANY = """
import sys
from typer.testing import CliRunner
from toolkit.cli.main import app
path, prefix = sys.argv[1], sys.argv[2]
r = CliRunner()
for i in range(15):
    res = r.invoke(app, ["glossary", "add", "-t", f"en={prefix} term {i}", "-g", path])
    assert res.exit_code == 0, res.output
"""


def test_two_processes_adding_at_once_lose_nothing(gloss):
    procs = [subprocess.Popen([sys.executable, "-c", ADD_MANY, str(gloss), p]) for p in ("Alpha", "Beta")]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    texts = {t.text for c in loads_tbx(gloss.read_bytes()) for t in c.terms}
    assert {f"{p} term {i}" for p in ("Alpha", "Beta") for i in range(15)} <= texts


def test_entry_point_runs_and_version():
    out = subprocess.run([sys.executable, "-m", "toolkit", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("atau ")


def test_glossary_commands_do_not_import_heavy_modules(gloss):
    code = ("import sys; from typer.testing import CliRunner; from toolkit.cli.main import app; "
            f"r = CliRunner().invoke(app, ['glossary', 'list', '-g', {str(gloss)!r}]); assert r.exit_code == 0; "
            "heavy = [m for m in ('argostranslate', 'ctranslate2', 'torch', 'stanza', 'spacy') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_debug_shows_traceback_and_keeps_the_exit_status(runner, gloss):
    result = runner.invoke(app, ["--debug", "glossary", "show", "nope", "-g", str(gloss)])
    assert result.exit_code == 2  # an input error, with or without --debug (1 would mean findings)
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("atau: error: ")
    assert "no concept with id" in result.stderr


def test_import_replace_leaves_one_preferred_term_per_language(runner, gloss, tmp_path):
    f = tmp_path / "m.csv"
    f.write_text("en,ru,kk\nMazhilis,Меджлис,Мажилис\n", encoding="utf-8")
    result = run(runner, "glossary", "import", f, "--on-conflict", "replace", "-g", gloss)
    assert result.exit_code == 0, result.output
    assert "0 added, 1 updated, 0 unchanged, 2 conflict(s)" in result.stdout
    concept = loads_tbx(gloss.read_bytes())["mazhilis"]
    assert [t.text for t in concept.terms if t.lang == "ru" and t.status == "preferred"] == ["Меджлис"]
    assert [t.text for t in concept.terms if t.lang == "kk" and t.status == "preferred"] == ["Мажилис"]
    assert ("Мажилис", "admitted") in [(t.text, t.status) for t in concept.terms_in("ru")]
    assert ("Мәжіліс", "admitted") in [(t.text, t.status) for t in concept.terms_in("kk")]
    validate = run(runner, "glossary", "validate", "-g", gloss)
    assert validate.exit_code == 0, validate.stdout


def test_import_help_says_what_replace_and_keep_do(runner):
    result = run(runner, "glossary", "import", "--help")
    assert "the old one stays as an admitted term" in " ".join(result.stdout.split())


@pytest.mark.parametrize("option, value, message", [
    ("--gender", "xyz", "unknown gender 'xyz'; use one of masculine, feminine, neuter, other"),
    ("--pos", "verbb", "unknown part of speech 'verbb'; use one of noun, properNoun, adjective, verb, adverb, other"),
    ("--number", "many", "unknown number 'many'; use one of singular, plural, dual, mass, other"),
])
def test_add_and_edit_refuse_grammar_values_tbx_basic_lacks(runner, gloss, option, value, message):
    before = gloss.read_bytes()
    added = run(runner, "glossary", "add", "-t", "en=Accounts Committee", option, value, "-g", gloss)
    assert (added.exit_code, added.stderr) == (2, f"atau: error: {message}\n")
    edited = run(runner, "glossary", "edit", "senate", "-t", "ru=Сенат", option, value, "-g", gloss)
    assert (edited.exit_code, edited.stderr) == (2, f"atau: error: {message}\n")
    assert gloss.read_bytes() == before


def test_edit_grammar_value_is_spelled_as_tbx_basic_and_blank_removes_it(runner, gloss):
    assert run(runner, "glossary", "edit", "senate", "-t", "ru=Сенат", "--gender", "Neuter", "-g", gloss).exit_code == 0
    assert loads_tbx(gloss.read_bytes())["senate"].preferred("ru").gender == "neuter"
    assert run(runner, "glossary", "edit", "senate", "-t", "ru=Сенат", "--gender", "", "-g", gloss).exit_code == 0
    assert loads_tbx(gloss.read_bytes())["senate"].preferred("ru").gender is None


def test_edit_text_and_add_term_are_stripped(runner, gloss):
    assert run(runner, "glossary", "edit", "senate", "-t", "ru=Сенат", "--text", "Сенат РК ", "-g", gloss).exit_code == 0
    assert loads_tbx(gloss.read_bytes())["senate"].preferred("ru").text == "Сенат РК"
    assert run(runner, "glossary", "add", "-t", "en= Accounts  Committee ", "-g", gloss).exit_code == 0
    assert loads_tbx(gloss.read_bytes())["accounts-committee"].preferred("en").text == "Accounts Committee"
    blank = run(runner, "glossary", "edit", "senate", "-t", "ru=Сенат РК", "--text", " ", "-g", gloss)
    assert (blank.exit_code, blank.stderr) == (2, "atau: error: term ' ' has no letters or digits\n")
    validate = run(runner, "glossary", "validate", "--json", "-g", gloss)
    assert "whitespace" not in {f["code"] for f in json.loads(validate.stdout)}


def test_validate_reports_grammar_values_of_another_tools_file(runner, gloss):
    gloss.write_text(gloss.read_text(encoding="utf-8").replace(
        '<termNote type="grammaticalGender">masculine</termNote>',
        '<termNote type="grammaticalGender">masc</termNote>', 1), encoding="utf-8")
    result = run(runner, "glossary", "validate", "--json", "-g", gloss)
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert [f["code"] for f in findings] == ["grammar-value"]
    assert findings[0]["message"].startswith("unknown gender 'masc' of ")


@pytest.fixture
def builtin_home(monkeypatch, tmp_path):
    """Commands without -g edit the built-in glossary; returns where its user copy goes."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ATAU_GLOSSARY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "atau" / "glossary" / "kazakhstan.tbx"


def test_failed_edit_of_the_builtin_glossary_makes_no_user_copy(runner, builtin_home):
    result = run(runner, "glossary", "add", "--id", "senate", "-t", "ru=верхняя палата", "-s", "admitted")
    assert result.exit_code == 2
    assert result.stderr == "atau: error: concept 'senate' already has the ru term 'верхняя палата'\n"
    assert not builtin_home.exists()
    nothing_new = run(runner, "glossary", "import", PACKAGED_GLOSSARY)
    assert nothing_new.exit_code == 0 and f"{len(load_glossary(PACKAGED_GLOSSARY))} unchanged" in nothing_new.stdout
    assert nothing_new.stderr == ""
    assert not builtin_home.exists()


@pytest.mark.parametrize("args", [
    ("add", "-t", "en=Accounts Committee"),
    ("edit", "senate", "-t", "en=Upper Chamber", "--status", "deprecated"),
    ("remove", "senate", "-t", "en=Upper Chamber"),
    ("import", "{csv}"),
])
def test_first_edit_of_the_builtin_glossary_says_where_the_edits_are(runner, builtin_home, tmp_path, args):
    csv = tmp_path / "ac.csv"
    csv.write_text("en,ru\nAccounts Committee,Счётный комитет\n", encoding="utf-8")
    result = run(runner, "glossary", *(a.format(csv=csv) for a in args))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"note: the built-in glossary is read-only; your edits are in {builtin_home}\n"
    assert builtin_home.read_bytes() != PACKAGED_GLOSSARY.read_bytes()
    again = run(runner, "glossary", "show", "senate")
    assert again.exit_code == 0 and again.stderr == ""


@pytest.mark.parametrize("command", ["add", "edit", "remove", "show", "list"])
def test_help_example_works_on_the_shipped_glossary(runner, gloss, command):
    import shlex

    from toolkit.cli import glossary as glossary_cli

    function = getattr(glossary_cli, {"list": "list_"}.get(command, command))
    example = function.__doc__.split("Example: ", 1)[1].strip()
    args = shlex.split(example)
    assert args[:3] == ["atau", "glossary", command]
    result = run(runner, *args[1:], "-g", gloss)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("extra", [("--format", "csv"), ("--langs", "en,ru"), ()])
def test_export_onto_the_glossary_itself_is_refused(runner, gloss, extra):
    before = gloss.read_bytes()
    result = run(runner, "glossary", "export", gloss, "-g", gloss, *extra)
    assert result.exit_code == 2
    assert result.stderr == f"atau: error: the output is the glossary itself: {gloss}; export to another file\n"
    assert gloss.read_bytes() == before


def test_export_onto_the_glossary_through_a_symlink_or_into_its_folder_is_refused(runner, gloss, tmp_path):
    link = tmp_path / "link.tbx"
    link.symlink_to(gloss)
    before = gloss.read_bytes()
    assert run(runner, "glossary", "export", link, "-g", gloss).exit_code == 2
    assert run(runner, "glossary", "export", gloss, "-g", link).exit_code == 2
    folder = tmp_path / "terms"
    folder.mkdir()
    (folder / "k.tbx").write_bytes(before)
    result = run(runner, "glossary", "export", folder / "all.tbx", "-g", folder)
    assert result.exit_code == 2
    assert result.stderr == (f"atau: error: the output is the glossary itself: {folder / 'all.tbx'} is in the "
                             f"glossary folder {folder}; export to another folder\n")
    assert not (folder / "all.tbx").exists() and gloss.read_bytes() == before
    assert run(runner, "glossary", "export", folder / "all.csv", "-g", folder).exit_code == 0


def test_import_into_a_new_glossary_keeps_the_tbx_title(runner, tmp_path):
    new = tmp_path / "new.tbx"
    result = run(runner, "glossary", "import", PACKAGED_GLOSSARY, "-g", new)
    assert result.exit_code == 0, result.output
    assert loads_tbx(new.read_bytes()).name == "Kazakhstan: state institutions, offices and officials"
    assert new.read_bytes() == PACKAGED_GLOSSARY.read_bytes()


def test_add_existing_preferred_term_as_a_new_concept_names_its_owner(runner, gloss):
    result = run(runner, "glossary", "add", "-t", "en=Senate", "-g", gloss)
    assert result.exit_code == 2
    assert result.stderr == ("atau: error: 'Senate' is already a term of concept 'senate' in en; "
                             "add to it with --id senate\n")


@pytest.mark.parametrize("command", [("list",), ("search", "Senate")])
def test_unknown_language_is_an_error_listing_the_languages(runner, gloss, command):
    result = run(runner, "glossary", *command, "--lang", "de", "-g", gloss)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "atau: error: the glossary has no terms in 'de'; its languages: en, ru, kk\n"


def test_list_unknown_subject_says_so_on_stderr(runner, gloss):
    result = run(runner, "glossary", "list", "--subject", "nosuch", "-g", gloss)
    assert result.exit_code == 0
    assert result.stderr.startswith("no concept has the subject 'nosuch'; the subjects are: administrative-division, elections, executive,")
    assert "parliament" in result.stderr
    found = run(runner, "glossary", "list", "--subject", "parliament", "-g", gloss)
    assert found.exit_code == 0 and found.stderr == "" and "mazhilis" in found.stdout


@pytest.mark.parametrize("command", [("list",), ("validate",), ("add", "-t", "en=Accounts Committee")])
def test_csv_given_as_the_glossary_says_to_import_it(runner, tmp_path, command):
    csv = tmp_path / "g.csv"
    csv.write_text("en,ru\nSenate,Сенат\n", encoding="utf-8")
    result = run(runner, "glossary", *command, "-g", csv)
    assert result.exit_code == 2
    assert result.stderr == (f"atau: error: {csv}: not a TBX file (to use a CSV glossary, import it: "
                             f"atau glossary import {csv})\n")
    assert csv.read_text(encoding="utf-8") == "en,ru\nSenate,Сенат\n"


def test_export_and_catalog_build_refuse_a_language_the_glossary_lacks(runner, gloss, tmp_path):
    result = run(runner, "glossary", "export", tmp_path / "x.csv", "--langs", "en,de", "-g", gloss)
    assert result.exit_code == 2 and not (tmp_path / "x.csv").exists()
    assert result.stderr == "atau: error: the glossary has no terms in 'de'; its languages: en, ru, kk\n"
    result = run(runner, "catalog", "build", "--langs", "de", "--out", tmp_path / "loc", "-g", gloss)
    assert result.exit_code == 2 and not (tmp_path / "loc").exists()


# --------------------------------------------------------------------------
# exchange with other tools: TBX v2, DeepL, Weblate, PO


EXCHANGE = DATA / "exchange"


def test_export_tbx2_is_read_by_translate_toolkit_and_back_by_atau(runner, gloss, tmp_path):
    ttk = pytest.importorskip("translate.storage.tbx")
    out = tmp_path / "weblate.tbx"
    result = run(runner, "glossary", "export", out, "--format", "tbx2", "-g", gloss)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {len(load_glossary(PACKAGED_GLOSSARY))} concepts to {out}\n"
    store = ttk.tbxfile.parsestring(out.read_bytes(), "en", "ru")
    mazhilis = [u for u in store.units if u.getid() == "mazhilis"][0]
    assert (mazhilis.source, mazhilis.target) == ("Mazhilis", "Мажилис")
    assert len(store.units) == len(load_glossary(PACKAGED_GLOSSARY))
    back = run(runner, "glossary", "import", out, "--json", "-g", gloss)
    assert json.loads(back.stdout)["unchanged"] == [c.id for c in loads_tbx(gloss.read_bytes())]


def test_export_deepl_csv_has_no_header_row(runner, gloss):
    result = run(runner, "glossary", "export", "-", "--format", "deepl-csv", "--langs", "en,ru", "-g", gloss)
    assert result.exit_code == 0, result.output
    lines = result.stdout.split("\n")
    assert lines[:3] == ["Parliament,Парламент", "Kurultai,Курултай", "Senate,Сенат"]
    assert "en,ru" not in lines and "Mazhilis,Мажилис" in lines
    glossary = load_glossary(PACKAGED_GLOSSARY)
    sources = {c.preferred("en").text for c in glossary if c.preferred("en") and c.preferred("ru")}
    assert len(lines) == len(sources) + 1 and lines[-1] == ""


def test_export_deepl_csv_needs_two_languages(runner, gloss, tmp_path):
    result = run(runner, "glossary", "export", tmp_path / "d.csv", "--format", "deepl", "-g", gloss)
    assert result.exit_code == 2
    assert result.stderr == ("atau: error: DeepL's CSV has two columns, source and target: give them "
                             "with --langs, e.g. --langs en,ru\n")
    assert not (tmp_path / "d.csv").exists()


def test_export_help_no_longer_says_deepl_takes_the_header(runner):
    text = " ".join(run(runner, "glossary", "export", "--help").stdout.split())
    assert "DeepL: one source,target pair per line and no header row" in text
    assert "DeepL, Google and Amazon glossaries accept" not in text


def test_import_weblate_csv(runner, gloss):
    result = run(runner, "glossary", "import", EXCHANGE / "weblate-glossary.csv", "--from", "en", "--to", "ru",
                 "--on-conflict", "keep", "--dry-run", "--json", "-g", gloss)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["added"], report["updated"]) == ([], [])
    assert sorted(report["unchanged"]) == ["akimat", "mazhilis", "senate"]
    assert report["file_conflicts"] == []


def test_import_po_glossary_from_catalog_build(runner, gloss, tmp_path):
    build = run(runner, "catalog", "build", "--langs", "ru", "-o", tmp_path, "-g", gloss)
    assert build.exit_code == 0, build.output
    po = tmp_path / "ru" / "LC_MESSAGES" / "glossary.po"
    result = run(runner, "glossary", "import", po, "-g", gloss)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{po}: 0 added, 0 updated, {len(load_glossary(PACKAGED_GLOSSARY))} unchanged, 0 conflict(s)\n"


def test_import_po_glossary_adds_new_terms(runner, gloss):
    result = run(runner, "glossary", "import", EXCHANGE / "glossary.ru.po", "--on-conflict", "keep", "--json",
                 "-g", gloss)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["added"] == ["ural", "ural-2"]
    concept = loads_tbx(gloss.read_bytes())["ural-2"]
    assert [(t.lang, t.text) for t in concept.terms] == [("en", "Ural"), ("ru", "Уральские горы")]


def test_duplicate_rows_in_one_file_are_one_concept_or_a_conflict(runner, gloss):
    before = gloss.read_bytes()
    result = run(runner, "glossary", "import", EXCHANGE / "duplicates.csv", "-g", gloss)
    assert result.exit_code == 2
    assert result.stderr == (
        f"atau: error: {EXCHANGE / 'duplicates.csv'}: 1 row(s) give a term another translation than an "
        "earlier row: line 5: senate [ru]: preferred 'Верхняя палата' differs from 'Сенат' on line 2; "
        "choose --on-conflict keep (the earlier row) or replace (the later one)\n")
    assert gloss.read_bytes() == before
    keep = run(runner, "glossary", "import", EXCHANGE / "duplicates.csv", "--on-conflict", "keep", "-g", gloss)
    assert keep.exit_code == 0, keep.output
    assert keep.stdout.splitlines() == [
        f"{EXCHANGE / 'duplicates.csv'}: 0 added, 0 updated, 2 unchanged, 0 conflict(s)",
        "  conflict in the file: line 5: senate [ru]: preferred 'Верхняя палата' differs from 'Сенат' "
        "on line 2"]


def test_add_with_an_unknown_language_suggests_the_code(runner, gloss):
    before = gloss.read_bytes()
    result = run(runner, "glossary", "add", "-t", "kz=Сенат", "--id", "senate", "--status", "admitted", "-g", gloss)
    assert result.exit_code == 2
    assert result.stderr == "atau: error: unknown language 'kz'; did you mean 'kk' (Kazakh)?\n"
    assert gloss.read_bytes() == before
