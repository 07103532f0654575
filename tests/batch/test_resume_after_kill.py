"""``kill -9`` at random moments of ``atau translate DIR -o OUT``, then a
rerun: nothing lost (the output tree is byte for byte the one of an
uninterrupted run), nothing done twice (the rerun translates exactly the
documents the manifest did not have), no temporary file left, and worker
processes end with the command.

As tests/test_crash_safety.py does for the glossary: real processes, SIGKILL
at a random moment (half anywhere in the run, half once outputs are being
written). Uses the tiny test model (mechanics, not translation quality).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from toolkit.batch.manifest import MANIFEST_NAME

from .helpers import make_folder, tree

ATAU = Path(sys.executable).with_name("atau")
TRIES = 6

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL") or not Path("/proc").is_dir(),
                                reason="needs SIGKILL and /proc")


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    from tests.conftest import TEST_ARGOSMODEL, _argos_env

    if not TEST_ARGOSMODEL.is_file():
        pytest.skip("test model not built")
    root = tmp_path_factory.mktemp("kill")
    env = {**os.environ, **_argos_env(root / "argos"), "ATAU_MEMORY_DIR": str(root / "memory")}
    done = subprocess.run([str(ATAU), "models", "install", str(TEST_ARGOSMODEL)], env=env,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    folder = make_folder(root / "in", 40, seed=5)
    start = time.monotonic()
    reference = root / "reference"
    done = subprocess.run([str(ATAU), "translate", str(folder), "--from", "en", "--to", "ru", "-o", str(reference),
                           "--no-memory"], env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return root, env, folder, tree(reference), time.monotonic() - start


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _manifest_inputs(out: Path) -> set[str]:
    path = out / MANIFEST_NAME
    if not path.exists():
        return set()
    found = set()
    for line in path.read_bytes().splitlines():
        try:
            found.add(json.loads(line)["input"])
        except (ValueError, KeyError):
            pass  # cut short by the kill
    return found


def test_kill_9_then_rerun_loses_nothing_and_does_nothing_twice(setup, tmp_path):
    root, env, folder, reference, duration = setup
    rng = random.Random(20261204)
    outcomes = []
    for attempt in range(TRIES):
        out = tmp_path / f"out-{attempt}"
        workers = "2" if attempt % 3 == 2 else "1"
        memory = ["--memory", str(tmp_path / f"tm-{attempt}.sqlite")] if attempt % 2 else ["--no-memory"]
        args = [str(ATAU), "translate", str(folder), "--from", "en", "--to", "ru", "-o", str(out),
                "--workers", workers, *memory]
        process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + duration * 4 + 10
        if attempt % 2 == 0:
            time.sleep(rng.uniform(0.2, duration))
        else:  # once outputs are being written
            while time.monotonic() < deadline and process.poll() is None and len(_manifest_inputs(out)) < 3:
                time.sleep(0.01)
            time.sleep(rng.uniform(0, 0.3))
        children = _children(process.pid)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        finished = _manifest_inputs(out)
        # worker processes notice the command is gone and end
        end = time.monotonic() + 10
        while time.monotonic() < end and any(_alive(c) for c in children):
            time.sleep(0.1)
        assert not any(_alive(c) for c in children), f"try {attempt}: workers outlived the command"
        again = subprocess.run(args + ["--json"], env=env, capture_output=True, timeout=300)
        assert again.returncode == 0, again.stderr
        lines = [json.loads(line) for line in again.stdout.splitlines()]
        redone = {line["input"] for line in lines[:-1] if line["status"] == "translated"}
        skipped = {line["input"] for line in lines[:-1] if line["status"] == "done"}
        assert skipped == finished, f"try {attempt}: the rerun skipped other documents than the manifest had"
        assert redone == set(reference) - finished, f"try {attempt}: not exactly the missing ones were redone"
        assert tree(out) == reference, f"try {attempt}: the output differs from an uninterrupted run"
        leftovers = [p.name for p in out.rglob(".*") if not p.name.startswith(".atau-manifest")]
        assert leftovers == [], leftovers
        outcomes.append(len(finished))
    # the test proves something only if kills landed at different stages
    print("finished before the kill:", outcomes, "of", len(reference))
    assert min(outcomes) < len(reference) and max(outcomes) > 0, outcomes
