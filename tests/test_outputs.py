"""Output files: links written through, devices and pipes written to (never
replaced), an output that is an input refused before any work."""

import os
import stat
import threading

import pytest
from typer.testing import CliRunner

from toolkit.cli.main import app
from toolkit.errors import InputError
from toolkit.fileio import atomic_write, check_outputs


@pytest.fixture
def runner():
    return CliRunner()


def test_symlink_is_written_through_and_stays_a_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_dev_null_stays_a_device():
    atomic_write("/dev/null", "anything")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_fifo_is_written_to_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    atomic_write(fifo, "через трубу\n")
    reader.join(timeout=10)
    assert received == ["через трубу\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_directory_as_output_names_it(tmp_path):
    with pytest.raises(InputError) as caught:
        atomic_write(tmp_path, "x")
    assert str(caught.value) == f"{tmp_path}: is a directory, not a file"


def test_check_outputs(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("x")
    link = tmp_path / "link.txt"
    link.symlink_to(source)
    check_outputs([source, None, "-"], [tmp_path / "b.txt", "/dev/null", "/dev/null", None, "-"])
    with pytest.raises(InputError, match=r"link\.txt: the output would overwrite the input"):
        check_outputs([source], [link])
    with pytest.raises(InputError, match=r"b\.txt: named as two outputs of one command"):
        check_outputs([], [tmp_path / "b.txt", tmp_path / "./b.txt"])
    with pytest.raises(InputError, match=r"nodir: directory does not exist"):
        check_outputs([], [tmp_path / "nodir" / "r.json"])


def test_translate_onto_its_input_is_refused_and_the_input_kept(runner, tmp_path):
    doc = tmp_path / "inplace.txt"
    doc.write_text("The Senate met.\n")
    result = runner.invoke(app, ["translate", str(doc), "-f", "en", "-t", "ru", "-o", str(doc)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"atau: error: {doc}: the output would overwrite the input "
                                     f"{str(doc)!r}; write to another file")
    assert doc.read_text() == "The Senate met.\n"


def test_enforce_checks_every_output_before_writing_any(runner, tmp_path):
    src, mt = tmp_path / "a.en", tmp_path / "a.ru"
    src.write_text("The Mazhilis met.\n")
    mt.write_text("Меджлис собрался.\n")
    out = tmp_path / "ok.txt"
    result = runner.invoke(app, ["enforce", "-f", "en", "-t", "ru", "-s", str(src), "--target", str(mt),
                                 "-o", str(out), "--report", str(tmp_path / "nodir" / "r.json")])
    assert result.exit_code == 2
    assert "nodir: directory does not exist" in result.stderr
    assert not out.exists()
    result = runner.invoke(app, ["enforce", "-f", "en", "-t", "ru", "-s", str(src), "--target", str(mt),
                                 "-o", str(src)])
    assert result.exit_code == 2 and "the output would overwrite the input" in result.stderr
    assert src.read_text() == "The Mazhilis met.\n"
    result = runner.invoke(app, ["enforce", "-f", "en", "-t", "ru", "-s", str(src), "--target", str(mt),
                                 "-o", str(out), "--report", str(out)])
    assert result.exit_code == 2 and "named as two outputs of one command" in result.stderr
    result = runner.invoke(app, ["enforce", "-f", "en", "-t", "ru", "-s", str(src), "--target", str(mt),
                                 "-o", "/dev/null", "--report", "/dev/null"])
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("command", [
    ("catalog", "translate", "{pot}", "--to", "ru", "-o", "{pot}"),
    ("catalog", "translate", "{pot}", "--to", "ru", "-u", "{pot}"),  # would turn the POT into a PO
    ("catalog", "apply", "{pot}", "-o", "{pot}"),
])
def test_catalog_outputs_onto_inputs_are_refused(runner, tmp_path, command):
    pot = tmp_path / "messages.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Senate"\nmsgstr ""\n',
                   encoding="utf-8")
    before = pot.read_bytes()
    result = runner.invoke(app, [part.format(pot=pot) for part in command])
    assert result.exit_code == 2 and "the output would overwrite the input" in result.stderr
    assert pot.read_bytes() == before
