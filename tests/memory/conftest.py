"""Memories live in the test's folder, never in the user's data folder."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def memory_dir(tmp_path, monkeypatch):
    """``$ATAU_MEMORY_DIR`` for this test (the default memories go there)."""
    path = tmp_path / "memories"
    monkeypatch.setenv("ATAU_MEMORY_DIR", str(path))
    return path
