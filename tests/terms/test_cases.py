"""The hand-written enforcement case sets (tests/data/terms/, see its README):
every case comes out as an editor would write it, sentences that must stay
unchanged get no edit, unresolved terms are reported, and `check` agrees
with enforcement (clean on the expected text, findings on a wrong one)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from toolkit import load_glossary
from toolkit.terms.check import check_segments
from toolkit.terms.enforce import Enforcer

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from eval_terms import SETS, judge, read_cases  # noqa: E402

GLOSSARY = load_glossary(ROOT / "glossary")
CASES = [(lang, case) for lang, path in SETS.items() for case in read_cases(path)]
ENFORCERS = {lang: Enforcer(GLOSSARY, "en", lang) for lang in SETS}


def test_the_sets_are_large_and_varied():
    for lang in SETS:
        cases = [c for l, c in CASES if l == lang]
        unchanged = [c for c in cases if c.expected == c.mt]
        assert len(cases) >= 150 and len(unchanged) >= 0.35 * len(cases)
        assert len({c.mechanism for c in cases}) >= 6


@pytest.mark.parametrize("lang, case", CASES, ids=[case.id for _lang, case in CASES])
def test_case(lang, case):
    verdict = judge(ENFORCERS[lang], case)
    assert verdict["output"] == case.expected, verdict["edits"]
    assert not verdict["unreported"], verdict["reported"]
    if case.expected == case.mt:
        assert verdict["edits"] == []


@pytest.mark.parametrize("lang", sorted(SETS))
def test_check_agrees_with_enforcement(lang):
    cases = [c for l, c in CASES if l == lang]
    expected = check_segments(GLOSSARY, [c.source for c in cases], [c.expected for c in cases], "en", lang)
    # the editor's text: no finding but the terms the case says stay unresolved
    flagged = {cases[f.segment].id for f in expected.findings}
    assert flagged == {c.id for c in cases if c.unresolved}
    before = check_segments(GLOSSARY, [c.source for c in cases], [c.mt for c in cases], "en", lang)
    flagged = {cases[f.segment].id for f in before.findings}
    assert flagged == {c.id for c in cases if c.mt != c.expected or c.unresolved}
