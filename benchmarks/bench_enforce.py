"""Enforcement overhead: translating with and without glossary enforcement
(the built-in termbase, English to Russian).

In-process: one process loads the model, translates the document (the
pipeline alone, timed), then translates it with the post-editing hook that
``atau translate`` uses (:meth:`toolkit.terms.enforce.Enforcer.postedit` with the
engine, so terms the model rendered its own way are found through its
attention): the first time with everything a fresh ``atau translate`` pays
(loading the termbase, building the enforcer, its Russian morphology and
both automata), then again with all of that built. The enforcement's own
time is measured (the set-up, then the hook, which runs after the model:
analysis, re-decoding with attention, replacements), and the overhead is
that time over the pipeline's time, so that the model's run-to-run noise
(±10% on a shared machine) does not drown it.

Whole command (when ``atau translate`` has ``--no-enforce``): the command
with and without enforcement, fresh processes, alternating.

Both models decode 1.2 target tokens per source token, as in
``bench_translate.py``.

Documents: the one-page article and the generated document, which name
many concepts of the termbase (a model that is no translation model gets
most of them "wrong", so enforcement works hard: for information), and a
generated document of the same size that names none, and 50 paragraphs of
the test model's own training sentences that name concepts and whose
references use the glossary's terms, translated with the model's own
decoding (the test model reproduces them: every term already right). The
goal, at most 10% extra, applies to these two: "no repair needed".
"""

from __future__ import annotations

import os
import subprocess
import sys

import bench_translate
import common
import textgen

CHILD = r'''
import json, sys, time
doc, warm = open(sys.argv[1], encoding="utf-8").read(), open(sys.argv[2], encoding="utf-8").read()
reps, threads = int(sys.argv[3]), int(sys.argv[4])
from toolkit.mt.engine import load_engine
from toolkit.mt.pipeline import translate_document
engine = load_engine("en", "ru", device="cpu", threads=threads)
translate_document(warm, engine, beam_size=4)
pipeline = []
for _ in range(reps):
    t = time.perf_counter()
    result = translate_document(doc, engine, beam_size=4)
    pipeline.append(time.perf_counter() - t)
calls = {"n": 0}
batch = engine.translate_batch
def counting(*args, **kwargs):
    calls["n"] += 1
    return batch(*args, **kwargs)
engine.translate_batch = counting
# What `atau translate` does: the termbase, an Enforcer, its post-editing hook
# with the engine (attention alignment); the first time everything is built.
# The hook's own time is measured (it runs after the model), so the overhead
# is not buried in the model's run-to-run noise.
spent = {"s": 0.0}
class timed:
    """The hook, timed; its other attributes (seed) pass through."""
    def __init__(self, hook):
        self.hook = hook
    def __getattr__(self, name):
        return getattr(self.hook, name)
    def __call__(self, *args, **kwargs):
        t = time.perf_counter()
        try:
            return self.hook(*args, **kwargs)
        finally:
            spent["s"] += time.perf_counter() - t
t = time.perf_counter()
from toolkit.terms.enforce import Enforcer
from toolkit.termbase.store import load_glossary
glossary = load_glossary(None)
t_load = time.perf_counter() - t
enforcer = Enforcer(glossary, "en", "ru")
hook = enforcer.postedit(engine=engine, beam_size=4)
setup = time.perf_counter() - t
first_total = time.perf_counter()
translate_document(doc, engine, beam_size=4, postedit=timed(hook))
first_total = time.perf_counter() - first_total + setup
first = setup + spent["s"]
first_calls = calls["n"]
steady, steady_total = [], []
redecode_total, redecode_calls = [], 0
pipeline_alt = []
# In turn (A B C, C B A, ...): the pipeline alone, with enforcement as
# `atau translate` does it (attention asked for in the one call), and with
# enforcement that decodes the sentences needing alignment again.
for r in range(reps):
    order = ["plain", "one_call", "redecode"]
    for mode in (order if r % 2 == 0 else order[::-1]):
        hook = enforcer.postedit(engine=engine, beam_size=4)
        hook.wants_attention = mode == "one_call"
        calls["n"] = 0
        spent["s"] = 0.0
        t = time.perf_counter()
        translate_document(doc, engine, beam_size=4, postedit=None if mode == "plain" else timed(hook))
        took = time.perf_counter() - t
        if mode == "plain":
            pipeline_alt.append(took)
        elif mode == "one_call":
            steady_total.append(took)
            steady.append(spent["s"])
            one_call_calls = calls["n"]
            summary = hook.report.summary
        else:
            redecode_total.append(took)
            redecode_calls = calls["n"]
# What attention for every sentence costs in the pipeline's one batched call
# (instead of re-decoding sentences one by one afterwards).
inputs = list(dict.fromkeys(s.masked.model_input for s in result.segments if s.translated and s.masked))
batch_plain, batch_attention = [], []
for _ in range(reps):
    t = time.perf_counter()
    batch(inputs, beam_size=4)
    batch_plain.append(time.perf_counter() - t)
    t = time.perf_counter()
    batch(inputs, beam_size=4, return_attention=True)
    batch_attention.append(time.perf_counter() - t)
print(json.dumps({"pipeline": pipeline, "enforcement_first": first, "glossary_load": t_load,
                  "enforcement": steady, "with_enforcement_first": first_total, "with_enforcement": steady_total, "segments": len([s for s in result.segments if s.translated]),
                  "terms": summary["terms"], "edits": summary["edits"], "fixed": summary["fixed"],
                  "unresolved": summary["unresolved"], "segments_changed": summary["segments_changed"],
                  "model_calls_first": first_calls, "model_calls": one_call_calls,
                  "pipeline_alternating": pipeline_alt, "redecode": redecode_total, "redecode_calls": redecode_calls,
                  "pipeline_calls": result.model_calls, "batch_plain": batch_plain,
                  "batch_attention": batch_attention}))
'''


def has_no_enforce() -> bool:
    done = subprocess.run([str(common.BIN / "atau"), "translate", "--help"], capture_output=True, text=True)
    return "--no-enforce" in done.stdout


def run(ctx) -> dict:
    docs, warm_doc, _origin = bench_translate.documents(ctx)
    paragraphs = 50 if ctx.quick else 200
    plain = common.WORK / "translate" / f"plain{paragraphs}.txt"
    plain.write_text(textgen.plain_document(paragraphs, seed=4), encoding="utf-8")
    docs[f"plain{paragraphs}"] = plain
    right = common.WORK / "translate" / "right50.txt"
    right.write_text(textgen.terms_right_document(50, seed=5), encoding="utf-8")
    docs["right50"] = right
    only = [d for d in os.environ.get("ATAU_BENCH_DOCS", "").split(",") if d]
    if only:  # a focused run: documents whose names start so
        docs = {name: path for name, path in docs.items() if name.startswith(tuple(only))}
    cli = has_no_enforce()
    result: dict = {"cli_has_no_enforce": cli, "models": {}, "skipped": {}}
    forced = int(os.environ.get("ATAU_BENCH_REPS", 0))  # repetitions asked for (a focused run)
    reps = forced or (1 if ctx.quick else 3)
    for label in ctx.models:
        found = bench_translate.model_package(ctx, label)
        if found is None:
            result["skipped"][label] = "the test model does not exist (yet)"
            continue
        per_doc = {}
        with bench_translate.installed_env(ctx, label, *found) as (env, cwd):
            own_env, fixed_env = env, bench_translate.with_fixed_ratio(env)
            for doc_name, doc in docs.items():
                env = fixed_env
                if doc_name.startswith("right"):
                    if label != "test":  # only the test model renders these sentences right
                        continue
                    env = own_env  # its own decoding: a fixed length would garble the sentences
                ctx.log(f"enforce/{label}/{doc_name}: in-process")
                heavy = label == "realistic" and doc_name != "article"  # minutes per translation
                runs = [common.child_json(common.run_child(
                    [sys.executable, "-c", CHILD, str(doc), str(warm_doc), str(reps if forced else 1 if heavy else reps),
                     str(ctx.threads)], env=env, cwd=cwd)) for _ in range(1 if ctx.quick or heavy else 2)]
                pipeline = common.median([t for r in runs for t in r["pipeline"]])
                first = common.median([r["enforcement_first"] for r in runs])
                steady = common.median([t for r in runs for t in r["enforcement"]])
                entry = {"pipeline_s": round(pipeline, 4), "enforcement_first_s": round(first, 4),
                         "enforcement_s": round(steady, 4),
                         "with_enforcement_first_s": round(common.median([r["with_enforcement_first"] for r in runs]), 4),
                         "with_enforcement_s": round(common.median([t for r in runs for t in r["with_enforcement"]]), 4),
                         "glossary_load_s": round(common.median([r["glossary_load"] for r in runs]), 4),
                         "batch_plain_s": round(common.median([t for r in runs for t in r["batch_plain"]]), 4),
                         "batch_attention_s": round(common.median([t for r in runs for t in r["batch_attention"]]), 4),
                         "overhead_first": round(first / pipeline, 4),
                         "overhead_steady": round(steady / pipeline, 4),
                         "pipeline_alternating_s": round(common.median([t for r in runs for t in r["pipeline_alternating"]]), 4),
                         "redecode_s": round(common.median([t for r in runs for t in r["redecode"]]), 4),
                         "redecode_calls": runs[0]["redecode_calls"],
                         **{k: runs[0][k] for k in ("segments", "terms", "edits", "fixed", "unresolved",
                                                    "segments_changed", "model_calls_first", "model_calls",
                                                    "pipeline_calls")}}
                if cli:
                    ctx.log(f"enforce/{label}/{doc_name}: atau translate with and without --no-enforce")
                    base = [str(common.BIN / "atau"), "translate", "-", "--from", "en", "--to", "ru",
                            "--threads", str(ctx.threads), "--device", "cpu"]
                    cold = common.alternate(
                        {"enforce": lambda: common.run_child(base, env=env, stdin=doc, cwd=cwd),
                         "no_enforce": lambda: common.run_child(base + ["--no-enforce"], env=env, stdin=doc, cwd=cwd)},
                        reps if forced else 1 if ctx.quick else (5 if doc_name == "article" or doc_name.startswith(("plain", "right"))
                                             else 2 if heavy else 3),
                        warmup=0 if heavy else 1)
                    on = common.median([m.wall for m in cold["enforce"]])
                    off = common.median([m.wall for m in cold["no_enforce"]])
                    entry["cli"] = {"enforce": common.summary([m.wall for m in cold["enforce"]]),
                                    "no_enforce": common.summary([m.wall for m in cold["no_enforce"]]),
                                    "overhead": round(on / off - 1, 4),
                                    "peak_mib": {k: round(common.median([m.peak_mib for m in v]), 1)
                                                 for k, v in cold.items()}}
                base = entry["pipeline_alternating_s"]
                entry["whole_overhead"] = round(entry["with_enforcement_s"] / base - 1, 4)
                entry["whole_overhead_redecode"] = round(entry["redecode_s"] / base - 1, 4)
                per_doc[doc_name] = entry
        result["models"][label] = per_doc
    return result


def rows(result: dict) -> list[common.Row]:
    out = []
    for label, skipped in result.get("skipped", {}).items():
        out.append(common.Row("Enforcement", f"{label} model", "skipped", notes=[skipped]))
    for label, docs in result["models"].items():
        name = "test model" if label == "test" else "realistic model"
        for doc_name, e in docs.items():
            plain = doc_name.startswith(("plain", "right"))  # no repair needed: the goal applies
            doc_label = ("article" if doc_name == "article" else
                         f"{doc_name[5:]} paragraphs without terms" if doc_name.startswith("plain") else
                         f"{doc_name[5:]} paragraphs, terms already right (own decoding)"
                         if doc_name.startswith("right") else f"{doc_name[3:]} paragraphs")
            note = (f"in-process: pipeline {common.fmt_s(e['pipeline_s'])}; enforcement's own time "
                    f"{common.fmt_s(e['enforcement_s'])} ({common.fmt_s(e['enforcement_first_s'])} the first time, "
                    f"termbase load {common.fmt_s(e['glossary_load_s'])} included); whole translation with "
                    f"enforcement {common.fmt_s(e['with_enforcement_s'])}; {e['segments']} segments, "
                    f"{e['terms']} source terms, {e['fixed']} fixed, {e['unresolved']} unresolved, "
                    f"{e['model_calls'] - e.get('pipeline_calls', 1)} translate_batch call(s) by the hook "
                    f"(attention re-decoding of sentences with unresolved terms)"
                    + (f"; attention for all sentences in one batched call: {common.fmt_s(e['batch_attention_s'])}"
                       f" vs {common.fmt_s(e['batch_plain_s'])} without" if "batch_attention_s" in e else ""))
            # The goal is for text that needs no repair; elsewhere the numbers are for information.
            goal = "≤ +5%" if plain else ""
            if "cli" in e:
                c = e["cli"]
                out.append(common.Row(
                    "Enforcement", f"{name}, {doc_label}: atau translate vs --no-enforce",
                    common.fmt_s(c["enforce"]["median"]), f"--no-enforce: {common.fmt_s(c['no_enforce']['median'])}",
                    f"{c['overhead']:+.1%}", goal, c["overhead"] <= 0.05 if goal else None,
                    [note]))
            if "whole_overhead" in e:
                goal5 = "≤ +5%" if plain else ""
                out.append(common.Row(
                    "Enforcement", f"{name}, {doc_label}: in-process, whole translation enforced vs not "
                    "(attention in the one model call: the default)",
                    f"{e['whole_overhead']:+.1%}", f"pipeline alone {common.fmt_s(e['pipeline_alternating_s'])}", "",
                    goal5, e["whole_overhead"] <= 0.05 if goal5 else None,
                    [f"enforced {common.fmt_s(e['with_enforcement_s'])}, {e['model_calls']} model call(s)"]))
                out.append(common.Row(
                    "Enforcement", f"{name}, {doc_label}: in-process, whole translation enforced vs not "
                    "(sentences needing alignment decoded again: the old way)",
                    f"{e['whole_overhead_redecode']:+.1%}", f"pipeline alone {common.fmt_s(e['pipeline_alternating_s'])}",
                    "", "", None,
                    [f"enforced {common.fmt_s(e['redecode_s'])}, {e['redecode_calls']} model call(s)"]))
            out.append(common.Row(
                "Enforcement", f"{name}, {doc_label}: in-process, first document (termbase, automata, hook's time)",
                f"{e['overhead_first']:+.1%}", "pipeline alone", "", goal,
                e["overhead_first"] <= 0.05 if goal else None, [] if "cli" in e else [note]))
            out.append(common.Row(
                "Enforcement", f"{name}, {doc_label}: in-process, next documents (hook's time)",
                f"{e['overhead_steady']:+.1%}", "pipeline alone", "", goal,
                e["overhead_steady"] <= 0.05 if goal else None))
    return out
