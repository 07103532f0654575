"""How CTranslate2 should use the CPU: threads inside a batch
(``intra_threads``) or batches in parallel (``inter_threads``), per model
size and document size.

Each configuration runs in its own process (a model is loaded with its
thread settings) and translates the same sentences with the same settings
as Atau (beam 4, int8, batches of 512 tokens); configurations alternate
(A B C D, D C B A, ...). Configurations:

* ``raw 1x1``, ``raw 1x2``, ``raw 2x1``: ``ctranslate2.Translator`` with
  ``inter_threads x intra_threads``, one ``translate_batch`` call for the
  document (CTranslate2 cuts it into batches of 512 tokens and, with two
  translators, runs two batches at once);
* ``atau``: Atau's :class:`toolkit.mt.engine.Engine` with ``threads`` =
  the usable CPUs, i.e. its :func:`toolkit.mt.engine.thread_plan` (N x 1 on
  the CPU, and a call's batches cut so that every translator gets one).

Documents: one sentence, the one-page article and 10 pages of generated
text (:func:`textgen.pages`). The realistic model decodes 1.2 target tokens
per source token (its weights are random: see bench_translate.py); the test
model its own decoding. Measured: wall time of the call, the process's CPU
time during it (user + system) and peak RSS.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import bench_translate
import common
import textgen

CHILD = r'''
import json, os, resource, sys, time
model_dir, sp_path, mode, inter, intra, fixed = sys.argv[1:7]
docs = json.loads(open(sys.argv[7], encoding="utf-8").read())
inter, intra, fixed = int(inter), int(intra), float(fixed)
import sentencepiece
sp = sentencepiece.SentencePieceProcessor(model_file=sp_path)
tokens = {name: sp.encode(sents, out_type=str) for name, sents in docs.items()}
import ctranslate2
if mode == "atau":
    from toolkit.mt.engine import thread_plan, DEFAULT_MAX_BATCH_TOKENS
    inter, intra = thread_plan(inter, "cpu")
translator = ctranslate2.Translator(model_dir, device="cpu", compute_type="int8", inter_threads=inter,
                                    intra_threads=intra)
def call(toks):
    options = dict(beam_size=4, batch_type="tokens", max_batch_size=512, return_scores=True, length_penalty=1.0,
                   replace_unknowns=True, max_input_length=1024)
    if mode == "atau" and inter > 1:  # Engine._batch_tokens
        total = sum(map(len, toks))
        options["max_batch_size"] = min(512, max(max(map(len, toks)), -(-total // inter)))
    if fixed:
        n = max(1, round(fixed * sum(map(len, toks)) / len(toks)))
        options.update(min_decoding_length=n, max_decoding_length=n)
    else:
        options.update(max_decoding_length=min(1024, max(64, 3 * max(map(len, toks)) + 16)))
    return translator.translate_batch(toks, **options)
call(tokens[next(iter(tokens))][:2])
out = {}
for name, toks in tokens.items():
    c0, t0 = os.times(), time.perf_counter()
    call(toks)
    t1, c1 = time.perf_counter(), os.times()
    out[name] = {"wall": t1 - t0, "cpu": (c1.user - c0.user) + (c1.system - c0.system),
                 "system": c1.system - c0.system, "tokens": sum(map(len, toks)), "sentences": len(toks)}
print(json.dumps({"docs": out, "inter": inter, "intra": intra}))
'''

CONFIGS = {"raw 1x1": ("raw", 1, 1), "raw 1x2": ("raw", 1, 2), "raw 2x1": ("raw", 2, 1), "atau": ("atau", 2, 0)}


def _sentences(text: str) -> list[str]:
    from toolkit.documents import parse_document

    return [s.text for s in parse_document(text, "txt", "en").sentences]


def run(ctx) -> dict:
    article, origin = textgen.article()
    docs = {"sentence": ["The Senate adopted the law on public procurement in the second reading."],
            "article": _sentences(article), "10 pages": _sentences(textgen.pages(10, seed=21))}
    threads = ctx.threads
    configs = {name: (mode, threads if mode == "atau" else inter, intra)
               for name, (mode, inter, intra) in CONFIGS.items() if mode == "atau" or inter * intra <= threads}
    result: dict = {"threads": threads, "article_source": origin, "configs": {k: list(v) for k, v in configs.items()},
                    "models": {}}
    reps = 1 if ctx.quick else 3
    with tempfile.TemporaryDirectory(prefix="atau-bench-threads-") as tmp:
        doc_file = Path(tmp) / "docs.json"
        import json

        doc_file.write_text(json.dumps(docs), encoding="utf-8")
        for label in ctx.models:
            found = bench_translate.model_package(ctx, label)
            if found is None:
                continue
            unpacked = Path(tmp) / label
            import zipfile

            with zipfile.ZipFile(found[0]) as archive:
                archive.extractall(unpacked)
            root = next(p.parent for p in unpacked.glob("*/metadata.json"))
            fixed = bench_translate.TARGET_RATIO if label == "realistic" else 0
            env = dict(common.isolated_env(Path(tmp) / "env"), PYTHONPATH=str(common.REPO))
            ctx.log(f"threads/{label}: {', '.join(configs)} x {reps} alternating rounds")
            runs = common.alternate(
                {name: (lambda mode=mode, inter=inter, intra=intra: common.run_child(
                    [sys.executable, "-c", CHILD, str(root / "model"), str(root / "sentencepiece.model"), mode,
                     str(inter), str(intra), str(fixed), str(doc_file)], env=env))
                 for name, (mode, inter, intra) in configs.items()}, reps, warmup=0)
            per = {}
            for name, measured in runs.items():
                parsed = [common.child_json(m) for m in measured]
                per[name] = {"plan": [parsed[0]["inter"], parsed[0]["intra"]],
                             "peak_mib": common.summary([m.peak_mib for m in measured]),
                             "docs": {doc: {"wall": common.summary([p["docs"][doc]["wall"] for p in parsed]),
                                            "cpu": common.summary([p["docs"][doc]["cpu"] for p in parsed]),
                                            "system": common.summary([p["docs"][doc]["system"] for p in parsed]),
                                            "tokens": parsed[0]["docs"][doc]["tokens"],
                                            "sentences": parsed[0]["docs"][doc]["sentences"]}
                                      for doc in docs}}
            result["models"][label] = per
    return result


def rows(result: dict) -> list[common.Row]:
    out = []
    for label, per in result.get("models", {}).items():
        name = "test model" if label == "test" else "realistic model (60M)"
        base = per.get("raw 1x1")
        for doc in next(iter(per.values()))["docs"]:
            ref = base["docs"][doc]["wall"]["median"] if base else None
            for config, data in per.items():
                d = data["docs"][doc]
                wall = d["wall"]["median"]
                out.append(common.Row(
                    "Threads", f"{name}, {doc} ({d['sentences']} sentences, {d['tokens']} tokens): {config}",
                    common.fmt_s(wall), f"1x1: {common.fmt_s(ref)}" if ref else "",
                    f"{ref / wall:.2f}x" if ref else "", "", None,
                    [f"CPU {d['cpu']['median']:.2f} s (system {d['system']['median']:.2f} s); "
                     f"process peak RSS {data['peak_mib']['median']:.0f} MiB; plan inter x intra "
                     f"{data['plan'][0]}x{data['plan'][1]}"]))
    return out
