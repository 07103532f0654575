"""Document translation: ``atau translate`` against the ``argos-translate``
command of argostranslate, on the same installed package.

Settings made equal
    Beam size 4: argos-translate translates with
    ``beam_size=max(num_hypotheses, settings.beam_size)`` where
    ``settings.beam_size`` is ``ARGOS_BEAM_SIZE`` (default 4) and
    ``translate()`` asks for one hypothesis, so 4; Atau gets
    ``--beam-size 4`` (also its default). CPU threads: the same count for
    both (``ARGOS_INTRA_THREADS`` and ``--threads``; default the usable
    CPUs). Both run the package's int8 CTranslate2 model on the CPU. Other
    settings stay each tool's own: argos-translate's 32-token batches
    (``ARGOS_BATCH_SIZE``), one ``translate_batch`` per paragraph and length
    penalty 0.2; Atau's one batched call for the whole document and length
    penalty 1.

Decoding length
    The realistic model has random weights, which never end a sentence by
    themselves, and the test model, trained on 303 short sentences, loops on
    most unseen ones ("рарарара..."); the two tools cap the decoding length
    differently (CTranslate2's default 256 tokens in argos-translate, 3x the
    longest source + 16 in Atau) and rank looping hypotheses differently
    (length penalty 0.2 and 1), so the time would measure the caps. Both
    tools therefore run with a ``sitecustomize`` (on ``PYTHONPATH``, for
    these child processes only) that wraps ``ctranslate2.Translator`` and
    sets ``min_decoding_length = max_decoding_length = L`` in every
    ``translate_batch`` call, L = 1.2 x the mean length of the call's source
    sentences in tokens (1.2: a typical English-Russian target/source
    ratio). Every call thus decodes 1.2 target tokens per source token, and
    so does each tool over the whole document, however it cuts it into
    sentences and calls (argos-translate: one call per paragraph; Atau: one
    per document, and a second one with attention for sentences whose
    numbers the model lost). The results record each tool's target/source
    token ratio as a check. For the test model, one more warm run per tool
    without the wrapper shows each tool's own decoding length.

Measures
    cold: the whole command in a fresh process (import, model load,
    segmentation, translation, output), file cache warm (one untimed round
    first). warm: in one process with the model loaded and one untimed
    translation of another document, the time to translate the document
    (argos-translate's paragraph cache is emptied between runs), as
    segments/s and source tokens/s. Peak RSS of each process (``wait4``).

Everything runs in child processes with HOME, the XDG folders and
``ARGOS_PACKAGES_DIR`` in a temporary folder, where the package is installed
with ``atau models install``: nothing touches the user's folders.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import common
import textgen

TEST_MODEL = common.REPO / "tests" / "data" / "models" / "translate-en_ru-atau_test.argosmodel"
REALISTIC = common.WORK / "realistic"
REALISTIC_PACKAGE = REALISTIC / "translate-en_ru-bench_base.argosmodel"
BEAM = 4
TARGET_RATIO = 1.2  # target tokens per source token decoded with the realistic model
POLL_S = 30 * 60
#: Another checkout of Atau to measure beside this one ("before"), from
#: ``$ATAU_BENCH_BASELINE``: before/after in one run.
BASELINE = Path(os.environ["ATAU_BENCH_BASELINE"]) if os.environ.get("ATAU_BENCH_BASELINE") else None

# Imported at start-up of the child processes of the realistic model
# (PYTHONPATH): fixes the decoding length of every translate_batch call.
HOOK = r'''
import os
import sys

_RATIO = float(os.environ.get("ATAU_BENCH_TARGET_RATIO", "0"))


def _patch(module):
    base = module.Translator

    class Translator(base):
        def translate_batch(self, source, *args, **kwargs):
            if source:
                length = max(1, round(_RATIO * sum(len(s) for s in source) / len(source)))
                kwargs["max_decoding_length"] = length
                kwargs["min_decoding_length"] = length
            return super().translate_batch(source, *args, **kwargs)

    module.Translator = Translator


class _Finder:
    """Patches ctranslate2 right after it is first imported."""

    def find_spec(self, name, path=None, target=None):
        if name != "ctranslate2":
            return None
        sys.meta_path.remove(self)
        import importlib.util

        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            _patch(module)

        spec.loader.exec_module = exec_module
        return spec


if _RATIO > 0:
    sys.meta_path.insert(0, _Finder())
'''

ATAU_WARM = r'''
import json, sys, time
doc, warm = open(sys.argv[1], encoding="utf-8").read(), open(sys.argv[2], encoding="utf-8").read()
reps, threads = int(sys.argv[3]), int(sys.argv[4])
t0 = time.perf_counter()
from toolkit.mt.engine import load_engine
from toolkit.mt.pipeline import translate_document
engine = load_engine("en", "ru", device="cpu", threads=threads)
load = time.perf_counter() - t0
enforce = len(sys.argv) > 6 and sys.argv[6] == "enforce"
hook = lambda: None
if enforce:  # what `atau translate` does: the termbase, an Enforcer, its hook with the engine
    from toolkit.termbase.store import load_glossary
    from toolkit.terms.enforce import Enforcer
    enforcer = Enforcer(load_glossary(None), "en", "ru")
    hook = lambda: enforcer.postedit(engine=engine, beam_size=int(sys.argv[5]))
translate_document(warm, engine, beam_size=int(sys.argv[5]), postedit=hook())
times = []
for _ in range(reps):
    t = time.perf_counter()
    result = translate_document(doc, engine, beam_size=int(sys.argv[5]), postedit=hook())
    times.append(time.perf_counter() - t)
segs = [s for s in result.segments if s.translated]
src = [len(t) for t in engine.tokenize([s.source for s in segs])]
tgt = [len(t) for t in engine.tokenize([s.target for s in segs])]
cap = min(1024, max(64, 3 * max(src) + 16)) if src else 0  # Engine._run, one call for the document
capped = sum(1 for b in tgt if b >= cap - 1)
print(json.dumps({"times": times, "load_s": load, "segments": len(segs), "source_tokens": sum(src),
                  "target_tokens": sum(tgt), "max_target_tokens": max(tgt) if tgt else 0, "capped": capped,
                  "compute_type": engine.info.compute_type, "flagged": len(result.flagged), "enforce": enforce,
                  "threads_plan": [engine.info.inter_threads if hasattr(engine.info, "inter_threads") else 1,
                                   engine.info.intra_threads if hasattr(engine.info, "intra_threads") else threads],
                  "model_calls": result.model_calls, "output_chars": len(result.text)}))
'''

# The physical limit: CTranslate2's translate_batch called once on the same
# sentences (Atau's segmentation, distinct sentences) with Atau's settings
# (beam, int8, batch size in tokens, thread plan, length cap, length penalty),
# tokenized before the clock starts.
RAW_WARM = r'''
import json, sys, time
doc, warm = open(sys.argv[1], encoding="utf-8").read(), open(sys.argv[2], encoding="utf-8").read()
reps, threads, beam = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
import ctranslate2, sentencepiece
from toolkit.documents import parse_document
from toolkit.mt.packages.route import find_route
package = find_route("en", "ru")[0]
try:
    from toolkit.mt.engine import thread_plan
    inter, intra = thread_plan(threads, "cpu")
except ImportError:  # an Atau before thread_plan: one translator, all threads in it
    inter, intra = 1, threads
translator = ctranslate2.Translator(str(package.model_dir), device="cpu", compute_type="int8",
                                    inter_threads=inter, intra_threads=intra)
sp = sentencepiece.SentencePieceProcessor(model_file=str(package.tokenizer_path))
def sentences(text):
    return list(dict.fromkeys(s.text for s in parse_document(text, "txt", "en").sentences if s.text.strip()))
def call(tokens):
    size = 512
    if inter > 1:
        total = sum(map(len, tokens))
        size = min(size, max(max(map(len, tokens)), -(-total // inter)))
    return translator.translate_batch(tokens, max_batch_size=size, batch_type="tokens", beam_size=beam,
                                      num_hypotheses=1, return_scores=True, length_penalty=1.0,
                                      max_input_length=1024, replace_unknowns=True,
                                      max_decoding_length=min(1024, max(64, 3 * max(map(len, tokens)) + 16)))
call(sp.encode(sentences(warm), out_type=str))
tokens = sp.encode(sentences(doc), out_type=str)
times = []
for _ in range(reps):
    t = time.perf_counter()
    call(tokens)
    times.append(time.perf_counter() - t)
print(json.dumps({"times": times, "sentences": len(tokens), "source_tokens": sum(map(len, tokens)),
                  "threads_plan": [inter, intra]}))
'''

ARGOS_WARM = r'''
import json, sys, time
doc, warm = open(sys.argv[1], encoding="utf-8").read(), open(sys.argv[2], encoding="utf-8").read()
reps = int(sys.argv[3])
t0 = time.perf_counter()
from argostranslate import package, settings, translate
langs = {lang.code: lang for lang in translate.get_installed_languages()}
translation = langs["en"].get_translation(langs["ru"])
translation.translate(warm)  # loads the model and the sentence splitter
load = time.perf_counter() - t0
times = []
for _ in range(reps):
    t = time.perf_counter()
    out = translation.translate(doc)
    times.append(time.perf_counter() - t)
    translation.translate("Flush.")  # CachedTranslation keeps the last call's paragraphs
import sentencepiece
pkg = package.get_installed_packages()[0]
sp = sentencepiece.SentencePieceProcessor(model_file=str(pkg.package_path / "sentencepiece.model"))
underlying = getattr(translation, "underlying", translation)
ct = getattr(getattr(underlying, "translator", None), "compute_type", None)
try:
    sentences = sum(len(underlying.sentencizer.split_sentences(p))
                    for p in translate.ITranslation.split_into_paragraphs(doc))
except Exception:
    sentences = None
print(json.dumps({"times": times, "load_and_first_s": load, "target_tokens": len(sp.encode(out)),
                  "sentences": sentences,
                  "compute_type": ct, "beam_size": settings.beam_size, "batch_size": settings.batch_size,
                  "intra_threads": settings.intra_threads, "output_chars": len(out)}))
'''


# Warm throughput and peak memory of Atau's engine for one batch size in
# tokens (Engine.max_batch_tokens; `atau translate` uses DEFAULT_MAX_BATCH_TOKENS).
ATAU_BATCH = r'''
import json, sys, time
doc, warm = open(sys.argv[1], encoding="utf-8").read(), open(sys.argv[2], encoding="utf-8").read()
batch, threads = int(sys.argv[3]), int(sys.argv[4])
from toolkit.mt.engine import Engine
from toolkit.mt.packages.route import find_route
from toolkit.mt.pipeline import translate_document
engine = Engine(find_route("en", "ru")[0], device="cpu", threads=threads, max_batch_tokens=batch)
translate_document(warm, engine, beam_size=4)
t = time.perf_counter()
result = translate_document(doc, engine, beam_size=4)
print(json.dumps({"time": time.perf_counter() - t, "segments": len(result.segments)}))
'''
BATCH_SIZES = (512, 1024, 2048, 4096)


# --------------------------------------------------------------------- models


def wait_for_test_model(ctx) -> Path | None:
    """The tiny test model, polling while another engineer builds it."""
    deadline = time.monotonic() + (0 if ctx.quick else POLL_S)
    while not TEST_MODEL.exists():
        if time.monotonic() > deadline:
            return None
        ctx.log(f"waiting for {TEST_MODEL.relative_to(common.REPO)} ...")
        time.sleep(60)
    return TEST_MODEL


def ensure_realistic(ctx) -> Path:
    """Build (once) and pack the realistic-size model; see build_model.py."""
    builder = Path(__file__).with_name("build_model.py")
    if not (REALISTIC / "sentencepiece.model").exists():
        ctx.log("realistic model: training the 32k SentencePiece model")
        subprocess.run([sys.executable, str(builder), "spm"], check=True)
    if not (REALISTIC / "model" / "model.bin").exists():
        ctx.log(f"realistic model: building it with {ctx.bench_python}")
        subprocess.run([ctx.bench_python, str(builder), "build"], check=True)
    model_bin = REALISTIC / "model" / "model.bin"
    if not REALISTIC_PACKAGE.exists() or REALISTIC_PACKAGE.stat().st_mtime < model_bin.stat().st_mtime:
        ctx.log("realistic model: atau models pack")
        subprocess.run([str(common.BIN / "atau"), "models", "pack", str(REALISTIC / "model"),
                        "--sp", str(REALISTIC / "sentencepiece.model"), "--from", "en", "--to", "ru",
                        "--name", "translate-en_ru-bench_base", "--version", "1.0",
                        "-o", str(REALISTIC_PACKAGE)], check=True, stdout=subprocess.DEVNULL)
    return REALISTIC_PACKAGE


def install(package: Path, env: dict, splitter_from: Path | None) -> Path:
    """Install ``package`` with ``atau models install``; give it the MiniSBD
    splitter of ``splitter_from`` (a package with ``minisbd/``) if it has none,
    so that stock argostranslate needs no download."""
    subprocess.run([str(common.BIN / "atau"), "models", "install", str(package)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    installed = [p.parent for p in Path(env["ARGOS_PACKAGES_DIR"]).glob("*/metadata.json")]
    if len(installed) != 1:
        raise RuntimeError(f"expected one installed package, found {installed}")
    target = installed[0]
    if not (target / "minisbd").exists():
        if splitter_from is None:
            raise RuntimeError("no MiniSBD splitter to give the package (the test model has one)")
        with zipfile.ZipFile(splitter_from) as archive:
            for name in archive.namelist():
                parts = name.split("/")
                if len(parts) == 3 and parts[1] == "minisbd" and parts[2]:
                    (target / "minisbd").mkdir(exist_ok=True)
                    (target / "minisbd" / parts[2]).write_bytes(archive.read(name))
    return target


def model_package(ctx, label: str) -> tuple[Path, Path | None] | None:
    """``(package, splitter_from)`` for model ``label`` ("test" or
    "realistic"), or None when the test model does not exist (the realistic
    model borrows its sentence splitter)."""
    test = wait_for_test_model(ctx)
    if test is None:
        return None
    if label == "test":
        return test, None
    return ensure_realistic(ctx), test


@contextmanager
def installed_env(ctx, label: str, package: Path, splitter_from: Path | None) -> Iterator[tuple[dict, Path]]:
    """A temporary HOME/XDG/ARGOS_PACKAGES_DIR with ``package`` installed:
    yields the environment for child processes and an empty working folder."""
    with tempfile.TemporaryDirectory(prefix=f"atau-bench-{label}-") as tmp:
        root = Path(tmp)
        env = common.isolated_env(root, ctx.threads)
        install(package, env, splitter_from)
        cwd = root / "cwd"
        cwd.mkdir()
        yield env, cwd


def with_fixed_ratio(env: dict) -> dict:
    """``env`` plus the ``sitecustomize`` that fixes the decoding length (see
    the module docstring): for the realistic model, whose random weights never
    end a sentence."""
    hook = common.WORK / "translate" / "hook"
    hook.mkdir(parents=True, exist_ok=True)
    (hook / "sitecustomize.py").write_text(HOOK.lstrip(), encoding="utf-8")
    return dict(env, PYTHONPATH=os.pathsep.join(p for p in (str(hook), env.get("PYTHONPATH", "")) if p),
                ATAU_BENCH_TARGET_RATIO=str(TARGET_RATIO))


# ---------------------------------------------------------------------- runs


def measure_model(ctx, label: str, package: Path, docs: dict[str, Path], warm_doc: Path,
                  splitter_from: Path | None) -> dict:
    with installed_env(ctx, label, package, splitter_from) as (base_env, cwd):
        out: dict = {"package": package.name, "package_bytes": package.stat().st_size,
                     "threads": ctx.threads, "beam_size": BEAM, "docs": {}}
        for doc_name, doc in docs.items():
            env = with_fixed_ratio(base_env)
            heavy = label == "realistic" and doc_name != "article"  # minutes per run for argos-translate
            reps_cold = 1 if ctx.quick else (5 if doc_name == "article" else 2 if heavy else 3)
            reps_warm = 1 if ctx.quick or heavy else 3
            children = 1 if ctx.quick else 2
            atau_cmd = [str(common.BIN / "atau"), "translate", "-", "--from", "en", "--to", "ru",
                        "--beam-size", str(BEAM), "--threads", str(ctx.threads), "--device", "cpu"]
            argos_cmd = [str(common.BIN / "argos-translate"), "--from-lang", "en", "--to-lang", "ru"]
            before_env = dict(env, PYTHONPATH=env["PYTHONPATH"].replace(str(common.REPO), str(BASELINE))) \
                if BASELINE else None
            ctx.log(f"translate/{label}/{doc_name}: cold, {reps_cold} alternating rounds")
            cold_runs = {"atau": lambda: common.run_child(atau_cmd, env=env, stdin=doc, cwd=cwd),
                         "argos": lambda: common.run_child(argos_cmd, env=env, stdin=doc, cwd=cwd),
                         "atau_no_enforce": lambda: common.run_child(atau_cmd + ["--no-enforce"], env=env, stdin=doc,
                                                                     cwd=cwd)}
            if before_env:
                cold_runs["before"] = lambda: common.run_child(atau_cmd, env=before_env, stdin=doc, cwd=cwd)
            cold = common.alternate(cold_runs, reps_cold, warmup=1 if doc_name == "article" else 0)
            ctx.log(f"translate/{label}/{doc_name}: warm, {children} processes x {reps_warm} runs each")

            def warm_atau(mode: str, child_env: dict):
                return lambda: common.run_child(
                    [sys.executable, "-c", ATAU_WARM, str(doc), str(warm_doc), str(reps_warm), str(ctx.threads),
                     str(BEAM), mode], env=child_env, cwd=cwd)

            warm_runs = {
                "atau": warm_atau("plain", env), "atau_enforce": warm_atau("enforce", env),
                "raw": lambda: common.run_child(
                    [sys.executable, "-c", RAW_WARM, str(doc), str(warm_doc), str(reps_warm), str(ctx.threads),
                     str(BEAM)], env=env, cwd=cwd),
                "argos": lambda: common.run_child(
                    [sys.executable, "-c", ARGOS_WARM, str(doc), str(warm_doc), str(reps_warm)], env=env, cwd=cwd)}
            if before_env:
                warm_runs["before_enforce"] = warm_atau("enforce", before_env)
            warm = common.alternate(warm_runs, children, warmup=0)
            atau_runs = [common.child_json(m) for m in warm["atau"]]
            argos_runs = [common.child_json(m) for m in warm["argos"]]
            extra_runs = {tool: [common.child_json(m) for m in warm[tool]]
                          for tool in ("atau_enforce", "raw", "before_enforce") if tool in warm}
            first = atau_runs[0]
            entry = {
                "chars": len(doc.read_text(encoding="utf-8")), "segments": first["segments"],
                "fixed_target_ratio": float(env.get("ATAU_BENCH_TARGET_RATIO", 0)) or None,
                "source_tokens": first["source_tokens"],
                "cold": {tool: {"wall": common.summary([m.wall for m in ms]),
                                "peak_mib": common.summary([m.peak_mib for m in ms])} for tool, ms in cold.items()},
                "warm": {
                    "atau": {"times": common.summary([t for r in atau_runs for t in r["times"]]),
                             "peak_mib": common.summary([m.peak_mib for m in warm["atau"]]),
                             **{k: v for k, v in first.items() if k != "times"}},
                    "argos": {"times": common.summary([t for r in argos_runs for t in r["times"]]),
                              "peak_mib": common.summary([m.peak_mib for m in warm["argos"]]),
                              **{k: v for k, v in argos_runs[0].items() if k != "times"}},
                },
            }
            for tool, runs in extra_runs.items():
                entry["warm"][tool] = {"times": common.summary([t for r in runs for t in r["times"]]),
                                       "peak_mib": common.summary([m.peak_mib for m in warm[tool]]),
                                       **{k: v for k, v in runs[0].items() if k != "times"}}
                seconds = entry["warm"][tool]["times"]["median"]
                entry["warm"][tool]["source_tokens_per_s"] = round(entry["source_tokens"] / seconds, 1)
                entry["warm"][tool]["segments_per_s"] = round(entry["segments"] / seconds, 2)
            for tool in ("atau", "argos"):
                w = entry["warm"][tool]
                seconds = w["times"]["median"]
                w["segments_per_s"] = round(entry["segments"] / seconds, 2)
                w["source_tokens_per_s"] = round(entry["source_tokens"] / seconds, 1)
                w["target_per_source_token"] = round(w["target_tokens"] / entry["source_tokens"], 3)
            if label == "test" and not ctx.quick:
                ctx.log(f"translate/{label}/{doc_name}: warm, each tool's own decoding length")
                natural = common.alternate(
                    {"atau": lambda: common.run_child(
                        [sys.executable, "-c", ATAU_WARM, str(doc), str(warm_doc), "1", str(ctx.threads), str(BEAM)],
                        env=base_env, cwd=cwd),
                     "argos": lambda: common.run_child(
                        [sys.executable, "-c", ARGOS_WARM, str(doc), str(warm_doc), "1"], env=base_env, cwd=cwd)},
                    1, warmup=0)
                entry["natural"] = {}
                for tool, ms in natural.items():
                    r = common.child_json(ms[0])
                    entry["natural"][tool] = {
                        "time": round(r["times"][0], 4), "target_tokens": r["target_tokens"],
                        "target_per_source_token": round(r["target_tokens"] / entry["source_tokens"], 3),
                        **({"capped": r["capped"], "max_target_tokens": r["max_target_tokens"],
                            "model_calls": r["model_calls"]} if tool == "atau" else {})}
            out["docs"][doc_name] = entry
        if label == "realistic" and not ctx.quick:
            doc_name = [name for name in docs if name != "article"][0]
            env = with_fixed_ratio(base_env)
            ctx.log(f"translate/{label}/{doc_name}: Atau's batch size in tokens, {BATCH_SIZES}")
            sweep = common.alternate(
                {str(size): (lambda size=size: common.run_child(
                    [sys.executable, "-c", ATAU_BATCH, str(docs[doc_name]), str(warm_doc), str(size),
                     str(ctx.threads)], env=env, cwd=cwd)) for size in BATCH_SIZES}, 2, warmup=0)
            out["batch_sweep"] = {"doc": doc_name, "sizes": {
                size: {"time": common.summary([common.child_json(m)["time"] for m in ms]),
                       "peak_mib": common.summary([m.peak_mib for m in ms])} for size, ms in sweep.items()}}
        return out


def documents(ctx) -> tuple[dict[str, Path], Path, str]:
    """The one-page article and the generated document (200 paragraphs; 50
    with --quick) as files, a small warm-up document, and where the article
    came from."""
    work = common.WORK / "translate"
    work.mkdir(parents=True, exist_ok=True)
    text, origin = textgen.article()
    paragraphs = 50 if ctx.quick else 200
    docs = {"article": work / "article.txt", f"doc{paragraphs}": work / f"doc{paragraphs}.txt"}
    docs["article"].write_text(text, encoding="utf-8")
    docs[f"doc{paragraphs}"].write_text(textgen.document(paragraphs, seed=1), encoding="utf-8")
    warm_doc = work / "warmup.txt"
    warm_doc.write_text(textgen.document(8, seed=99), encoding="utf-8")
    return docs, warm_doc, origin


def run(ctx) -> dict:
    docs, warm_doc, origin = documents(ctx)
    result: dict = {"article_source": origin, "beam_size": BEAM, "threads": ctx.threads,
                    "argos_defaults": _argos_defaults(), "models": {}, "skipped": {}}
    for label in ctx.models:
        found = model_package(ctx, label)
        if found is None:
            result["skipped"][label] = (f"{TEST_MODEL.relative_to(common.REPO)} does not exist (yet)"
                                        + ("; the realistic model borrows its sentence splitter"
                                           if label == "realistic" else ""))
            continue
        result["models"][label] = measure_model(ctx, label, found[0], docs, warm_doc, found[1])
        build = REALISTIC / "build.json"
        if label == "realistic" and build.exists():
            result["models"][label]["build"] = json.loads(build.read_text())
    return result


def _argos_defaults() -> dict:
    """argostranslate's decoding settings, read from its source (no import:
    importing its settings module creates folders in HOME)."""
    import importlib.util
    import re

    spec = importlib.util.find_spec("argostranslate")
    if spec is None or not spec.submodule_search_locations:
        return {}
    root = Path(list(spec.submodule_search_locations)[0])
    settings = (root / "settings.py").read_text(encoding="utf-8")
    translate = (root / "translate.py").read_text(encoding="utf-8")
    out = {}
    for var, env in (("beam_size", "ARGOS_BEAM_SIZE"), ("batch_size", "ARGOS_BATCH_SIZE"),
                     ("intra_threads", "ARGOS_INTRA_THREADS"), ("compute_type", "ARGOS_COMPUTE_TYPE")):
        found = re.search(rf'{var} = .*get_setting\("{env}", "([^"]*)"\)', settings)
        out[var] = found.group(1) if found else None
    found = re.search(r"length_penalty=([\d.]+)", translate)
    out["length_penalty"] = float(found.group(1)) if found else None
    out["beam_expression"] = "max(num_hypotheses, settings.beam_size)" if \
        "max(num_hypotheses, settings.beam_size)" in translate else None
    return out


# ---------------------------------------------------------------------- table


def rows(result: dict) -> list[common.Row]:
    out = []
    for label, skipped in result.get("skipped", {}).items():
        out.append(common.Row("Translation", f"{label} model", "skipped", notes=[skipped]))
    for label, data in result["models"].items():
        name = "test model" if label == "test" else "realistic model (60M)"
        for doc_name, d in data["docs"].items():
            doc_label = "one-page article" if doc_name == "article" else f"{doc_name[3:]}-paragraph document"
            a, b = d["cold"]["atau"], d["cold"]["argos"]
            goal = ("≥ 5x faster" if label == "test" else "≥ 3x faster") if doc_name == "article" else ""
            goal_ratio = 5 if label == "test" else 3
            for key, what in (("atau", "atau translate"), ("atau_no_enforce", "atau translate --no-enforce"),
                              ("before", "atau translate, before (baseline checkout)")):
                if key not in d["cold"]:
                    continue
                mine = d["cold"][key]
                speed = b["wall"]["median"] / mine["wall"]["median"]
                out.append(common.Row(
                    "Translation", f"{name}, {doc_label}: cold, {what}", common.fmt_s(mine["wall"]["median"]),
                    f"argos: {common.fmt_s(b['wall']['median'])}", f"{speed:.1f}x faster",
                    goal if key == "atau" else "", speed >= goal_ratio if goal and key == "atau" else None,
                    [f"{d['segments']} segments, {d['source_tokens']} source tokens; peak RSS "
                     f"{mine['peak_mib']['median']:.0f} MiB, argos {b['peak_mib']['median']:.0f} MiB"
                     + ("; the glossary is enforced by default (termbase, automata, attention re-decoding "
                        "of sentences whose terms the model rendered its own way)" if key == "atau" else "")]))
            wa, wb = d["warm"]["atau"], d["warm"]["argos"]
            raw = d["warm"].get("raw")
            limit = f"{raw['source_tokens_per_s']:.0f} tok/s" if raw else ""
            ratio = wa["source_tokens_per_s"] / wb["source_tokens_per_s"]
            goal = "≥ 1.5x" if label == "realistic" else ""
            out.append(common.Row(
                "Translation", f"{name}, {doc_label}: warm throughput, --no-enforce",
                f"{wa['segments_per_s']:.1f} seg/s, {wa['source_tokens_per_s']:.0f} tok/s",
                f"argos: {wb['segments_per_s']:.1f} seg/s, {wb['source_tokens_per_s']:.0f} tok/s",
                f"{ratio:.2f}x argos" + (f", {wa['source_tokens_per_s'] / raw['source_tokens_per_s']:.2f}x raw"
                                         if raw else ""), goal, ratio >= 1.5 if goal else None,
                [f"target/source tokens: atau {wa['target_per_source_token']}, argos "
                 f"{wb['target_per_source_token']}; atau segments at its length cap: {wa['capped']}; "
                 f"compute type atau {wa['compute_type']}, argos {wb['compute_type']}; threads "
                 f"(inter x intra) atau {wa.get('threads_plan')}, raw {raw.get('threads_plan') if raw else '-'}"],
                limit=limit))
            we = d["warm"].get("atau_enforce")
            if we:
                before = d["warm"].get("before_enforce")
                goal = "≥ 0.9x raw" if label == "realistic" else ""
                to_raw = we["source_tokens_per_s"] / raw["source_tokens_per_s"] if raw else None
                out.append(common.Row(
                    "Translation", f"{name}, {doc_label}: warm throughput, enforced (the default)",
                    f"{we['segments_per_s']:.1f} seg/s, {we['source_tokens_per_s']:.0f} tok/s",
                    f"argos: {wb['source_tokens_per_s']:.0f} tok/s"
                    + (f"; before: {before['source_tokens_per_s']:.0f} tok/s" if before else ""),
                    (f"{to_raw:.2f}x raw, " if to_raw else "")
                    + f"{we['source_tokens_per_s'] / wb['source_tokens_per_s']:.2f}x argos"
                    + (f", {we['source_tokens_per_s'] / before['source_tokens_per_s']:.2f}x before" if before else ""),
                    goal, (to_raw >= 0.9) if goal and to_raw else None,
                    [f"model calls per document: {we.get('model_calls')}"
                     + (f", before: {before.get('model_calls')}" if before else "")],
                    limit=limit))
            nat = d.get("natural")
            if nat:
                na, nb = nat["atau"], nat["argos"]
                out.append(common.Row(
                    "Translation", f"{name}, {doc_label}: warm, each tool's own decoding length",
                    common.fmt_s(na["time"]), f"argos: {common.fmt_s(nb['time'])}",
                    f"{nb['time'] / na['time']:.2f}x", "", None,
                    [f"target/source tokens: atau {na['target_per_source_token']}, argos "
                     f"{nb['target_per_source_token']} (the test model loops on unseen text; Atau's cap and "
                     f"length penalty 1 let loops run longer); atau segments at its cap: {na['capped']}, "
                     f"translate_batch calls: {na['model_calls']}"]))
            peak_a = max(a["peak_mib"]["median"], wa["peak_mib"]["median"],
                         d["cold"].get("atau_no_enforce", a)["peak_mib"]["median"])
            peak_b = max(b["peak_mib"]["median"], wb["peak_mib"]["median"])
            out.append(common.Row(
                "Translation", f"{name}, {doc_label}: peak RSS (cold / warm)",
                f"{max(a['peak_mib']['median'], d['cold'].get('atau_no_enforce', a)['peak_mib']['median']):.0f} / "
                f"{wa['peak_mib']['median']:.0f} MiB",
                f"argos: {b['peak_mib']['median']:.0f} / {wb['peak_mib']['median']:.0f} MiB",
                f"{peak_a / peak_b:.2f}x", "no higher", peak_a <= peak_b))
        sweep = data.get("batch_sweep")
        if sweep:
            sizes = sweep["sizes"]
            default = sizes[str(max(BATCH_SIZES))]
            for size in BATCH_SIZES:
                e = sizes[str(size)]
                out.append(common.Row(
                    "Translation", f"{name}, {sweep['doc'][3:]} paragraphs, warm: batch of {size} tokens",
                    f"{common.fmt_s(e['time']['median'])}, {e['peak_mib']['median']:.0f} MiB",
                    f"{max(BATCH_SIZES)}: {common.fmt_s(default['time']['median'])}, "
                    f"{default['peak_mib']['median']:.0f} MiB",
                    f"{default['time']['median'] / e['time']['median']:.2f}x speed", "", None))
    return out
