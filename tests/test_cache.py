"""The on-disk cache (parsed glossaries, term matchers) and the lazy CLI."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit import cache
from toolkit.termbase.store import PACKAGED_GLOSSARY, GlossaryStore
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
    assert out.stdout.strip() == ("['toolkit.cli', 'toolkit.cli.conventions', 'toolkit.cli.main', "
                                  "'toolkit.errors', 'toolkit.i18n']")


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


# --------------------------------------------------------------------------
# pruning


def _entry(folder, kind, name, size, used):
    path = folder / kind / f"{name}.pickle"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    os.utime(path, (used, used))
    return path


def test_prune_removes_unused_entries_then_the_least_recently_used(cache_home):
    now = 1_000_000_000.0
    day = 86400
    old = _entry(cache_home, "matchers", "old", 100, now - 31 * day)
    a = _entry(cache_home, "glossaries", "a", 400, now - 1 * day)
    b = _entry(cache_home, "matchers", "b", 400, now - 2 * day)
    c = _entry(cache_home, "matchers", "c", 400, now - 3 * day)
    pruned = cache.prune(max_bytes=1000, max_age=30 * day, now=now)
    assert (pruned.removed, pruned.freed, pruned.kept, pruned.size) == (2, 500, 2, 800)
    assert [p.exists() for p in (old, a, b, c)] == [False, True, True, False]


def test_prune_never_removes_what_was_just_stored(cache_home):
    now = 1_000_000_000.0
    big = _entry(cache_home, "glossaries", "big", 5000, now)
    other = _entry(cache_home, "matchers", "other", 10, now - 10)
    pruned = cache.prune(max_bytes=1000, max_age=86400, keep=[big], now=now)
    assert big.exists() and not other.exists()
    assert (pruned.kept, pruned.size) == (1, 5000)


def test_reading_an_entry_marks_it_used(cache_home):
    key = cache.cache_key("used")
    cache.store("things", key, [1])
    path = cache_home / "things" / f"{key}.pickle"
    os.utime(path, (1_000_000, 1_000_000))
    assert cache.load("things", key) == [1]
    assert path.stat().st_mtime > 1_000_000 + 86400


def test_storing_prunes_by_the_settings_file(cache_home, tmp_path, monkeypatch):
    settings = tmp_path / "config.toml"
    settings.write_text("cache_max_mb = 1\ncache_max_age_days = 1\n", encoding="utf-8")
    monkeypatch.setenv("ATAU_CONFIG", str(settings))
    stale = _entry(cache_home, "matchers", "stale", 10, 1_000_000)
    big = [_entry(cache_home, "glossaries", f"big{i}", 700_000, 2_000_000_000 - i) for i in range(2)]
    cache.store("things", cache.cache_key("new"), "value")
    assert not stale.exists()
    assert [p.exists() for p in big] == [True, False]  # 1 MiB holds the new entry and one of 700 kB
    assert cache.load("things", cache.cache_key("new")) == "value"


def test_five_glossary_edits_leave_a_bounded_cache(cache_home, tmp_path, monkeypatch):
    """The case of the issue: every edit makes new entries; the limit keeps the cache in bounds."""
    settings = tmp_path / "config.toml"
    settings.write_text("cache_max_mb = 3\n", encoding="utf-8")
    monkeypatch.setenv("ATAU_CONFIG", str(settings))
    path = tmp_path / "g.tbx"
    path.write_bytes(PACKAGED_GLOSSARY.read_bytes())
    from toolkit.termbase.store import load_glossary
    from toolkit.terms.matching import _CACHE

    for n in range(5):
        edited = PACKAGED_GLOSSARY.read_bytes().replace(b"Parliament</term>", f"Parliament{n}</term>".encode(), 1)
        path.write_bytes(edited)
        glossary = load_glossary(path)
        for lang in ("en", "ru", "kk"):
            cached_matcher(glossary, lang)
        _CACHE.clear()
    # Unpruned, five edits leave 20 entries of about 13 MB (a glossary and three matchers each).
    assert sum(size for _p, size, _u in cache.entries()) <= 3 * 1024 * 1024
    assert 1 <= len(cache.entries()) < 20
