"""HTTP serving: ``atau serve`` (glossary enforced) against LibreTranslate
itself, on the same installed Argos package, side by side in one run.

    python benchmarks/bench_serve.py [--quick] [--threads N] [--models test,realistic]

LibreTranslate
    Installed by this script into its own venv, ``benchmarks/work/libretranslate-venv``
    (``pip install torch==2.13.0`` first: the CPU wheel on local disk; any
    other torch spec pulls a multi-GB CUDA build), then ``pip install
    libretranslate``. Offline, LibreTranslate's start-up asks the package
    index for models whenever fewer than two packages are installed and
    argostranslate retries a failing download without end; the script
    therefore points ``ARGOS_PACKAGE_INDEX`` at an empty index served on
    127.0.0.1, so the start-up check finds nothing to install and goes on.

Settings made equal
    The same package folder (``ARGOS_PACKAGES_DIR``, the tiny test package
    installed with ``atau models install``), the same CPU thread count for
    the model (``ARGOS_INTRA_THREADS`` and ``atau serve --threads``), beam 4
    (LibreTranslate's argostranslate: ``max(num_hypotheses, ARGOS_BEAM_SIZE)``;
    Atau's default), the CPU, int8. Each server keeps its own way of
    serving: LibreTranslate's Flask on waitress (its default 4 threads),
    Atau's Starlette on uvicorn with one batched model call for requests
    that arrive together. Atau enforces the default glossary (its
    default); LibreTranslate has no glossary.

Models
    ``test``: the tiny test package (one sentence costs the model about a
    millisecond, so the figures measure the servers' own work per request).
    ``realistic``: the model of realistic size that ``build_model.py``
    builds (Argos's transformer-base shape, 60 M parameters, random
    weights, not committed; the MiniSBD splitter of the test package so that
    LibreTranslate needs no download), run with ``bench_translate.py``'s
    ``sitecustomize`` that makes every ``translate_batch`` call decode 1.2
    target tokens per source token (random weights never end a sentence):
    here the model's time dominates, as in real use.

Load
    ``POST /translate`` with JSON ``{"q", "source": "en", "target": "ru"}``,
    one or two sentences of the test model's training corpus per request
    (so that the tiny model ends its sentences as a real model does; its
    output is not translation quality), from 1, 4 and 16 concurrent
    clients (threads of this process, one keep-alive connection each),
    a fixed number of requests per level. The two servers run at the same
    time but are loaded in turn, alternating which goes first at each level
    (A B, B A, A B); every answer must be 200 with a ``translatedText``.
    Measured: requests/s (requests / wall time of the level), p50 and p95
    latency per request, and each server's peak resident memory
    (``VmHWM`` of its process, read at the end: the loaded model included).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

VENV = common.WORK / "libretranslate-venv"
PACKAGE = common.REPO / "tests" / "data" / "models" / "translate-en_ru-atau_test.argosmodel"
CORPUS = common.REPO / "tests" / "data" / "corpus" / "en-ru.tsv"
LEVELS = (1, 4, 16)
START_TIMEOUT = 300.0


def ensure_libretranslate(log) -> Path:
    """The venv's ``libretranslate`` command, installing it the first time."""
    exe = VENV / "bin" / "libretranslate"
    if exe.exists():
        return exe
    log(f"creating {VENV} (torch 2.13.0 CPU first, then libretranslate; several minutes)")
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run(pip + ["torch==2.13.0"], check=True)
    subprocess.run(pip + ["libretranslate"], check=True)
    return exe


def peak_mib(pid: int) -> float:
    """Peak resident memory of a live process and its children (MiB)."""
    total = 0.0
    for p in [pid] + _children(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmHWM:\s+(\d+) kB", status)
        if found:
            total += int(found.group(1)) / 1024
    return total


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    out = [int(c) for c in found]
    for child in list(out):
        out += _children(child)
    return out


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_up(port: int, proc: subprocess.Popen, name: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode} while starting")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/languages")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{name} did not answer on port {port} within {START_TIMEOUT:.0f} s")


def load(port: int, texts: list[str], clients: int, requests: int, extra: dict | None = None) -> dict:
    """``requests`` requests from ``clients`` threads; latency per request.
    ``extra``: more request fields (``{"enforce": False}``)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        while True:
            with lock:
                k = next(counter, None)
            if k is None:
                break
            body = json.dumps({"q": texts[k % len(texts)], "source": "en", "target": "ru", **(extra or {})})
            started = time.perf_counter()
            try:
                conn.request("POST", "/translate", body, {"Content-Type": "application/json"})
                response = conn.getresponse()
                data = response.read()
                ok = response.status == 200 and "translatedText" in json.loads(data)
            except (OSError, ValueError, http.client.HTTPException) as exc:
                ok, data = False, str(exc).encode()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(data[:200].decode("utf-8", "replace"))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=1800)
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {"clients": clients, "requests": len(latencies), "errors": len(errors), "first_errors": errors[:3],
            "seconds": round(wall, 3), "rps": round(len(latencies) / wall, 2),
            "p50_ms": round(1000 * statistics.median(ordered), 1),
            "p95_ms": round(1000 * ordered[max(0, int(0.95 * len(ordered)) - 1)], 1)}


def plain_texts(count: int = 120) -> list[str]:
    """Sentences that name no glossary term and have no digits (one or two
    a text, as :func:`texts_from_corpus`): with the realistic model's random
    output, Atau's repairs (a lost number, an unresolved term: a second
    decode with attention) never start, as with a real model whose output
    needs no repair."""
    import textgen

    sentences = [s.strip() + "." for s in textgen.plain_document(80, seed=7).replace("\n", " ").split(".")
                 if s.strip()]
    singles = sentences[:count // 2]
    doubles = [f"{a} {b}" for a, b in zip(sentences[count // 2:count:2], sentences[count // 2 + 1:count:2])]
    return [t for pair in zip(singles, doubles) for t in pair]


def texts_from_corpus(count: int = 60) -> list[str]:
    pairs = [line.split("\t")[0] for line in CORPUS.read_text(encoding="utf-8").splitlines() if "\t" in line]
    singles = pairs[:count]
    doubles = [f"{a} {b}" for a, b in zip(pairs[count:2 * count:2], pairs[count + 1:2 * count:2])]
    return [t for pair in zip(singles, doubles) for t in pair]


class EmptyIndex:
    """An empty Argos package index on 127.0.0.1 (see the module docstring)."""

    def __enter__(self):
        import http.server

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                body = b"[]"
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=60)


def run(ctx) -> dict:
    lt = ensure_libretranslate(ctx.log)
    models = getattr(ctx, "models", ("test", "realistic"))
    out: dict = {"models": {}}
    for label in models:
        if label not in ("test", "realistic"):
            continue
        ctx.log(f"--- model: {label}")
        out["models"][label] = measure(ctx, lt, label)
    out.update({"libretranslate_version": _venv_version("libretranslate"),
                "argostranslate_in_libretranslate": _venv_version("argos-translate-lt")
                or _venv_version("argostranslate")})
    return out


def measure(ctx, lt: Path, label: str) -> dict:
    """Both servers on one model, side by side (see the module docstring)."""
    import bench_translate

    if label == "test":
        requests = {1: 40, 4: 120, 16: 320} if ctx.quick else {1: 100, 4: 300, 16: 800}
    else:
        requests = {1: 16, 4: 32, 16: 96} if ctx.quick else {1: 30, 4: 60, 16: 160}
    rounds = 1 if ctx.quick else 3
    texts = texts_from_corpus()
    root = Path(tempfile.mkdtemp(prefix="atau-bench-serve-"))
    procs: list[subprocess.Popen] = []
    try:
        with EmptyIndex() as index:
            env = common.isolated_env(root, ctx.threads)
            env["ARGOS_PACKAGE_INDEX"] = index.url
            if label == "test":
                bench_translate.install(PACKAGE, env, None)
                env["PYTHONPATH"] = str(common.REPO)
            else:
                if not hasattr(ctx, "bench_python"):
                    ctx.bench_python = "/work/venv-bench/bin/python"
                bench_translate.install(bench_translate.ensure_realistic(ctx), env, PACKAGE)
                env = bench_translate.with_fixed_ratio(env)
                env["PYTHONPATH"] += os.pathsep + str(common.REPO)
            ports = {"atau": free_port(), "libretranslate": free_port()}
            logs = {name: open(root / f"{name}.log", "wb") for name in ports}
            commands = {
                "atau": [str(common.BIN / "atau"), "serve", "--port", str(ports["atau"]), "--threads",
                         str(ctx.threads), "--log-level", "warning", "--char-limit", "-1"],
                "libretranslate": [str(lt), "--host", "127.0.0.1", "--port", str(ports["libretranslate"]),
                                   "--load-only", "en,ru", "--disable-web-ui"],
            }
            servers = {}
            for name, command in commands.items():
                ctx.log(f"starting {name}")
                proc = subprocess.Popen(command, env=env, cwd=root, stdout=logs[name], stderr=subprocess.STDOUT)
                procs.append(proc)
                servers[name] = proc
            for name, proc in servers.items():
                wait_up(ports[name], proc, name)
            for name in servers:  # warm-up: first requests load lazily loaded parts
                load(ports[name], texts, 2, 8 if label == "realistic" else 20)
            # Atau with enforcement off too (same process), for where the time goes
            variants = {"atau": ("atau", None), "atau-no-enforce": ("atau", {"enforce": False}),
                        "libretranslate": ("libretranslate", None)}
            sets = {"terms": texts}
            if label == "realistic":
                sets["plain"] = plain_texts()
            results: dict[str, dict[str, dict[int, list[dict]]]] = {
                kind: {name: {c: [] for c in LEVELS} for name in variants} for kind in sets}
            order = list(variants)
            for r in range(rounds):
                for kind, chosen in sets.items():
                    for level in LEVELS:
                        order = order[1:] + order[:1]
                        for name in order:
                            server, extra = variants[name]
                            measured = load(ports[server], chosen, level, requests[level], extra)
                            ctx.log(f"{label}/{kind} round {r + 1} {name} x{level}: {measured['rps']} req/s, "
                                    f"p50 {measured['p50_ms']} ms, p95 {measured['p95_ms']} ms, "
                                    f"{measured['errors']} errors")
                            results[kind][name][level].append(measured)
            memory = {name: round(peak_mib(proc.pid), 1) for name, proc in servers.items()}
            sample = {}
            for name in servers:
                conn = http.client.HTTPConnection("127.0.0.1", ports[name], timeout=300)
                conn.request("POST", "/translate", json.dumps({"q": texts[0], "source": "en", "target": "ru"}),
                             {"Content-Type": "application/json"})
                sample[name] = json.loads(conn.getresponse().read())["translatedText"][:200]
    finally:
        for proc in procs:
            stop(proc)
        shutil.rmtree(root, ignore_errors=True)
    summary: dict = {}
    for kind, by_name in results.items():
        summary[kind] = {}
        for name, levels in by_name.items():
            summary[kind][name] = {}
            for level, runs in levels.items():
                summary[kind][name][str(level)] = {
                    "rps": round(statistics.median(m["rps"] for m in runs), 2),
                    "p50_ms": round(statistics.median(m["p50_ms"] for m in runs), 1),
                    "p95_ms": round(statistics.median(m["p95_ms"] for m in runs), 1),
                    "errors": sum(m["errors"] for m in runs), "runs": runs}
    memory["atau-no-enforce"] = memory["atau"]
    return {"summary": summary, "peak_mib": memory, "sample": sample, "texts": {k: len(v) for k, v in sets.items()},
            "requests_per_level": requests, "rounds": rounds,
            "settings": {"threads": ctx.threads, "beam": 4, "atau_enforce": True,
                         "libretranslate_server": "waitress (its default)", "atau_server": "uvicorn",
                         "decoding": "1.2 x source tokens (fixed)" if label == "realistic" else "the model's own"}}


def _venv_version(name: str) -> str | None:
    try:
        out = subprocess.run([str(VENV / "bin" / "python"), "-c",
                              f"from importlib.metadata import version; print(version({name!r}))"],
                             capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    return out.stdout.strip() or None


def rows(result: dict) -> list[common.Row]:
    out = []
    for label, measured in result.get("models", {}).items():
        model = "test model" if label == "test" else "realistic model (60M)"
        for kind, summary in measured.get("summary", {}).items():
            name = f"serve, {model}" + (", no repair needed" if kind == "plain" else "")
            atau, lt = summary.get("atau", {}), summary.get("libretranslate", {})
            for level in map(str, LEVELS):
                a, b = atau.get(level), lt.get(level)
                if not a or not b:
                    continue
                out.append(common.Row(name, f"{level} client(s): requests/s", f"{a['rps']:.1f}",
                                      f"{b['rps']:.1f}", f"{a['rps'] / b['rps']:.2f}x", "higher", a["rps"] > b["rps"]))
                for key, shown in (("p50_ms", "p50"), ("p95_ms", "p95")):
                    out.append(common.Row(name, f"{level} client(s): {shown} latency", f"{a[key]:.0f} ms",
                                          f"{b[key]:.0f} ms", f"{a[key] / b[key]:.2f}x", "lower", a[key] < b[key]))
            plain = summary.get("atau-no-enforce", {})
            for level in map(str, LEVELS):
                a, b = plain.get(level), lt.get(level)
                if a and b:
                    out.append(common.Row(name, f"{level} client(s): requests/s, Atau without enforcement",
                                          f"{a['rps']:.1f}", f"{b['rps']:.1f}", f"{a['rps'] / b['rps']:.2f}x"))
        memory = measured.get("peak_mib", {})
        if memory.get("atau") and memory.get("libretranslate"):
            out.append(common.Row(f"serve, {model}", "peak memory", common.fmt_mib(memory["atau"]),
                                  common.fmt_mib(memory["libretranslate"]),
                                  f"{memory['atau'] / memory['libretranslate']:.2f}x", "lower",
                                  memory["atau"] < memory["libretranslate"],
                                  notes=[f"threads {measured['settings']['threads']}; Atau enforces the default glossary"]))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--threads", type=int, default=0, help="model threads for both (default: usable CPUs)")
    parser.add_argument("--models", default="test,realistic", help="test, realistic or both")
    parser.add_argument("--bench-python", default="/work/venv-bench/bin/python",
                        help="a Python with torch, transformers and ctranslate2 (builds the realistic model)")
    parser.add_argument("--save-as", default="serve", help="results/<NAME>.json")
    args = parser.parse_args(argv)

    class Ctx:
        quick = args.quick
        threads = args.threads or max(1, min(8, len(os.sched_getaffinity(0))))
        models = tuple(m.strip() for m in args.models.split(",") if m.strip())
        bench_python = args.bench_python
        started = time.perf_counter()

        def log(self, message: str) -> None:
            print(f"[{time.perf_counter() - self.started:7.1f} s] {message}", file=sys.stderr, flush=True)

    ctx = Ctx()
    load_before = os.getloadavg()
    started = time.perf_counter()
    result = run(ctx)
    result["run"] = {"seconds": round(time.perf_counter() - started, 1), "threads": ctx.threads,
                     "load_average_before": [round(x, 2) for x in load_before],
                     "load_average_after": [round(x, 2) for x in os.getloadavg()]}
    path = common.save(args.save_as, result, quick=args.quick, cpu=common.cpu_info())
    for row in rows(result):
        print(f"{row.benchmark:48} {row.measure:52} atau {row.atau:>9}  libretranslate {row.baseline:>9}  "
              f"{row.ratio}")
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
