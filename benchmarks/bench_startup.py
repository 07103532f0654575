"""Start-up: ``atau --help``, ``atau glossary list`` and ``atau check`` of a
two-line file (terms right; and one forbidden term, whose fix needs Russian
inflection, so pymorphy3) against ``python -c pass`` (fresh processes,
alternating), where the time goes (phases measured inside one process), the
top of ``python -X importtime``, and whether pymorphy3 is imported by the
check that needs no inflection. With ``$ATAU_BENCH_BASELINE`` (another
checkout) the Atau commands also run on it ("before"), alternating.

Goal: ``glossary list`` and ``check`` under 0.2 s over bare Python.

The commands run in an empty folder with HOME and the XDG folders pointing
into it, so ``glossary list`` reads the built-in termbase (not a
``./glossary/`` folder or ``$ATAU_GLOSSARY``); the untimed warm-up rounds
fill Atau's cache there (the parsed termbase), as any first run does.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import common

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "atau --help": [str(common.BIN / "atau"), "--help"],
    "atau glossary list": [str(common.BIN / "atau"), "glossary", "list"],
    "atau check, 2 lines, terms right": [str(common.BIN / "atau"), "check", "--from", "en", "--to", "ru",
                                         "-s", "src.txt", "--target", "right.txt"],
    "atau check, 2 lines, one fix": [str(common.BIN / "atau"), "check", "--from", "en", "--to", "ru",
                                     "-s", "src.txt", "--target", "wrong.txt"],
}
GOAL_S = 0.2
SOURCE = "The Mazhilis adopted the bill.\nThe Senate met on Monday.\n"
RIGHT = "Мажилис принял законопроект.\nСенат собрался в понедельник.\n"
WRONG = "Меджлис принял законопроект.\nСенат собрался в понедельник.\n"

PHASES = r'''
import json, sys, time, io, os
t0 = time.perf_counter()
argv = sys.argv[1:]
import toolkit.cli.main as m
t1 = time.perf_counter()
import typer.main
cmd = typer.main.get_command(m.app)
t2 = time.perf_counter()
real = sys.stdout
sys.stdout = io.StringIO()
try:
    cmd.main(argv, prog_name="atau", standalone_mode=False)
except SystemExit:
    pass
finally:
    out = sys.stdout.getvalue()
    sys.stdout = real
t3 = time.perf_counter()
print(json.dumps({"import_cli": t1 - t0, "build_command": t2 - t1, "run": t3 - t2,
                  "modules": len(sys.modules), "output_chars": len(out)}))
'''

GLOSSARY_PHASES = r'''
import json, sys, time, io
t0 = time.perf_counter()
from toolkit.termbase.store import GlossaryStore
t1 = time.perf_counter()
concepts = GlossaryStore.open(None).load()
t2 = time.perf_counter()
from toolkit.cli import output
t3 = time.perf_counter()
from rich.console import Console
langs = concepts.languages()
table = output.table("id", *langs)
for c in concepts:
    table.add_row(c.id, *[(c.preferred(lg).text if c.preferred(lg) else "") for lg in langs])
console = Console(file=io.StringIO(), highlight=False, soft_wrap=True, markup=False)
console.print(table)
t4 = time.perf_counter()
print(json.dumps({"import_store": t1 - t0, "load_termbase": t2 - t1, "import_rich_output": t3 - t2,
                  "render_table": t4 - t3, "concepts": len(concepts)}))
'''


def importtime(args: list[str], env: dict, cwd: Path, top: int = 15) -> list[dict]:
    """The ``top`` imports by cumulative time of ``atau ARGS`` (one run)."""
    code = f"import sys; sys.argv = ['atau'] + {args!r}; from toolkit.cli.main import run; run()"
    m = common.run_child([sys.executable, "-X", "importtime", "-c", code], env=env, cwd=cwd)
    rows = []
    for line in m.stderr.decode("utf-8", "replace").splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, self_us, cumulative_us, name = (part.strip() for part in line.replace("import time:", "|").split("|"))
        rows.append({"module": name.strip(), "depth": (len(name) - len(name.lstrip())) // 2,
                     "self_ms": int(self_us) / 1000, "cumulative_ms": int(cumulative_us) / 1000})
    rows.sort(key=lambda r: -r["cumulative_ms"])
    return rows[:top]


def run(ctx) -> dict:
    reps = 5 if ctx.quick else 15
    # Byte code as `pip install` leaves it (a checkout run with
    # PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module each time).
    import compileall

    compileall.compile_dir(str(common.REPO / "toolkit"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="atau-bench-startup-") as tmp:
        root = Path(tmp)
        env = common.isolated_env(root)
        cwd = root / "cwd"
        cwd.mkdir()
        for name, text in (("src.txt", SOURCE), ("right.txt", RIGHT), ("wrong.txt", WRONG)):
            (cwd / name).write_text(text, encoding="utf-8")
        named = {name: (lambda c=cmd: common.run_child(c, env=env, cwd=cwd)) for name, cmd in COMMANDS.items()}
        baseline = os.environ.get("ATAU_BENCH_BASELINE")
        if baseline:
            before_env = dict(env, PYTHONPATH=baseline, XDG_CACHE_HOME=str(root / "cache-before"))
            named.update({f"{name} (before)": (lambda c=cmd: common.run_child(c, env=before_env, cwd=cwd))
                          for name, cmd in COMMANDS.items() if name != "python -c pass"})
        ctx.log(f"startup: {reps} rounds of {', '.join(named)}")
        measured = common.alternate(named, reps, warmup=2, check=False)
        morphology = importtime(COMMANDS["atau check, 2 lines, terms right"][1:], env, cwd, top=100000)
        phases = {}
        for label, argv in (("atau --help", ["--help"]), ("atau glossary list", ["glossary", "list"])):
            runs = [common.child_json(common.run_child([sys.executable, "-c", PHASES, *argv], env=env, cwd=cwd))
                    for _ in range(max(3, reps // 3))]
            phases[label] = {k: round(common.median([r[k] for r in runs]), 4) for k in runs[0]}
        runs = [common.child_json(common.run_child([sys.executable, "-c", GLOSSARY_PHASES], env=env, cwd=cwd))
                for _ in range(max(3, reps // 3))]
        phases["glossary list internals"] = {k: round(common.median([r[k] for r in runs]), 4) for k in runs[0]}
        imports = {"atau --help": importtime(["--help"], env, cwd),
                   "atau glossary list": importtime(["glossary", "list"], env, cwd)}
    return {"reps": reps,
            "commands": {name: {"wall": common.summary([m.wall for m in ms]),
                                "peak_mib": round(common.median([m.peak_mib for m in ms]), 1)}
                         for name, ms in measured.items()},
            "phases": phases, "importtime": imports,
            "check_without_fix_imports_pymorphy3": any(r["module"] == "pymorphy3" for r in morphology)}


def rows(result: dict) -> list[common.Row]:
    cmds = result["commands"]
    bare = cmds["python -c pass"]["wall"]["median"]
    out = [common.Row("Start-up", "python -c pass", common.fmt_s(bare),
                      notes=[f"peak RSS {cmds['python -c pass']['peak_mib']:.0f} MiB"])]
    for name in COMMANDS:
        if name == "python -c pass" or name not in cmds:
            continue
        wall = cmds[name]["wall"]["median"]
        over = wall - bare
        phases = result["phases"].get(name, {})
        note = (f"in-process: import CLI {common.fmt_s(phases.get('import_cli', float('nan')))}, build "
                f"command {common.fmt_s(phases.get('build_command', float('nan')))}, run "
                f"{common.fmt_s(phases.get('run', float('nan')))}; " if phases else "") + \
            f"peak RSS {cmds[name]['peak_mib']:.0f} MiB"
        if name.endswith("terms right") and "check_without_fix_imports_pymorphy3" in result:
            note += f"; pymorphy3 imported: {result['check_without_fix_imports_pymorphy3']}"
        before = cmds.get(f"{name} (before)")
        goal = "" if name == "atau --help" else f"< +{common.fmt_s(GOAL_S)}"
        out.append(common.Row("Start-up", name, f"+{common.fmt_s(over)}", f"python: {common.fmt_s(bare)}"
                              + (f"; before: +{common.fmt_s(before['wall']['median'] - bare)}" if before else ""),
                              "", goal, over < GOAL_S if goal else None, [note]))
    return out


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--importtime", nargs="*", help="print the top imports of 'atau ARGS'")
    args = parser.parse_args()
    if args.importtime is not None:
        for row in importtime(args.importtime, dict(os.environ), Path.cwd(), top=30):
            print(f"{row['cumulative_ms']:8.1f} ms {row['self_ms']:8.1f} ms  {'  ' * row['depth']}{row['module']}")
