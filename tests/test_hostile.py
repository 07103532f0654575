"""Hostile input through the command line: every case ends with the right
output, or with one ``atau: error: ...`` line on stderr and exit code 2;
never a traceback, a hang, a file read it should not do, or a damaged
glossary.

The small inputs are files in ``tests/hostile/`` (listed in its README);
big ones (a 10 MB line, 50,000 concepts, deep nesting, hostile model
packages) are made by the tests in ``tmp_path``. Most cases run through
typer's CliRunner, a few through a real ``atau`` subprocess.
"""

from __future__ import annotations

import json
import os
import re
import stat
import struct
import subprocess
import sys
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from typer.testing import CliRunner

from tests.conftest import model_files
from toolkit.cli.main import app
from toolkit.termbase.store import PACKAGED_GLOSSARY
from toolkit.termbase.tbx import loads_tbx

HOSTILE = Path(__file__).parent / "hostile"
ATAU = Path(sys.executable).with_name("atau")
PASSWD = "root:x:0:0"  # what /etc/passwd would show if an entity or include were expanded


@dataclass(frozen=True)
class Case:
    """One hostile input and what must happen.

    ``args`` may name ``{h}`` (tests/hostile), ``{g}`` (a fresh copy of the
    shipped glossary) and ``{t}`` (the test's tmp_path). ``stderr`` and
    ``stdout`` are regular expressions searched in the outputs; ``after`` is
    an extra check ``after(tmp_path, result)``.
    """

    name: str
    args: tuple[str, ...]
    code: int
    stderr: str = ""
    stdout: str | None = None
    after: Callable | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return self.name


def _glossary(tmp_path: Path) -> Path:
    return tmp_path / "g.tbx"


def _concept(concept_id: str, en: str | None = None):
    def check(tmp_path, result):
        g = loads_tbx(_glossary(tmp_path).read_bytes())
        assert concept_id in g, result.output
        if en is not None:
            assert g[concept_id].preferred("en").text == en
        assert PASSWD not in _glossary(tmp_path).read_text(encoding="utf-8")
    return check


def _unchanged(tmp_path, result):
    assert _glossary(tmp_path).read_bytes() == PACKAGED_GLOSSARY.read_bytes()
    assert not Path(str(_glossary(tmp_path)) + "~").exists()


def _stdout_bytes(expected: bytes):
    def check(tmp_path, result):
        assert result.stdout_bytes == expected
    return check


IMPORT = ("glossary", "import", "-g", "{g}")
ENFORCE = ("enforce", "-g", "{g}", "--from", "en", "--to", "ru")
CHECK = ("check", "-g", "{g}", "--from", "en", "--to", "ru")
EVAL = ("eval", "-g", "{g}", "--from", "en", "--to", "ru")
NOT_UTF8 = r"not UTF-8 text \(byte 0x[0-9a-f]{2}\)"

CASES = [
    # ---------------------------------------------------------------- XML / TBX
    Case("billion-laughs", IMPORT + ("{h}/billion-laughs.tbx",), 2,
         r"billion-laughs\.tbx: refused: the file declares XML entities or a DTD", after=_unchanged),
    Case("external-entity", IMPORT + ("{h}/external-entity.tbx",), 2,
         r"external-entity\.tbx: refused: the file declares XML entities", after=_unchanged),
    Case("parameter-entity", IMPORT + ("{h}/parameter-entity.tbx",), 2,
         r"parameter-entity\.tbx: refused: the file declares XML entities", after=_unchanged),
    Case("external-dtd-is-not-loaded", IMPORT + ("{h}/external-dtd.tbx",), 0, stdout="1 added",
         after=_concept("hostile-dtd", "Hostile DTD")),
    Case("xinclude-is-not-processed", IMPORT + ("{h}/xinclude.tbx",), 0, stdout="1 added",
         after=_concept("hostile-xinclude", "Hostile XInclude")),
    Case("xml-control-character-reference", IMPORT + ("{h}/control-char-ref.tbx",), 2,
         r"control-char-ref\.tbx:2:\d+: malformed XML: reference to invalid character number",
         after=_unchanged),
    Case("tbx-cp1251-undeclared", IMPORT + ("{h}/cp1251-undeclared.tbx",), 2,
         r"cp1251-undeclared\.tbx:2:\d+: " + NOT_UTF8 + " and no other encoding declared", after=_unchanged),
    Case("tbx-cp1251-declared", IMPORT + ("{h}/cp1251-declared.tbx",), 0, stdout="1 added",
         after=_concept("hostile-cp1251", "Hostile CP1251")),
    Case("tbx-utf16-bom", IMPORT + ("{h}/utf16-bom.tbx",), 0, stdout="1 added",
         after=_concept("hostile-utf16", "Hostile UTF-16")),
    Case("tbx-binary", IMPORT + ("{h}/binary.tbx",), 2, r"binary\.tbx:1:1: " + NOT_UTF8, after=_unchanged),
    Case("tbx-empty", IMPORT + ("{h}/empty.tbx",), 2, r"empty\.tbx:1:1: malformed XML: no element found",
         after=_unchanged),
    Case("tbx-html", IMPORT + ("{h}/not-tbx.tbx",), 2, r"not a TBX file: root element is <html>",
         after=_unchanged),
    Case("tbx-unknown-status", IMPORT + ("{h}/unknown-status.tbx",), 2,
         r"unknown-status\.tbx: concept 'x': unknown term status 'evilTerm-admn-sts'", after=_unchanged),
    Case("tbx-blank-term", IMPORT + ("{h}/blank-term.tbx",), 2,
         r"blank-term\.tbx: concept 'x': the en term '  ' is empty; nothing was imported", after=_unchanged),
    # ---------------------------------------------------------------- glossary CSV / JSON
    Case("csv-cp1251", IMPORT + ("{h}/cp1251.csv",), 2, r"cp1251\.csv:2:8: " + NOT_UTF8 + "; save the file as UTF-8",
         after=_unchanged),
    Case("csv-utf16-bom", IMPORT + ("{h}/utf16-bom.csv",), 0, stdout="1 added",
         after=_concept("hostile-utf-16", "Hostile UTF-16")),
    Case("csv-utf16-without-bom", IMPORT + ("{h}/utf16-no-bom.csv",), 2,
         r"utf16-no-bom\.csv: UTF-16 text without a byte-order mark", after=_unchanged),
    Case("csv-nul", IMPORT + ("{h}/nul.csv",), 2, r"nul\.csv:2:4: binary data \(NUL character\)", after=_unchanged),
    Case("csv-binary", IMPORT + ("{h}/binary.csv",), 2, r"binary\.csv:1:1: binary data|binary\.csv:\d+:\d+: " + NOT_UTF8,
         after=_unchanged),
    Case("csv-empty", IMPORT + ("{h}/empty.csv",), 2, r"empty\.csv: the file has no glossary rows", after=_unchanged),
    Case("csv-whitespace-only", IMPORT + ("{h}/whitespace.csv",), 2, r"the file has no glossary rows",
         after=_unchanged),
    Case("csv-mixed-crlf-lf", IMPORT + ("{h}/crlf-mixed.csv",), 0, stdout="2 added",
         after=_concept("hostile-two", "Hostile two")),
    Case("csv-nfd-is-stored-nfc", IMPORT + ("{h}/nfd.csv",), 0, stdout="1 added",
         after=lambda t, r: _nfc_terms(t, "hostile-decomposed", {"ru": "Враждебный ёж", "kk": "Жаулық й"})),
    Case("csv-control-character", IMPORT + ("{h}/control-char.csv",), 2,
         r"control-char\.csv:3: term 'Bad\\x01term' contains the control character U\+0001", after=_unchanged),
    Case("csv-unclosed-quote", IMPORT + ("{h}/unclosed-quote.csv",), 2,
         r"unclosed-quote\.csv:3: CSV syntax: unexpected end of data \(a quote opened on this line is never closed\)",
         after=_unchanged),
    Case("json-control-character", IMPORT + ("{h}/control-char.json",), 2,
         r"control-char\.json: term 'x\\x01y' contains the control character U\+0001", after=_unchanged),
    Case("json-wrong-types", IMPORT + ("{h}/wrong-types.json",), 2,
         r"wrong-types\.json: term must be text, not int 5", after=_unchanged),
    Case("json-not-a-glossary", IMPORT + ("{h}/not-a-glossary.json",), 2,
         r"expected a JSON object with a 'concepts' list", after=_unchanged),
    # ---------------------------------------------------------------- plain text: enforce, check, eval
    Case("enforce-cp1251-target", ENFORCE + ("--source", "{h}/source.en.txt", "--target", "{h}/cp1251.ru.txt"), 2,
         r"cp1251\.ru\.txt:1:1: " + NOT_UTF8),
    Case("enforce-utf16-bom-target", ENFORCE + ("--source", "{h}/source.en.txt", "--target", "{h}/utf16-bom.ru.txt"), 0,
         r"1 fixed", after=_stdout_bytes("Мажилис собрался.\r\nАким выступил.\r\n".encode())),
    Case("enforce-nul", ENFORCE + ("--source", "{h}/source.en.txt", "--target", "{h}/nul.ru.txt"), 2,
         r"nul\.ru\.txt:1:2: binary data \(NUL character\): not a text file"),
    Case("enforce-binary", ENFORCE + ("--source", "{h}/binary.ru.txt", "--target", "{h}/nul.ru.txt"), 2,
         r"binary\.ru\.txt:\d+:\d+: (binary data|" + NOT_UTF8 + ")"),
    Case("enforce-empty", ENFORCE + ("--source", "{h}/empty.txt", "--target", "{h}/empty.txt"), 0,
         r"0 term\(s\)", after=_stdout_bytes(b"")),
    Case("enforce-whitespace-only", ENFORCE + ("--source", "{h}/whitespace.txt", "--target", "{h}/whitespace.txt"), 0,
         r"0 of 2 segment\(s\) changed", after=_stdout_bytes(b"  \n\t\n")),
    Case("enforce-line-count-mismatch", ENFORCE + ("--source", "{h}/empty.txt", "--target", "{h}/whitespace.txt"), 2,
         r"has 0 lines but .* has 2; files must be line-aligned"),
    Case("enforce-mixed-crlf-lf", ENFORCE + ("--source", "{h}/crlf-mixed.en.txt", "--target", "{h}/crlf-mixed.ru.txt"), 0,
         r"1 fixed", after=_stdout_bytes("Мажилис собрался.\r\nСенат собрался.\nАким выступил.\r\n".encode())),
    Case("enforce-nfd-russian", ENFORCE + ("--source", "{h}/nfd.en.txt", "--target", "{h}/nfd.ru.txt"), 0,
         r"2 term\(s\): 1 already right, 1 fixed",
         # the edited line comes out composed; the line without an edit exactly as it was (decomposed)
         after=_stdout_bytes("Мажилис собрался.\nКурултаи\u0306 собрался.\n".encode())),
    Case("check-nfd-kazakh", ("check", "-g", "{g}", "--from", "en", "--to", "kk", "--json",
                              "--source", "{h}/nfd.en.txt", "--target", "{h}/nfd.kk.txt"), 0,
         after=lambda t, r: _json_findings(r, 0, terms=2)),
    Case("check-nfd-russian", CHECK + ("--json", "--source", "{h}/nfd.en.txt", "--target", "{h}/nfd.ru.txt"), 1,
         after=lambda t, r: _json_findings(r, 1, terms=2)),
    Case("check-cp1251", CHECK + ("--source", "{h}/source.en.txt", "--target", "{h}/cp1251.ru.txt"), 2,
         r"cp1251\.ru\.txt:1:1: " + NOT_UTF8),
    Case("check-empty", CHECK + ("--source", "{h}/empty.txt", "--target", "{h}/empty.txt"), 0, r"0 segment\(s\)"),
    Case("check-stdin-twice", CHECK + ("--source", "-", "--target", "-"), 2,
         r"only one of --source and --target can be standard input"),
    Case("eval-utf16-and-crlf", EVAL + ("--json", "--source", "{h}/crlf-mixed.en.txt", "--target", "{h}/utf16-bom.ru.txt"), 2,
         r"crlf-mixed\.en\.txt has 3 lines but .*utf16-bom\.ru\.txt has 2"),
    Case("eval-nul", EVAL + ("--source", "{h}/source.en.txt", "--target", "{h}/nul.ru.txt"), 2, r"binary data"),
    Case("eval-empty", EVAL + ("--json", "--source", "{h}/empty.txt", "--target", "{h}/empty.txt",
                               "--ref", "{h}/empty.txt"), 0, stdout=r'"segments": 0'),
    Case("eval-whitespace-only", EVAL + ("--json", "--source", "{h}/whitespace.txt", "--target", "{h}/whitespace.txt",
                                         "--ref", "{h}/whitespace.txt"), 0, stdout=r'"segments": 2'),
    # ---------------------------------------------------------------- PO
    Case("po-syntax-error", ("catalog", "check", "--no-glossary", "{h}/syntax-error.po"), 2,
         r"syntax-error\.po:10: PO syntax error: unterminated string: 'msgid \"Mazhilis'"),
    Case("po-bad-keyword", ("catalog", "check", "--no-glossary", "{h}/bad-keyword.po"), 2,
         r"bad-keyword\.po:8: PO syntax error: not a PO keyword or string: 'msgtsr"),
    Case("po-duplicate", ("catalog", "check", "--no-glossary", "{h}/duplicate.po"), 2,
         r"duplicate\.po:10: Entry \"Senate\" already exists"),
    Case("po-syntax-error-in-enforce", ENFORCE + ("--target", "{h}/syntax-error.po"), 2,
         r"syntax-error\.po:10: PO syntax error"),
    Case("po-template-plural-forms", ("catalog", "check", "--no-glossary", "{h}/template-plural-forms.po"), 1,
         stdout=r"plural-forms: header has the template's Plural-Forms 'nplurals=INTEGER; plural=EXPRESSION;'"
                r".*Russian needs 'nplurals=3;"),
    Case("po-no-plural-forms", ("catalog", "check", "--no-glossary", "{h}/no-plural-forms.po"), 1,
         stdout=r"plural-forms: header has no Plural-Forms: gettext would use the English rule"),
    Case("po-hostile-plural-expression", ("catalog", "check", "--no-glossary", "{h}/hostile-plural-forms.po"), 1,
         stdout=r"plural-forms: header's plural expression .* is not valid \(invalid token in plural form: __import__\)",
         after=lambda t, r: _no_pwned(r)),
    Case("po-wrong-plural-expression", ("catalog", "check", "--no-glossary", "{h}/wrong-plural-forms.po"), 1,
         stdout=r"header's plural expression gives form 1 for n=0; Russian uses form 2"),
    Case("po-unknown-language", ("catalog", "check", "--no-glossary", "{h}/unknown-language.po"), 1,
         stdout=r"header has no Plural-Forms.*; set Language and Plural-Forms"),
    Case("po-cp1251-declared", ("catalog", "check", "-g", "{g}", "{h}/cp1251-declared.po"), 1,
         stdout=r"cp1251-declared\.po:7: glossary-forbidden: forbidden term 'Меджлис': use 'Мажилис'"),
    Case("po-cp1251-declared-enforce", ENFORCE + ("--target", "{h}/cp1251-declared.po"), 0, r"1 fixed",
         stdout=r'charset=UTF-8\\n"\n(.|\n)*msgstr "Мажилис собрался\."'),
    Case("po-cp1251-undeclared", ("catalog", "check", "--no-glossary", "{h}/cp1251-undeclared.po"), 2,
         r"cp1251-undeclared\.po:8:9: " + NOT_UTF8),
    Case("po-utf8-declared-cp1251", ("catalog", "check", "-g", "{g}", "{h}/utf8-declared-cp1251.po"), 1,
         stdout=r"forbidden term 'Меджлис'"),
    Case("po-unknown-charset", ("catalog", "check", "--no-glossary", "{h}/unknown-charset.po"), 2,
         r"unknown-charset\.po: the header declares the unknown charset 'X-NO-SUCH-CHARSET'"),
    Case("po-nul", ("catalog", "check", "--no-glossary", "{h}/nul.po"), 2, r"nul\.po:2:\d+: binary data"),
    Case("po-damaged-layout", ("catalog", "apply", "{h}/damaged-layout.po"), 2,
         r"damaged X-Atau-Layout header: cannot rebuild the document"),
    Case("po-not-from-a-document", ("catalog", "apply", "{h}/cp1251-declared.po"), 2,
         r"no X-Atau-Layout header"),
]


def _nfc_terms(tmp_path, concept_id, terms):
    concept = loads_tbx(_glossary(tmp_path).read_bytes())[concept_id]
    for lang, text in terms.items():
        assert concept.preferred(lang).text == text
        assert unicodedata.is_normalized("NFC", concept.preferred(lang).text)


def _json_findings(result, n, *, terms):
    data = json.loads(result.stdout)
    assert data["summary"]["findings"] == n, data
    assert data["summary"]["terms"] == terms, data


def _no_pwned(result):
    assert not Path("/tmp/atau-hostile-pwned").exists()


def _expand(args, tmp_path):
    values = {"h": str(HOSTILE), "g": str(_glossary(tmp_path)), "t": str(tmp_path)}
    return [a.format(**values) for a in args]


def _assert_clean_failure(result, code):
    """Exit ``code``; no traceback; an error is exactly one stderr line."""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if code == 2:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("atau: error: "), result.stderr


@pytest.fixture
def glossary_copy(tmp_path):
    path = _glossary(tmp_path)
    path.write_bytes(PACKAGED_GLOSSARY.read_bytes())
    return path


@pytest.mark.parametrize("case", CASES, ids=str)
def test_hostile_input(case, tmp_path, glossary_copy):
    result = CliRunner().invoke(app, _expand(case.args, tmp_path))
    assert result.exit_code == case.code, (result.stdout, result.stderr, result.exception)
    _assert_clean_failure(result, case.code)
    if case.stderr:
        assert re.search(case.stderr, result.stderr), result.stderr
    if case.stdout is not None:
        assert re.search(case.stdout, result.stdout), result.stdout
    if case.after is not None:
        case.after(tmp_path, result)


def test_every_hostile_file_is_used_and_listed():
    names = {p.name for p in HOSTILE.iterdir() if p.name != "README.md"}
    used = {Path(a).name for case in CASES for a in case.args if a.startswith("{h}/")}
    used |= {name for name in names if name in TRANSLATE_FILES}
    assert names - used == set()
    readme = (HOSTILE / "README.md").read_text(encoding="utf-8")
    assert [name for name in sorted(names) if f"`{name}`" not in readme] == []


# ---------------------------------------------------------------- a real subprocess


def _atau(*args, env=None, timeout=120, cwd=None):
    return subprocess.run([str(ATAU), *map(str, args)], capture_output=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, cwd=cwd)


@pytest.mark.parametrize("args, message", [
    (("glossary", "import", "--dry-run", HOSTILE / "billion-laughs.tbx"), "refused: the file declares XML entities"),
    (("glossary", "import", "--dry-run", HOSTILE / "control-char.json"), "contains the control character U+0001"),
    (("enforce", "--from", "en", "--to", "ru", "--source", HOSTILE / "source.en.txt", "--target",
      HOSTILE / "cp1251.ru.txt"), "not UTF-8 text"),
    (("catalog", "check", HOSTILE / "syntax-error.po"), "syntax-error.po:10: PO syntax error"),
])
def test_subprocess_prints_one_line_and_exits_2(args, message, tmp_path):
    gloss = tmp_path / "g.tbx"
    gloss.write_bytes(PACKAGED_GLOSSARY.read_bytes())
    result = _atau(*args, env={"ATAU_GLOSSARY": str(gloss)})
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert len(stderr.splitlines()) == 1 and stderr.startswith("atau: error: ") and message in stderr
    assert gloss.read_bytes() == PACKAGED_GLOSSARY.read_bytes()


# ---------------------------------------------------------------- big or deep input, made here


def test_tbx_with_50000_concepts_imports_in_seconds(tmp_path, glossary_copy):
    from toolkit.termbase.tbx import dumps_tbx
    from toolkit.termbase.model import Concept, Glossary, Term

    big = Glossary(Concept(f"bulk-{i}", (Term(f"Bulk term {i}", "en"), Term(f"Термин {i}", "ru"),
                                         Term(f"Термин {i}", "kk"))) for i in range(50_000))
    path = tmp_path / "big.tbx"
    path.write_text(dumps_tbx(big), encoding="utf-8")
    start = time.monotonic()
    result = CliRunner().invoke(app, ["glossary", "import", str(path), "-g", str(glossary_copy)])
    elapsed = time.monotonic() - start
    assert result.exit_code == 0, result.output
    assert "50000 added" in result.stdout
    assert len(loads_tbx(glossary_copy.read_bytes())) == 50_000 + len(loads_tbx(PACKAGED_GLOSSARY.read_bytes()))
    assert elapsed < 90, f"import of 50,000 concepts took {elapsed:.0f} s"


@pytest.mark.parametrize("shape", ["entry", "term", "title", "body"])
def test_deeply_nested_xml(shape, tmp_path, glossary_copy):
    n = 100_000
    deep = "<x>" * n + "d" + "</x>" * n
    bodies = {
        "entry": '<conceptEntry id="deep">' + "<descripGrp>" * n + '<descrip type="definition">d</descrip>'
                 + "</descripGrp>" * n + '<langSec xml:lang="en"><termSec><term>Deep one</term></termSec>'
                 '</langSec></conceptEntry>',
        "term": f'<conceptEntry id="deep"><langSec xml:lang="en"><termSec><term>Deep {deep}</term></termSec>'
                '</langSec></conceptEntry>',
        "title": '<conceptEntry id="deep"><langSec xml:lang="en"><termSec><term>Deep one</term></termSec>'
                 '</langSec></conceptEntry>',
        "body": deep + '<conceptEntry id="deep"><langSec xml:lang="en"><termSec><term>Deep one</term>'
                '</termSec></langSec></conceptEntry>',
    }
    header = f"<tbxHeader><fileDesc><titleStmt><title>{deep}</title></titleStmt></fileDesc></tbxHeader>" \
        if shape == "title" else ""
    path = tmp_path / "deep.tbx"
    path.write_text(f"<tbx>{header}<text><body>{bodies[shape]}</body></text></tbx>", encoding="utf-8")
    result = CliRunner().invoke(app, ["glossary", "import", str(path), "-g", str(glossary_copy)])
    assert result.exit_code == 0, result.output
    assert "deep" in loads_tbx(glossary_copy.read_bytes())


def test_huge_attribute_is_refused_as_a_concept_id(tmp_path, glossary_copy):
    path = tmp_path / "attr.tbx"
    path.write_text('<tbx><text><body><conceptEntry id="' + "x" * 20_000_000 + '"><langSec xml:lang="en">'
                    "<termSec><term>Huge</term></termSec></langSec></conceptEntry></body></text></tbx>")
    result = CliRunner().invoke(app, ["glossary", "import", str(path), "-g", str(glossary_copy)])
    assert result.exit_code == 2
    _assert_clean_failure(result, 2)
    assert "is 20000000 characters long (at most 200)" in result.stderr
    assert glossary_copy.read_bytes() == PACKAGED_GLOSSARY.read_bytes()


def test_huge_attribute_elsewhere_is_ignored(tmp_path, glossary_copy):
    path = tmp_path / "attr.tbx"
    path.write_text('<tbx junk="' + "x" * 20_000_000 + '"><text><body><conceptEntry id="huge-attr">'
                    '<langSec xml:lang="en"><termSec><term>Huge attribute</term></termSec></langSec>'
                    "</conceptEntry></body></text></tbx>")
    result = CliRunner().invoke(app, ["glossary", "import", str(path), "-g", str(glossary_copy)])
    assert result.exit_code == 0, result.output
    assert "huge-attr" in loads_tbx(glossary_copy.read_bytes())


def test_deeply_nested_json_glossary(tmp_path, glossary_copy):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    result = CliRunner().invoke(app, ["glossary", "import", str(path), "-g", str(glossary_copy)])
    assert result.exit_code == 2
    _assert_clean_failure(result, 2)
    assert "deep.json: JSON nested too deeply to be a glossary" in result.stderr


TEN_MB = 10_000_000


def _article_line(words: list[str], term: str, size: int, seed: int) -> str:
    import random

    rng = random.Random(seed)
    out, length = [], 0
    while length < size:
        word = term if rng.random() < 0.001 else rng.choice(words)
        out.append(word)
        length += len(word) + 1
    return " ".join(out)


@pytest.fixture(scope="module")
def ten_mb_line(tmp_path_factory):
    """A source and a machine translation, each with a 10 MB middle line
    (a pasted article without line breaks) holding ~1,000 glossary terms."""
    root = tmp_path_factory.mktemp("ten-mb")
    en = "the of and to in a is that for on with as was by at an be this from or have not are".split()
    ru = "и в не на быть он с что а по это она этот к но они мы как из у который то за свой".split()
    source, target = root / "src.txt", root / "mt.txt"
    source.write_text("Short.\n" + _article_line(en, "Mazhilis", TEN_MB, 1) + "\nEnd.\n", encoding="utf-8")
    target.write_text("Кратко.\n" + _article_line(ru, "Меджлис", TEN_MB, 1) + "\nКонец.\n", encoding="utf-8")
    return source, target


def test_ten_mb_line_enforce_subprocess(ten_mb_line, tmp_path):
    source, target = ten_mb_line
    out = tmp_path / "out.txt"
    result = _atau("enforce", "--from", "en", "--to", "ru", "--source", source, "--target", target,
                   "-o", out, "-g", PACKAGED_GLOSSARY, timeout=300)
    assert result.returncode == 0, result.stderr[-500:]
    text = out.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert len(lines) == 4 and lines[0] == "Кратко." and lines[2] == "Конец." and lines[3] == ""
    assert "Меджлис" not in text and lines[1].count("Мажилис") == target.read_text().count("Меджлис")
    assert text.replace("Мажилис", "Меджлис") == target.read_text(encoding="utf-8")


def test_ten_mb_line_check_prints_excerpts_not_the_line(ten_mb_line):
    source, target = ten_mb_line
    result = CliRunner().invoke(app, ["check", "--from", "en", "--to", "ru", "--source", str(source),
                                      "--target", str(target), "-g", str(PACKAGED_GLOSSARY)])
    assert result.exit_code == 1
    assert max(len(line) for line in result.stdout.splitlines()) < 400
    assert result.stdout.count("forbidden term 'Меджлис'") == target.read_text().count("Меджлис")


def test_ten_mb_line_csv_glossary(tmp_path, glossary_copy):
    path = tmp_path / "big.csv"
    path.write_text("en,ru\n" + "a" * TEN_MB + ",b\n")
    result = CliRunner().invoke(app, ["glossary", "import", str(path), "-g", str(glossary_copy)])
    assert result.exit_code == 2
    _assert_clean_failure(result, 2)
    assert result.stderr == (f"atau: error: {path}:2: a field of more than 131,072 characters: not a glossary "
                             "term (Atau's limit for one field)\n")


def test_ten_mb_msgid_catalog_check_names_it_briefly(tmp_path):
    path = tmp_path / "big.po"
    big = "x" * TEN_MB
    path.write_text(f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n\n'
                    f'msgid "The Mazhilis {big}"\nmsgstr "Меджлис {big}"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["catalog", "check", str(path), "-g", str(PACKAGED_GLOSSARY)])
    assert result.exit_code == 1
    assert "big.po:6: glossary-forbidden: forbidden term 'Меджлис'" in result.stdout
    assert len(result.stdout) < 1000


def test_layout_zlib_bomb_is_refused(tmp_path, monkeypatch):
    import base64
    import zlib

    from toolkit.gettext import documents
    monkeypatch.setattr(documents, "MAX_LAYOUT_BYTES", 1024 ** 2)
    bomb = base64.b64encode(zlib.compress(b"[" + b" " * (8 * 1024 ** 2) + b"]", 9)).decode()
    path = tmp_path / "bomb.po"
    path.write_text(f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                    f'"X-Atau-Layout: {bomb}\\n"\n')
    result = CliRunner().invoke(app, ["catalog", "apply", str(path)])
    assert result.exit_code == 2
    _assert_clean_failure(result, 2)
    assert "X-Atau-Layout header decompresses to more than 1 MiB: refused" in result.stderr


# ---------------------------------------------------------------- translate (the tiny test model)

TRANSLATE_FILES = {"source.en.txt", "cp1251.ru.txt", "utf16-bom.ru.txt", "nul.ru.txt", "binary.ru.txt",
                   "empty.txt", "whitespace.txt", "crlf-mixed.en.txt", "nfd.en.txt"}


@pytest.mark.parametrize("name, code, message", [
    ("cp1251.ru.txt", 2, r"cp1251\.ru\.txt:1:1: " + NOT_UTF8),
    ("nul.ru.txt", 2, r"nul\.ru\.txt:1:2: binary data"),
    ("binary.ru.txt", 2, r"binary\.ru\.txt:\d+:\d+: (binary data|" + NOT_UTF8 + ")"),
    ("utf16-bom.ru.txt", 0, ""),
    ("empty.txt", 0, ""),
    ("whitespace.txt", 0, ""),
    ("crlf-mixed.en.txt", 0, ""),
    ("source.en.txt", 0, ""),
])
def test_translate_text_input(name, code, message, installed_test_model, tmp_path):
    from toolkit.fileio import read_text

    out = tmp_path / "out.txt"
    result = CliRunner().invoke(app, ["translate", str(HOSTILE / name), "--from", "en", "--to", "ru",
                                      "-o", str(out), "-g", str(PACKAGED_GLOSSARY)])
    assert result.exit_code == code, (result.output, result.exception)
    _assert_clean_failure(result, code)
    if code:
        assert re.search(message, result.stderr), result.stderr
        assert not out.exists()
        return
    source = read_text(HOSTILE / name)
    translated = open(out, encoding="utf-8", newline="").read() if out.exists() else ""
    # the layout is the source's: same line endings, same blank and whitespace-only lines
    assert re.findall(r"\r\n|\n", translated) == re.findall(r"\r\n|\n", source)
    for before, after in zip(re.split(r"\r\n|\n", source), re.split(r"\r\n|\n", translated)):
        assert (before.strip() == "") == (after.strip() == "")
        if not before.strip():
            assert before == after


def test_translate_nfd_source_matches_terms(installed_test_model, tmp_path):
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", "The Kurultai met.\n"), encoding="utf-8")
    result = CliRunner().invoke(app, ["translate", str(path), "--from", "en", "--to", "ru", "--json",
                                      "-g", str(PACKAGED_GLOSSARY)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["segments"][0]["source"] == "The Kurultai met."


# ---------------------------------------------------------------- model packages

TOP = "translate-en_ru-1_0"


def _meta(from_code="en", to_code="ru", version="1.0", **extra) -> bytes:
    return json.dumps({"package_version": version, "argos_version": "1.0", "type": "translate",
                       "from_code": from_code, "to_code": to_code, **extra}).encode()


def _zip(path: Path, entries: dict, *, top: str = TOP, base: bool = True, method=zipfile.ZIP_DEFLATED) -> Path:
    """An .argosmodel with the files of a working package (unless ``base``
    is False; installs verify that the model loads and translates) plus
    ``entries`` (name -> bytes, or a ZipInfo -> bytes pair)."""
    files = {f"{top}/metadata.json": _meta(), **model_files(top)} if base else {}
    files.update(entries)
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in files.items():
            if isinstance(data, tuple):
                info, payload = data
                archive.writestr(info, payload)
            else:
                archive.writestr(name, data)
    return path


def _link(name: str, mode: int) -> tuple:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = mode << 16
    return info, b"/etc/passwd"


def _patched(source: Path, path: Path, patch: Callable[[bytearray], None]) -> Path:
    data = bytearray(source.read_bytes())
    patch(data)
    path.write_bytes(bytes(data))
    return path


def _each_header(data: bytearray, signature: bytes, offset: int, fmt: str, value: int) -> None:
    at = data.find(signature)
    while at != -1:
        struct.pack_into(fmt, data, at + offset, value)
        at = data.find(signature, at + 4)


def _declare_4gib(data):  # every central-directory entry claims 4 GiB uncompressed
    _each_header(data, b"PK\x01\x02", 24, "<I", 0xFFFFFFF0)


def _flip_model_bytes(data):  # damage model.bin's compressed data: CRC error when extracted
    at = data.find(b"model/model.bin") + len("model/model.bin")
    data[at + 2: at + 6] = b"\xff\xff\xff\xff"


def _unknown_method(data):  # compression method 97 in local and central headers
    _each_header(data, b"PK\x03\x04", 8, "<H", 97)
    _each_header(data, b"PK\x01\x02", 10, "<H", 97)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _hostile_package(kind: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{kind}.argosmodel"

    def good() -> Path:
        return _zip(tmp_path / "good-base.argosmodel", {})

    return {
        "absolute-path": lambda: _zip(path, {"/tmp/atau-hostile-evil": b"x"}),
        "dotdot": lambda: _zip(path, {f"{TOP}/../../atau-hostile-evil": b"x"}),
        "backslash-dotdot": lambda: _zip(path, {f"{TOP}\\..\\..\\atau-hostile-evil": b"x"}),
        "symlink": lambda: _zip(path, {"link": _link(f"{TOP}/model/link", stat.S_IFLNK | 0o777)}),
        "fifo": lambda: _zip(path, {"fifo": _link(f"{TOP}/model/fifo", stat.S_IFIFO | 0o644)}),
        "zip-bomb-ratio": lambda: _zip(path, {f"{TOP}/model/zeros.bin": b"\0" * (20 * 1024 ** 2)}),
        "declared-4gib": lambda: _patched(good(), path, _declare_4gib),
        "truncated-download": lambda: _write(path, good().read_bytes()[:300]),
        "html-instead-of-zip": lambda: _write(path, b"<html>502 Bad Gateway</html>"),
        "empty-file": lambda: _write(path, b""),
        "empty-zip": lambda: _zip(path, {}, base=False),
        "bad-crc": lambda: _patched(good(), path, _flip_model_bytes),
        "two-top-folders": lambda: _zip(path, {"other/file": b"x"}),
        "no-metadata": lambda: _zip(path, {f"{TOP}/model/model.bin": b"m", f"{TOP}/sentencepiece.model": b"s"},
                                    base=False),
        "metadata-not-json": lambda: _zip(path, {f"{TOP}/metadata.json": b"\xff\xfe garbage"}),
        "metadata-without-codes": lambda: _zip(path, {f"{TOP}/metadata.json": b"[1, 2]"}),
        "no-model": lambda: _zip(path, {f"{TOP}/metadata.json": _meta(), f"{TOP}/sentencepiece.model": b"s"},
                                 base=False),
        "unknown-compression": lambda: _patched(good(), path, _unknown_method),
        "metadata-nested-deeply": lambda: _zip(path, {f"{TOP}/metadata.json": b"[" * 100_000 + b"]" * 100_000}),
        "metadata-codes-not-strings": lambda: _zip(path, {f"{TOP}/metadata.json": json.dumps(
            {"from_code": ["en"], "to_code": {"ru": 1}}).encode()}),
        "hidden-top-folder": lambda: _zip(path, {}, top=".hidden"),
        "top-folder-of-another-pair": lambda: _zip(path, {}, top="translate-en_de-1_0"),
    }[kind]()


PACKAGE_CASES = [
    ("absolute-path", r"unsafe path in archive: '/tmp/atau-hostile-evil'"),
    ("dotdot", r"unsafe path in archive: 'translate-en_ru-1_0/\.\./\.\./atau-hostile-evil'"),
    ("backslash-dotdot", r"unsafe path in archive"),
    ("symlink", r"archive contains a symbolic link: 'translate-en_ru-1_0/model/link'"),
    ("fifo", r"archive contains a special file: 'translate-en_ru-1_0/model/fifo'"),
    ("zip-bomb-ratio", r"archive compression ratio above 200:1 \(zip bomb\?\)"),
    ("declared-4gib", r"archive declares \d+ bytes of content \(limit 4294967296\)"),
    ("truncated-download", r"not a valid package: damaged or not a zip archive"),
    ("html-instead-of-zip", r"not a valid package: damaged or not a zip archive"),
    ("empty-file", r"not a valid package: damaged or not a zip archive"),
    ("empty-zip", r"empty archive"),
    ("bad-crc", r"damaged archive: 'translate-en_ru-1_0/model/model.bin' \("),
    ("two-top-folders", r"archive must hold exactly one top-level folder, found 2"),
    ("no-metadata", r"metadata\.json is missing"),
    ("metadata-not-json", r"metadata\.json is not valid JSON"),
    ("metadata-without-codes", r"metadata\.json lacks from_code/to_code"),
    ("no-model", r"package has no model/ directory"),
]

# Bugs in toolkit/packages.py (not ours to change; see the report): these
# fail today and must pass once fixed.
PACKAGE_BUGS = [
    ("unknown-compression", r"unknown-compression\.argosmodel: .*compression method",
     "zipfile raises NotImplementedError for an unsupported compression method; "
     "_check_zip/_extract do not catch it (traceback / internal error)"),
    ("metadata-nested-deeply", r"metadata\.json is not valid JSON",
     "_load_metadata catches JSONDecodeError but not RecursionError"),
    ("metadata-codes-not-strings", r"from_code",
     "_load_metadata accepts non-string from_code/to_code and installs ['en'] -> {'ru': 1}"),
    ("hidden-top-folder", r"\.hidden",
     "a package whose top folder is '.hidden' is installed there, replaces the previous en->ru "
     "package and is then invisible to 'models list' (hidden folders are skipped)"),
    ("top-folder-of-another-pair", r"translate-en_de-1_0",
     "the top folder name decides where a package goes: an en->ru package named "
     "translate-en_de-1_0 replaces an installed en->de package"),
]


def _installed(runner) -> list[tuple[str, str, str]]:
    rows = json.loads(runner.invoke(app, ["models", "list", "--json"]).stdout)
    return sorted((r["from"], r["to"], r["name"]) for r in rows)


@pytest.fixture
def previous_install(argos_dirs, tmp_path):
    """en->ru and en->de packages already installed, which a failed install must keep."""
    runner = CliRunner()
    for pair, top in ((("en", "ru"), TOP), (("en", "de"), "translate-en_de-1_0")):
        path = _zip(tmp_path / f"previous-{top}.argosmodel", {f"{top}/metadata.json": _meta(*pair)}, top=top)
        assert runner.invoke(app, ["models", "install", str(path)]).exit_code == 0
    before = _installed(runner)
    assert before == [("en", "de", "translate-en_de-1_0"), ("en", "ru", TOP)]
    return before


@pytest.mark.parametrize("kind, message", PACKAGE_CASES, ids=[k for k, _ in PACKAGE_CASES])
def test_hostile_package_is_refused_and_the_previous_install_kept(kind, message, previous_install,
                                                                  argos_dirs, tmp_path):
    path = _hostile_package(kind, tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["models", "install", str(path)])
    assert result.exit_code == 2, (result.output, result.exception)
    _assert_clean_failure(result, 2)
    assert re.search(re.escape(str(path)) + r": (\S+: )?" + message, result.stderr), result.stderr
    assert _installed(runner) == previous_install
    assert not any(p.name.startswith(".atau-") for p in argos_dirs.packages.iterdir())
    for escaped in (Path("/tmp/atau-hostile-evil"), argos_dirs.root / "atau-hostile-evil",
                    argos_dirs.packages.parent / "atau-hostile-evil"):
        assert not escaped.exists()


@pytest.mark.parametrize("kind, message, bug", PACKAGE_BUGS, ids=[k for k, _, _ in PACKAGE_BUGS])
def test_hostile_package_former_bugs(kind, message, bug, previous_install, argos_dirs, tmp_path, request):
    # Each was a bug in toolkit/packages.py (``bug`` says which); now fixed.
    path = _hostile_package(kind, tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["models", "install", str(path)])
    assert result.exit_code == 2, (result.output, result.exception)
    _assert_clean_failure(result, 2)
    assert re.search(message, result.stderr), result.stderr
    assert _installed(runner) == previous_install


def test_hostile_package_subprocess_one_line(argos_dirs, tmp_path):
    path = _hostile_package("dotdot", tmp_path)
    result = _atau("models", "install", path, env=argos_dirs.env)
    stderr = result.stderr.decode()
    assert result.returncode == 2 and len(stderr.splitlines()) == 1
    assert stderr.startswith("atau: error: ") and "unsafe path in archive" in stderr


def test_good_package_after_hostile_ones_installs(previous_install, argos_dirs, tmp_path):
    path = _zip(tmp_path / "newer.argosmodel", {f"{TOP}/metadata.json": _meta(version="2.0")})
    runner = CliRunner()
    assert runner.invoke(app, ["models", "install", str(path)]).exit_code == 0
    rows = json.loads(runner.invoke(app, ["models", "list", "--json"]).stdout)
    assert [(r["from"], r["to"], r["version"]) for r in rows] == [("en", "de", "1.0"), ("en", "ru", "2.0")]


# ---------------------------------------------------------------- what the model gives back

DOC = "The Senate met today in Astana.\n\nThe Mazhilis approved the budget law.\n"


class _Model:
    """A fake engine whose output for a sentence is ``behave(sentence)``."""

    def __init__(self, behave: Callable[[str], str], drop_last: bool = False):
        from toolkit.mt.engine import EngineInfo

        self.behave, self.drop_last = behave, drop_last
        self.info = EngineInfo("en", "ru", (("fake-en_ru", "0.1"),))

    def translate_batch(self, sources, *, target_prefixes=None, beam_size=4, return_attention=False,
                        progress=None):
        from toolkit.mt.engine import Hypothesis

        out = [Hypothesis(self.behave(s), tuple(self.behave(s).split()), -0.5, tuple(s.split()), None)
               for s in sources]
        return out[:-1] if self.drop_last else out


def _translate_json(monkeypatch, tmp_path, model, text=DOC):
    monkeypatch.setattr("toolkit.mt.engine.load_engine", lambda *a, **k: model)
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(app, ["translate", str(path), "--from", "en", "--to", "ru", "--json",
                                    "--no-enforce"])


@pytest.mark.parametrize("behave, flag", [
    (lambda s: "", "empty"),
    (lambda s: "   ", "empty"),
    (lambda s: s, "untranslated"),
    (lambda s: "Сенат " + "заседал " * 6, "repetition"),
    (lambda s: "Сенат заседал, заседал, заседал, заседал.", "repetition"),
    (lambda s: s.split()[0], "length-ratio"),
    (lambda s: " ".join(["Сенат провёл заседание"] * 8), "length-ratio"),
], ids=["dropped", "blank", "echoed", "word-loop", "comma-loop", "truncated", "runaway"])
def test_bad_model_output_is_flagged_and_nothing_is_lost(behave, flag, monkeypatch, tmp_path):
    result = _translate_json(monkeypatch, tmp_path, _Model(behave))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["segments"]) == 2
    for segment in data["segments"]:
        assert flag in [f["code"] for f in segment["flags"]], segment
        assert segment["target"].strip(), "a sentence vanished from the document"
    assert data["text"].count("\n") == DOC.count("\n")
    assert "2 segments flagged for review" in result.stderr


def test_engine_returning_too_few_translations_is_a_model_error(monkeypatch, tmp_path):
    result = _translate_json(monkeypatch, tmp_path, _Model(str.upper, drop_last=True))
    assert result.exit_code == 2 and result.stderr.startswith("atau: error: ")


def test_five_word_loop_is_flagged_repetition(monkeypatch, tmp_path):
    loop = " ".join(["председатель сената провёл пленарное заседание"] * 3)
    result = _translate_json(monkeypatch, tmp_path, _Model(lambda s: loop), "The Chairman of the Senate held "
                             "a plenary session and the Chairman held another one.\n")
    flags = [f["code"] for f in json.loads(result.stdout)["segments"][0]["flags"]]
    assert "repetition" in flags


def test_line_breaks_in_model_output_do_not_change_the_layout(monkeypatch, tmp_path):
    result = _translate_json(monkeypatch, tmp_path, _Model(lambda s: s.upper() + "\n\nEXTRA"))
    data = json.loads(result.stdout)
    assert data["text"].count("\n") == DOC.count("\n")


def test_package_with_the_folder_name_of_another_pair_is_refused(argos_dirs, tmp_path):
    runner = CliRunner()
    first = _zip(tmp_path / "en-kk.argosmodel", {"nllb/metadata.json": _meta("en", "kk")}, top="nllb")
    second = _zip(tmp_path / "kk-en.argosmodel", {"nllb/metadata.json": _meta("kk", "en")}, top="nllb")
    assert runner.invoke(app, ["models", "install", str(first)]).exit_code == 0
    result = runner.invoke(app, ["models", "install", str(second)])
    assert [(f, t) for f, t, _ in _installed(runner)] == [("en", "kk")]
    assert result.exit_code == 2 and "nllb" in result.stderr


def test_oversized_metadata_is_refused_before_reading(argos_dirs, tmp_path):
    info = zipfile.ZipInfo(f"{TOP}/metadata.json")
    info.compress_type = zipfile.ZIP_STORED
    path = _zip(tmp_path / "big-meta.argosmodel", {"meta": (info, _meta() + b" " * (2 * 1024 ** 2)),
                                                    f"{TOP}/model/model.bin": b"m", f"{TOP}/sentencepiece.model": b"s"},
                base=False)
    result = CliRunner().invoke(app, ["models", "install", str(path)])
    assert result.exit_code == 2 and re.search(r"metadata\.json.*(large|MiB|bytes)", result.stderr), result.stderr


# ---------------------------------------------------------------- inputs without end (toolkit.limits)


@pytest.fixture
def small_input_limit(monkeypatch):
    """MAX_INPUT_BYTES of 1 MiB, so that a device is refused in a moment."""
    from toolkit import limits

    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 1024 * 1024)


DEVICE_INPUTS = [
    ("glossary-import", ("glossary", "import", "{dev}", "--format", "csv", "-g", "{g}")),
    ("translate", ("translate", "{dev}", "--from", "en", "--to", "ru", "--format", "txt")),
    ("enforce-target", ENFORCE + ("--source", "{h}/source.en.txt", "--target", "{dev}")),
    ("check-source", CHECK + ("--source", "{dev}", "--target", "{h}/source.en.txt")),
    ("catalog-check", ("catalog", "check", "{dev}")),
    ("catalog-translate", ("catalog", "translate", "{dev}", "--to", "ru")),
]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.parametrize("name, args", DEVICE_INPUTS, ids=[n for n, _ in DEVICE_INPUTS])
def test_a_device_as_input_is_one_error(name, args, device, small_input_limit, tmp_path, glossary_copy):
    args = tuple(a.replace("{dev}", device) for a in args)
    result = CliRunner().invoke(app, _expand(args, tmp_path))
    assert result.exit_code == 2, (result.output, result.exception)
    _assert_clean_failure(result, 2)
    assert result.stderr == (f"atau: error: {device}: more than 1 MiB to read (Atau's limit for one input; "
                             "a device such as /dev/zero never ends)\n")
    assert glossary_copy.read_bytes() == PACKAGED_GLOSSARY.read_bytes()


def test_dev_zero_on_standard_input_with_the_real_limit(tmp_path):
    with open("/dev/zero", "rb") as zero:
        result = subprocess.run([str(ATAU), "translate", "-", "--from", "en", "--to", "ru"], stdin=zero,
                                capture_output=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.decode() == ("atau: error: <stdin>: more than 256 MiB to read (Atau's limit for one "
                                      "input; a device such as /dev/zero never ends)\n")
    assert result.stdout == b""


def test_a_file_over_the_limit_is_refused_before_it_is_read(small_input_limit, tmp_path, glossary_copy):
    big = tmp_path / "big.csv"
    with open(big, "wb") as handle:
        handle.truncate(2 * 1024 * 1024)  # sparse: two MiB that are never read
    result = CliRunner().invoke(app, ["glossary", "import", str(big), "-g", str(glossary_copy)])
    assert result.exit_code == 2
    assert result.stderr == f"atau: error: {big}: the file is 2 MiB; Atau reads at most 1 MiB from one input\n"


class _Recorder:
    """A fake engine that upper-cases and records every sentence it gets."""

    def __init__(self):
        from toolkit.mt.engine import EngineInfo

        self.sources: list[str] = []
        self.info = EngineInfo("en", "ru", (("fake-en_ru", "0.1"),))

    def translate_batch(self, sources, *, target_prefixes=None, beam_size=4, return_attention=False,
                        progress=None):
        from toolkit.mt.engine import Hypothesis

        self.sources += list(sources)
        return [Hypothesis(s.upper(), tuple(s.upper().split()), -0.1, tuple(s.split()), None) for s in sources]


@pytest.mark.parametrize("shape", ["token", "run-on", "words"])
def test_an_overlong_segment_goes_to_the_model_in_pieces_and_nothing_is_lost(shape, monkeypatch, tmp_path):
    from toolkit.limits import MAX_SEGMENT_CHARS

    text = {"token": "".join(chr(97 + i % 26) for i in range(10_000)),  # pieces all different
            "run-on": ", ".join(f"clause number {i} of the law" for i in range(600)),
            "words": " ".join(f"word{i}" for i in range(3000))}[shape]
    engine = _Recorder()
    monkeypatch.setattr("toolkit.mt.engine.load_engine", lambda *a, **k: engine)
    path = tmp_path / "doc.txt"
    path.write_text("Before.\n\n" + text + "\n\nAfter.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["translate", str(path), "--from", "en", "--to", "ru", "--no-enforce",
                                      "-o", str(tmp_path / "out.txt")])
    assert result.exit_code == 0, result.output
    assert max(len(s) for s in engine.sources) <= MAX_SEGMENT_CHARS
    assert len(engine.sources) >= len(text) // MAX_SEGMENT_CHARS + 2
    out = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert out == ("Before.\n\n" + text + "\n\nAfter.\n").upper()  # every character, the layout kept
    if shape == "run-on":
        assert all(s.endswith(",") for s in engine.sources[1:-2])  # cut at clause boundaries


def test_a_ten_kb_token_with_the_tiny_model_stays_small(installed_test_model, tmp_path):
    """A 10 KB token took 1.6 GB of memory through the model in one piece.
    The peak is measured by a parent of its own (the test process's other
    children would count)."""
    path = tmp_path / "token.txt"
    path.write_text("".join(chr(97 + i % 26) for i in range(10_000)) + "\n")
    measure = ("import resource, subprocess, sys\n"
               "done = subprocess.run(sys.argv[1:], capture_output=True)\n"
               "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n")
    result = subprocess.run([sys.executable, "-c", measure, str(ATAU), "translate", str(path), "--from", "en",
                             "--to", "ru", "-o", str(tmp_path / "out.txt")], capture_output=True, text=True,
                            timeout=300, env={**os.environ, "ARGOS_PACKAGES_DIR": str(installed_test_model.path.parent)})
    code, peak_mib = map(int, result.stdout.split())
    assert code == 0, result.stderr
    assert peak_mib < 500, f"peak {peak_mib} MiB"


def test_an_overlong_attribute_is_one_error(monkeypatch, tmp_path):
    monkeypatch.setattr("toolkit.mt.engine.load_engine", lambda *a, **k: _Recorder())
    path = tmp_path / "doc.html"
    path.write_text(f'<p>Fine.</p>\n<p><img alt="{"word " * 300}" src="a.png"></p>\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["translate", str(path), "--from", "en", "--to", "ru", "--no-enforce",
                                      "-o", str(tmp_path / "out.html")])
    assert result.exit_code == 2
    _assert_clean_failure(result, 2)
    assert re.fullmatch(r"atau: error: .*doc\.html:2: a segment \(attribute\) of 1,499 characters: Atau "
                        r"translates at most 1,000 characters as one segment\n", result.stderr), result.stderr
    assert not (tmp_path / "out.html").exists()


def test_catalog_translate_sends_an_overlong_message_in_pieces(monkeypatch, tmp_path):
    from toolkit.gettext.po import load_po
    from toolkit.limits import MAX_SEGMENT_CHARS

    engine = _Recorder()
    monkeypatch.setattr("toolkit.mt.engine.load_engine", lambda *a, **k: engine)
    long = " ".join(f"word{i}" for i in range(1000))
    pot = tmp_path / "m.pot"
    pot.write_text(f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                   f'msgid "Short."\nmsgstr ""\n\nmsgid "{long}"\nmsgstr ""\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["catalog", "translate", str(pot), "--to", "ru", "--no-glossary",
                                      "-o", str(tmp_path / "ru.po")])
    assert result.exit_code == 0, result.output
    assert max(len(s) for s in engine.sources) <= MAX_SEGMENT_CHARS
    entries = {e.msgid: e.msgstr for e in load_po(tmp_path / "ru.po")}
    assert entries[long] == long.upper()


def _load_seconds(path: Path) -> float:
    from toolkit.gettext.po import load_po

    start = time.perf_counter()
    load_po(path)
    return time.perf_counter() - start


@pytest.mark.parametrize("shape", ["one-line", "many-lines", "comments"])
def test_po_reading_is_linear(shape, tmp_path):
    """A message 4 times as long takes about 4 times as long to read (it
    took 10 times as long: polib joins line by line); a 50 MB one reads."""
    def make(size: int) -> Path:
        path = tmp_path / f"{shape}-{size}.po"
        head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        if shape == "one-line":
            body = f'msgid "{"x" * size}"\nmsgstr ""\n'
        elif shape == "many-lines":
            body = 'msgid ""\n' + "".join(f'"{"y" * 99}"\n' for _ in range(size // 100)) + 'msgstr ""\n'
        else:
            body = "".join(f"#. {'z' * 97}\n" for _ in range(size // 100)) + 'msgid "a"\nmsgstr ""\n'
        path.write_text(head + body, encoding="utf-8")
        return path

    small, big = make(2_000_000), make(8_000_000)
    times = [min(_load_seconds(small) for _ in range(2)), min(_load_seconds(big) for _ in range(2))]
    assert times[1] < 8 * times[0] + 0.5, times
    if shape == "one-line":
        huge = make(50_000_000)
        from toolkit.gettext.po import load_po

        assert len(load_po(huge)[0].msgid) == 50_000_000


def test_a_po_header_of_20000_lines_is_refused(tmp_path):
    path = tmp_path / "head.po"
    path.write_text('msgid ""\nmsgstr ""\n' + '"X-Note: a\\n"\n' * 20_000 + '\nmsgid "a"\nmsgstr "b"\n',
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["catalog", "check", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"atau: error: {path}:2: the header entry has 20,000 lines (at most 10,000)\n"


def test_csv_with_10000_language_columns_is_refused(tmp_path, glossary_copy):
    from itertools import product

    codes = ["en"] + [a + b + c for a, b, c in product("bcdfghjkl", repeat=3)][:9999]
    codes = list(dict.fromkeys(codes))
    path = tmp_path / "wide.csv"
    path.write_text(",".join(codes) + "\n" + ",".join(["Term"] + ["t"] * (len(codes) - 1)) + "\n")
    result = CliRunner().invoke(app, ["glossary", "import", str(path), "-g", str(glossary_copy)])
    assert result.exit_code == 2
    assert result.stderr == (f"atau: error: {path}:1: the header names {len(codes):,} languages; a glossary "
                             f"has at most 100\n")
    assert glossary_copy.read_bytes() == PACKAGED_GLOSSARY.read_bytes()


def test_json_glossary_with_101_languages_is_refused(tmp_path, glossary_copy):
    from itertools import product

    codes = ["en"] + [a + b + c for a, b, c in product("bcdfg", repeat=3)][:100]
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"concepts": [{"id": "many", "terms": [{"text": f"Term {c}", "lang": c}
                                                                      for c in codes]}]}), encoding="utf-8")
    result = CliRunner().invoke(app, ["glossary", "import", str(path), "-g", str(glossary_copy)])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"atau: error: {path}: 101 languages: a glossary has at most 100; nothing was imported\n"


# ---------------------------------------------------------------- writes


def test_glossary_add_respects_a_read_only_glossary(tmp_path, glossary_copy):
    glossary_copy.chmod(0o444)
    result = CliRunner().invoke(app, ["glossary", "add", "-t", "en=Read only", "-t", "ru=Только чтение",
                                      "-g", str(glossary_copy)])
    assert result.exit_code == 2
    assert result.stderr == (f"atau: error: {glossary_copy}: read-only file: not replaced (make it writable: "
                             f"chmod u+w {glossary_copy})\n")
    assert glossary_copy.read_bytes() == PACKAGED_GLOSSARY.read_bytes()
    assert glossary_copy.stat().st_mode & 0o777 == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.tbx", "g.tbx.lock"]


def test_an_import_into_a_folder_with_a_read_only_file_writes_nothing(tmp_path):
    from toolkit.termbase.model import Concept, Glossary, Term
    from toolkit.termbase.tbx import dumps_tbx

    folder = tmp_path / "terms"
    folder.mkdir()
    for part in "ab":
        (folder / f"{part}.tbx").write_text(dumps_tbx(Glossary([Concept(f"{part}-1", (
            Term(f"Term {part}", "en"), Term(f"Термин {part}", "ru")))])), encoding="utf-8")
    (folder / "b.tbx").chmod(0o444)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    path = tmp_path / "in.csv"
    path.write_text("id,en,ru\na-1,Term a,Новый a\nb-1,Term b,Новый b\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["glossary", "import", str(path), "-g", str(folder),
                                      "--on-conflict", "replace"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"atau: error: {folder / 'b.tbx'}: read-only file: not replaced")
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name != ".atau.lock"} == before


def test_a_full_disk_while_saving_the_glossary_names_it(tmp_path, glossary_copy, monkeypatch):
    import errno

    from toolkit import fileio

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", full)
    result = CliRunner().invoke(app, ["glossary", "add", "-t", "en=Full disk", "-g", str(glossary_copy)])
    assert result.exit_code == 2
    assert result.stderr == f"atau: error: {glossary_copy}: No space left on device\n"
    assert glossary_copy.read_bytes() == PACKAGED_GLOSSARY.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.tbx", "g.tbx.lock"]


def test_export_to_dev_full_names_it(glossary_copy):
    result = CliRunner().invoke(app, ["glossary", "export", "/dev/full", "--format", "csv",
                                      "-g", str(glossary_copy)])
    assert result.exit_code == 2
    assert result.stderr == "atau: error: /dev/full: No space left on device\n"


# ---------------------------------------------------------------- environment


def _clean_env(tmp_path: Path, **extra: str) -> dict:
    """An environment whose Argos and XDG folders are in ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARGOS_", "LANGUAGE", "LC_", "LANG"))}
    env.update(HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CACHE_HOME=str(tmp_path / "cache"),
               ATAU_CACHE_DIR=str(tmp_path / "atau-cache"), ATAU_CONFIG=str(tmp_path / "none.toml"))
    env.update(extra)
    return env


@pytest.mark.parametrize("damaged", [False, True], ids=["crafted", "damaged"])
def test_a_locale_name_that_is_a_path_is_ignored(damaged, tmp_path):
    """LANGUAGE=../../.. reached a .mo outside the package: a crafted one
    changed Atau's messages, a damaged one gave a traceback."""
    from toolkit.i18n import LOCALE_DIR

    evil = tmp_path / "evil" / "LC_MESSAGES"
    evil.mkdir(parents=True)
    mo = (LOCALE_DIR / "ru" / "LC_MESSAGES" / "atau.mo").read_bytes()
    (evil / "atau.mo").write_bytes(mo[:100] if damaged else mo)
    relative = os.path.relpath(evil.parent, LOCALE_DIR)
    assert ".." in relative
    result = _atau("glossary", "show", "no-such-concept", env=_clean_env(tmp_path, LANGUAGE=relative))
    english = _atau("glossary", "show", "no-such-concept", env=_clean_env(tmp_path))
    russian = _atau("glossary", "show", "no-such-concept", env=_clean_env(tmp_path, LANGUAGE="ru"))
    assert result.returncode == english.returncode == russian.returncode == 2
    assert result.stderr == english.stderr == b"atau: error: no concept with id 'no-such-concept'\n"
    assert russian.stderr != english.stderr  # a language tag still works


def _argos_settings(tmp_path: Path, text: str) -> None:
    folder = tmp_path / "config" / "argos-translate"
    folder.mkdir(parents=True)
    (folder / "settings.json").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("settings, env, message", [
    ('{"ARGOS_DEBUG": "0",', {}, r"{cfg}/argos-translate/settings\.json:1:21: Argos Translate's settings file "
                                 r"is not valid JSON \(Expecting property name enclosed in double quotes\); fix "
                                 r"or remove it"),
    ('["ARGOS_DEBUG"]', {}, r"{cfg}/argos-translate/settings\.json: Argos Translate's settings file must hold a "
                            r"JSON object \(\{\.\.\.\}\); fix or remove it"),
    (None, {"ARGOS_MODEL_PROVIDER": "EVIL"}, r"the environment variable ARGOS_MODEL_PROVIDER is 'EVIL': Argos "
                                              r"Translate knows OPENNMT, LIBRETRANSLATE, OPENAI"),
    (None, {"ARGOS_INTER_THREADS": "x"}, r"the environment variable ARGOS_INTER_THREADS is 'x': Argos Translate "
                                         r"needs a whole number"),
    ('{"ARGOS_BEAM_SIZE": [4]}', {}, r"{cfg}/argos-translate/settings\.json: ARGOS_BEAM_SIZE in Argos Translate's "
                                     r"settings is \[4\]: Argos Translate needs a whole number"),
    ('{"ARGOS_PACKAGES_DIR": 5}', {}, r"{cfg}/argos-translate/settings\.json: ARGOS_PACKAGES_DIR in Argos "
                                      r"Translate's settings is 5: Argos Translate needs text \(a path or URL\)"),
], ids=["broken-json", "not-an-object", "model-provider", "inter-threads", "beam-size-list", "packages-dir"])
@pytest.mark.parametrize("command", [("models", "list", "--json"), ("translate", "{h}/source.en.txt", "--from",
                                                                    "en", "--to", "ru", "--json")],
                         ids=["models-list", "translate"])
def test_bad_argos_settings_are_one_line_naming_the_setting(settings, env, message, command, tmp_path):
    if settings is not None:
        _argos_settings(tmp_path, settings)
    args = [str(a).replace("{h}", str(HOSTILE)) for a in command]
    result = _atau(*args, env=_clean_env(tmp_path, **env))
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert result.stdout == b""  # nothing for a --json reader to choke on
    expected = "atau: error: " + message.replace("{cfg}", re.escape(str(tmp_path / "config"))) + "\n"
    assert re.fullmatch(expected, stderr), stderr


def test_good_argos_settings_file_keeps_json_output_clean(tmp_path):
    _argos_settings(tmp_path, '{"ARGOS_DEBUG": "0", "ARGOS_INTER_THREADS": 2}')
    result = _atau("models", "list", "--json", env=_clean_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
