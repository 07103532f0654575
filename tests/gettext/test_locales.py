"""toolkit.gettext.locales: CLDR plural rules and locale headers."""

import doctest

from toolkit.gettext import locales
from toolkit.gettext.locales import plural_examples


def test_doctests():
    assert doctest.testmod(locales).failed == 0


def test_plural_examples_from_cldr():
    assert plural_examples("ru") == [(0, "one", 1), (1, "few", 2), (2, "many", 5)]
    assert plural_examples("kk") == [(0, "one", 1), (1, "other", 2)]
