"""``kill -9`` in the middle of ``atau glossary import``: the glossary file is
always either the old one or the new one, byte for byte, never a truncated
or half-written file; the ``~`` backup, when there is one, is the old one.

Each try starts a real ``atau`` process importing 4,000 concepts and kills
it with SIGKILL at a random moment: half of the tries anywhere in the run,
half once the temporary file of the atomic write has appeared (while the new
glossary is being written, fsynced, backed up and renamed, or just after).
At least one kill must land while the temporary file exists.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from toolkit.termbase.store import PACKAGED_GLOSSARY
from toolkit.termbase.tbx import loads_tbx

ATAU = Path(sys.executable).with_name("atau")
TRIES = 8

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


@pytest.fixture(scope="module")
def import_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("import") / "bulk.csv"
    rows = ["id,en,ru,kk"] + [f"bulk-{i},Bulk term {i},Термин {i},Термин {i} қ" for i in range(4000)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def new_content(tmp_path_factory, import_file) -> tuple[bytes, float]:
    """The glossary after an uninterrupted import, and how long that took."""
    gloss = tmp_path_factory.mktemp("reference") / "g.tbx"
    gloss.write_bytes(PACKAGED_GLOSSARY.read_bytes())
    start = time.monotonic()
    done = subprocess.run([str(ATAU), "glossary", "import", str(import_file), "-g", str(gloss)],
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return gloss.read_bytes(), time.monotonic() - start


def _writing(folder: Path) -> bool:
    return any(p.name.startswith(".g.tbx.") for p in folder.iterdir())


def _kill_at(process: subprocess.Popen, folder: Path, rng: random.Random, duration: float, mode: str) -> bool:
    """SIGKILL ``process``; return True when the temporary file of the write
    existed at that moment (killed mid-write)."""
    if mode == "anywhere":
        time.sleep(rng.uniform(0.05, duration))
    else:  # while the new file is being written
        deadline = time.monotonic() + duration * 3
        while time.monotonic() < deadline and process.poll() is None:
            if _writing(folder):
                time.sleep(rng.choice((0.0, rng.uniform(0, 0.005), rng.uniform(0, 0.15))))
                break
            time.sleep(0.0005)
    mid_write = _writing(folder)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    return mid_write


def test_kill_9_leaves_the_old_or_the_new_glossary(tmp_path, import_file, new_content):
    new, duration = new_content
    old = PACKAGED_GLOSSARY.read_bytes()
    assert new != old
    rng = random.Random(20260315)
    outcomes = []
    for attempt in range(TRIES):
        folder = tmp_path / f"try-{attempt}"
        folder.mkdir()
        gloss = folder / "g.tbx"
        gloss.write_bytes(old)
        process = subprocess.Popen([str(ATAU), "glossary", "import", str(import_file), "-g", str(gloss)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        mid_write = _kill_at(process, folder, rng, duration, "anywhere" if attempt % 2 else "writing")
        data = gloss.read_bytes()
        assert data in (old, new), f"try {attempt}: glossary is neither old nor new ({len(data)} bytes)"
        loads_tbx(data)  # parses
        backup = folder / "g.tbx~"
        if backup.exists():
            assert backup.read_bytes() == old, f"try {attempt}: the backup is not the old glossary"
        leftovers = [p.name for p in folder.iterdir() if p.name not in ("g.tbx", "g.tbx~", "g.tbx.lock")]
        assert all(name.startswith(".") and name.endswith(".tmp") for name in leftovers), leftovers
        outcomes.append(("mid-write" if mid_write else "other", "new" if data == new else "old"))
    # the test only proves something if some kills landed while the file was being written
    assert any(when == "mid-write" for when, _ in outcomes), outcomes


def test_an_interrupted_import_can_be_run_again(tmp_path, import_file, new_content):
    """After a kill the lock is free and the import completes."""
    new, duration = new_content
    gloss = tmp_path / "g.tbx"
    gloss.write_bytes(PACKAGED_GLOSSARY.read_bytes())
    process = subprocess.Popen([str(ATAU), "glossary", "import", str(import_file), "-g", str(gloss)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _kill_at(process, tmp_path, random.Random(1), duration, "writing")
    again = subprocess.run([str(ATAU), "glossary", "import", str(import_file), "-g", str(gloss),
                            "--on-conflict", "keep"], capture_output=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert gloss.read_bytes() == new


def test_two_imports_at_once_both_land(tmp_path):
    """The lock serialises writers: two concurrent imports lose nothing."""
    gloss = tmp_path / "g.tbx"
    gloss.write_bytes(PACKAGED_GLOSSARY.read_bytes())
    files = []
    for name in ("alpha", "beta"):
        path = tmp_path / f"{name}.csv"
        path.write_text("id,en,ru\n" + "".join(f"{name}-{i},{name.title()} term {i},Термин {name} {i}\n"
                                               for i in range(2000)), encoding="utf-8")
        files.append(path)
    procs = [subprocess.Popen([str(ATAU), "glossary", "import", str(path), "-g", str(gloss)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for path in files]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    ids = {c.id for c in loads_tbx(gloss.read_bytes())}
    assert {f"alpha-{i}" for i in range(2000)} <= ids and {f"beta-{i}" for i in range(2000)} <= ids


def test_a_held_lock_is_one_error_line_and_nothing_written(tmp_path, monkeypatch):
    from filelock import FileLock
    from typer.testing import CliRunner

    from toolkit.termbase import store
    from toolkit.cli.main import app

    gloss = tmp_path / "g.tbx"
    gloss.write_bytes(PACKAGED_GLOSSARY.read_bytes())
    monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.2)
    with FileLock(str(gloss) + ".lock"):
        result = CliRunner().invoke(app, ["glossary", "add", "-t", "en=Locked out", "-g", str(gloss)])
    assert result.exit_code == 2
    assert result.stderr == f"atau: error: {gloss}: glossary is locked by another process ({gloss}.lock)\n"
    assert gloss.read_bytes() == PACKAGED_GLOSSARY.read_bytes()
