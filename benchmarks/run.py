#!/usr/bin/env python3
"""Run Atau's benchmarks and print one table.

    python benchmarks/run.py                 # everything (an hour or more on 2 cores)
    python benchmarks/run.py --quick         # smaller inputs, fewer repetitions
    python benchmarks/run.py --only matching # one benchmark (repeatable)
    python benchmarks/run.py --table         # only print the table of the saved results

Benchmarks: translate, matching, enforce, startup, catalog. Raw results go
to ``benchmarks/results/<name>.json`` (with the CPU they ran on); the table
is printed with rich and written as Markdown to
``benchmarks/results/table.md``. Inputs that take long to build (the
realistic-size model) are kept under ``benchmarks/work/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

BENCHMARKS = ("translate", "threads", "matching", "enforce", "glossary", "pages", "startup", "catalog")


@dataclass
class Context:
    """What every benchmark's ``run(ctx)`` gets."""

    quick: bool
    models: tuple[str, ...]
    bench_python: str
    threads: int
    started: float = field(default_factory=time.perf_counter)

    def log(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.started:7.1f} s] {message}", file=sys.stderr, flush=True)


def collect_rows() -> tuple[list[common.Row], dict | None, dict]:
    """Rows of every saved result, the CPU, and per benchmark when and under
    what load it ran."""
    rows: list[common.Row] = []
    cpu = None
    runs = {}
    for name in BENCHMARKS:
        result = common.load(name)
        if result is None:
            continue
        cpu = cpu or result.get("cpu")
        runs[name] = {"date": result.get("date"), "quick": result.get("quick"), **result.get("run", {})}
        for key, extra in result.items():  # runs merged into this file (e.g. realistic_run)
            if key.endswith("_run") and isinstance(extra, dict):
                runs[f"{name} ({key[:-4]})"] = {"date": extra.get("date"), "quick": extra.get("quick"),
                                                 **extra.get("run", {})}
        module = importlib.import_module(f"bench_{name}")
        rows.extend(module.rows(result))
    return rows, cpu, runs


def markdown(rows: list[common.Row], cpu: dict | None, runs: dict | None = None) -> str:
    lines = ["| Benchmark | Measure | Atau | Baseline | Raw engine | Ratio | Goal | Met |",
             "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        lines.append(f"| {row.benchmark} | {row.measure} | {row.atau} | {row.baseline} | {row.limit} | {row.ratio} "
                     f"| {row.goal} | {met} |")
    notes = [f"- {row.benchmark}, {row.measure}: {note}" for row in rows for note in row.notes]
    text = "\n".join(lines) + "\n"
    if cpu:
        text += f"\nCPU: {common.cpu_line(cpu)} (Python {cpu.get('python')})\n"
    if runs:
        text += "\nRuns (load average over 1 minute before and after; the machine is shared):\n\n"
        for name, run in runs.items():
            before = run.get("load_average_before", ["?"])[0]
            after = run.get("load_average_after", ["?"])[0]
            text += (f"- {name}: {run.get('date')}{' (--quick)' if run.get('quick') else ''}, "
                     f"{run.get('seconds', '?')} s, load {before} -> {after}\n")
    if notes:
        text += "\nNotes:\n\n" + "\n".join(notes) + "\n"
    return text


def print_table(rows: list[common.Row], cpu: dict | None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Atau benchmarks", header_style="bold", show_lines=False)
    for column in ("Benchmark", "Measure", "Atau", "Baseline", "Ratio", "Goal", "Met"):
        table.add_column(column, overflow="fold")
    for row in rows:
        met = "" if row.met is None else ("[green]yes[/]" if row.met else "[red]no[/]")
        table.add_row(row.benchmark, row.measure, row.atau, row.baseline, row.ratio, row.goal, met)
    console = Console()
    console.print(table)
    if cpu:
        console.print(f"CPU: {common.cpu_line(cpu)}", highlight=False)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs, fewer repetitions")
    parser.add_argument("--only", action="append", choices=BENCHMARKS, metavar="NAME",
                        help=f"run only this benchmark ({', '.join(BENCHMARKS)}); repeatable")
    parser.add_argument("--models", default="test,realistic",
                        help="translation models: test, realistic or both (default test,realistic)")
    parser.add_argument("--bench-python", default=str(Path("/work/venv-bench/bin/python")),
                        help="a Python with torch, transformers and ctranslate2, to build the realistic model")
    parser.add_argument("--threads", type=int, default=0,
                        help="CPU threads for both translation tools (default: the usable CPUs, at most 8)")
    parser.add_argument("--table", action="store_true", help="print the table of saved results only")
    args = parser.parse_args(argv)

    if not args.table:
        cpus = len(os.sched_getaffinity(0))
        ctx = Context(quick=args.quick, models=tuple(m.strip() for m in args.models.split(",") if m.strip()),
                      bench_python=args.bench_python, threads=args.threads or max(1, min(8, cpus)))
        cpu = common.cpu_info()
        ctx.log(f"CPU: {common.cpu_line(cpu)}")
        for name in args.only or BENCHMARKS:
            module = importlib.import_module(f"bench_{name}")
            ctx.log(f"--- {name}")
            load_before = os.getloadavg()
            started = time.perf_counter()
            result = module.run(ctx)
            result["run"] = {"seconds": round(time.perf_counter() - started, 1), "threads": ctx.threads,
                             "models": list(ctx.models),
                             "load_average_before": [round(x, 2) for x in load_before],
                             "load_average_after": [round(x, 2) for x in os.getloadavg()]}
            path = common.save(name, result, quick=args.quick, cpu=cpu)
            ctx.log(f"{name}: results in {path.relative_to(common.REPO)}")
    rows, cpu, runs = collect_rows()
    common.RESULTS.mkdir(parents=True, exist_ok=True)
    (common.RESULTS / "table.md").write_text(markdown(rows, cpu, runs), encoding="utf-8")
    print_table(rows, cpu)
    return 0


if __name__ == "__main__":
    sys.exit(main())
