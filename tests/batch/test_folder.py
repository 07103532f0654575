"""Folder jobs with the tiny test model: the same tree, the same output as
one document at a time, resume, reuse from the memory, PO files, workers.

The test model's output demonstrates the mechanics, not translation quality.
"""

from __future__ import annotations

import json
from dataclasses import replace

import polib
import pytest
from typer.testing import CliRunner

from toolkit.batch.job import FolderOptions, find_documents, run_folder_job
from toolkit.batch.manifest import MANIFEST_NAME
from toolkit.batch.worker import EngineSpec, threads_per_worker
from toolkit.cli.main import app
from toolkit.errors import InputError
from toolkit.fileio import read_text
from toolkit.memory.model import HUMAN, Unit
from toolkit.memory.store import TranslationMemory
from toolkit.service import translate_document_text

from .helpers import make_folder, tree

OPTIONS = FolderOptions("en", "ru")


@pytest.fixture
def folder(tmp_path):
    return make_folder(tmp_path / "in")


def run(folder, out, options=OPTIONS, events=None):
    return run_folder_job([folder], out, options, on_event=(lambda k, d: events.append((k, d)))
                          if events is not None else None)


def test_find_documents(folder, tmp_path):
    found = find_documents([folder], folder / "out")
    assert [(d.rel, d.fmt) for d in found] == [
        ("doc001.txt", "txt"), ("doc002.txt", "txt"), ("doc004.md", "md"), ("doc005.txt", "txt"),
        ("doc007.txt", "txt"), ("sub/doc000.md", "md"), ("sub/doc003.txt", "txt"), ("sub/doc006.txt", "txt")]
    files = find_documents([folder / "doc001.txt", folder / "sub" / "doc003.txt", folder / "notes.bin"])
    assert [(d.rel, d.fmt) for d in files] == [("doc001.txt", "txt"), ("notes.bin", "txt"),
                                               ("sub/doc003.txt", "txt")]
    with pytest.raises(InputError, match="no such file or folder"):
        find_documents([tmp_path / "missing"])


def test_the_same_tree_and_the_same_output_as_one_document_at_a_time(installed_test_model, folder, tmp_path):
    events = []
    summary = run(folder, tmp_path / "out", events=events)
    out = tree(tmp_path / "out")
    assert sorted(out) == [d.rel for d in find_documents([folder])]
    for rel, data in out.items():
        source = folder / rel
        single = translate_document_text(read_text(source), "en", "ru", fmt="md" if rel.endswith(".md") else "txt")
        assert data == single.output.encode("utf-8"), rel
    assert (summary.documents, summary.translated, summary.done_before, summary.failed) == (8, 8, 0, 0)
    plan = events[0]
    assert plan[0] == "plan" and plan[1]["documents"] == 8 and plan[1]["todo"] == 8
    assert sum(d for k, d in events if k == "progress") == plan[1]["sentences"] == summary.sentences
    assert [d.status for k, d in events if k == "document"] == ["translated"] * 8


def test_a_rerun_does_only_what_is_missing_or_changed(installed_test_model, folder, tmp_path):
    out = tmp_path / "out"
    run(folder, out)
    first = tree(out)
    (out / "doc002.txt").unlink()                                        # missing output
    (folder / "doc005.txt").write_text("The Senate held a plenary session.\n")  # changed input
    (out / "sub" / "doc003.txt").write_text("edited by hand\n")            # output changed since
    events = []
    summary = run(folder, out, events=events)
    statuses = {d.input: d.status for k, d in events if k == "document"}
    assert sorted(k for k, v in statuses.items() if v == "translated") == ["doc002.txt", "doc005.txt",
                                                                            "sub/doc003.txt"]
    assert (summary.translated, summary.done_before) == (3, 5)
    again = tree(out)
    assert again["doc002.txt"] == first["doc002.txt"] and again["sub/doc003.txt"] == first["sub/doc003.txt"]
    assert again["doc005.txt"] == "Сенат провел пленарное заседание.\n".encode()
    # new settings (beam) make every document out of date
    assert run(folder, out, replace(OPTIONS, beam_size=2)).translated == 8


def test_the_manifest_survives_a_line_cut_short(installed_test_model, folder, tmp_path):
    out = tmp_path / "out"
    run(folder, out)
    manifest = out / MANIFEST_NAME
    lines = manifest.read_bytes().splitlines(keepends=True)
    manifest.write_bytes(b"".join(lines[:-1]) + lines[-1][:20])  # a kill while the last line was written
    summary = run(folder, out)
    assert (summary.translated, summary.done_before) == (1, 7)
    assert all(json.loads(line) for line in manifest.read_text().splitlines())
    assert len(manifest.read_text().splitlines()) == 8


def test_a_second_run_makes_no_model_call(installed_test_model, folder, tmp_path, monkeypatch):
    first = run(folder, tmp_path / "one")
    assert first.model_calls > 0 and first.reused_machine > 0  # sentences repeated across documents

    def no_model(self):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(EngineSpec, "load", no_model)
    second = run(folder, tmp_path / "two")
    assert (second.translated, second.model_calls, second.reused_human) == (8, 0, 0)
    assert second.reused_machine == second.sentences
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert (second.flagged, second.unresolved) == (first.flagged, first.unresolved)


def test_a_human_translation_wins_over_the_machine(installed_test_model, folder, tmp_path, memory_dir):
    run(folder, tmp_path / "one")
    sentence = "The Senate held a plenary session."
    (folder / "doc001.txt").write_text(f"{sentence} The Mazhilis approved the bill.\n")
    with TranslationMemory(memory_dir / "en-ru.sqlite") as memory:
        memory.add([Unit(sentence, "Сенат провёл пленарное заседание (перевод редактора).", HUMAN)])
    events = []
    run(folder, tmp_path / "one", events=events)
    assert (tmp_path / "one" / "doc001.txt").read_text() == \
        "Сенат провёл пленарное заседание (перевод редактора). Мажилис одобрил законопроект.\n"
    (outcome,) = [d for k, d in events if k == "document" and d.status == "translated"]
    assert (outcome.reused_human, outcome.report["reused"]["human"]) == (1, [0])


def test_no_memory_neither_reads_nor_writes(installed_test_model, folder, tmp_path, memory_dir):
    summary = run(folder, tmp_path / "out", replace(OPTIONS, use_memory=False))
    assert summary.memory is None and summary.reused_machine == 0 and not memory_dir.exists()


def test_a_changed_glossary_is_enforced_again_without_translating_again(installed_test_model, folder, tmp_path,
                                                                        monkeypatch):
    from toolkit import load_glossary

    glossary = load_glossary()
    first = run(folder, tmp_path / "one", replace(OPTIONS, glossary=glossary))
    before = tree(tmp_path / "one")
    changed = load_glossary()
    concept = changed.get("mazhilis")
    changed.put(replace(concept, definition=(concept.definition or "") + " (edited)"))
    assert changed.fingerprint() != glossary.fingerprint()

    def no_model(self):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(EngineSpec, "load", no_model)
    events = []
    second = run(folder, tmp_path / "one", replace(OPTIONS, glossary=changed), events=events)
    assert (second.translated, second.model_calls) == (8, 0) and first.unresolved == second.unresolved
    reports = [d.report for k, d in events if k == "document"]
    assert all(r["signature"]["glossary_sha256"] == changed.fingerprint() for r in reports)
    # every sentence enforced again, but those repeated within this run (reused from it)
    assert sum(len(r["terminology"]["segments"]) for r in reports) + second.reused_machine == second.sentences
    assert second.reused_machine == first.reused_machine and tree(tmp_path / "one") == before


def test_po_files_with_human_translations_and_suggestions(installed_test_model, folder, tmp_path, memory_dir):
    with TranslationMemory(memory_dir / "en-ru.sqlite", "en", "ru") as memory:
        memory.add([Unit("The Senate held a plenary session.", "Сенат провёл пленарное заседание.", HUMAN),
                    Unit("The Mazhilis approved the bill today.", "Мажилис сегодня одобрил законопроект.", HUMAN)])
    (folder / "doc001.txt").write_text("The Senate held a plenary session. The Mazhilis approved the bill.\n")
    summary = run(folder, tmp_path / "out", replace(OPTIONS, as_po=True))
    assert sorted(tree(tmp_path / "out"))[0] == "doc001.txt.po"
    po = polib.pofile(str(tmp_path / "out" / "doc001.txt.po"))
    human, machine = po
    assert (human.msgstr, human.fuzzy) == ("Сенат провёл пленарное заседание.", False)
    assert (machine.msgstr, machine.fuzzy) == ("Мажилис одобрил законопроект.", True)
    assert " ".join(machine.tcomment.split()) == \
        "memory 91% (human): The Mazhilis approved the bill today. => Мажилис сегодня одобрил законопроект."
    assert summary.suggestions >= 1


@pytest.mark.parametrize("live", [False, True])
def test_two_workers_give_the_same_output(installed_test_model, folder, tmp_path, live):
    # sentences the model never saw: it loops, up to a limit that depends on how it is called
    (folder / "unseen.txt").write_text("Parliament news of the week from the capital. Short one.\n\n"
                                       "A considerably longer unseen sentence about regional budgets and roads.\n")
    options = replace(OPTIONS, use_memory=False, live_progress=live)
    run(folder, tmp_path / "one", options)
    summary = run(folder, tmp_path / "two", replace(options, workers=2))
    assert summary.runner == "processes" and summary.translated == 9
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_threads_are_shared_out(monkeypatch):
    monkeypatch.setattr("toolkit.mt.engine.default_threads", lambda: 2)
    assert [threads_per_worker(n) for n in (1, 2, 3)] == [2, 1, 1]
    assert threads_per_worker(2, threads=3) == 3


def test_an_unreadable_document_fails_alone(installed_test_model, folder, tmp_path):
    (folder / "broken.json").write_text('{"a": "The Senate met."')
    (folder / "latin1.txt").write_bytes("Caf\xe9 news.\n".encode("latin-1"))
    summary = run(folder, tmp_path / "out")
    assert (summary.translated, summary.failed) == (8, 2)
    assert not (tmp_path / "out" / "broken.json").exists()


def test_the_output_folder_may_not_be_the_input_folder(folder):
    with pytest.raises(InputError, match="the output would overwrite the input"):
        run(folder, folder)


# ---------------------------------------------------------------- the command line


def test_cli_folder_json_lines_and_summary(installed_test_model, folder, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["translate", str(folder), "--from", "en", "--to", "ru", "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["input"] for line in lines[:-1]] == sorted(line["input"] for line in lines[:-1])
    assert {line["status"] for line in lines[:-1]} == {"translated"}
    assert set(lines[0]) >= {"input", "output", "signature", "segments", "reused", "sentences", "model_calls"}
    summary = lines[-1]["summary"]
    assert (summary["documents"], summary["translated"], summary["failed"]) == (8, 8, 0)
    assert result.stderr.splitlines()[0] == "atau: 8 document(s): 8 translated, 0 already done, 0 failed"
    again = CliRunner().invoke(app, ["translate", str(folder), "--from", "en", "--to", "ru", "-o", str(out)])
    assert again.exit_code == 0 and again.stdout == ""
    assert again.stderr.splitlines()[0] == "atau: 8 document(s): 0 translated, 8 already done, 0 failed"


def test_cli_list_of_files(installed_test_model, folder, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["translate", str(folder / "doc001.txt"), str(folder / "sub" / "doc003.txt"),
                                      "--from", "en", "--to", "ru", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(tree(out)) == ["doc001.txt", "sub/doc003.txt"]


def test_cli_folder_errors(installed_test_model, folder, tmp_path):
    runner = CliRunner()
    no_out = runner.invoke(app, ["translate", str(folder), "--from", "en", "--to", "ru"])
    assert no_out.exit_code == 2 and no_out.stderr == \
        "atau: error: -o OUTDIR is required when translating a folder or several files\n"
    bad_format = runner.invoke(app, ["translate", str(folder), "--from", "en", "--to", "ru", "-o",
                                     str(tmp_path / "o"), "--format", "md"])
    assert bad_format.exit_code == 2 and "only po" in bad_format.stderr
    (tmp_path / "empty").mkdir()
    empty = runner.invoke(app, ["translate", str(tmp_path / "empty"), "--from", "en", "--to", "ru", "-o",
                                str(tmp_path / "o")])
    assert empty.exit_code == 2 and "no documents to translate" in empty.stderr
    (folder / "broken.json").write_text("{")
    failed = runner.invoke(app, ["translate", str(folder), "--from", "en", "--to", "ru", "-o", str(tmp_path / "o")])
    assert failed.exit_code == 2
    assert f"atau: error: {folder / 'broken.json'}:1:2: not valid JSON" in failed.stderr


def test_ray_address_is_taken_from_the_inputs():
    from toolkit.cli.translate import _ray_address

    assert _ray_address(["in", "ray://head:10001"]) == ("ray://head:10001", ["in"])
    assert _ray_address(["auto", "in"]) == ("auto", ["in"])
    assert _ray_address(["in"]) == ("local", ["in"])
    assert _ray_address(["10.0.0.5:6379", "in"]) == ("10.0.0.5:6379", ["in"])
