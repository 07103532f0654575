"""The folder job on a local Ray instance (``--ray``): the output equals the
single-process output byte for byte, and a worker that dies has its
documents done again.

Skipped, with the reason, when Ray is not installed or cannot start here.
Bounded: Ray gets :data:`START_TIMEOUT` seconds to start, the job a few times
the single-process time.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

from toolkit.batch.job import FolderOptions, run_folder_job

from .helpers import make_folder, tree

START_TIMEOUT = 90

_PROBE = """
import ray
ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
print(ray.get(ray.remote(lambda: 42).remote()))
ray.shutdown()
"""


@pytest.fixture(scope="module")
def ray_ok():
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'atau[ray]')")
    try:
        probe = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                               timeout=START_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.skip(f"a local Ray instance did not start within {START_TIMEOUT} s here")
    if probe.returncode != 0 or probe.stdout.strip() != "42":
        last = (probe.stderr.strip().splitlines() or ["no output"])[-1]
        pytest.skip(f"a local Ray instance cannot start here: {last}")


@pytest.fixture
def ray_session():
    """The test starts (and the runner stops) its own local Ray instance."""
    yield
    import ray

    if ray.is_initialized():
        ray.shutdown()


@pytest.fixture(scope="module")
def shared_ray(ray_ok):
    """One local Ray instance for the tests that need not start their own
    (a runner joins an instance that is running and leaves it running)."""
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield
    ray.shutdown()


def test_ray_output_equals_the_single_process_output(ray_ok, ray_session, installed_test_model, tmp_path):
    folder = make_folder(tmp_path / "in", 12, seed=3)
    options = FolderOptions("en", "ru", use_memory=False)
    single = run_folder_job([folder], tmp_path / "single", options)
    on_ray = run_folder_job([folder], tmp_path / "ray", replace(options, ray="local", workers=2))
    assert (on_ray.runner, on_ray.translated, on_ray.failed) == ("ray", 12, 0)
    assert tree(tmp_path / "ray") == tree(tmp_path / "single")
    assert (on_ray.sentences, on_ray.flagged, on_ray.unresolved) == (single.sentences, single.flagged,
                                                                     single.unresolved)


def test_ray_with_the_memory_fills_and_reuses_it(shared_ray, installed_test_model, tmp_path):
    folder = make_folder(tmp_path / "in", 6, seed=4)
    options = FolderOptions("en", "ru", memory=tmp_path / "tm.sqlite", ray="local", workers=2)
    first = run_folder_job([folder], tmp_path / "one", options)
    second = run_folder_job([folder], tmp_path / "two", options)
    assert (first.translated, second.translated, second.model_calls) == (6, 6, 0)
    assert second.reused_machine == second.sentences
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def _actor_processes() -> list[int]:
    from pathlib import Path

    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if cmdline.read_bytes().startswith(b"ray::_Actor"):
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


def test_a_dead_worker_has_its_documents_done_again(shared_ray, installed_test_model, tmp_path):
    """SIGKILL one actor's process after the first document: a new actor
    takes its place, the documents it held are done again, the output is whole."""
    import os
    import signal

    folder = make_folder(tmp_path / "in", 10, seed=6)
    options = FolderOptions("en", "ru", use_memory=False)
    killed = []

    def on_event(kind, data):
        if kind == "document" and not killed:
            pids = _actor_processes()
            if pids:
                os.kill(pids[0], signal.SIGKILL)
                killed.append(pids[0])

    summary = run_folder_job([folder], tmp_path / "ray", replace(options, ray="local", workers=2),
                             on_event=on_event)
    assert killed and (summary.translated, summary.failed, summary.workers_lost) == (10, 0, 1)
    run_folder_job([folder], tmp_path / "single", options)
    assert tree(tmp_path / "ray") == tree(tmp_path / "single")
