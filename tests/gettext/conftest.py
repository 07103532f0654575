"""Shared by the tests of toolkit.gettext: the small test glossary, paths,
and helpers that check PO files with GNU msgfmt."""

import io
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from toolkit.gettext.po import write_po
from toolkit.termbase.store import load_glossary

DATA = Path(__file__).parents[1] / "data" / "po"
REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def g():
    return load_glossary(DATA / "glossary.tbx")


def msgfmt_check(path: Path) -> None:
    """msgfmt --check --check-format passes (CI installs gettext)."""
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    result = subprocess.run(["msgfmt", "--check", "--check-format", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr, result.stderr


def save(catalog, path: Path) -> Path:
    buffer = io.StringIO()
    write_po(buffer, catalog)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path
