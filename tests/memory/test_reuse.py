"""Reuse inside the pipeline (MemoryTranslator, ReusingHook), PO files in
(human translations) and out (fuzzy suggestions), CSV."""

from __future__ import annotations

import io

import polib
import pytest

from toolkit.errors import InputError
from toolkit.memory.model import HUMAN, MACHINE, Unit
from toolkit.memory.reuse import MemoryTranslator, ReusingHook, add_suggestions, human_units, record_human_translations
from toolkit.memory.store import TranslationMemory
from toolkit.memory.tabular import read_csv, write_csv
from toolkit.mt.engine import Hypothesis
from toolkit.mt.pipeline import translate_document


@pytest.fixture
def memory(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite", "en", "ru") as tm:
        yield tm


def test_memory_translator_answers_what_it_knows_and_loads_the_engine_only_when_needed(fake_engine):
    engine = fake_engine()
    loads = []
    translator = MemoryTranslator(engine.info, lambda: loads.append(1) or engine, beam_size=4)
    translator.prepare({"One two.": Hypothesis("KNOWN.", score=-0.1)})
    assert [h.text for h in translator.translate_batch(["One two."])] == ["KNOWN."]
    assert loads == [] and translator.calls == 0
    out = translator.translate_batch(["One two.", "Three four.", "Three four."])
    assert [h.text for h in out] == ["KNOWN.", "THREE FOUR.", "THREE FOUR."]
    assert loads == [1] and engine.calls == [["Three four."]] and list(translator.made) == ["Three four."]
    # attention is asked for: a known hypothesis without it is not enough
    translator.translate_batch(["One two."], return_attention=True)
    assert engine.calls[-1] == ["One two."] and translator.calls == 2


def test_a_known_hypothesis_with_attention_serves_a_call_without(fake_engine):
    engine = fake_engine()
    rich = Hypothesis("X.", ("▁X.",), -0.1, ("▁One",), ((1.0,),))
    translator = MemoryTranslator(engine.info, lambda: engine, beam_size=4)
    translator.prepare({"One.": rich})
    assert translator.translate_batch(["One."])[0].attention is None
    assert translator.translate_batch(["One."], return_attention=True)[0] == rich
    assert translator.translate_batch(["One."], beam_size=2)[0].text == "ONE."  # another beam: the engine
    assert engine.calls == [["One."]]


def test_a_document_with_every_sentence_reused_makes_no_model_call(fake_engine):
    engine = fake_engine()
    translator = MemoryTranslator(engine.info, lambda: engine, beam_size=4)
    reuse = {0: Unit("One two.", "Раз два.", HUMAN), 1: Unit("Three four.", "Три четыре.", MACHINE, "sig",
                                                           meta={"score": -0.3, "flags": [["length-ratio", "x"]]})}
    translator.prepare({}, stubs={"One two.", "Three four."})
    result = translate_document("One two. Three four.\n", translator, postedit=ReusingHook(None, reuse))
    assert result.text == "Раз два. Три четыре.\n" and engine.calls == []
    human, machine = result.segments
    assert (human.score, human.flags) == (None, ())
    assert machine.score == -0.3 and [(f.code, f.line, f.segment) for f in machine.flags] == [("length-ratio", 1, 1)]


def test_the_hook_passes_only_fresh_segments_to_enforcement(fake_engine):
    seen = []

    def inner(segments):
        seen.extend(s.index for s in segments)
        return segments

    engine = fake_engine()
    translator = MemoryTranslator(engine.info, lambda: engine, beam_size=4)
    translator.prepare({}, stubs={"One two."})
    result = translate_document("One two. Five six.\n", translator,
                                postedit=ReusingHook(inner, {0: Unit("One two.", "Раз два.", HUMAN)}))
    assert seen == [1] and result.text == "Раз два. FIVE SIX.\n" and engine.calls == [["Five six."]]


def _po() -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Language": "ru", "Last-Translator": "Dana <dana@example.kz>",
                   "X-Atau-Source-Language": "en"}
    po.append(polib.POEntry(msgid="The Senate met.", msgstr="Сенат собрался."))  # a person's
    po.append(polib.POEntry(msgid="The Mazhilis met.", msgstr="Мажилис собрался.", flags=["fuzzy"]))  # MT
    po.append(polib.POEntry(msgid="Untranslated.", msgstr=""))
    po.append(polib.POEntry(msgid="%d law", msgid_plural="%d laws", msgstr_plural={0: "x", 1: "y", 2: "z"}))
    po.append(polib.POEntry(msgid="Gone.", msgstr="Ушло.", obsolete=True))
    return po


def test_human_units_are_the_translated_entries_without_fuzzy():
    units = human_units(_po(), created="2026-12-04T00:00:00Z")
    assert [(u.source, u.target, u.origin, u.meta) for u in units] == [
        ("The Senate met.", "Сенат собрался.", HUMAN, {"author": "Dana <dana@example.kz>"})]


def test_record_human_translations(memory):
    assert record_human_translations(_po(), memory) == 1
    assert record_human_translations(_po(), memory) == 0  # unchanged
    assert [u.target for u in memory.units()] == ["Сенат собрался."]


def test_suggestions_as_msgmerge_would_give_them(memory):
    memory.add([Unit("The Mazhilis met today.", "Мажилис собрался сегодня.", HUMAN),
                Unit("Untranslated!", "Не переведено!", HUMAN)])
    po = _po()
    assert add_suggestions(po, memory, threshold=75) == 2
    mt, empty = po[1], po[2]
    assert mt.msgstr == "Мажилис собрался." and mt.previous_msgid is None
    assert mt.tcomment.startswith("memory 8") and mt.tcomment.endswith(
        "% (human): The Mazhilis met today. => Мажилис собрался сегодня.")
    assert (empty.msgstr, empty.previous_msgid, empty.fuzzy) == ("Не переведено!", "Untranslated!", True)
    text = str(po)
    assert '#| msgid "Untranslated!"' in text and "#, fuzzy" in text
    assert po[0].tcomment == ""  # a person's translation gets no suggestion


def test_csv_round_trip_and_errors():
    units = [Unit('Comma, "quotes"', "Запятая, «кавычки»", HUMAN, created="2026-01-01T00:00:00Z"),
             Unit("Line\nbreak", "Перенос", MACHINE, "sig", "g", created="2026-01-02T00:00:00Z")]
    buffer = io.StringIO()
    assert write_csv(buffer, units, "en", "ru") == 2
    back = read_csv(buffer.getvalue(), "en", "ru")
    assert [(u.source, u.target, u.origin, u.signature, u.glossary, u.created) for u in back] == \
        [(u.source, u.target, u.origin, u.signature, u.glossary, u.created) for u in units]
    assert [u.target for u in read_csv("\ufeffru-RU,en-US\nСенат,Senate\n", "en", "ru")] == ["Сенат"]
    with pytest.raises(InputError, match=r"t.csv:3: 3 fields where the header has 2"):
        read_csv("en,ru\na,б\na,b,c\n", "en", "ru", "t.csv")
    with pytest.raises(InputError, match="no column for 'kk'"):
        read_csv("en,ru\na,б\n", "en", "kk", "t.csv")
    with pytest.raises(InputError, match="t.csv:2: unknown origin 'robot'"):
        read_csv("en,ru,origin\na,б,robot\n", "en", "ru", "t.csv")
    with pytest.raises(InputError, match="unclosed quote"):
        read_csv('en,ru\n"a,б\n', "en", "ru", "t.csv")
