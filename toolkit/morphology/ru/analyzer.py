"""The one pymorphy3 analyser of Russian (OpenCorpora dictionary), loaded on
first use: loading it takes about 0.05 s, so nothing that does not inflect or
analyse Russian pays for it (``atau check`` of a translation whose terms are
right never loads it)."""

from __future__ import annotations

import functools
from typing import Any

from ...errors import AtauError

__all__ = ["analyzer", "parse"]


@functools.lru_cache(maxsize=1)
def analyzer() -> Any:
    """The shared ``pymorphy3.MorphAnalyzer``, whose ``parse`` also takes
    words with characters Python's Unicode database has no name for
    (pymorphy3 raises ValueError on them: U+17000, a Tangut ideograph, in
    Python 3.11); such characters are left out of the word analysed.

    The dictionary is given by its path (``pymorphy3_dicts_ru.get_path()``),
    which spares pymorphy3 the search of every installed package's entry
    points for dictionaries (half of its loading time).

    Raises:
        AtauError: pymorphy3 is not installed.
    """
    try:
        import pymorphy3
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise AtauError(
            "Russian morphology needs pymorphy3: pip install pymorphy3 pymorphy3-dicts-ru"
        ) from exc
    try:
        import pymorphy3_dicts_ru

        return _Analyzer(pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru"))
    except ImportError:  # pragma: no cover - pymorphy3 finds its dictionary itself
        return _Analyzer(pymorphy3.MorphAnalyzer())


@functools.lru_cache(maxsize=200_000)
def parse(word: str) -> tuple:
    """``analyzer().parse(word)`` as a tuple, remembered: the same words are
    analysed again and again (every segment, every check), and an unknown
    word costs pymorphy3 about half a millisecond. Parses are immutable
    (named tuples).

    Args:
        word (str): a word as pymorphy3 takes it (lower case).
    """
    return tuple(analyzer().parse(word))


class _Analyzer:
    """A ``pymorphy3.MorphAnalyzer`` whose ``parse`` never raises on a
    character without a Unicode name (everything else is the analyser's)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def parse(self, word: str) -> list:
        try:
            return self._inner.parse(word)
        except ValueError:
            import unicodedata

            named = "".join(c for c in word if unicodedata.name(c, None))
            return self._inner.parse(named or "?")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
