"""When a source term names its concept: foreign context, common nouns, titles in news style."""

import pytest

from toolkit.terms.evidence import foreign_context, generic_use, is_title


@pytest.mark.parametrize("text, term, generic", [
    ("The airline's security council met after the incident.", "Security Council", True),
    ("A security council of the company was formed.", "Security Council", True),
    # news style: a title without a name is written in lower case and still names the office
    ("The decision was taken by the head of state after talks.", "Head of State", False),
    ("Later the prime minister said the budget would hold.", "Prime Minister", False),
    ("The Turkish head of state arrived in Astana.", "Head of State", True),
    ("Then the president of the bank resigned.", "President", True),
    ("The company's president resigned on Monday.", "President", True),
    ("the head of state spoke", "Head of State", False),  # no capitals anywhere: nothing to contrast
    ("The Security Council met.", "Security Council", False),
])
def test_generic_use(text, term, generic):
    start = text.casefold().index(term.casefold())
    assert generic_use(text[start:start + len(term)], term, text, start, start + len(term)) is generic


@pytest.mark.parametrize("term, title", [
    ("Head of State", True), ("Prime Minister", True), ("Prosecutor General", True),
    ("Deputy Prime Minister", True), ("Chairman of the Senate", True), ("Security Council", False),
    ("Senate", False), ("Government", False), ("Presidential Administration", False),
])
def test_is_title(term, title):
    assert is_title(term) is title


def test_foreign_context_names_the_state():
    assert foreign_context("Iran's Majlis approved it.", 7, 13, "en") == "Iran's"


@pytest.mark.parametrize("text, periods", [
    ("On 12 October 2026 the Kurultai met.", ["2026-10-12/2026-10-13"]),
    ("Elections were held on March 19, 2023.", ["2023-03-19/2023-03-20"]),
    ("In May 2025 the Senate met; in late 2024 it did too.", ["2025-05/2025-05", "2024/2024"]),
    ("The Mazhilis approved the 2027 budget.", []),          # the year of something else
    ("The plan runs until 2030 and for 2027.", []),
    ("In 2024-2025 the programme ran.", []),                 # a range says no one date
    ("From 1 July 2026 the powers passed to the Kurultai.", []),  # a change names both sides
])
def test_event_periods(text, periods):
    from toolkit.terms.evidence import event_periods

    assert [str(p) for p in event_periods(text)] == periods


@pytest.mark.parametrize("text, expected", [
    ("Historians met in the fourteenth century hall.", ["1301/1400"]),
    ("A 15th-century khan ruled here.", ["1401/1500"]),
    ("The XIV century saw the White Horde.", ["1301/1400"]),
    ("In the 21st century the akimat grew.", ["2001/2100"]),
    ("In the twenty-first century the Senate grew.", ["2001/2100"]),   # not the first century
    ("The twenty first century began.", ["2001/2100"]),
    ("The Vice President spoke.", []),                       # 'vi' in a word is no Roman numeral
    ("century after century", []),
])
def test_centuries_date_a_sentence(text, expected):
    from toolkit.terms.evidence import event_periods

    assert [str(p) for p in event_periods(text)] == expected
