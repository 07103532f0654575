"""``kill -9`` in the middle of ``atau glossary import``, ``atau catalog
build`` and ``atau models install``.

Glossary imports: the glossary file is
always either the old one or the new one, byte for byte, never a truncated
or half-written file; the ``~`` backup, when there is one, is the old one;
the temporary file a killed write leaves is removed by the next write. In a
glossary folder, the files an import changes are all old or all new; so are
the ``.po`` and ``.mo`` files of a catalog build (kills after every rename,
and at random moments).

Each try starts a real ``atau`` process importing 4,000 concepts and kills
it with SIGKILL at a random moment: half of the tries anywhere in the run,
half once the temporary file of the atomic write has appeared (while the new
glossary is being written, fsynced, backed up and renamed, or just after).
At least one kill must land while the temporary file exists.

Model installs: a kill at each step of the swap (after 0, 1 or 2 of its
renames, through a wrapper that sends itself SIGKILL) and at random moments
leaves the old or the new package, which the next run lists and which
translates; three concurrent installs from the index all succeed.
"""

from __future__ import annotations

import json
import os
import random
import shutil
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
    """After a kill the lock is free, the import completes, and the
    temporary file the killed write left is removed."""
    new, duration = new_content
    gloss = tmp_path / "g.tbx"
    gloss.write_bytes(PACKAGED_GLOSSARY.read_bytes())
    process = subprocess.Popen([str(ATAU), "glossary", "import", str(import_file), "-g", str(gloss)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert _kill_at(process, tmp_path, random.Random(1), duration, "writing")
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".g.tbx.")]
    assert left  # the killed write's temporary file
    for path in left:  # older than toolkit.fileio.STALE_AFTER, as it is when the user runs again
        os.utime(path, (time.time() - 60, time.time() - 60))
    again = subprocess.run([str(ATAU), "glossary", "import", str(import_file), "-g", str(gloss),
                            "--on-conflict", "keep"], capture_output=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert gloss.read_bytes() == new
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.tbx", "g.tbx.lock", "g.tbx~"]


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


# ---------------------------------------------------------------- model installs

REPO = Path(__file__).resolve().parent.parent
INSTALL_TRIES = 4
KILL_AFTER_RENAMES = r"""
import os, signal, sys
real_rename, done, limit = os.rename, [], int(sys.argv[2])
def rename(src, dst):  # SIGKILL once `limit` renames are done
    if limit == 0:
        os.kill(os.getpid(), signal.SIGKILL)
    real_rename(src, dst)
    done.append(dst)
    if len(done) == limit:
        os.kill(os.getpid(), signal.SIGKILL)
os.rename = rename
from toolkit.mt.packages.archive import install_file
install_file(sys.argv[1])
"""


def _python_env(argos_dirs) -> dict:
    """A subprocess environment seeing this checkout and the test's Argos folders."""
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, **argos_dirs.env, "PYTHONPATH": path}


def _atau_models(argos_dirs, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", "models", *args], env=_python_env(argos_dirs),
                          capture_output=True, text=True, timeout=timeout, cwd=REPO)


def _next_run_sees(argos_dirs) -> list[tuple[str, str, str]]:
    """What the next ``atau models list --json`` sees: (pair, version, name)."""
    listed = _atau_models(argos_dirs, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    return [(f"{r['from']}-{r['to']}", r["version"], r["name"]) for r in json.loads(listed.stdout)]


def _translates(argos_dirs) -> bool:
    from toolkit.mt.engine import load_engine

    return bool(load_engine("en", "ru", device="cpu", threads=1).translate_batch(["The Senate."])[0].text)


@pytest.mark.parametrize("renames, same_folder, survivor", [
    (0, False, "1.0"),  # journal written, nothing moved yet
    (1, False, "1.0"),  # between the two renames: the old package is aside, the new one not in place
    (2, False, "2.0"),  # both renames done, the old copy not yet deleted
    (1, True, "1.0"),  # the new package has the old one's folder name
    (2, True, "2.0"),
], ids=["before-renames", "between-renames", "after-renames", "same-folder-between", "same-folder-after"])
def test_kill_9_during_the_swap_leaves_the_old_or_the_new_package(argos_dirs, fake_package, renames,
                                                                  same_folder, survivor):
    from toolkit.mt.packages.archive import install_file

    install_file(fake_package("en", "ru", "1.0"))
    new = fake_package("en", "ru", "2.0", top="translate-en_ru-1_0" if same_folder else None)
    killed = subprocess.run([sys.executable, "-c", KILL_AFTER_RENAMES, str(new), str(renames)],
                            env=_python_env(argos_dirs), capture_output=True, text=True, timeout=120, cwd=REPO)
    assert killed.returncode == -signal.SIGKILL, killed.stderr  # it reached the swap
    folder = "translate-en_ru-1_0" if same_folder or survivor == "1.0" else "translate-en_ru-2_0"
    assert _next_run_sees(argos_dirs) == [("en-ru", survivor, folder)]
    assert _translates(argos_dirs)
    hidden = [p.name for p in argos_dirs.packages.iterdir() if p.name.startswith(".atau-")
              and not p.name.startswith(".atau-install-")]  # a killed staging folder is swept after an hour
    assert hidden == []


def test_kill_9_at_random_moments_of_an_install(argos_dirs, fake_package):
    from toolkit.mt.packages.archive import install_file

    install_file(fake_package("en", "ru", "1.0"))
    new = fake_package("en", "ru", "2.0")
    start = time.monotonic()
    done = _atau_models(argos_dirs, "install", str(new))
    duration = time.monotonic() - start
    assert done.returncode == 0, done.stderr
    rng = random.Random(20260316)
    seen = set()
    for attempt in range(INSTALL_TRIES):
        install_file(fake_package("en", "ru", "1.0"))  # back to the old one
        process = subprocess.Popen([sys.executable, "-m", "toolkit", "models", "install", str(new)],
                                   env=_python_env(argos_dirs), cwd=REPO,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.0) * duration)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        listed = _next_run_sees(argos_dirs)
        assert len(listed) == 1 and listed[0][1] in ("1.0", "2.0"), f"try {attempt}: {listed}"
        assert _translates(argos_dirs), f"try {attempt}"
        seen.add(listed[0][1])
    assert seen  # which ones depends on the timing; each one works


def test_three_concurrent_installs_from_the_index_all_succeed(argos_dirs, index_server, fake_package):
    url = index_server.put("en_ru.argosmodel", fake_package("en", "ru", "1.0").read_bytes())
    index_server.put_index([index_server.entry("en", "ru", url, "1.0")])
    for round_ in range(2):
        processes = [subprocess.Popen([sys.executable, "-m", "toolkit", "models", "install", "en", "ru"],
                                      env=_python_env(argos_dirs), cwd=REPO, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True) for _ in range(3)]
        for process in processes:
            _out, err = process.communicate(timeout=180)
            assert process.returncode == 0, f"round {round_}: {err}"
    assert _next_run_sees(argos_dirs) == [("en-ru", "1.0", "translate-en_ru-1_0")]
    assert list(argos_dirs.downloads.iterdir()) == []
    assert sorted(p.name for p in argos_dirs.packages.iterdir() if p.name != ".atau.lock") == [
        "translate-en_ru-1_0"]


# ---------------------------------------------------------------- writes of several files
#
# A glossary folder (one import changes several of its .tbx files) and a
# catalog build (a .po and a .mo per language) are replaced as one commit
# (toolkit.fileio.commit). A wrapper kills atau with SIGKILL after each
# number of file renames (os.replace) an uninterrupted run does: before the
# journal, the next run sees every file old; after it, every file new.

KILL_AFTER_REPLACES = r"""
import atexit, json, os, signal, sys
real, done, limit = os.replace, [], int(sys.argv[1])
def replace(src, dst, *args, **kwargs):
    if len(done) == limit:
        os.kill(os.getpid(), signal.SIGKILL)
    real(src, dst, *args, **kwargs)
    done.append(os.path.basename(dst))
os.replace = replace
atexit.register(lambda: sys.stderr.write("replaces: " + json.dumps(done) + "\n"))
sys.argv = ["atau"] + sys.argv[2:]
from toolkit.cli.main import run
run()
"""


def _atau_killed_after(limit: int, *args, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", KILL_AFTER_REPLACES, str(limit), *map(str, args)],
                          env=env, capture_output=True, text=True, timeout=120, cwd=REPO)


def _replaces(done: subprocess.CompletedProcess) -> list[str]:
    line = [line for line in done.stderr.splitlines() if line.startswith("replaces: ")][-1]
    return json.loads(line[len("replaces: "):])


def _isolated_env(tmp_path: Path) -> dict:
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path, "ATAU_CACHE_DIR": str(tmp_path / "cache"),
            "ATAU_CONFIG": str(tmp_path / "no-config.toml")}


def _state(folder: Path, names: list[str]) -> tuple[bytes | None, ...]:
    return tuple((folder / name).read_bytes() if (folder / name).exists() else None for name in names)


def _ours(folder: Path) -> list[str]:
    """What is in ``folder`` besides the glossary's files, backups and lock."""
    return sorted(p.name for p in folder.iterdir()
                  if not p.name.endswith((".tbx", ".tbx~")) and p.name != ".atau.lock")


@pytest.fixture
def glossary_folder(tmp_path) -> tuple[Path, Path]:
    """A glossary folder of three files, and a CSV import that changes a
    concept in each of them and adds 1,000 concepts."""
    from toolkit.termbase.model import Concept, Glossary, Term
    from toolkit.termbase.tbx import dumps_tbx

    folder = tmp_path / "terms"
    folder.mkdir()
    for part in "abc":
        concepts = (Concept(f"{part}-{i}", (Term(f"Term {part} {i}", "en"), Term(f"Термин {part} {i}", "ru")))
                    for i in range(300))
        (folder / f"{part}.tbx").write_text(dumps_tbx(Glossary(concepts)), encoding="utf-8")
    rows = ["id,en,ru"] + [f"{part}-7,Term {part} 7,Новый термин {part}" for part in "abc"]
    rows += [f"new-{i},New term {i},Новый {i}" for i in range(1000)]
    csv = tmp_path / "import.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder, csv


FOLDER_FILES = ["a.tbx", "b.tbx", "c.tbx"]


def test_kill_9_at_every_rename_of_a_folder_import_leaves_it_all_old_or_all_new(tmp_path, glossary_folder):
    from toolkit.termbase.store import GlossaryStore

    folder, csv = glossary_folder
    env = _isolated_env(tmp_path)
    pristine = tmp_path / "pristine"
    shutil.copytree(folder, pristine)
    old = _state(folder, FOLDER_FILES)
    args = ("glossary", "import", csv, "-g", folder, "--on-conflict", "replace")
    assert _atau_killed_after(-1, *args, env=env).returncode == 0  # fills the cache (toolkit.cache)
    shutil.rmtree(folder)
    shutil.copytree(pristine, folder)
    reference = _atau_killed_after(-1, *args, env=env)  # the renames of every later run
    assert reference.returncode == 0, reference.stderr
    new = _state(folder, FOLDER_FILES)
    assert all(a != b for a, b in zip(old, new))  # the import changes every file
    replaces = _replaces(reference)
    journal = replaces.index(".atau-commit.json")
    assert replaces[journal + 1:] == FOLDER_FILES  # the commit's renames, after its journal
    for limit in range(len(replaces)):
        shutil.rmtree(folder)
        shutil.copytree(pristine, folder)
        killed = _atau_killed_after(limit, *args, env=env)
        assert killed.returncode == -signal.SIGKILL, (limit, killed.stderr)
        GlossaryStore(folder).load()  # the next run (any reader) finishes or ignores the killed commit
        expected = new if limit > journal else old
        assert _state(folder, FOLDER_FILES) == expected, f"killed after {limit} renames"
        assert not (folder / ".atau-commit.json").exists()
        # the run after that (a write) removes what the killed one left
        if any(".tbx~." in name for name in _ours(folder)):
            time.sleep(2.1)  # a backup's temporary file goes by its change time (toolkit.fileio.STALE_AFTER)
        again = _atau_killed_after(-1, *args, env=env)
        assert again.returncode == 0, again.stderr
        assert _state(folder, FOLDER_FILES) == new and _ours(folder) == [], (limit, _ours(folder))


def test_kill_9_at_random_moments_of_a_folder_import(tmp_path, glossary_folder):
    from toolkit.termbase.store import GlossaryStore

    folder, csv = glossary_folder
    env = _isolated_env(tmp_path)
    pristine = tmp_path / "pristine"
    shutil.copytree(folder, pristine)
    old = _state(folder, FOLDER_FILES)
    args = [sys.executable, "-m", "toolkit", "glossary", "import", str(csv), "-g", str(folder),
            "--on-conflict", "replace"]
    start = time.monotonic()
    assert subprocess.run(args, env=env, capture_output=True, timeout=120, cwd=REPO).returncode == 0
    duration = time.monotonic() - start
    new = _state(folder, FOLDER_FILES)
    rng = random.Random(20260317)
    seen = []
    for attempt in range(TRIES):
        shutil.rmtree(folder)
        shutil.copytree(pristine, folder)
        process = subprocess.Popen(args, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 1.05) * duration)
        process.kill()
        process.wait(timeout=30)
        GlossaryStore(folder).load()
        state = _state(folder, FOLDER_FILES)
        assert state in (old, new), f"try {attempt}: a mix of old and new files"
        seen.append("new" if state == new else "old")
    assert seen  # which ones depends on the timing; each is whole


def _catalog_files(out: Path) -> list[str]:
    return [f"{lang}/LC_MESSAGES/glossary.{ext}" for lang in ("ru", "kk") for ext in ("po", "mo")]


def test_kill_9_at_every_rename_of_a_catalog_build_leaves_all_old_or_all_new(tmp_path):
    from toolkit import fileio
    from toolkit.termbase.tbx import dumps_tbx

    gloss = tmp_path / "g.tbx"
    gloss.write_bytes(PACKAGED_GLOSSARY.read_bytes())
    env = _isolated_env(tmp_path)
    out = tmp_path / "locales"
    args = ("catalog", "build", "--langs", "ru,kk", "--out", out, "-g", gloss)
    assert _atau_killed_after(-1, *args, env=env).returncode == 0
    names = _catalog_files(out)
    old = _state(out, names)
    glossary = loads_tbx(gloss.read_bytes())
    from toolkit.termbase.model import Concept, Term

    glossary.add(Concept("crash-test", (Term("Crash test", "en"), Term("Краш-тест", "ru"), Term("Апат сынағы", "kk"))))
    gloss.write_text(dumps_tbx(glossary), encoding="utf-8")
    pristine = tmp_path / "pristine"
    shutil.copytree(out, pristine)
    assert _atau_killed_after(-1, *args, env=env).returncode == 0  # fills the cache (toolkit.cache)
    shutil.rmtree(out)
    shutil.copytree(pristine, out)
    reference = _atau_killed_after(-1, *args, env=env)  # the renames of every later run
    assert reference.returncode == 0, reference.stderr
    new = _state(out, names)
    assert all(a != b for a, b in zip(old, new))
    replaces = _replaces(reference)
    journal = replaces.index(".atau-commit.json")
    assert sorted(replaces[journal + 1:]) == ["glossary.mo", "glossary.mo", "glossary.po", "glossary.po"]
    for limit in range(len(replaces)):
        shutil.rmtree(out)
        shutil.copytree(pristine, out)
        killed = _atau_killed_after(limit, *args, env=env)
        assert killed.returncode == -signal.SIGKILL, (limit, killed.stderr)
        assert fileio.pending(out) == (limit > journal)
        fileio.recover(out)  # what the next build does first
        assert _state(out, names) == (new if limit > journal else old), f"killed after {limit} renames"
        again = _atau_killed_after(-1, *args, env=env)
        assert again.returncode == 0, again.stderr
        leftovers = [str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()]
        assert sorted(leftovers) == sorted(names) and _state(out, names) == new
