"""toolkit.fileio: bounded reads, atomic writes that respect read-only files
and name the file of every write error, temporary files of killed writes
swept, and commits of several files that are all-or-nothing.

A full disk is tested three ways: ``/dev/full`` (every write fails with
ENOSPC), a 64 KiB tmpfs mounted in a private mount namespace (``unshare``;
skipped where that is not allowed) and a fake ``fsync`` raising ENOSPC.
"""

from __future__ import annotations

import errno
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from toolkit import fileio, limits
from toolkit.errors import InputError
from toolkit.fileio import COMMIT_JOURNAL, atomic_write, commit, read_bytes, read_stream

REPO = Path(__file__).resolve().parent.parent


def _env() -> dict:
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path}


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------- bounded reads


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_input_stops_at_the_limit(device, monkeypatch):
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 1024 * 1024)
    with pytest.raises(InputError) as caught:
        read_bytes(device)
    assert str(caught.value) == (f"{device}: more than 1 MiB to read (Atau's limit for one input; "
                                 "a device such as /dev/zero never ends)")


def test_the_real_limit_on_dev_zero_in_a_process_of_its_own():
    """The default limit, in a process of its own: it ends, with one error,
    having read 256 MiB and no more."""
    script = ("from toolkit.fileio import read_bytes\n"
              "try:\n    read_bytes('/dev/zero')\nexcept Exception as e:\n    print(e)\n"
              "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env=_env())
    message, peak_mib = done.stdout.splitlines()
    assert message.startswith("/dev/zero: more than 256 MiB to read")
    assert int(peak_mib) < 700  # the 256 MiB read and one copy at most, never "until memory runs out"


def test_a_regular_file_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 1001)
    with pytest.raises(InputError, match=r"big\.txt: the file is 1,001 bytes; Atau reads at most 1,000 bytes from one input$"):
        read_bytes(big)
    (tmp_path / "ok.txt").write_bytes(b"x" * 1000)
    assert read_bytes(tmp_path / "ok.txt") == b"x" * 1000


def test_a_pipe_over_the_limit(monkeypatch):
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 4096)
    read_end, write_end = os.pipe()
    with os.fdopen(write_end, "wb") as writer:
        writer.write(b"y" * 5000)
    with os.fdopen(read_end, "rb") as reader, pytest.raises(InputError, match="^<stdin>: more than"):
        read_stream(reader)


# ---------------------------------------------------------------- one file


def test_a_read_only_file_is_not_replaced(tmp_path):
    path = tmp_path / "g.tbx"
    path.write_text("old")
    path.chmod(0o444)
    with pytest.raises(InputError) as caught:
        atomic_write(path, "new")
    assert str(caught.value) == f"{path}: read-only file: not replaced (make it writable: chmod u+w {path})"
    assert path.read_text() == "old" and _names(tmp_path) == ["g.tbx"]
    assert path.stat().st_mode & 0o777 == 0o444


def test_no_space_on_a_device_names_it():
    with pytest.raises(InputError, match="^/dev/full: No space left on device$"):
        atomic_write("/dev/full", "x" * 100_000)


def test_no_space_when_syncing_names_the_file_and_leaves_nothing(tmp_path, monkeypatch):
    path = tmp_path / "out.txt"
    path.write_text("old")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", full)
    with pytest.raises(InputError, match=f"^{path}: No space left on device$"):
        atomic_write(path, "new")
    assert path.read_text() == "old" and _names(tmp_path) == ["out.txt"]


def test_a_file_size_limit_names_the_file(tmp_path):
    """RLIMIT_FSIZE, the kernel's own limit (EFBIG), in a process of its own."""
    out = tmp_path / "out.txt"
    script = ("import resource, signal, sys\n"
              "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
              "resource.setrlimit(resource.RLIMIT_FSIZE, (10000, 10000))\n"
              "from toolkit.fileio import atomic_write\n"
              f"try:\n    atomic_write({str(out)!r}, 'x' * 100000)\nexcept Exception as e:\n    print(e)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=_env())
    assert done.stdout == f"{out}: File too large\n", done.stderr
    assert _names(tmp_path) == []


def _unshare_works() -> bool:
    if not shutil.which("unshare") or sys.platform != "linux":
        return False
    try:
        return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "true"],
                              capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.mark.skipif(not _unshare_works(), reason="no private mount namespaces here")
def test_a_full_tmpfs_names_the_file(tmp_path):
    """A real full file system: a 64 KiB tmpfs mounted (in a mount namespace
    of the test's own, so nothing outside sees it) on a folder of tmp_path;
    ``atau glossary export`` to it fails with one line naming the file."""
    disk = tmp_path / "disk"
    disk.mkdir()
    out = disk / "export.tbx"
    atau = [sys.executable, "-m", "toolkit"]
    script = (f"mount -t tmpfs -o size=64k tmpfs {disk} && "
              f"{' '.join(atau)} glossary export {out}; echo \"exit=$?\"; ls -A {disk}")
    done = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
                          capture_output=True, text=True, timeout=120, env=_env(), cwd=REPO)
    assert done.stderr == f"atau: error: {out}: No space left on device\n"
    assert done.stdout == "exit=2\n"  # and nothing left on the disk: ls printed nothing


def test_stale_temporary_files_of_a_killed_write_are_removed_by_the_next(tmp_path):
    """A process killed while writing ``out.txt`` leaves its temporary file;
    the next write of ``out.txt`` removes it, but not the temporary file of
    a write that is still alive, nor files that are not Atau's."""
    out = tmp_path / "out.txt"
    writer = ("import sys, time\nfrom toolkit.fileio import atomic_open\n"
              "with atomic_open(sys.argv[1]) as handle:\n"
              "    handle.write('partial'); handle.flush(); print('ready', flush=True); time.sleep(60)\n")
    procs = [subprocess.Popen([sys.executable, "-c", writer, str(out)], stdout=subprocess.PIPE, text=True,
                              env=_env()) for _ in range(2)]
    try:
        for proc in procs:
            assert select.select([proc.stdout], [], [], 60)[0], "the writer did not start"
            assert proc.stdout.readline() == "ready\n"
        dead, alive = procs
        dead.send_signal(signal.SIGKILL)
        dead.wait(timeout=30)
        temporaries = [p for p in tmp_path.iterdir() if p.name.startswith(".out.txt.")]
        assert len(temporaries) == 2
        foreign = tmp_path / ".notes.txt.abcdefgh.tmp"
        foreign.write_text("someone else's")
        for path in [*temporaries, foreign]:
            os.utime(path, (time.time() - 60, time.time() - 60))
        fileio._LISTED.clear()
        atomic_write(out, "whole")
        left = [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.txt.")]
        assert len(left) == 1  # the live writer's
        assert foreign.exists() and out.read_text() == "whole"
    finally:
        for proc in procs:
            proc.kill()
            proc.wait(timeout=30)


# ---------------------------------------------------------------- several files


def test_a_commit_replaces_all_files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.po").write_text("old po")
    with commit(tmp_path) as files:
        files.stage(tmp_path / "a" / "x.po", "new po", backup=True)
        files.stage(tmp_path / "a" / "x.mo", b"new mo")
        assert (tmp_path / "a" / "x.po").read_text() == "old po"  # nothing before the end
    assert (tmp_path / "a" / "x.po").read_text() == "new po"
    assert (tmp_path / "a" / "x.po~").read_text() == "old po"
    assert (tmp_path / "a" / "x.mo").read_bytes() == b"new mo"
    assert _names(tmp_path) == ["a"] and _names(tmp_path / "a") == ["x.mo", "x.po", "x.po~"]


def test_an_error_while_staging_replaces_nothing(tmp_path, monkeypatch):
    for name in ("a.po", "b.po"):
        (tmp_path / name).write_text("old")
    real_fsync, calls = os.fsync, []

    def full_on_second(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(fileio.os, "fsync", full_on_second)
    with pytest.raises(InputError, match=r"b\.po: No space left on device$"):
        with commit(tmp_path) as files:
            files.stage(tmp_path / "a.po", "new")
            files.stage(tmp_path / "b.po", "new")
    assert [(tmp_path / n).read_text() for n in ("a.po", "b.po")] == ["old", "old"]
    assert _names(tmp_path) == ["a.po", "b.po"]


def test_a_read_only_file_in_a_commit_replaces_nothing(tmp_path):
    for name in ("a.po", "b.po"):
        (tmp_path / name).write_text("old")
    (tmp_path / "b.po").chmod(0o444)
    with pytest.raises(InputError, match="b.po: read-only file: not replaced"):
        with commit(tmp_path) as files:
            files.stage(tmp_path / "a.po", "new")
            files.stage(tmp_path / "b.po", "new")
    assert [(tmp_path / n).read_text() for n in ("a.po", "b.po")] == ["old", "old"]
    assert _names(tmp_path) == ["a.po", "b.po"]


def _interrupted(tmp_path: Path, renamed: int) -> None:
    """The state a commit of a.po, b.po, c.po killed after the journal and
    ``renamed`` of its renames leaves."""
    for name in ("a.po", "b.po", "c.po"):
        (tmp_path / name).write_text("old")
    files = fileio.Commit(tmp_path)
    for name in ("a.po", "b.po", "c.po"):
        files.stage(tmp_path / name, "new")
    record = {"v": 1, "renames": [[files._relative(tmp), files._relative(target)]
                                  for tmp, target in files._staged]}
    (tmp_path / COMMIT_JOURNAL).write_text(json.dumps(record))
    for tmp, target in files._staged[:renamed]:
        os.replace(tmp, target)


@pytest.mark.parametrize("renamed", [0, 1, 2, 3])
def test_the_next_run_finishes_an_interrupted_commit(tmp_path, renamed):
    _interrupted(tmp_path, renamed)
    assert fileio.pending(tmp_path)
    done = fileio.recover(tmp_path)
    assert len(done) == 3 - renamed
    assert [(tmp_path / n).read_text() for n in ("a.po", "b.po", "c.po")] == ["new"] * 3
    assert _names(tmp_path) == ["a.po", "b.po", "c.po"] and not fileio.pending(tmp_path)


def test_a_commit_finishes_the_interrupted_one_first(tmp_path):
    _interrupted(tmp_path, 1)
    with commit(tmp_path) as files:
        files.stage(tmp_path / "a.po", "newer")
    assert [(tmp_path / n).read_text() for n in ("a.po", "b.po", "c.po")] == ["newer", "new", "new"]
    assert _names(tmp_path) == ["a.po", "b.po", "c.po"]


def test_temporaries_of_a_commit_killed_before_its_journal_go_with_the_next_commit(tmp_path):
    (tmp_path / "a.po").write_text("old")
    files = fileio.Commit(tmp_path)
    files.stage(tmp_path / "a.po", "half")  # then killed: no journal
    assert len(_names(tmp_path)) == 2
    fileio._LISTED.clear()
    with commit(tmp_path) as again:
        again.stage(tmp_path / "a.po", "new")
    assert _names(tmp_path) == ["a.po"] and (tmp_path / "a.po").read_text() == "new"


@pytest.mark.parametrize("journal", [
    "{", '{"v": 1, "renames": "a"}', '{"v": 1, "renames": [["../../etc/.passwd.commit-abcdefgh.tmp", "../../etc/passwd"]]}',
    '{"v": 1, "renames": [["/tmp/.x.commit-abcdefgh.tmp", "/tmp/x"]]}',
    '{"v": 1, "renames": [["notes.txt", "a.po"]]}',
], ids=["not-json", "not-a-list", "dot-dot", "absolute", "not-a-temporary"])
def test_a_journal_atau_did_not_write_is_refused(tmp_path, journal):
    (tmp_path / "a.po").write_text("old")
    (tmp_path / "notes.txt").write_text("notes")
    (tmp_path / COMMIT_JOURNAL).write_text(journal)
    with pytest.raises(InputError) as caught:
        fileio.recover(tmp_path)
    assert str(caught.value) == f"{tmp_path / COMMIT_JOURNAL}: not a journal Atau wrote: remove it"
    assert (tmp_path / "a.po").read_text() == "old" and (tmp_path / "notes.txt").exists()


def test_a_held_folder_lock_is_one_error(tmp_path):
    with fileio.directory_lock(tmp_path):
        script = ("from toolkit.fileio import directory_lock\n"
                  f"try:\n    with directory_lock({str(tmp_path)!r}, timeout=0.3):\n        print('got it')\n"
                  "except Exception as e:\n    print(e)\n")
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                              env=_env())
    assert done.stdout == f"{tmp_path}: locked by another process for 0.3 s\n"
    assert _names(tmp_path) == []  # the lock leaves no file


def test_a_commit_sweeps_what_killed_commits_left_in_its_folders(tmp_path):
    """Temporary files of commits killed before their journal, of files the
    new commit does not write, go too (the lock held, none is alive)."""
    (tmp_path / "ru").mkdir()
    for name in ("a.po", "b.po", "ru/c.po"):
        (tmp_path / name).write_text("old")
    dead = fileio.Commit(tmp_path)
    for name in ("b.po", "ru/c.po"):
        dead.stage(tmp_path / name, "half")  # then killed: no journal
    assert len(list(tmp_path.rglob("*.tmp"))) == 2
    with commit(tmp_path) as files:
        files.stage(tmp_path / "a.po", "new")  # neither b.po nor ru/c.po
    assert list(tmp_path.rglob("*.tmp")) == [dead._staged[1][0]]  # the root's went; ru/ is not written
    with commit(tmp_path) as files:
        files.stage(tmp_path / "ru" / "c.po", "new")
    assert list(tmp_path.rglob("*.tmp")) == []
    assert [(tmp_path / n).read_text() for n in ("a.po", "b.po", "ru/c.po")] == ["new", "old", "new"]
