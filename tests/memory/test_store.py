"""The SQLite memory: units, recall (a human translation wins), raw MT, search, safety."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from toolkit.errors import InputError
from toolkit.memory.model import HUMAN, MACHINE, MAX_SEGMENT_CHARS, Unit, segment_key
from toolkit.memory.store import (TranslationMemory, decode_hypothesis, default_memory_path,
                                  encode_hypothesis)
from toolkit.mt.engine import Hypothesis

SIG = "atau:0.1.0|en-ru|pkg:test@1|pivot:none|glossary:none|beam:4"


@pytest.fixture
def memory(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite", "en", "ru") as tm:
        yield tm


def test_segment_key_folds_white_space_and_composes():
    assert segment_key("  The  Senate\n met.\t") == "The Senate met."
    assert segment_key("Ә") == segment_key("А\u0308".replace("А\u0308", "Ә"))
    assert segment_key("і") == segment_key("i\u0307".replace("i\u0307", "і"))


def test_default_path_follows_the_environment(memory_dir):
    assert default_memory_path("EN", "ru") == memory_dir / "en-ru.sqlite"


def test_add_and_recall(memory):
    result = memory.add([Unit("The Senate met.", "Сенат собрался.", HUMAN, created="2026-01-01T00:00:00Z"),
                         Unit("The  Senate met.", "Сенат заседал.", MACHINE, SIG, "g1")])
    assert (result.added, result.updated, result.skipped) == (2, 0, 0)
    found = memory.recall(["The Senate met.", "Unknown."], signature=SIG, glossary="g1")
    assert list(found) == ["The Senate met."]
    assert (found["The Senate met."].target, found["The Senate met."].origin) == ("Сенат собрался.", HUMAN)


def test_a_machine_unit_needs_the_same_signature_and_glossary(memory):
    memory.add([Unit("The Senate met.", "Сенат заседал.", MACHINE, SIG, "g1", meta={"score": -0.5})])
    assert memory.recall(["The Senate met."], signature=SIG, glossary="g2") == {}
    assert memory.recall(["The Senate met."], signature=SIG + "x", glossary="g1") == {}
    unit = memory.recall(["The Senate met."], signature=SIG, glossary="g1")["The Senate met."]
    assert unit.meta == {"score": -0.5} and unit.signature == SIG


def test_the_latest_human_translation_replaces_the_earlier(memory):
    memory.add([Unit("A b.", "А б.", HUMAN, created="2026-01-01T00:00:00Z")])
    result = memory.add([Unit("A b.", "А бэ.", HUMAN, created="2026-02-01T00:00:00Z")])
    assert (result.added, result.updated) == (0, 1)
    assert [u.target for u in memory.units()] == ["А бэ."]
    assert memory.add([Unit("A b.", "А бэ.", HUMAN)]).unchanged == 1


def test_empty_and_too_long_segments_are_skipped(memory):
    result = memory.add([Unit(" ", "x"), Unit("x", " "), Unit("x" * (MAX_SEGMENT_CHARS + 1), "y")])
    assert result.skipped == 3 and list(memory.units()) == []


def test_raw_mt_round_trips_with_exact_attention(memory):
    attention = ((0.1, 0.7, 0.2), (0.3333333432674408, 0.5, 0.16666))
    plain = Hypothesis("Сенат.", ("▁Сенат", "."), -0.25, ("▁The", "▁Senate", "."))
    rich = Hypothesis("Сенат.", ("▁Сенат", "."), -0.25, ("▁The", "▁Senate", "."), attention)
    assert decode_hypothesis(encode_hypothesis(rich)) == rich
    assert decode_hypothesis(encode_hypothesis(rich)).attention == attention
    memory.mt_add("m|beam:4", [("The Senate.", plain)])
    memory.mt_add("m|beam:4", [("The Senate.", rich)])
    memory.mt_add("m|beam:4", [("The Senate.", plain)])  # never replaces one with attention
    assert memory.mt_lookup("m|beam:4", ["The Senate.", "Other."]) == {"The Senate.": rich}
    assert memory.mt_lookup("m|beam:2", ["The Senate."]) == {}
    assert decode_hypothesis(b"\x05\x00\x00\x00{bad") is None


def test_search_scores_and_orders(memory):
    memory.add([Unit("The Senate adopted the law on elections.", "Сенат принял закон о выборах.", MACHINE, SIG),
                Unit("The Senate adopted the law on education.", "Сенат принял закон об образовании.", HUMAN),
                Unit("Completely different words here.", "Другое.", HUMAN)])
    matches = memory.search("The Senate adopted the law on election.", threshold=75)
    assert [m.unit.target for m in matches] == ["Сенат принял закон о выборах.",
                                                "Сенат принял закон об образовании."]
    assert matches[0].score > matches[1].score >= 75
    assert memory.search("The Senate adopted the law on election.", threshold=75, origin=HUMAN)[0].unit.origin == HUMAN
    assert memory.search("Nothing like it at all, no.", threshold=75) == []
    with pytest.raises(ValueError):
        memory.search("x", threshold=101)


def test_stats(memory):
    memory.add([Unit("A b.", "А б.", HUMAN, created="2026-01-01T00:00:00Z"),
                Unit("A b.", "А б!", MACHINE, SIG, created="2026-01-02T00:00:00Z"),
                Unit("C d.", "В г.", MACHINE, SIG, created="2026-01-03T00:00:00Z")])
    stats = memory.stats()
    assert (stats.human, stats.machine, stats.segments, stats.raw_mt) == (1, 2, 2, 0)
    assert (stats.oldest, stats.newest, stats.from_code, stats.to_code) == (
        "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z", "en", "ru")


def test_a_memory_keeps_its_pair(tmp_path):
    path = tmp_path / "tm.sqlite"
    TranslationMemory(path, "en", "ru").close()
    with TranslationMemory(path) as tm:
        assert (tm.from_code, tm.to_code) == ("en", "ru")
    with pytest.raises(InputError, match="this translation memory is for en->ru, not en->kk"):
        TranslationMemory(path, "en", "kk")
    with pytest.raises(InputError, match="give the languages"):
        TranslationMemory(tmp_path / "new.sqlite")


def test_a_file_that_is_not_a_memory_is_one_error(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(InputError, match="not an Atau translation memory"):
        TranslationMemory(junk, "en", "ru")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT INTO meta VALUES ('format', 'something-else')")
    with pytest.raises(InputError, match="not an Atau translation memory"):
        TranslationMemory(other, "en", "ru")


_WRITER = """
import sys
from toolkit.memory.model import Unit
from toolkit.memory.store import TranslationMemory
with TranslationMemory(sys.argv[1], "en", "ru") as tm:
    for i in range(40):
        tm.add([Unit(f"{sys.argv[2]} sentence {i}.", f"{sys.argv[2]} предложение {i}.")])
"""


def test_two_processes_write_at_once_and_nothing_is_lost(tmp_path):
    path = tmp_path / "tm.sqlite"
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), name], stderr=subprocess.PIPE)
             for name in ("alpha", "beta")]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with TranslationMemory(path) as tm:
        assert tm.stats().human == 80
        assert tm.path.with_name("tm.sqlite-wal").exists() or True  # WAL mode (file may be checkpointed)
        assert tm._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
