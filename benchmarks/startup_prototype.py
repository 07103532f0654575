#!/usr/bin/env python3
"""What would make ``atau`` start faster: each proposed fix applied, one on
top of the other, to a scratch copy of ``toolkit/`` under
``benchmarks/work/startup-proto/`` (never to the repository's files), and
``atau --help`` / ``atau glossary list`` timed for every variant against
``python -c pass``, fresh processes, variants alternating.

    python benchmarks/startup_prototype.py [--reps 15]

The variants (cumulative):

0. ``baseline``: the working tree as it is.
1. ``typer<0.29``: typer 0.28.0 (installed into the scratch folder with
   ``pip install --target``); typer 0.29 builds a pydantic ``TypeAdapter``
   for every parameter of the command being run and so imports pydantic.
2. ``lazy rich``: ``toolkit/cli/output.py`` creates its rich consoles on
   first use (module ``__getattr__``), so ``--help`` never imports rich.
3. ``tbx without saxutils``: ``toolkit/tbx.py`` imports
   ``xml.sax.saxutils`` (which imports ``urllib.request``, ``http.client``
   and ``email``) only when writing TBX.
4. ``lazy commands``: ``toolkit/cli/main.py`` registers no sub-command at
   import; its click group imports a command's module when that command runs
   (``atau glossary list`` imports only ``toolkit.cli.glossary``).
5. ``static help``: the root ``--help`` takes the commands' one-line help
   from a table in ``main.py`` instead of importing every command module.
6. ``no string annotations``: no ``from __future__ import annotations`` in
   the CLI modules, so typer does not ``eval`` every annotation.

Prints a table and writes ``benchmarks/results/startup_prototype.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

SCRATCH = common.WORK / "startup-proto"
TYPER_OLD = "0.28.0"

LAZY_OUTPUT = '''
def __getattr__(name: str):
    """``stdout`` and ``stderr``: rich consoles, created on first use."""
    if name in ("stdout", "stderr"):
        from rich.console import Console

        console = Console(stderr=name == "stderr", highlight=False, soft_wrap=True, markup=False)
        globals()[name] = console
        return console
    raise AttributeError(name)
'''

LAZY_TBX = '''
def escape(data: str) -> str:
    from xml.sax.saxutils import escape as _escape

    return _escape(data)


def quoteattr(data: str) -> str:
    from xml.sax.saxutils import quoteattr as _quoteattr

    return _quoteattr(data)
'''

LAZY_GROUP = '''
_COMMANDS = {  # name: (module in toolkit.cli, attribute, is a group), in typer's order
    "translate": ("translate", "translate", False),
    "enforce": ("terms", "enforce", False),
    "check": ("terms", "check", False),
    "eval": ("terms", "eval_", False),
    "glossary": ("glossary", "app", True),
    "catalog": ("catalog", "app", True),
    "models": ("models", "app", True),
}
_SHORT_HELP = {}  # filled in by the "static help" variant


class _LazyGroup(AtauGroup):
    def list_commands(self, ctx):
        return list(_COMMANDS)

    def get_command(self, ctx, name):
        import importlib

        import typer.main

        if name not in _COMMANDS:
            return None
        module_name, attribute, is_group = _COMMANDS[name]
        target = getattr(importlib.import_module(f"toolkit.cli.{module_name}"), attribute)
        if not is_group:
            holder = typer.Typer(add_completion=False, rich_markup_mode=None)
            holder.command(name)(target)
            target = holder
        command = typer.main.get_command(target)
        command.name = name
        return command

    def format_commands(self, ctx, formatter):
        if not _SHORT_HELP:
            return super().format_commands(ctx, formatter)
        from typer._click.utils import make_default_short_help

        limit = formatter.width - 6 - max(len(name) for name in _COMMANDS)
        with formatter.section("Commands"):
            formatter.write_dl([(name, make_default_short_help(_SHORT_HELP[name], limit)) for name in _COMMANDS])
'''


def make_variants(root: Path, typer_dir: Path) -> list[dict]:
    """Scratch copies of toolkit/, one per variant (cumulative)."""
    short_help = _short_help()
    variants = []
    steps = [
        ("baseline", None),
        ("typer<0.29", "typer"),
        ("lazy rich", "output"),
        ("tbx without saxutils", "tbx"),
        ("lazy commands", "lazy"),
        ("static help", "static"),
        ("no string annotations", "annotations"),
    ]
    previous: Path | None = None
    for i, (name, step) in enumerate(steps):
        target = root / f"v{i}"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(previous if previous else common.REPO / "toolkit", target / "toolkit",
                        ignore=shutil.ignore_patterns("__pycache__"))
        cli = target / "toolkit" / "cli"
        if step == "output":
            text = (cli / "output.py").read_text()
            text = _sub(text, "from rich.console import Console\n", "")
            text = _sub(text, re.compile(r"stdout = Console\(.*?\)\nstderr = Console\(.*?\)\n", re.S),
                        LAZY_OUTPUT.strip() + "\n")
            text = _sub(text, "    if not stderr.is_terminal:",
                        "    stderr = sys.modules[__name__].stderr\n    if not stderr.is_terminal:")
            (cli / "output.py").write_text(text)
        elif step == "tbx":
            path = target / "toolkit" / "tbx.py"
            text = path.read_text()
            text = _sub(text, "from xml.sax.saxutils import escape, quoteattr\n", "")
            text = _sub(text, "from .termbase import Concept, Glossary, Term\n",
                        "from .termbase import Concept, Glossary, Term\n\n" + LAZY_TBX)
            path.write_text(text)
        elif step == "lazy":
            text = (cli / "main.py").read_text()
            text = _sub(text, re.compile(r"\n_register\(\)\n"), "\n")
            text = _sub(text, "app = typer.Typer(\n    cls=AtauGroup,", LAZY_GROUP + "\n\napp = typer.Typer(\n    cls=_LazyGroup,")
            (cli / "main.py").write_text(text)
        elif step == "static":
            text = (cli / "main.py").read_text()
            text = _sub(text, "_SHORT_HELP = {}  # filled in by the \"static help\" variant",
                        f"_SHORT_HELP = {short_help!r}")
            (cli / "main.py").write_text(text)
        elif step == "annotations":
            for path in cli.glob("*.py"):
                text = path.read_text()
                path.write_text(text.replace("from __future__ import annotations\n", ""))
        variants.append({"name": name, "path": target, "typer": step is not None and i >= 1})
        previous = target / "toolkit"
    for v in variants:
        v["pythonpath"] = (f"{typer_dir}:{v['path']}" if v["typer"] else str(v["path"]))
    return variants


def _sub(text: str, old, new: str) -> str:
    if isinstance(old, re.Pattern):
        out, n = old.subn(lambda _m: new, text, count=1)
    else:
        n = text.count(old)
        out = text.replace(old, new, 1)
    if not n:
        raise SystemExit(f"startup_prototype: the working tree changed; cannot apply patch at {old!r}")
    return out


def _short_help() -> dict[str, str]:
    """The help text of each command, as the baseline has it (the root
    --help shortens it to one line)."""
    import typer.main

    from toolkit.cli.main import app

    group = typer.main.get_command(app)
    ctx = group.make_context("atau", [], resilient_parsing=True)
    return {name: group.get_command(ctx, name).help or "" for name in group.list_commands(ctx)}


def install_old_typer(dest: Path) -> Path:
    if not (dest / "typer").exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(dest),
                        f"typer=={TYPER_OLD}"], check=True)
    return dest


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=15)
    args = parser.parse_args(argv)
    SCRATCH.mkdir(parents=True, exist_ok=True)
    typer_dir = install_old_typer(SCRATCH / f"typer-{TYPER_OLD}")
    variants = make_variants(SCRATCH, typer_dir)
    with tempfile.TemporaryDirectory(prefix="atau-bench-proto-") as tmp:
        env = common.isolated_env(Path(tmp))
        cwd = Path(tmp) / "cwd"
        cwd.mkdir()
        named = {"python -c pass": lambda: common.run_child([sys.executable, "-c", "pass"], env=env, cwd=cwd)}
        outputs = {}
        for v in variants:
            venv = dict(env, PYTHONPATH=v["pythonpath"])
            for label, argv_ in (("--help", ["--help"]), ("glossary list", ["glossary", "list"])):
                code = (f"import sys; sys.argv = ['atau'] + {argv_!r}; "
                        "from toolkit.cli.main import run; run()")
                key = f"{v['name']} | {label}"
                named[key] = (lambda c=code, e=venv: common.run_child([sys.executable, "-c", c], env=e, cwd=cwd))
                check = common.run_child([sys.executable, "-c", code], env=venv, cwd=cwd)
                outputs[key] = check.stdout
                if check.returncode != 0:
                    raise SystemExit(f"{key} failed:\n{check.stderr.decode()[-2000:]}")
                where = subprocess.run([sys.executable, "-c", "import toolkit, typer; print(toolkit.__file__, "
                                        "typer.__version__)"], env=venv, cwd=cwd, capture_output=True, text=True).stdout
                if str(v["path"]) not in where:
                    raise SystemExit(f"{key}: imports {where} instead of the scratch copy")
        for v in variants[1:]:
            for label in ("--help", "glossary list"):
                same = outputs[f"{v['name']} | {label}"] == outputs[f"baseline | {label}"]
                v.setdefault("same_output", {})[label] = same
        print(f"timing {len(named)} commands, {args.reps} alternating rounds ...", file=sys.stderr)
        measured = common.alternate(named, args.reps, warmup=2)
    bare = common.median([m.wall for m in measured["python -c pass"]])
    result = {"reps": args.reps, "python_c_pass_s": round(bare, 4), "variants": []}
    for v in variants:
        entry = {"name": v["name"], "same_output_as_baseline": v.get("same_output")}
        for label in ("--help", "glossary list"):
            ms = measured[f"{v['name']} | {label}"]
            entry[label] = {"wall": common.summary([m.wall for m in ms]),
                            "over_python_s": round(common.median([m.wall for m in ms]) - bare, 4),
                            "peak_mib": round(common.median([m.peak_mib for m in ms]), 1)}
        result["variants"].append(entry)
    cpu = common.cpu_info()
    common.save("startup_prototype", result, quick=False, cpu=cpu)
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Start-up fixes, cumulative (python -c pass: {common.fmt_s(bare)})")
    for column in ("variant", "--help", "over python", "glossary list", "over python", "same output"):
        table.add_column(column)
    for e in result["variants"]:
        same = e["same_output_as_baseline"]
        table.add_row(e["name"], common.fmt_s(e["--help"]["wall"]["median"]),
                      f"+{common.fmt_s(e['--help']['over_python_s'])}",
                      common.fmt_s(e["glossary list"]["wall"]["median"]),
                      f"+{common.fmt_s(e['glossary list']['over_python_s'])}",
                      "" if same is None else ("yes" if all(same.values()) else
                                               ", ".join(k for k, ok in same.items() if not ok) + " differ"))
    Console().print(table)
    print(f"CPU: {common.cpu_line(cpu)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
