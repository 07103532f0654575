"""'atau models' through the CLI: outputs, exit codes, errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli.main import app

ATAU = Path(sys.executable).with_name("atau")


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args):
    return runner.invoke(app, [str(a) for a in args])


def test_install_from_file_then_list_json(runner, argos_dirs, fake_package):
    result = run(runner, "models", "install", fake_package("en", "ru", "1.9"))
    assert result.exit_code == 0, result.output
    assert "installed en → ru 1.9" in result.stdout
    listed = run(runner, "models", "list", "--json")
    assert listed.exit_code == 0
    rows = json.loads(listed.stdout)
    assert [(r["from"], r["to"], r["version"], r["name"]) for r in rows] == [
        ("en", "ru", "1.9", "translate-en_ru-1_9")]
    assert rows[0]["path"] == str(argos_dirs.packages / "translate-en_ru-1_9") and rows[0]["size"] > 0


def test_list_table(runner, argos_dirs, fake_package):
    run(runner, "models", "install", fake_package("en", "ru", "1.9"))
    result = run(runner, "models", "list")
    assert result.exit_code == 0
    assert "en → ru" in result.stdout and "1.9" in result.stdout


def test_list_empty_says_how_to_install(runner, argos_dirs):
    result = run(runner, "models", "list")
    assert result.exit_code == 0 and "atau models install en ru" in result.stderr


def test_remove(runner, argos_dirs, fake_package):
    run(runner, "models", "install", fake_package("en", "ru"))
    result = run(runner, "models", "remove", "en", "ru")
    assert result.exit_code == 0 and "removed en → ru" in result.stdout
    assert json.loads(run(runner, "models", "list", "--json").stdout) == []


def test_remove_missing_is_one_error_line(runner, argos_dirs):
    result = run(runner, "models", "remove", "en", "ru")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"atau: error: no package for en->ru is installed in {argos_dirs.packages}"]


def test_install_missing_file(runner, argos_dirs, tmp_path):
    result = run(runner, "models", "install", tmp_path / "nope.argosmodel")
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_install_damaged_file_is_one_error_line(runner, argos_dirs, tmp_path):
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(b"PK\x03\x04garbage")
    result = run(runner, "models", "install", bad)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"atau: error: {bad}: not a valid package")


def test_install_from_index(runner, argos_dirs, index_server, fake_package):
    url = index_server.put("en_ru.argosmodel", fake_package("en", "ru", "1.9").read_bytes())
    index_server.put_index([index_server.entry("en", "ru", url, "1.9")])
    result = run(runner, "models", "install", "en", "ru", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["version"] == "1.9"


def test_install_offline_names_the_url(runner, argos_dirs, refused_url):
    argos_dirs.set_index_url(refused_url)
    result = run(runner, "models", "install", "en", "ru")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"atau: error: cannot reach {refused_url}index.json")


def test_available_with_filters(runner, argos_dirs, index_server):
    index_server.put_index([index_server.entry("en", "ru", index_server.base + "a", "1.9"),
                            index_server.entry("de", "en", index_server.base + "b", "1.0")])
    result = run(runner, "models", "available", "--from", "en", "--json")
    assert result.exit_code == 0
    assert [(p["from"], p["to"], p["version"]) for p in json.loads(result.stdout)] == [("en", "ru", "1.9")]


def test_available_cached_needs_no_network(runner, argos_dirs, index_server, refused_url):
    index_server.put_index([index_server.entry("en", "ru", index_server.base + "a", "1.9")])
    assert run(runner, "models", "available").exit_code == 0
    argos_dirs.set_index_url(refused_url)
    result = run(runner, "models", "available", "--cached", "--json")
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 1


def test_available_cached_without_an_index_says_so(runner, argos_dirs, refused_url):
    argos_dirs.set_index_url(refused_url)
    result = run(runner, "models", "available", "--cached")
    assert result.exit_code == 2
    assert result.stderr == ("atau: error: no package index has been downloaded yet: run 'atau models available' "
                             "without --cached once, with the network\n")


def test_available_offline_is_one_error_line(runner, argos_dirs, refused_url):
    argos_dirs.set_index_url(refused_url)
    result = run(runner, "models", "available")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and refused_url in result.stderr


def test_pack_then_install(runner, argos_dirs, prefix_model_dir, tmp_path):
    out = tmp_path / "en_kk.argosmodel"
    result = run(runner, "models", "pack", prefix_model_dir / "model", "--sp",
                 prefix_model_dir / "sentencepiece.model", "--from", "en", "--to", "kk",
                 "--source-prefix", "eng_Latn", "--target-prefix", "kaz_Cyrl", "-o", out)
    assert result.exit_code == 0, result.output
    assert f"atau models install {out}" in result.stdout
    installed = run(runner, "models", "install", out, "--json")
    data = json.loads(installed.stdout)
    assert (data["source_prefix"], data["source_suffix"], data["target_prefix"]) == (
        "eng_Latn", "</s>", "kaz_Cyrl")


def test_entry_point_subprocess_install_and_list(argos_dirs, fake_package):
    """The installed ``atau`` script, in a fresh process that reads the
    environment variables argostranslate reads."""
    if not ATAU.exists() and shutil.which("atau") is None:
        pytest.skip("atau entry point not installed")
    command = str(ATAU) if ATAU.exists() else shutil.which("atau")
    env = {**os.environ, **argos_dirs.env}
    done = subprocess.run([command, "models", "install", str(fake_package("en", "ru", "1.9"))],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    listed = subprocess.run([command, "models", "list", "--json"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert [r["name"] for r in json.loads(listed.stdout)] == ["translate-en_ru-1_9"]
    assert (Path(argos_dirs.env["ARGOS_PACKAGES_DIR"]) / "translate-en_ru-1_9").is_dir()


def test_help_and_glossary_do_not_import_the_translation_stack():
    """`atau --help`, `atau models --help` and glossary commands stay fast:
    no argostranslate, ctranslate2, sentencepiece or sentencex."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from toolkit.cli.main import app\n"
        "r = CliRunner()\n"
        "for args in (['--help'], ['models', '--help'], ['translate', '--help'], ['glossary', '--help']):\n"
        "    assert r.invoke(app, args).exit_code == 0, args\n"
        "heavy = ('argostranslate', 'ctranslate2', 'sentencepiece', 'sentencex', 'stanza', 'torch')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- a hostile or broken index


def test_available_lists_the_good_entries_and_says_what_was_skipped(runner, argos_dirs, index_server):
    good = index_server.entry("en", "ru", index_server.base + "a", "1.9")
    index_server.put_index([
        {**index_server.entry("en", "de", index_server.base + "b"), "links": index_server.base + "b"},
        good,
        {**index_server.entry("en", "kk", index_server.base + "c"), "sha256": 12345},
        {**index_server.entry("en", "tr", index_server.base + "d"), "from_code": 5},
        {**index_server.entry("en", "uz", index_server.base + "e"), "links": ["file:///dev/zero"]},
    ])
    result = run(runner, "models", "available", "--json")
    assert result.exit_code == 0, result.output
    assert [(p["from"], p["to"]) for p in json.loads(result.stdout)] == [("en", "ru")]
    assert result.stderr == (
        f"atau: skipped 4 malformed entries of the package index: entry 1: links must be a list of URLs, "
        f"not '{index_server.base}b'; entry 3: sha256 12345 is not 64 hexadecimal digits; entry 4: from_code 5 "
        f"is not a language code (and 1 more)\n")


def test_available_with_a_200k_deep_index_is_not_an_internal_error(runner, argos_dirs, index_server):
    index_server.put("index.json", b"[" * 200_000 + b"]" * 200_000)
    result = run(runner, "models", "available")
    assert result.exit_code == 0
    assert result.stderr == "atau: skipped 1 malformed entry of the package index: entry 1: nested too deeply\n"


def test_install_from_a_malformed_entry_is_one_error_line(runner, argos_dirs, index_server):
    index_server.put_index([{**index_server.entry("en", "ru", "file:///dev/zero")}])
    result = run(runner, "models", "install", "en", "ru")
    assert result.exit_code == 2
    assert result.stderr == (f"atau: error: {index_server.base}index.json: the package index's en->ru package is "
                             f"unusable: entry 1: link 'file:///dev/zero' is not an http(s) URL\n")


ESCAPES = "\x1b]0;owned\x07\x1b[2J\x9b31m\u202e"


@pytest.fixture
def wide(monkeypatch):
    """Tables printed 300 columns wide (no folded cells)."""
    from toolkit.cli import output

    monkeypatch.setattr(output.stdout, "width", 300)


def test_available_shows_escape_sequences_from_the_index_visibly(runner, argos_dirs, index_server, wide):
    index_server.put_index([{**index_server.entry("en", "ru", index_server.base + "a", "1.9" + ESCAPES),
                             "from_name": "English" + ESCAPES, "description": ESCAPES}])
    result = run(runner, "models", "available")
    assert result.exit_code == 0
    assert not any(c in result.output for c in "\x1b\x07\x9b\u202e")
    assert "1.9\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\u202e" in result.stdout
    assert "English\\x1b]0;owned" in result.stdout


def test_list_shows_escape_sequences_from_metadata_visibly(runner, argos_dirs, fake_package, wide):
    assert run(runner, "models", "install", fake_package("en", "ru", "1.9", metadata={
        "package_version": "1.9" + ESCAPES})).exit_code == 0
    for args in (("list",), ("remove", "en", "ru")):
        result = run(runner, "models", *args)
        assert result.exit_code == 0
        assert not any(c in result.output for c in "\x1b\x07\x9b\u202e")
        assert "1.9\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\u202e" in result.stdout


def test_install_of_a_package_that_does_not_load_is_one_error_line(runner, argos_dirs, fake_package):
    assert run(runner, "models", "install", fake_package("en", "ru", "1.0")).exit_code == 0
    broken = fake_package("en", "ru", "2.0", extra={"translate-en_ru-2_0/sentencepiece.model": b"garbage"})
    result = run(runner, "models", "install", broken)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"atau: error: {broken}: the package does not load or translate: ")
    assert [r["version"] for r in json.loads(run(runner, "models", "list", "--json").stdout)] == ["1.0"]
