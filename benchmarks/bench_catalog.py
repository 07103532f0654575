"""Catalog pre-translation: ``atau catalog translate`` of a generated
2,000-entry POT file into Russian (whole command, fresh process), with the
built-in termbase enforced and with ``--no-glossary``, alternating.
Reported as entries per second. Both models decode 1.2 target tokens per
source token, as in ``bench_translate.py``.
"""

from __future__ import annotations

import subprocess

import bench_translate
import common
import textgen

ENTRIES = 2000


def available() -> bool:
    done = subprocess.run([str(common.BIN / "atau"), "catalog", "translate", "--help"],
                          capture_output=True, text=True)
    return done.returncode == 0


def run(ctx) -> dict:
    if not available():
        return {"skipped": {"all": "atau catalog translate does not exist (yet)"}, "models": {}}
    entries = 500 if ctx.quick else ENTRIES
    work = common.WORK / "catalog"
    work.mkdir(parents=True, exist_ok=True)
    pot = work / f"messages-{entries}.pot"
    pot.write_text(textgen.pot(entries), encoding="utf-8")
    result: dict = {"entries": entries, "models": {}, "skipped": {}}
    for label in ctx.models:
        reps = 1 if ctx.quick or label == "realistic" else 3  # realistic: minutes per run
        found = bench_translate.model_package(ctx, label)
        if found is None:
            result["skipped"][label] = "the test model does not exist (yet)"
            continue
        with bench_translate.installed_env(ctx, label, *found) as (env, cwd):
            env = bench_translate.with_fixed_ratio(env)
            base = [str(common.BIN / "atau"), "catalog", "translate", str(pot), "--to", "ru",
                    "-o", str(cwd / "ru.po")]
            ctx.log(f"catalog/{label}: {entries} entries, {reps} alternating rounds")
            runs = common.alternate({"glossary": lambda: common.run_child(base, env=env, cwd=cwd),
                                     "no_glossary": lambda: common.run_child(base + ["--no-glossary"], env=env,
                                                                             cwd=cwd)},
                                    reps, warmup=0)
            po = (cwd / "ru.po").read_text(encoding="utf-8")
            result["models"][label] = {
                kind: {"wall": common.summary([m.wall for m in ms]),
                       "peak_mib": round(common.median([m.peak_mib for m in ms]), 1),
                       "entries_per_s": round(entries / common.median([m.wall for m in ms]), 1)}
                for kind, ms in runs.items()}
            result["models"][label]["fuzzy_entries"] = po.count("#, fuzzy") - po.startswith("#, fuzzy")
    return result


def rows(result: dict) -> list[common.Row]:
    out = []
    for label, skipped in result.get("skipped", {}).items():
        out.append(common.Row("Catalog", f"{label}", "skipped", notes=[skipped]))
    for label, data in result.get("models", {}).items():
        name = "test model" if label == "test" else "realistic model"
        g, n = data["glossary"], data["no_glossary"]
        out.append(common.Row(
            "Catalog", f"{name}: pre-translate {result['entries']}-entry POT", f"{g['entries_per_s']:.0f} entries/s",
            f"--no-glossary: {n['entries_per_s']:.0f} entries/s", "", "", None,
            [f"whole command {common.fmt_s(g['wall']['median'])} (--no-glossary "
             f"{common.fmt_s(n['wall']['median'])}), peak RSS {g['peak_mib']:.0f} MiB, "
             f"{data['fuzzy_entries']} fuzzy entries written"]))
    return out
