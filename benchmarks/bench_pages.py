"""Long documents: ``atau translate`` of 10, 50 and 100 pages (generated
news, :func:`textgen.pages`; a page is the size of the one-page article),
whole commands in fresh processes, with enforcement (the default) and
with ``--no-enforce``, sizes alternating. The goals: time linear in the
length (seconds per page the same at 10 and 100 pages) and peak memory
flat (what 100 pages add over 10 small beside the model and the
libraries). The tiny test model (a model of realistic size would take
minutes per page on 2 cores); decoding as the model does it.
"""

from __future__ import annotations

import common
import textgen
import bench_translate

PAGES = (10, 50, 100)


def run(ctx) -> dict:
    found = bench_translate.model_package(ctx, "test")
    if found is None:
        return {"skipped": "the test model does not exist (yet)"}
    work = common.WORK / "pages"
    work.mkdir(parents=True, exist_ok=True)
    pages = (10, 50) if ctx.quick else PAGES
    docs = {}
    for n in pages:
        docs[n] = work / f"pages{n}.txt"
        docs[n].write_text(textgen.pages(n, seed=40), encoding="utf-8")
    reps = 1 if ctx.quick else 2
    result: dict = {"pages": {}, "threads": ctx.threads}
    with bench_translate.installed_env(ctx, "test", *found) as (env, cwd):
        base = [str(common.BIN / "atau"), "translate", "-", "--from", "en", "--to", "ru", "--threads",
                str(ctx.threads), "--device", "cpu"]
        named = {}
        for n, doc in docs.items():
            named[f"{n} enforce"] = (lambda doc=doc: common.run_child(base, env=env, stdin=doc, cwd=cwd))
            named[f"{n} no-enforce"] = (lambda doc=doc: common.run_child(base + ["--no-enforce"], env=env,
                                                                         stdin=doc, cwd=cwd))
        ctx.log(f"pages: {', '.join(named)} x {reps}")
        measured = common.alternate(named, reps, warmup=0)
    for name, ms in measured.items():
        n, mode = name.split(" ", 1)
        result["pages"].setdefault(n, {})[mode] = {
            "wall": common.summary([m.wall for m in ms]), "peak_mib": common.summary([m.peak_mib for m in ms]),
            "chars": len(docs[int(n)].read_text(encoding="utf-8"))}
    return result


def rows(result: dict) -> list[common.Row]:
    out = []
    data = result.get("pages", {})
    if not data:
        return [common.Row("Long documents", "test model", "skipped", notes=[result.get("skipped", "")])]
    sizes = sorted(data, key=int)
    small = sizes[0]
    for mode in ("enforce", "no-enforce"):
        ref = data[small][mode]
        per_page_small = ref["wall"]["median"] / int(small)
        for n in sizes:
            d = data[n][mode]
            per_page = d["wall"]["median"] / int(n)
            linear = n == small or per_page <= per_page_small * 1.15
            grown = d["peak_mib"]["median"] - ref["peak_mib"]["median"]
            flat = grown <= 0.1 * ref["peak_mib"]["median"]
            out.append(common.Row(
                "Long documents", f"test model, {n} pages, {'enforced' if mode == 'enforce' else '--no-enforce'}",
                f"{common.fmt_s(d['wall']['median'])} ({per_page * 1000:.0f} ms/page), {d['peak_mib']['median']:.0f} MiB",
                f"{small} pages: {per_page_small * 1000:.0f} ms/page, {ref['peak_mib']['median']:.0f} MiB",
                f"{per_page / per_page_small:.2f}x per page, +{grown:.0f} MiB",
                "" if n == small else "linear, flat", None if n == small else (linear and flat),
                [f"{d['chars']} characters"]))
    return out
