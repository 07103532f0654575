"""``atau memory`` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli.main import app
from toolkit.memory.store import TranslationMemory

OTHER_TOOL = Path(__file__).parent.parent / "data" / "tmx" / "other-tool.tmx"


def run(*args):
    return CliRunner().invoke(app, ["memory", *[str(a) for a in args]])


def test_import_a_tmx_of_another_tool_into_the_default_memory(memory_dir):
    ambiguous = run("import", OTHER_TOOL)
    assert ambiguous.exit_code == 2 and ambiguous.stderr == (
        f"atau: error: {OTHER_TOOL}: the file has segments in en, ru, kk: give the languages (--from, --to)\n")
    result = run("import", OTHER_TOOL, "--to", "ru", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == {"path": str(memory_dir / "en-ru.sqlite"), "read": 4, "skipped": 1, "added": 3,
                    "updated": 0, "unchanged": 0}
    again = run("import", OTHER_TOOL, "--from", "en", "--to", "ru")
    assert again.exit_code == 0
    assert again.stderr.endswith(": 0 unit(s) added, 0 updated, 3 unchanged, 1 skipped\n")
    kk = json.loads(run("import", OTHER_TOOL, "--to", "kk", "--json").stdout)
    assert (kk["path"].endswith("en-kk.sqlite"), kk["added"]) == (True, 2)


def test_export_import_round_trip(tmp_path):
    assert run("import", OTHER_TOOL, "--to", "ru", "--memory", tmp_path / "a.sqlite").exit_code == 0
    for suffix in ("tmx", "csv"):
        out = tmp_path / f"a.{suffix}"
        result = run("export", out, "--memory", tmp_path / "a.sqlite")
        assert result.exit_code == 0 and result.stderr == f"{out}: 3 unit(s) written\n"
        copy = tmp_path / f"b-{suffix}.sqlite"
        args = ("--from", "en", "--to", "ru") if suffix == "csv" else ()  # a TMX of two languages says its pair
        assert run("import", out, "--memory", copy, *args).exit_code == 0
        with TranslationMemory(tmp_path / "a.sqlite") as a, TranslationMemory(copy) as b:
            assert [(u.source, u.target, u.origin, u.created) for u in a.units()] == \
                [(u.source, u.target, u.origin, u.created) for u in b.units()]


@pytest.mark.parametrize("content", [
    "<tmx version='1.4'><header srclang='en'/><body><tu><tuv xml:lang='en'><seg>A.</seg></tuv>"
    "<tuv xml:lang='ru'><seg>А.</seg></tuv></tu><tu><tuv><seg>broken</seg></tuv></tu></body></tmx>",
    "<tmx version='1.4'><header srclang='en'/><body><tu><tuv xml:lang='en'><seg>A.</seg></tuv>"
    "<tuv xml:lang='ru'><seg>А.</seg></tuv></tu><tu>",
    "<!DOCTYPE tmx [<!ENTITY a 'x'>]><tmx version='1.4'><header/><body/></tmx>",
    "\x00\x01binary",
])
def test_a_bad_tmx_is_one_line_exit_2_and_nothing_imported(tmp_path, content):
    db = tmp_path / "tm.sqlite"
    assert run("import", OTHER_TOOL, "--to", "ru", "--memory", db).exit_code == 0
    bad = tmp_path / "bad.tmx"
    bad.write_bytes(content.encode("utf-8"))
    result = run("import", bad, "--memory", db)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"atau: error: {bad}") and result.stderr.count("\n") == 1
    with TranslationMemory(db) as tm:
        assert tm.stats().human == 3


def test_stats_and_search(tmp_path):
    db = tmp_path / "tm.sqlite"
    run("import", OTHER_TOOL, "--to", "ru", "--memory", db)
    stats = json.loads(run("stats", "--memory", db, "--json").stdout)
    assert (stats["from"], stats["to"], stats["human"], stats["machine"], stats["segments"]) == ("en", "ru", 3, 0, 3)
    found = json.loads(run("search", "The Mazhilis approved the bills.", "--memory", db, "--json").stdout)
    assert [(m["target"], m["origin"]) for m in found] == [("Мажилис одобрил законопроект.", "human")]
    assert found[0]["score"] > 95
    table = run("search", "The Mazhilis approved the bills.", "--memory", db)
    assert table.exit_code == 0 and "Мажилис одобрил" in table.stdout
    none = run("search", "Nothing like it.", "--memory", db)
    assert none.exit_code == 1 and none.stderr == "no match scoring 75 or more\n"


def test_stats_of_a_pair_nothing_has_filled_yet_are_zero(memory_dir, tmp_path):
    result = run("stats", "--from", "en", "--to", "kk", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["human"] == 0 and json.loads(result.stdout)["segments"] == 0
    assert not memory_dir.exists() or not list(memory_dir.iterdir())  # nothing created
    none = run("search", "The Senate met.", "--from", "en", "--to", "kk")
    assert none.exit_code == 1 and none.stderr == "no match scoring 75 or more\n"
    # an explicit path that holds no memory is a mistake worth an error
    wrong = run("stats", "--memory", str(tmp_path / "typo.sqlite"))
    assert wrong.exit_code == 2 and "no translation memory here yet" in wrong.stderr


def test_unknown_file_format(tmp_path):
    other = tmp_path / "a.xlsx"
    other.write_bytes(b"x")
    result = run("import", other, "--from", "en", "--to", "ru")
    assert result.exit_code == 2 and "unknown memory file format 'xlsx'" in result.stderr
