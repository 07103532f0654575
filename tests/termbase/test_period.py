"""Periods of use (toolkit.termbase.period) in the model, TBX and validate."""

from __future__ import annotations

import doctest
from datetime import date

import pytest

from toolkit.errors import GlossaryError
from toolkit.termbase import period as period_module
from toolkit.termbase.model import Concept, Glossary, Term
from toolkit.termbase.period import Period
from toolkit.termbase.tbx import dumps_tbx, loads_tbx
from toolkit.termbase.validate import validate


def test_doctests():
    assert doctest.testmod(period_module).failed == 0


@pytest.mark.parametrize("text, start, end", [
    ("1961/1992", date(1961, 1, 1), date(1993, 1, 1)),
    ("2019-03-23/2022-09-19", date(2019, 3, 23), date(2022, 9, 19)),
    ("../2026-07-01", None, date(2026, 7, 1)),
    ("2026-07-01/..", date(2026, 7, 1), None),
    ("2022-06/2023-02", date(2022, 6, 1), date(2023, 3, 1)),
])
def test_parse(text, start, end):
    period = Period.parse(text)
    assert (period.start, period.end, str(period)) == (start, end, text)


@pytest.mark.parametrize("text", ["1992", "../..", "1992/1961", "2020-13-01/..", "soviet era", "", "1961-1992"])
def test_bad_periods_are_refused(text):
    with pytest.raises(GlossaryError, match="period"):
        Period.parse(text)


def test_overlap_and_end():
    soviet = Period.parse("1921-03-14/1993-01-28")
    assert soviet.overlaps(Period.parse("1990/1991")) and not soviet.overlaps(Period.parse("1994/.."))
    assert Period.parse("../2026-07-01").ended(date(2026, 7, 1))
    assert not Period.parse("2026-07-01/..").ended(date(2030, 1, 1))


def test_terms_and_concepts_carry_periods_through_tbx_and_json():
    glossary = Glossary([Concept("senate", (
        Term("Senate", "en"), Term("Сенат", "ru", period="1995/2026-07-01")), period="../2026-07-01")])
    text = dumps_tbx(glossary)
    assert '<descrip type="x-period">../2026-07-01</descrip>' in text
    assert '<termNote type="x-period">1995/2026-07-01</termNote>' in text
    again = loads_tbx(text.encode())
    assert again == glossary and dumps_tbx(again) == text
    assert Glossary.from_dict(glossary.to_dict()) == glossary
    with pytest.raises(GlossaryError, match="concept 'x': not a period"):
        Concept("x", (), period="yesterday")


def test_validate_lists_what_to_review_as_info():
    concepts = [Concept("senate", (Term("Senate", "en"),), period="../2026-07-01"),
                Concept("kurultai", (Term("Kurultai", "en", note="Spelling to be checked on akorda.kz"),)),
                Concept("zhetisu", (Term("область Жетісу", "ru", source="akorda.kz"),
                                    Term("Жетісу облысы", "kk"), Term("Zhetysu region", "en")))]
    found = [(f.code, f.severity, f.concept) for f in validate(concepts)]
    assert ("period-ended", "info", "senate") in found
    assert ("to-be-checked", "info", "kurultai") in found
    assert ("kazakh-letter-in-russian", "info", "zhetisu") in found
    assert all(severity == "info" for _, severity, _ in found)
