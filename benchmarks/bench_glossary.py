"""``atau check`` and ``atau enforce`` on a megabyte of text, with a
100,000-concept glossary and with the built-in one: what a user waits for
(whole commands, fresh processes), not the matcher alone.

Inputs (:mod:`textgen`): a TBX file of 100,000 synthetic concepts
(English and Russian terms, a deprecated English variant for every fourth),
1 MB of English prose with a term of that glossary every ~12 words (one
paragraph a line), and a stand-in Russian translation line by line
(:func:`textgen.russian_target`: made-up words, the concepts' Russian terms
in their places, inflected; 5% left out, so ``check`` has findings and
``enforce`` work). For the built-in glossary: 1 MB of generated news
(:func:`textgen.document`, one paragraph a line) and its stand-in Russian
translation, 5% of the terms a deprecated or forbidden one (enforcement
replaces them) and 5% left out.

Measured, each command with its own cache folder (``ATAU_CACHE_DIR``):

* first use (empty cache: the TBX parsed, both term matchers built and
  stored);
* cold after an edit: the glossary file changed by one term (a new
  fingerprint: the parsed glossary and the matchers are made again; the
  matchers reuse the inflected forms of the unchanged terms);
* warm: ``check`` and ``enforce`` alternating, everything cached.

Wall time and peak RSS (``wait4``). With ``$ATAU_BENCH_BASELINE`` set to
another checkout of Atau, the same commands run on it too, alternating with
this one (before/after in one run).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import common
import textgen

CONCEPTS = 100_000
TEXT_BYTES = 1_000_000


def _write_inputs(folder: Path, quick: bool) -> dict:
    from toolkit.termbase.model import Glossary
    from toolkit.termbase.store import load_glossary
    from toolkit.termbase.tbx import dumps_tbx

    size = 10_000 if quick else CONCEPTS
    concepts = textgen.synthetic_concepts(size)
    glossary = Glossary(concepts)
    (folder / "big.tbx").write_text(dumps_tbx(glossary), encoding="utf-8")
    paragraphs, inserted = textgen.term_text(TEXT_BYTES, concepts)
    (folder / "big.en.txt").write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    targets = textgen.russian_target(paragraphs, glossary)
    (folder / "big.ru.txt").write_text("\n".join(targets) + "\n", encoding="utf-8")
    builtin = load_glossary(None)
    news = []
    seed = 30
    while sum(len(p) + 1 for p in news) < TEXT_BYTES:
        news += [p for p in textgen.document(200, seed=seed).split("\n\n") if p.strip()]
        seed += 1
    (folder / "news.en.txt").write_text("\n".join(p.strip() for p in news) + "\n", encoding="utf-8")
    (folder / "news.ru.txt").write_text("\n".join(textgen.russian_target(news, builtin)) + "\n",
                                        encoding="utf-8")
    return {"concepts": size, "terms_inserted": inserted, "lines": len(paragraphs), "news_lines": len(news),
            "bytes": {name: (folder / name).stat().st_size for name in
                      ("big.tbx", "big.en.txt", "big.ru.txt", "news.en.txt", "news.ru.txt")}}


def _edit(tbx: Path, n: int) -> None:
    """Change the Russian term of one concept (a different one each time)."""
    text = tbx.read_text(encoding="utf-8")
    at = -1
    for _ in range(n + 1):
        at = text.index('xml:lang="ru"', at + 1)
    at = text.index("<term>", at) + len("<term>")
    tbx.write_text(text[:at] + "правка" + text[at:], encoding="utf-8")


def run(ctx) -> dict:
    checkouts = {"atau": common.REPO}
    if os.environ.get("ATAU_BENCH_BASELINE"):
        checkouts["before"] = Path(os.environ["ATAU_BENCH_BASELINE"])
    reps = 1 if ctx.quick else 3
    result: dict = {"checkouts": {k: str(v) for k, v in checkouts.items()}, "measures": {}}
    with tempfile.TemporaryDirectory(prefix="atau-bench-glossary-") as tmp:
        folder = Path(tmp)
        ctx.log("glossary: writing the inputs")
        # in a child process: peak RSS is inherited through fork and exec
        # (the kernel keeps the parent's high-water mark), so the parent
        # stays small
        import json
        import subprocess

        done = subprocess.run([sys.executable, __file__, "--inputs", str(folder)] + (["--quick"] if ctx.quick else []),
                              check=True, capture_output=True, text=True,
                              env=dict(os.environ, PYTHONPATH=str(common.REPO)))
        result["inputs"] = json.loads(done.stdout.splitlines()[-1])
        base_env = common.isolated_env(folder / "env")
        atau = [str(common.BIN / "atau")]

        def command(name: str, what: str, glossary: str | None, src: str, tgt: str, cache: str):
            env = dict(base_env, PYTHONPATH=str(checkouts[name]), ATAU_CACHE_DIR=str(folder / f"cache-{name}-{cache}"))
            cmd = atau + [what, "--from", "en", "--to", "ru", "-s", str(folder / src), "--target", str(folder / tgt)]
            if glossary:
                cmd += ["-g", str(folder / glossary)]
            if what == "enforce":
                cmd += ["-o", str(folder / f"out-{name}.txt")]
            return lambda: common.run_child(cmd, env=env, cwd=folder, timeout=1800)

        def record(label: str, runs: dict) -> None:
            result["measures"][label] = {name: {"wall": common.summary([m.wall for m in ms]),
                                                "peak_mib": common.summary([m.peak_mib for m in ms]),
                                                "exit": ms[0].returncode}
                                         for name, ms in runs.items()}
            ctx.log(f"glossary: {label}: " + ", ".join(
                f"{name} {common.median([m.wall for m in ms]):.2f} s / {common.median([m.peak_mib for m in ms]):.0f} MiB"
                for name, ms in runs.items()))

        # exit code 1: findings (check) - expected
        ok = {0, 1}
        def checked(fn):
            def inner():
                m = fn()
                if m.returncode not in ok:
                    raise RuntimeError(m.stderr.decode("utf-8", "replace")[-3000:])
                return m
            return inner

        for name in checkouts:
            ctx.log(f"glossary: {name}: first use, empty cache (check)")
            record(f"first use, empty cache: check ({name})",
                   {name: [checked(command(name, "check", "big.tbx", "big.en.txt", "big.ru.txt", "big"))()]})
        ctx.log("glossary: warm, 100k")
        for what in ("check", "enforce"):
            record(f"warm: {what}, {result['inputs']['concepts']} concepts",
                   common.alternate({name: checked(command(name, what, "big.tbx", "big.en.txt", "big.ru.txt", "big"))
                                     for name in checkouts}, reps, warmup=1, check=False))
        if "before" in checkouts:  # (before/after here)
            # the same edits, byte for byte (the enforce runs above wrote them)
            result["enforce_outputs_identical"] = (folder / "out-atau.txt").read_bytes() == \
                (folder / "out-before.txt").read_bytes()
        for name in checkouts:
            runs = []
            for n in range(max(2, reps)):
                _edit(folder / "big.tbx", n)
                runs.append(checked(command(name, "check", "big.tbx", "big.en.txt", "big.ru.txt", "big"))())
            record(f"cold after an edit: check ({name})", {name: runs})
        for what in ("enforce", "check"):
            record(f"warm: {what}, built-in glossary",
                   common.alternate({name: checked(command(name, what, None, "news.en.txt", "news.ru.txt", "news"))
                                     for name in checkouts}, reps, warmup=1, check=False))
            if what == "enforce" and "before" in checkouts:
                result["builtin_enforce_outputs_identical"] = (folder / "out-atau.txt").read_bytes() == \
                    (folder / "out-before.txt").read_bytes()
    return result


GOALS = {"warm: check": (3.0, 400), "warm: enforce": (3.0, 400), "cold after an edit": (15.0, None)}


def rows(result: dict) -> list[common.Row]:
    # measures of one checkout each ("... (atau)", "... (before)") are paired
    merged: dict[str, dict] = {}
    for label, per in result.get("measures", {}).items():
        base = label.replace(" (atau)", "").replace(" (before)", "")
        merged.setdefault(base, {}).update(per)
    out = []
    for label, per in merged.items():
        atau = per.get("atau")
        before = per.get("before")
        if atau is None:
            continue
        goal = ""
        met = None
        wall, peak = atau["wall"]["median"], atau["peak_mib"]["median"]
        if "built-in" in label and "enforce" in label:
            goal, met = "< 2 s", wall < 2
        elif "built-in" not in label:
            for prefix, (seconds, mib) in GOALS.items():
                if label.startswith(prefix):
                    goal = f"< {seconds:.0f} s" + (f", < {mib} MB" if mib else "")
                    met = wall < seconds and (mib is None or peak * 1.048576 < mib)
        out.append(common.Row(
            "Glossary", label, f"{common.fmt_s(wall)}, {peak:.0f} MiB",
            f"before: {common.fmt_s(before['wall']['median'])}, {before['peak_mib']['median']:.0f} MiB" if before else "",
            f"{before['wall']['median'] / wall:.1f}x faster" if before else "", goal, met,
            [f"runs: {', '.join(common.fmt_s(t) for t in atau['wall']['runs'])}"]))
    return out


if __name__ == "__main__":
    import json

    if sys.argv[1:2] == ["--inputs"]:
        print(json.dumps(_write_inputs(Path(sys.argv[2]), "--quick" in sys.argv)))
