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
