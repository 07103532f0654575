"""The on-disk cache (parsed glossaries, term matchers) and the lazy CLI."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit import cache
from toolkit.termbase.store import GlossaryStore
from toolkit.terms.matching import cached_matcher

REPO = Path(__file__).resolve().parents[1]

TBX = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><titleStmt><title>t</title></titleStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="senate">
<langSec xml:lang="en"><termSec><term>{en}</term></termSec></langSec>
<langSec xml:lang="ru"><termSec><term>Сенат</term></termSec></langSec>
</conceptEntry>
</body></text></tbx>
"""


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ATAU_CACHE_DIR", str(folder))
    return folder


def test_store_then_load_round_trip_with_private_modes(cache_home):
    key = cache.cache_key("a", b"b")
    cache.store("things", key, {"x": [1, 2]})
    path = cache_home / "things" / f"{key}.pickle"
    assert cache.load("things", key) == {"x": [1, 2]}
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_key_depends_on_every_part_and_their_boundaries():
    assert cache.cache_key("ab", "c") != cache.cache_key("a", "bc")
    assert cache.cache_key("a") == cache.cache_key(b"a")
    assert len(cache.cache_key("a")) == 32


def test_missing_damaged_or_writable_by_others_is_not_read(cache_home):
    assert cache.load("things", "absent") is None
    key = cache.cache_key("k")
    cache.store("things", key, 42)
    path = cache_home / "things" / f"{key}.pickle"
    path.chmod(0o666)
    assert cache.load("things", key) is None
    path.chmod(0o600)
    assert cache.load("things", key) == 42
    path.write_bytes(b"not a pickle")
    assert cache.load("things", key) is None


def test_unwritable_cache_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("ATAU_CACHE_DIR", str(blocker / "cache"))  # a folder under a file
    cache.store("things", "k", 1)
    assert cache.load("things", "k") is None


def test_glossary_load_is_cached_by_content(cache_home, tmp_path):
    path = tmp_path / "g.tbx"
    path.write_text(TBX.format(en="Senate"), encoding="utf-8")
    first = GlossaryStore(path).load()
    assert len(list((cache_home / "glossaries").glob("*.pickle"))) == 1
    again = GlossaryStore(path).load()
    assert again == first and again is not first
    # An edited file is parsed again, never read from the stale entry.
    path.write_text(TBX.format(en="Upper House"), encoding="utf-8")
    edited = GlossaryStore(path).load()
    assert edited["senate"].preferred("en").text == "Upper House"
    assert len(list((cache_home / "glossaries").glob("*.pickle"))) == 2


def test_malformed_glossary_is_an_error_every_time(cache_home, tmp_path):
    from toolkit.errors import GlossaryError

    path = tmp_path / "g.tbx"
    path.write_text("<tbx><text><body><conceptEntry>", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(GlossaryError):
            GlossaryStore(path).load()
    assert not (cache_home / "glossaries").exists() or not any((cache_home / "glossaries").iterdir())


def test_cached_matcher_comes_back_from_disk_with_the_same_matches(cache_home, tmp_path):
    from toolkit.terms.matching import _CACHE

    path = tmp_path / "g.tbx"
    path.write_text(TBX.format(en="Senate"), encoding="utf-8")
    glossary = GlossaryStore(path).load()
    built = cached_matcher(glossary, "ru")
    _CACHE.clear()  # a new process: only the disk is left
    loaded = cached_matcher(glossary, "ru")
    assert loaded is not built
    text = "Депутаты Сената и Сенатом"
    assert [(m.start, m.end) for m in loaded.find(text)] == [(m.start, m.end) for m in built.find(text)]
    assert [(m.start, m.end) for m in loaded.find(text)] == [(9, 15), (18, 25)]


def test_help_builds_no_subcommand():
    """`atau --help` lists the commands from main.COMMANDS without importing
    their modules (start-up time, benchmarks/bench_startup.py)."""
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom toolkit.cli.main import app\n"
            "r = CliRunner().invoke(app, ['--help'])\nassert r.exit_code == 0, r.output\n"
            "print(sorted(m for m in sys.modules if m.startswith('toolkit.')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                         env={**os.environ, "LANGUAGE": "en"}, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['toolkit.cli', 'toolkit.cli.main', 'toolkit.errors', 'toolkit.i18n']"


@pytest.mark.parametrize("group", ["glossary", "catalog", "models"])
def test_command_groups_offer_no_shell_completion_options(group):
    from typer.testing import CliRunner

    from toolkit.cli.main import app

    result = CliRunner().invoke(app, [group, "--help"])
    assert result.exit_code == 0
    assert "--install-completion" not in result.output and "-h, --help" in result.output


def test_key_changes_with_the_code_of_pickled_classes(monkeypatch, tmp_path):
    """An entry made by other code (a checkout between releases) is never read."""
    first = cache.cache_key("x")
    fake = tmp_path / "toolkit"
    for name in cache._PICKLED_MODULES:
        (fake / name).parent.mkdir(parents=True, exist_ok=True)
        (fake / name).write_text("# other code\n")
    monkeypatch.setattr(cache, "__file__", str(fake / "cache.py"))
    assert cache.cache_key("x") != first
