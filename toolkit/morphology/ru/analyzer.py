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
    """The shared ``pymorphy3.MorphAnalyzer``.

    Raises:
        AtauError: pymorphy3 is not installed.
    """
    try:
        import pymorphy3
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise AtauError(
            "Russian morphology needs pymorphy3: pip install pymorphy3 pymorphy3-dicts-ru"
        ) from exc
    return pymorphy3.MorphAnalyzer()
