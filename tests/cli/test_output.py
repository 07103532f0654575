"""toolkit.cli.output: text from files never reaches the terminal raw.

Escape sequences (ESC, CSI, OSC), C1 controls and bidi controls in terms,
file names and documents are shown as Python escapes in reports, tables and
error lines; JSON keeps the exact value; a document written to standard
output is exact in a pipe and escaped on a terminal (a pseudo-terminal
here).
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli import output
from toolkit.cli.main import app

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "toolkit" / "cli"
ESC = "\x1b"
#: A title change (OSC), a screen clear (CSI), a C1 CSI, a bidi override.
HOSTILE = "\x1b]0;owned\x07\x1b[2J\x9b31m\u202e"
SHOWN = "\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\u202e"


def run(*args, **kwargs):
    return CliRunner().invoke(app, [str(a) for a in args], **kwargs)


def test_unsafe_covers_every_control_format_and_separator_character():
    categories = ("Cc", "Cf", "Zl", "Zp", "Cs")
    missing = [f"U+{cp:04X}" for cp in range(0x110000)
               if unicodedata.category(chr(cp)) in categories and chr(cp) not in "\t\n"
               and not output.UNSAFE.fullmatch(chr(cp))]
    assert missing == []
    assert not output.UNSAFE.search("Сенат Мәжіліс Senate\t\n\u00a0«»—")


def test_safe_one_line_and_json():
    assert output.safe("a" + HOSTILE + "\nb\tc\r") == "a" + SHOWN + "\nb\tc\\r"
    assert output.one_line("a\nb\tc") == "a\\nb\\tc"
    data = {"term": "x" + HOSTILE + "\u2028\U000e0001\ud800"}
    text = output.json_text(data)
    assert json.loads(text) == data
    assert not output.UNSAFE.search(text)
    assert "\\u009b31m\\u202e\\u2028\\udb40\\udc01\\ud800" in text


def test_every_command_prints_through_the_output_module():
    """No command module writes to stdout/stderr but through
    toolkit.cli.output (main.py's error line aside)."""
    raw = re.compile(r"sys\.std(?:out|err)\.(?:write|buffer)|typer\.echo|click\.echo|(?<![\w.])print\(")
    offenders = [f"{path.name}:{n}: {line.strip()}" for path in sorted(CLI.glob("*.py"))
                 if path.name not in ("output.py", "main.py")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if raw.search(line)]
    assert offenders == []


@pytest.fixture
def evil_glossary(tmp_path) -> Path:
    """A TBX whose Russian term and definition hold a bidi override (valid
    XML; control characters are refused by the reader itself)."""
    path = tmp_path / "evil.tbx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tbx style="dca" type="TBX-Basic" xml:lang="en" '
        'xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="evil">'
        '<descrip type="definition">Read &#x202e;backwards</descrip>'
        '<langSec xml:lang="en"><termSec><term>Evil term</term></termSec></langSec>'
        '<langSec xml:lang="ru"><termSec><term>Злой &#x202e;термин</term></termSec></langSec>'
        "</conceptEntry></body></text></tbx>\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [("glossary", "list"), ("glossary", "show", "evil"),
                                  ("glossary", "search", "Злой")], ids=["list", "show", "search"])
def test_glossary_tables_show_bidi_controls_as_escapes(args, evil_glossary):
    result = run(*args, "-g", evil_glossary)
    assert result.exit_code == 0, result.output
    assert "Злой \\u202eтермин" in result.stdout
    assert not output.UNSAFE.search(result.stdout)


def test_glossary_json_keeps_the_exact_value(evil_glossary):
    result = run("glossary", "show", "evil", "--json", "-g", evil_glossary)
    assert result.exit_code == 0, result.output
    assert "\\u202e" in result.stdout and not output.UNSAFE.search(result.stdout)
    data = json.loads(result.stdout)
    assert [t["text"] for t in data["terms"] if t["lang"] == "ru"] == ["Злой \u202eтермин"]


def test_an_error_naming_a_hostile_file_name_is_one_safe_line(tmp_path):
    name = tmp_path / f"evil{HOSTILE}\nname.csv"
    result = run("glossary", "import", name, "-g", tmp_path / "g.tbx")
    assert result.exit_code == 2
    assert result.stderr == f"atau: error: {tmp_path}/evil{SHOWN}\\nname.csv: no such file\n"


def test_check_findings_show_escapes(tmp_path):
    source = tmp_path / "src.txt"
    target = tmp_path / "mt.txt"
    source.write_text("The Mazhilis met.\n", encoding="utf-8")
    target.write_text(f"Меджлис {HOSTILE}собрался.\n", encoding="utf-8")
    result = run("check", "--from", "en", "--to", "ru", "--source", source, "--target", target)
    assert result.exit_code == 1, result.output
    assert "forbidden term 'Меджлис'" in result.stdout
    # (rich drops the BEL itself when the report line is made)
    assert "Меджлис \\x1b]0;owned\\x1b[2J\\x9b31m\\u202eсобрался." in result.stdout
    assert ESC not in result.stdout + result.stderr and not output.UNSAFE.search(result.stdout)


def test_enforce_output_to_a_pipe_is_exact(tmp_path):
    source = tmp_path / "src.txt"
    target = tmp_path / "mt.txt"
    source.write_text("The Mazhilis met.\n", encoding="utf-8")
    target.write_text(f"Меджлис {HOSTILE}собрался.\r\n", encoding="utf-8")
    result = run("enforce", "--from", "en", "--to", "ru", "--source", source, "--target", target)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == f"Мажилис {HOSTILE}собрался.\r\n".encode()


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_enforce_output_to_a_terminal_is_escaped(tmp_path):
    import pty  # noqa: F401 - only where pseudo-terminals exist

    source = tmp_path / "src.txt"
    target = tmp_path / "mt.txt"
    source.write_text("The Mazhilis met.\n", encoding="utf-8")
    target.write_text(f"Меджлис {HOSTILE}собрался.\r\n", encoding="utf-8")
    main, terminal = os.openpty()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)}
    with subprocess.Popen([sys.executable, "-m", "toolkit", "enforce", "--from", "en", "--to", "ru", "--source",
                           str(source), "--target", str(target)], stdout=terminal, stderr=subprocess.PIPE,
                          env=env, cwd=REPO) as process:
        os.close(terminal)
        shown = b""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            ready, _w, _x = select.select([main], [], [], 1.0)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal's other end closed
                break
            if not chunk:
                break
            shown += chunk
        process.wait(timeout=120)
    os.close(main)
    assert process.returncode == 0
    text = shown.decode("utf-8")
    assert "Мажилис " + SHOWN + "собрался." in text
    assert ESC not in text and "\u202e" not in text and "\x9b" not in text
