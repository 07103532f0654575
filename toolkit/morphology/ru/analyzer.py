"""The one pymorphy3 analyser of Russian (OpenCorpora dictionary), loaded on
first use: loading it takes about 0.1 s, so nothing that does not inflect or
analyse Russian pays for it."""

from __future__ import annotations

import functools
from typing import Any

from ...errors import AtauError

__all__ = ["analyzer"]


@functools.lru_cache(maxsize=1)
def analyzer() -> Any:
    """The shared ``pymorphy3.MorphAnalyzer``, whose ``parse`` also takes
    words with characters Python's Unicode database has no name for
    (pymorphy3 raises ValueError on them: U+17000, a Tangut ideograph, in
    Python 3.11); such characters are left out of the word analysed.

    Raises:
        AtauError: pymorphy3 is not installed.
    """
    try:
        import pymorphy3
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise AtauError(
            "Russian morphology needs pymorphy3: pip install pymorphy3 pymorphy3-dicts-ru"
        ) from exc
    return _Analyzer(pymorphy3.MorphAnalyzer())


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
