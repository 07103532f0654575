"""Translation of Atau's own messages (the CLI speaks English, Russian and Kazakh).

Messages are marked with :func:`_` (and :func:`ngettext`), extracted with
babel into ``locales/atau.pot`` and compiled into ``toolkit/locales``. The
language comes from the environment as gettext reads it: ``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG`` (for example ``LANGUAGE=kk atau --help``).
"""

from __future__ import annotations

import gettext as _gettext
from pathlib import Path

__all__ = ["_", "ngettext", "language", "LOCALE_DIR", "DOMAIN"]

DOMAIN = "atau"
LOCALE_DIR = Path(__file__).with_name("locales")

_translation = _gettext.translation(DOMAIN, localedir=LOCALE_DIR, fallback=True)


def _(message: str) -> str:
    """Return ``message`` translated into the user's language (or unchanged)."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the singular or plural message for ``n``, translated, following
    the target language's CLDR plural rule (Russian has 3 forms, Kazakh 2)."""
    return _translation.ngettext(singular, plural, n)


def language() -> str:
    """The language Atau's messages are shown in: the ``Language`` of the
    catalog in use (``"ru"``, ``"kk"``), else ``"en"`` (no catalog for the
    user's language: the messages stay English)."""
    info = _translation.info() if hasattr(_translation, "info") else {}
    return (info.get("language") or "en").split("_")[0].split("-")[0] or "en"
