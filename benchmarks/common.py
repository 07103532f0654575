"""Shared helpers of the benchmarks: the machine, child processes with their
wall time and peak memory, medians, results files and table rows.

Every comparison is made side by side in one run: A and B alternate (A B,
B A, A B, ...) and the medians are compared, because the machines these run
on are shared and noisy.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Sequence

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
WORK = HERE / "work"
BIN = Path(sys.executable).parent


def cpu_info() -> dict:
    """The CPU as /proc/cpuinfo describes it, and the CPUs this process may use."""
    info: dict = {"model": platform.processor() or platform.machine()}
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    blocks = [b for b in text.split("\n\n") if b.strip()]
    if blocks:
        first = dict((k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in blocks[0].splitlines()))
        info["model"] = first.get("model name", info["model"])
        for key, name in (("cpu family", "family"), ("model", "model_number"), ("cpu MHz", "mhz"),
                          ("cache size", "cache")):
            if key in first:
                info[name] = first[key]
        flags = set(first.get("flags", "").split())
        info["simd"] = [f for f in ("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16",
                                    "amx_int8") if f in flags]
    info["logical_cpus_in_cpuinfo"] = len(blocks)
    try:
        info["usable_cpus"] = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        info["usable_cpus"] = os.cpu_count()
    try:
        mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
        info["memory_gib"] = round(int(mem) / 1024 ** 2, 1)
    except (OSError, IndexError, ValueError):
        pass
    info["python"] = platform.python_version()
    info["platform"] = platform.platform()
    return info


def cpu_line(info: dict) -> str:
    """One line for tables: ``AMD EPYC (family 25 model 1), 2 CPUs, AVX2``."""
    parts = [info.get("model", "?")]
    if "family" in info:
        parts[0] += f" (family {info['family']} model {info.get('model_number', '?')})"
    parts.append(f"{info.get('usable_cpus')} usable CPUs")
    if info.get("simd"):
        parts.append("/".join(s.upper() for s in info["simd"] if s in ("avx2", "avx512f", "amx_int8")) or "SSE")
    if "memory_gib" in info:
        parts.append(f"{info['memory_gib']} GiB RAM")
    return ", ".join(parts)


@dataclass
class Measured:
    """One child process: wall time (s), peak RSS (MiB), exit code, output."""

    wall: float
    peak_mib: float
    returncode: int
    stdout: bytes = b""
    stderr: bytes = b""


def run_child(cmd: Sequence[str], *, env: dict | None = None, stdin: Path | None = None,
              cwd: Path | None = None, timeout: float = 3600) -> Measured:
    """Run ``cmd`` to completion; its wall time from fork to exit and the
    peak resident set size of it and its waited-for children (``wait4``)."""
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdin_handle = open(stdin, "rb") if stdin is not None else subprocess.DEVNULL
        try:
            started = time.perf_counter()
            proc = subprocess.Popen(list(cmd), stdin=stdin_handle, stdout=out, stderr=err,
                                    env=env, cwd=cwd)
            deadline = started + timeout
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    proc.kill()
                    pid, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.002)
            wall = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdin is not None:
                stdin_handle.close()
        out.seek(0)
        err.seek(0)
        return Measured(wall, usage.ru_maxrss / 1024, proc.returncode, out.read(), err.read())


def alternate(named: dict[str, Callable[[], Measured]], reps: int, *, warmup: int = 1,
              check: bool = True) -> dict[str, list[Measured]]:
    """Run each callable ``reps`` times, alternating the order every round
    (A B, B A, ...), after ``warmup`` untimed rounds (file cache, .pyc)."""
    names = list(named)
    for _ in range(warmup):
        for name in names:
            _checked(name, named[name](), check)
    results: dict[str, list[Measured]] = {name: [] for name in names}
    for r in range(reps):
        order = names if r % 2 == 0 else names[::-1]
        for name in order:
            results[name].append(_checked(name, named[name](), check))
    return results


def _checked(name: str, m: Measured, check: bool) -> Measured:
    if check and m.returncode != 0:
        raise RuntimeError(f"{name} failed with exit code {m.returncode}:\n"
                           f"{m.stderr.decode('utf-8', 'replace')[-3000:]}")
    return m


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summary(values: Sequence[float]) -> dict:
    """median, min, max and the raw values (rounded)."""
    return {"median": round(median(values), 4), "min": round(min(values), 4),
            "max": round(max(values), 4), "runs": [round(v, 4) for v in values]}


def child_json(m: Measured) -> dict:
    """The last line of a child's stdout, parsed as JSON."""
    lines = [line for line in m.stdout.decode("utf-8", "replace").splitlines() if line.strip()]
    if m.returncode != 0 or not lines:
        raise RuntimeError(f"child failed ({m.returncode}):\n{m.stderr.decode('utf-8', 'replace')[-3000:]}")
    return json.loads(lines[-1])


def versions(*names: str) -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in names:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def save(name: str, data: dict, *, quick: bool, cpu: dict) -> Path:
    """Write ``results/<name>.json`` with the CPU, the date and the settings."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    record = {"benchmark": name, "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "quick": quick,
              "cpu": cpu, "versions": versions("atau", "argostranslate", "ctranslate2", "sentencepiece",
                                               "typer", "rich", "pyahocorasick"),
              **data}
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def load(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass
class Row:
    """One line of the results table."""

    benchmark: str
    measure: str
    atau: str
    baseline: str = ""
    ratio: str = ""
    goal: str = ""
    met: bool | None = None
    notes: list[str] = field(default_factory=list)
    limit: str = ""  # the raw engine on the same sentences (translation rows)

    def to_dict(self) -> dict:
        return asdict(self)


def fmt_s(seconds: float) -> str:
    if seconds != seconds:  # nan
        return "n/a"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def fmt_mib(mib: float) -> str:
    return f"{mib:.0f} MiB"


def isolated_env(root: Path, threads: int | None = None) -> dict:
    """Environment for child processes that keeps argostranslate (and
    anything else) out of the user's directories: HOME, XDG dirs and
    ARGOS_PACKAGES_DIR under ``root``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARGOS_", "XDG_", "ATAU_"))}
    for sub, var in (("home", "HOME"), ("data", "XDG_DATA_HOME"), ("cache", "XDG_CACHE_HOME"),
                     ("config", "XDG_CONFIG_HOME"), ("packages", "ARGOS_PACKAGES_DIR")):
        (root / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(root / sub)
    env["ARGOS_DEVICE_TYPE"] = "cpu"
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    env["HF_HUB_OFFLINE"] = "1"
    if threads:
        env["ARGOS_INTRA_THREADS"] = str(threads)
    # the checkout being measured, whatever Atau the virtual environment has installed
    env["PYTHONPATH"] = str(REPO)
    return env
