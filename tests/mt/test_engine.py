"""The CTranslate2 engine (toolkit.mt.engine) on the tiny test models.

The test models memorise their training corpus: exact outputs are asserted
only for training sentences. They say nothing about translation quality."""

from __future__ import annotations

import sys

import pytest

from toolkit.errors import ModelError, ModelNotFoundError
from toolkit.mt.engine import Engine, EngineInfo, Hypothesis, PivotEngine, load_engine
from toolkit.mt.packages.archive import install_file
from toolkit.mt.packages.pack import pack


@pytest.fixture
def engine(installed_test_model):
    return Engine(installed_test_model, device="cpu", threads=1)


@pytest.fixture
def en_kk(argos_dirs, prefix_model_dir, tmp_path):
    out = pack(prefix_model_dir / "model", prefix_model_dir / "sentencepiece.model", "en", "kk",
               tmp_path / "en_kk.argosmodel", source_prefix="eng_Latn", target_prefix="kaz_Cyrl")
    return install_file(out)


def corpus(name):
    from tests.conftest import TESTS

    rows = (TESTS / "data" / "corpus" / name).read_text(encoding="utf-8").splitlines()
    return [tuple(r.split("\t", 1)) for r in rows if "\t" in r]


class CountingTranslator:
    """Wraps a ctranslate2.Translator and counts translate_batch calls."""

    def __init__(self, inner):
        self.inner = inner
        self.calls = []

    def translate_batch(self, source, **kwargs):
        self.calls.append((len(source), kwargs))
        return self.inner.translate_batch(source, **kwargs)


def test_translates_training_sentences(engine):
    pairs = corpus("en-ru.tsv")[:8]
    hypotheses = engine.translate_batch([en for en, _ in pairs])
    assert [h.text for h in hypotheses] == [ru for _, ru in pairs]


def test_one_ctranslate2_call_for_a_batch(engine):
    counter = CountingTranslator(engine._translator)
    engine._translator = counter
    engine.translate_batch([en for en, _ in corpus("en-ru.tsv")[:40]])
    assert len(counter.calls) == 1
    size, kwargs = counter.calls[0]
    assert size == 40 and kwargs["batch_type"] == "tokens"


def test_progress_splits_into_reported_chunks(engine):
    engine.max_batch_tokens = 16
    seen = []
    sources = [en for en, _ in corpus("en-ru.tsv")[:20]]
    hypotheses = engine.translate_batch(sources, progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 20) and seen[-1] == (20, 20) and len(seen) > 2
    assert [h.text for h in hypotheses] == [ru for _, ru in corpus("en-ru.tsv")[:20]]


def test_hypothesis_fields(engine):
    (h,) = engine.translate_batch(["The Senate adopted 12 laws."], return_attention=True)
    assert h.tokens and h.source_tokens == tuple(engine.tokenize(["The Senate adopted 12 laws."])[0])
    assert -20 < h.score <= 0
    assert len(h.attention) == len(h.tokens) and {len(row) for row in h.attention} == {len(h.source_tokens)}


def test_empty_source_gives_empty_hypothesis(engine):
    assert engine.translate_batch([""]) == [Hypothesis("", (), None, ())]


def test_target_prefix_forces_the_start(engine):
    source, target = corpus("en-ru.tsv")[0]
    (free, forced) = engine.translate_batch([source, source], target_prefixes=[None, "Итак,"])
    assert free.text == target
    assert forced.text.startswith("Итак,")


def test_target_prefixes_length_is_checked(engine):
    with pytest.raises(ValueError):
        engine.translate_batch(["a", "b"], target_prefixes=[None])


def test_info(engine, installed_test_model):
    info = engine.info
    assert (info.from_code, info.to_code, info.pivot, info.device) == ("en", "ru", None, "cpu")
    assert info.packages == ((installed_test_model.name, installed_test_model.version),)
    assert info.compute_type.startswith("int8")


def test_cuda_without_gpu_is_a_model_error(installed_test_model):
    import ctranslate2

    if ctranslate2.get_cuda_device_count():
        pytest.skip("a GPU is present")
    with pytest.raises(ModelError, match="no CUDA device"):
        Engine(installed_test_model, device="cuda")


def test_damaged_model_is_a_model_error(installed_test_model):
    (installed_test_model.model_dir / "model.bin").write_bytes(b"garbage")
    with pytest.raises(ModelError, match="cannot load the CTranslate2 model"):
        Engine(installed_test_model, device="cpu")


def test_load_engine_missing_pair(argos_dirs):
    with pytest.raises(ModelNotFoundError, match="atau models install en de"):
        load_engine("en", "de")
    with pytest.raises(ModelNotFoundError, match="no Kazakh model: pack one from NLLB-200 or Tilmash"):
        load_engine("en", "kk")


def test_prefix_model_packed_for_kazakh(en_kk):
    engine = Engine(en_kk, device="cpu", threads=1)
    pairs = corpus("en-kk.tsv")[:8]
    assert [h.text for h in engine.translate_batch([en for en, _ in pairs], beam_size=1)] == [kk for _, kk in pairs]


def test_prefix_model_packed_for_russian(argos_dirs, prefix_model_dir, tmp_path):
    out = pack(prefix_model_dir / "model", prefix_model_dir / "sentencepiece.model", "en", "ru",
               tmp_path / "en_ru.argosmodel", source_prefix="eng_Latn", target_prefix="rus_Cyrl")
    engine = Engine(install_file(out), device="cpu", threads=1)
    pairs = corpus("en-ru.tsv")[:5]
    # Greedy: CTranslate2's beam search misses a few training targets of the tiny model.
    hypotheses = engine.translate_batch([en for en, _ in pairs], beam_size=1, return_attention=True)
    assert [h.text for h in hypotheses] == [ru for _, ru in pairs]
    assert all(len(h.attention[0]) == len(h.source_tokens) for h in hypotheses)


def test_no_heavy_imports():
    """Engine and pipeline never import argostranslate.translate, stanza, spacy or torch."""
    import subprocess

    code = ("import sys, toolkit.mt.engine, toolkit.mt.pipeline, toolkit.mt.packages.archive, toolkit.mt.packages.pack;"
            "print(sorted(m for m in ('argostranslate.translate','stanza','spacy','torch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- pivot (fake legs)


class Leg:
    def __init__(self, src, dst, fn):
        self.info = EngineInfo(src, dst, ((f"fake-{src}_{dst}", "1"),))
        self.fn = fn
        self.seen = []

    def translate_batch(self, sources, *, target_prefixes=None, beam_size=4, return_attention=False,
                        progress=None):
        self.seen.append((list(sources), target_prefixes))
        return [Hypothesis(self.fn(s), tuple(self.fn(s).split()), -0.5, tuple(s.split())) for s in sources]


def test_pivot_chains_two_legs_and_reports_the_pivot():
    first = Leg("ru", "en", lambda s: s + " [en]")
    second = Leg("en", "kk", lambda s: s + " [kk]")
    pivot = PivotEngine(first, second)
    (h,) = pivot.translate_batch(["Сенат"], target_prefixes=["Сенат"])
    assert h.text == "Сенат [en] [kk]" and h.score == -0.5
    assert second.seen == [(["Сенат [en]"], ["Сенат"])]
    assert pivot.info.pivot == "en" and pivot.info.from_code == "ru" and pivot.info.to_code == "kk"
    assert [n for n, _ in pivot.info.packages] == ["fake-ru_en", "fake-en_kk"]


# ---------------------------------------------------------------- threads and long input


def test_threads_are_batches_in_parallel_on_the_cpu(installed_test_model):
    from toolkit.mt.engine import thread_plan

    assert thread_plan(2) == (2, 1) and thread_plan(0) == (1, 1) and thread_plan(3, "cuda") == (1, 3)
    engine = Engine(installed_test_model, device="cpu", threads=2)
    info = engine.info
    assert (info.threads, info.inter_threads, info.intra_threads) == (2, 2, 1)
    assert engine._translator.num_translators == 2
    # a small call is cut so that both translators get a batch
    assert engine._batch_tokens([["▁a"] * 10, ["▁b"] * 30]) == 30
    assert engine._batch_tokens([["▁a"] * 400, ["▁b"] * 400]) == 400
    assert engine._batch_tokens([["▁a"] * 400] * 4) == 512


def test_a_sentence_longer_than_the_model_takes_is_translated_in_pieces(installed_test_model, monkeypatch):
    from toolkit.mt import engine as module

    engine = Engine(installed_test_model, device="cpu", threads=1)
    sentence = "The Senate adopted the law. " * 6
    tokens = engine.tokenize([sentence])[0]
    monkeypatch.setattr(module, "MAX_INPUT_TOKENS", 10)
    seen = []
    inner = engine._translator.translate_batch

    def spy(source, **options):
        seen.append(([len(s) for s in source], options["max_input_length"]))
        return inner(source, **options)

    monkeypatch.setattr(engine, "_translator", type("T", (), {"translate_batch": staticmethod(spy)})())
    (long, short), = [engine.translate_batch([sentence, "The Senate."], return_attention=True)]
    (lengths, cap), = seen
    assert cap == 10 and max(lengths) <= 10
    assert sum(lengths) == len(tokens) + len(engine.tokenize(["The Senate."])[0])
    assert long.source_tokens == tuple(tokens) and long.text and long.attention is None
    assert short.attention is not None


def test_pieces_are_cut_at_word_starts():
    from toolkit.mt.engine import _split_tokens

    tokens = ["▁a", "b", "c", "▁d", "e", "f", "g", "h", "▁i", "j"]
    assert _split_tokens(tokens, 20) == [tokens]
    pieces = _split_tokens(tokens, 4)
    assert sum(pieces, []) == tokens and all(len(p) <= 4 for p in pieces)
    assert [p[0] for p in _split_tokens(tokens, 16 // 2)][1] == "▁i"
