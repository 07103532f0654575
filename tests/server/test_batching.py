"""BatchingTranslator: concurrent calls merged into one engine call, each
caller gets its own translations in order, errors reach every caller."""

from __future__ import annotations

import threading

import pytest

from toolkit.errors import ModelError
from toolkit.server.batching import BatchingTranslator


class GatedEngine:
    """A fake engine whose first call waits for a gate, so that others queue."""

    def __init__(self, fake_engine):
        self.inner = fake_engine()
        self.info = self.inner.info
        self.gate = threading.Event()
        self.calls: list[tuple[list[str], list | None, int, bool]] = []

    def translate_batch(self, sources, *, target_prefixes=None, beam_size=4, return_attention=False,
                        progress=None):
        self.calls.append((list(sources), target_prefixes, beam_size, return_attention))
        self.gate.wait(timeout=30)
        if any(s == "fail" for s in sources):
            raise ModelError("engine: translation failed")
        return self.inner.translate_batch(sources, beam_size=beam_size, return_attention=return_attention)


def run_all(translator, jobs):
    results, threads = {}, []

    def call(name, sources, options):
        try:
            results[name] = [h.text for h in translator.translate_batch(sources, **options)]
        except Exception as exc:  # noqa: BLE001
            results[name] = exc

    for name, sources, options in jobs:
        thread = threading.Thread(target=call, args=(name, sources, options))
        thread.start()
        threads.append(thread)
    return results, threads


def test_calls_waiting_together_are_one_engine_call(fake_engine):
    engine = GatedEngine(fake_engine)
    translator = BatchingTranslator(engine, max_wait=0)
    first, first_threads = run_all(translator, [("first", ["a"], {})])
    while not engine.calls:  # the worker is busy with the first call
        threading.Event().wait(0.01)
    later, threads = run_all(translator, [(f"t{k}", [f"s{k}", f"x{k}"], {}) for k in range(5)])
    while translator.waiting < 5:
        threading.Event().wait(0.01)
    engine.gate.set()
    for thread in first_threads + threads:
        thread.join(timeout=30)
    assert first == {"first": ["A"]}
    assert later == {f"t{k}": [f"S{k}", f"X{k}"] for k in range(5)}
    assert len(engine.calls) == 2 and sorted(engine.calls[1][0]) == sorted(
        s for k in range(5) for s in (f"s{k}", f"x{k}"))
    assert translator.calls == 2 and translator.sentences == 11
    translator.close()


def test_calls_with_other_settings_are_not_merged(fake_engine):
    engine = GatedEngine(fake_engine)
    translator = BatchingTranslator(engine, max_wait=0)
    results, threads = run_all(translator, [("a", ["a"], {}), ("b", ["b"], {"return_attention": True}),
                                            ("c", ["c"], {"beam_size": 1})])
    engine.gate.set()
    for thread in threads:
        thread.join(timeout=30)
    assert results == {"a": ["A"], "b": ["B"], "c": ["C"]}
    assert sorted((c[2], c[3]) for c in engine.calls) == [(1, False), (4, False), (4, True)]
    translator.close()


def test_an_engine_error_reaches_every_caller_of_that_call(fake_engine):
    engine = GatedEngine(fake_engine)
    engine.gate.set()
    translator = BatchingTranslator(engine, max_wait=0)
    with pytest.raises(ModelError, match="translation failed"):
        translator.translate_batch(["fail"])
    assert [h.text for h in translator.translate_batch(["ok"])] == ["OK"]  # the worker goes on
    translator.close()


def test_a_leader_waits_for_requests_on_their_way_but_not_longer_than_max_wait(fake_engine):
    import time

    from toolkit.server.batching import Arrivals

    engine = GatedEngine(fake_engine)
    engine.gate.set()
    arrivals = Arrivals()
    translator = BatchingTranslator(engine, max_wait=0.3, arrivals=arrivals)
    other = threading.Thread(target=arrivals.expect)  # a request that started and never calls
    other.start()
    other.join()
    arrivals.expect()  # this thread's request
    assert arrivals.count == 2
    t0 = time.monotonic()
    assert [h.text for h in translator.translate_batch(["x"])] == ["X"]
    assert 0.25 < time.monotonic() - t0 < 10  # waited for the other one, then went
    assert arrivals.count == 1  # this request arrived
    t0 = time.monotonic()
    results, threads = run_all(translator, [("alone", ["y"], {})])  # a thread that was never expected
    for thread in threads:
        thread.join(timeout=30)
    assert results == {"alone": ["Y"]}
    translator.close()


def test_a_leader_does_not_wait_when_nobody_is_coming(fake_engine):
    import time

    from toolkit.server.batching import Arrivals

    engine = GatedEngine(fake_engine)
    engine.gate.set()
    arrivals = Arrivals()
    translator = BatchingTranslator(engine, max_wait=5.0, arrivals=arrivals)
    arrivals.expect()
    t0 = time.monotonic()
    assert [h.text for h in translator.translate_batch(["x"])] == ["X"]
    assert time.monotonic() - t0 < 2.5 and arrivals.count == 0
    translator.close()


def test_empty_and_mismatched_calls(fake_engine):
    translator = BatchingTranslator(fake_engine(), max_wait=0)
    assert translator.translate_batch([]) == []
    with pytest.raises(ValueError):
        translator.translate_batch(["a"], target_prefixes=[None, None])
    assert translator.info.from_code == "en"
    translator.close()
    with pytest.raises(RuntimeError, match="closed"):
        translator.translate_batch(["a"])
