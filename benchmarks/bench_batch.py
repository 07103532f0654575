#!/usr/bin/env python3
"""Folder jobs (issue 17): a folder of 200 documents with the tiny test
package, ``atau translate DIR -o OUT`` as a whole command each time.

* 1 vs 2 worker processes (``--workers``), no memory;
* local worker processes vs Ray, both with 2 workers: Ray starting its own
  local instance (``--ray``: the start is paid by the command), and Ray
  joining a running instance (``ray start --head``, then ``--ray auto``: how
  a cluster is used); goal: Ray's overhead ≤ 15%;
* the memory: the same folder translated a second time into a new output
  folder with the memory the first run filled (every sentence reused, no
  model call) against the first run; goal ≥ 20× faster.

A B / B A alternation, medians (benchmarks/common.py). The documents are
three paragraphs of three sentences: a third corpus sentences of the test
model (boilerplate, repeated across documents), two thirds new ones (two
corpus sentences joined) that the model must translate. The test model says nothing
about translation quality.

    python benchmarks/bench_batch.py [--quick]     # or: run.py --only batch
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

DOCUMENTS = 200
TEST_MODEL = common.REPO / "tests" / "data" / "models" / "translate-en_ru-atau_test.argosmodel"
CORPUS = common.REPO / "tests" / "data" / "corpus" / "en-ru.tsv"


def make_folder(root: Path, count: int) -> Path:
    """``count`` documents of 3 paragraphs of 3 sentences: a third of the
    sentences are corpus sentences (boilerplate: they repeat across
    documents), two thirds new (two corpus sentences joined, so the model
    must really translate them)."""
    rng = random.Random(17)
    pool = [line.split("\t", 1)[0] for line in CORPUS.read_text(encoding="utf-8").splitlines() if "\t" in line]
    if root.exists():
        shutil.rmtree(root)

    def sentence() -> str:
        if rng.random() < 1 / 3:
            return rng.choice(pool)
        first, second = rng.sample(pool, 2)
        return first.rstrip(".") + ", and " + second[0].lower() + second[1:]

    for i in range(count):
        folder = root / f"{i // 50:02}"
        folder.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(" ".join(sentence() for _ in range(3)) for _ in range(3))
        (folder / f"article-{i:03}.txt").write_text(body + "\n", encoding="utf-8")
    return root


def run(ctx) -> dict:
    work = common.WORK / "batch"
    work.mkdir(parents=True, exist_ok=True)
    env = common.isolated_env(work / "env")
    env["ATAU_MEMORY_DIR"] = str(work / "memories")
    env["RAY_USAGE_STATS_ENABLED"] = "0"
    atau = str(common.BIN / "atau")
    done = subprocess.run([atau, "models", "install", str(TEST_MODEL)], env=env, capture_output=True)
    if done.returncode != 0 and b"already" not in done.stderr:
        raise RuntimeError(done.stderr.decode())
    count = 50 if ctx.quick else DOCUMENTS
    reps = 1 if ctx.quick else 2
    folder = make_folder(work / "in", count)
    sentences = count * 9
    counter = iter(range(10 ** 6))

    def job(*extra: str):
        def go() -> common.Measured:
            out = work / f"out-{next(counter)}"
            m = common.run_child([atau, "translate", str(folder), "--from", "en", "--to", "ru", "-o", str(out),
                                  *extra], env=env, timeout=3600)
            shutil.rmtree(out, ignore_errors=True)
            return m
        return go

    results: dict = {"documents": count, "sentences": sentences, "reps": reps}
    ctx.log(f"batch: {count} documents, 1 vs 2 workers vs Ray (local start), {reps} rounds")
    timed = common.alternate({"workers_1": job("--no-memory", "--workers", "1"),
                              "workers_2": job("--no-memory", "--workers", "2"),
                              "ray_local": job("--no-memory", "--workers", "2", "--ray")}, reps)
    for name, runs in timed.items():
        results[name] = {"wall": common.summary([m.wall for m in runs]),
                         "peak_mib": round(common.median([m.peak_mib for m in runs]), 1)}

    ray = shutil.which("ray", path=env["PATH"])
    if ray:
        ctx.log("batch: Ray joining a running instance (ray start --head; --ray auto)")
        head = subprocess.run([ray, "start", "--head", "--num-cpus", "2", "--include-dashboard=false",
                               "--disable-usage-stats"], env=env, capture_output=True, timeout=300)
        try:
            if head.returncode == 0:
                timed = common.alternate({"workers_2": job("--no-memory", "--workers", "2"),
                                          "ray_running": job("--no-memory", "--workers", "2", "--ray", "auto")},
                                         reps)
                results["ray_running"] = {"wall": common.summary([m.wall for m in timed["ray_running"]]),
                                          "workers_2_same_rounds": common.summary(
                                              [m.wall for m in timed["workers_2"]])}
            else:
                results["ray_running"] = {"skipped": head.stderr.decode("utf-8", "replace")[-500:]}
        finally:
            subprocess.run([ray, "stop", "--force"], env=env, capture_output=True, timeout=300)

    ctx.log("batch: memory, first run vs second run (new output folder, same memory)")
    firsts, seconds = [], []
    for r in range(reps):
        memory = work / f"memory-{r}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{memory}{suffix}").unlink(missing_ok=True)
        firsts.append(job("--memory", str(memory))())
        seconds.append(job("--memory", str(memory))())
    for m in firsts + seconds:
        if m.returncode != 0:
            raise RuntimeError(m.stderr.decode("utf-8", "replace")[-2000:])
    results["memory_first"] = {"wall": common.summary([m.wall for m in firsts])}
    results["memory_second"] = {"wall": common.summary([m.wall for m in seconds])}
    return results


def rows(result: dict) -> list[common.Row]:
    med = lambda name: result[name]["wall"]["median"]  # noqa: E731
    n = result["documents"]
    out = [
        common.Row("Folder", f"{n} documents, 1 vs 2 workers", f"{common.fmt_s(med('workers_2'))} (2)",
                   f"{common.fmt_s(med('workers_1'))} (1)", f"{med('workers_1') / med('workers_2'):.2f}×"),
        common.Row("Folder", f"{n} documents, Ray starting a local instance vs 2 processes",
                   common.fmt_s(med("ray_local")), common.fmt_s(med("workers_2")),
                   f"+{(med('ray_local') / med('workers_2') - 1) * 100:.0f}%", "≤ +15%",
                   med("ray_local") <= 1.15 * med("workers_2")),
    ]
    running = result.get("ray_running", {})
    if "wall" in running:
        ray_t, proc_t = running["wall"]["median"], running["workers_2_same_rounds"]["median"]
        out.append(common.Row("Folder", f"{n} documents, Ray running (--ray auto) vs 2 processes",
                              common.fmt_s(ray_t), common.fmt_s(proc_t), f"+{(ray_t / proc_t - 1) * 100:.0f}%",
                              "≤ +15%", ray_t <= 1.15 * proc_t))
    first, second = med("memory_first"), med("memory_second")
    out.append(common.Row("Folder", f"{n} documents, second run with the memory", common.fmt_s(second),
                          common.fmt_s(first) + " (first)", f"{first / second:.1f}× faster", "≥ 20×",
                          first / second >= 20))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()

    class Ctx:
        quick = args.quick
        started = time.perf_counter()

        def log(self, message: str) -> None:
            print(f"[{time.perf_counter() - self.started:7.1f} s] {message}", file=sys.stderr, flush=True)

    load_before = os.getloadavg()
    started = time.perf_counter()
    result = run(Ctx())
    result["run"] = {"seconds": round(time.perf_counter() - started, 1),
                     "load_average_before": [round(x, 2) for x in load_before],
                     "load_average_after": [round(x, 2) for x in os.getloadavg()]}
    path = common.save("batch", result, quick=args.quick, cpu=common.cpu_info())
    for row in rows(result):
        print(f"{row.measure}: {row.atau} vs {row.baseline}: {row.ratio} (goal {row.goal or '-'})")
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
